package main

import (
	"github.com/mscase/mscase/cases"
	"path/filepath"
	"strings"
	"testing"
)

// TestContactsGolden compares whole outputs of the contacts commands, on a
// terminal (MSCASE_TTY=1) and piped, with golden files. Regenerate with
// go test ./cmd/mscase -run TestContactsGolden -update.
func TestContactsGolden(t *testing.T) {
	cfg := filepath.Join(t.TempDir(), "config.toml") // no contacts.json beside it
	tests := []struct {
		name string
		tty  bool
		args []string
	}{
		{"contacts-show-jp-tty", true, []string{"contacts", "show", "JP"}},
		{"contacts-show-jp-piped", false, []string{"contacts", "show", "JP"}},
		{"contacts-show-cn-tty", true, []string{"contacts", "show", "CN"}},
		{"contacts-show-np-tty", true, []string{"contacts", "show", "Nepal"}},
		{"contacts-show-tg-tty", true, []string{"contacts", "show", "togo"}},
		{"contacts-suggest-jp-sat-tty", true, []string{"contacts", "suggest", "--country", "JP", "--lang", "ja", "--at", "2026-11-28T10:00:00+09:00"}},
		{"contacts-suggest-jp-sat-piped", false, []string{"contacts", "suggest", "--country", "JP", "--lang", "ja", "--at", "2026-11-28T10:00:00+09:00"}},
		{"contacts-suggest-de-fri-tty", true, []string{"contacts", "suggest", "--country", "Deutschland", "--lang", "de", "--at", "2026-11-27T21:30:00+01:00"}},
		{"contacts-suggest-np-tty", true, []string{"contacts", "suggest", "--country", "NP"}},
		{"contacts-list-piped", false, []string{"contacts", "list"}},
		{"contacts-list-asia-tty", true, []string{"contacts", "list", "--region", "asia"}},
		{"contacts-source-tty", true, []string{"contacts", "source"}},
		{"contacts-source-piped", false, []string{"contacts", "source"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env := map[string]string{"MSCASE_CONFIG": cfg, "MSCASE_DB": filepath.Join(t.TempDir(), "db")}
			if tt.tty {
				env["MSCASE_TTY"] = "1"
			}
			out, errOut, code := runCmd(t, env, tt.args...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			got := out
			if errOut != "" {
				got += "-- stderr --\n" + errOut
			}
			got = strings.ReplaceAll(got, filepath.Dir(cfg), "$CONFIGDIR")
			checkGolden(t, tt.name, got)
		})
	}
}

// TestCallHint checks the one-line hint the cases commands print.
func TestCallHint(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		now, country, lang, want string
		plan                     string
	}{
		// A small company's tenant ("Other Plans") gets its own line first.
		{"2026-11-26T10:00:00+09:00", "JP", "ja", "call 0120 628 860 (Japan, technical support, open now until 17:30; Other Plans)", "other"},
		{"2026-11-28T10:00:00+09:00", "JP", "", "call 0120 628 860 (Japan, technical support, open now 24h; Other Plans)", "other"},
		{"2026-11-28T10:00:00+09:00", "JP", "ja", "call 0120 996 680 (Japan, technical support, open now 24h; Japanese, Office 365 Enterprise)", "enterprise"},
		{"2026-11-28T10:00:00+09:00", "JP", "ja", "call 0120 996 680 (Japan, technical support, open now 24h; Japanese, Office 365 Enterprise)", ""},
		{"2026-11-28T10:00:00+09:00", "JP", "", "call 0120 996 680 (Japan, technical support, open now 24h; Office 365 Enterprise)", ""},
		{"2026-11-27T20:00:00+01:00", "DE", "de", "call 0800 589 2332 (Germany, technical support, open now until 21:00; German)", ""},
		{"2026-11-25T03:00:00-05:00", "US", "en", "call 1 800 865 9408 (United States, technical support, open now 24h)", ""},
		{"2026-11-25T10:00:00+09:00", "NP", "", "no phone support in Nepal: use the admin center's online support", ""},
		{"2026-11-25T10:00:00+09:00", "ZZ", "", "", ""},
		{"2026-11-25T10:00:00+09:00", "", "", "", ""},
		{"2026-11-25T10:00:00+09:00", "JP", "xx-klingon", "call 0120 996 680 (Japan, technical support, open now 24h; Office 365 Enterprise)", ""},
	}
	for _, tt := range tests {
		a, err := newApp(nil, &strings.Builder{}, &strings.Builder{}, func(k string) string {
			return map[string]string{"MSCASE_NOW": tt.now, "MSCASE_CONFIG": filepath.Join(dir, "config.toml"), "MSCASE_DB": filepath.Join(dir, "db"), "TZ": "Asia/Tokyo"}[k]
		})
		if err != nil {
			t.Fatal(err)
		}
		if got := callHint(a, &cases.Summary{Country: tt.country, Lang: tt.lang, Plan: tt.plan}); got != tt.want {
			t.Errorf("callHint(%s, %q, %q, plan %q) =\n %q\nwant\n %q", tt.now, tt.country, tt.lang, tt.plan, got, tt.want)
		}
	}
}
