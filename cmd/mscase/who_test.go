package main

import (
	"bytes"
	"os"
	"os/user"
	"path/filepath"
	"testing"
)

// TestWho: the author is MSCASE_NAME, else the configuration's name, else
// the account's user name; the machine MSCASE_MACHINE, else the host name.
// A name the user set that is not one line of plain text is refused.
func TestWho(t *testing.T) {
	dir := t.TempDir()
	named := filepath.Join(dir, "named.toml")
	bad := filepath.Join(dir, "bad.toml")
	os.WriteFile(named, []byte("name = \"佐藤 花子\"\n"), 0o600)
	os.WriteFile(bad, []byte("name = \"a\\u202eb\"\n"), 0o600)
	host, _ := os.Hostname()
	osUser := "someone-else" // $USER, when the account cannot be looked up
	if u, err := user.Current(); err == nil && u.Username != "" {
		osUser = u.Username
	}
	tests := []struct {
		name         string
		env          map[string]string
		author, mach string
		wantErr      bool
	}{
		{"environment first", map[string]string{"MSCASE_NAME": "k-sato", "MSCASE_MACHINE": "kanri-pc", "MSCASE_CONFIG": named}, "k-sato", "kanri-pc", false},
		{"configuration's name", map[string]string{"MSCASE_CONFIG": named}, "佐藤 花子", host, false},
		{"account's user", map[string]string{"MSCASE_CONFIG": filepath.Join(dir, "none.toml"), "USER": "someone-else"}, osUser, host, false},
		{"bad configured name", map[string]string{"MSCASE_CONFIG": bad}, "", "", true},
		{"bad machine", map[string]string{"MSCASE_CONFIG": named, "MSCASE_MACHINE": "pc\x1b[2J"}, "", "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := newApp(bytes.NewReader(nil), &bytes.Buffer{}, &bytes.Buffer{}, func(k string) string { return tt.env[k] })
			if err != nil {
				t.Fatal(err)
			}
			w, err := a.who()
			if (err != nil) != tt.wantErr {
				t.Fatalf("who() = %+v, %v; want error %v", w, err, tt.wantErr)
			}
			if !tt.wantErr && (w.Author != tt.author || w.Machine != tt.mach) {
				t.Errorf("who() = %+v, want %q on %q", w, tt.author, tt.mach)
			}
		})
	}
}
