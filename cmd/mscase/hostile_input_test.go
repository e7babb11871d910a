package main

import (
	"crypto/sha256"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestTypedTextRefused: text typed in a flag with control characters, or
// longer than its limit, is refused with exit 2 and one error line, and the
// database is not touched. Outside content is tested in
// testdata/hostile_output.txtar.
func TestTypedTextRefused(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "mscase.db")
	env := map[string]string{"MSCASE_DB": db, "MSCASE_CONFIG": filepath.Join(dir, "config.toml")}
	if _, errOut, code := runCmd(t, env, "cases", "new", "--domain", "contoso.com", "--admin", "admin@contoso.com", "--tracking-id", "2411250040001234"); code != 0 {
		t.Fatalf("cases new: exit %d: %s", code, errOut)
	}
	sum := func() [32]byte {
		b, err := os.ReadFile(db)
		if err != nil {
			t.Fatal(err)
		}
		return sha256.Sum256(b)
	}
	before := sum()
	binary := make([]byte, 1<<20)
	r := rand.New(rand.NewPCG(9, 9))
	for i := range binary {
		binary[i] = byte(r.Uint32())
	}
	bin := filepath.Join(dir, "random.eml")
	if err := os.WriteFile(bin, binary, 0o600); err != nil {
		t.Fatal(err)
	}
	nul := filepath.Join(dir, "nul.txt")
	if err := os.WriteFile(nul, []byte("TrackingID#2411250040001234\nhello\x00world\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		args []string
		want string // in the error line
	}{
		{"title with OSC", []string{"cases", "edit", "1", "--title", "x\x1b]0;pwned\a"}, `--title "x\x1b]0;pwned\a": must not hold control characters`},
		{"title with newline", []string{"cases", "edit", "1", "--title", "a\nb"}, "--title"},
		{"title with RLO", []string{"cases", "edit", "1", "--title", "a\u202eb"}, `\u202e`},
		{"title too long", []string{"cases", "edit", "1", "--title", strings.Repeat("t", 201)}, "too long: 201 characters, at most 200"},
		{"summary with CSI", []string{"cases", "log", "1", "--summary", "a\x1b[2J"}, "--summary"},
		{"summary too long", []string{"cases", "log", "1", "--summary", strings.Repeat("s", 100000)}, `(100000 bytes): too long`},
		{"agent with tab", []string{"cases", "log", "1", "--summary", "ok", "--agent", "Sa\tto"}, "--agent"},
		{"agent too long", []string{"cases", "log", "1", "--summary", "ok", "--agent", strings.Repeat("a", 101)}, "at most 100"},
		{"number with escape", []string{"cases", "log", "1", "--summary", "ok", "--number", "0120\x1b[2J"}, "--number"},
		{"stage note with C1", []string{"cases", "stage", "1", "dpt-review", "--note", "a\u009bb"}, "--note"},
		{"reopen note with NUL", []string{"cases", "reopen", "1", "--note", "a\x00b"}, "--note"},
		{"resolution with BEL", []string{"cases", "close", "1", "--resolution", "done\a"}, "--resolution"},
		{"resolution too long", []string{"cases", "close", "1", "--resolution", strings.Repeat("r", 2001)}, "at most 2000"},
		{"mixed-script domain", []string{"cases", "edit", "1", "--domain", "c\u03bfntoso.com"}, "mixes Latin and Greek letters"},
		{"mixed-script admin", []string{"cases", "edit", "1", "--admin", "admin@cont\u043eso.com"}, "mixes Latin and Cyrillic letters"},
		{"binary email", []string{"cases", "log", "1", "--from-email", bin}, "email: is not text"},
		{"email with NUL", []string{"cases", "log", "1", "--from-email", nul}, "email: is not text"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, errOut, code := runCmd(t, env, tt.args...)
			if code != 2 {
				t.Fatalf("exit %d, want 2; stderr: %.300s", code, errOut)
			}
			if out != "" {
				t.Errorf("stdout: %q", out)
			}
			lines := strings.Split(strings.TrimSuffix(errOut, "\n"), "\n")
			if !strings.HasPrefix(lines[0], "mscase: error: ") || len(lines) > 2 || (len(lines) == 2 && !strings.HasPrefix(lines[1], "mscase: hint: ")) {
				t.Errorf("want one error line and an optional hint, got:\n%.500s", errOut)
			}
			if !strings.Contains(lines[0], tt.want) {
				t.Errorf("error %.300q does not contain %q", lines[0], tt.want)
			}
			if len(lines[0]) > 400 {
				t.Errorf("error line is %d bytes: a bad value must be quoted short", len(lines[0]))
			}
			if at, what := firstTerminalControl([]byte(errOut)); at >= 0 {
				t.Errorf("stderr holds %s at %d", what, at)
			}
			if sum() != before {
				t.Fatal("the database changed")
			}
		})
	}

	// --allow-mixed-script lets the user insist; --help states the limits.
	if _, errOut, code := runCmd(t, env, "cases", "edit", "1", "--domain", "c\u03bfntoso.com", "--allow-mixed-script"); code != 0 {
		t.Errorf("--allow-mixed-script: exit %d: %s", code, errOut)
	}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"cases", "new", "--help"}, "at most 200 characters"},
		{[]string{"cases", "log", "--help"}, "at most 4000 characters"},
		{[]string{"cases", "log", "--help"}, "at most 100 characters"},
		{[]string{"cases", "stage", "--help"}, "at most 2000 characters"},
		{[]string{"cases", "close", "--help"}, "at most 2000 characters"},
	} {
		out, _, _ := runCmd(t, env, c.args...)
		if !strings.Contains(out, c.want) {
			t.Errorf("%v does not say %q", c.args, c.want)
		}
	}
}
