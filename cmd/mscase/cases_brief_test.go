package main

import (
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/mattn/go-runewidth"
)

// TestBriefGolden renders the call brief in English and Japanese, on a
// terminal and as Markdown, for a case with a log and an open promise.
func TestBriefGolden(t *testing.T) {
	dir := t.TempDir()
	env := map[string]string{"MSCASE_DB": filepath.Join(dir, "mscase.db"), "MSCASE_CONFIG": filepath.Join(dir, "config.toml")}
	steps := [][]string{
		{"cases", "new", "--domain", "contoso.co.jp", "--admin", "admin@contoso.co.jp", "--tracking-id", "2411250040001234", "--country", "JP", "--lang", "ja", "--phone", "+81 90 1234 5678", "--tenant-id", "72f988bf-86f1-41af-91ab-2d7cd011db47"},
		{"cases", "log", "1", "--at", "-3h", "--summary", "called frontline, got the TrackingID", "--number", "0120 996 680"},
		{"cases", "log", "1", "--at", "-2h", "--channel", "email", "--direction", "in", "--summary", "TrackingID confirmation email"},
		{"cases", "log", "1", "--at", "-1h", "--agent", "Sato", "--summary", "escalated to Data Protection Team", "--callback-by", "2026-11-26 18:00"},
		{"cases", "log", "1", "--at", "-30m", "--summary", "asked for status", "--agent", "佐藤"},
		{"cases", "stage", "1", "dpt-review"},
	}
	for _, s := range steps {
		if _, errOut, code := runCmd(t, env, s...); code != 0 {
			t.Fatalf("%v: exit %d: %s", s, code, errOut)
		}
	}
	tests := []struct {
		name string
		tty  bool
		args []string
	}{
		{"brief-ja-tty", true, []string{"cases", "brief", "1"}},
		{"brief-en-tty", true, []string{"cases", "brief", "1", "--lang", "en"}},
		{"brief-en-markdown", false, []string{"cases", "brief", "1", "--lang", "en", "--markdown"}},
		{"brief-ja-markdown", false, []string{"cases", "brief", "2411250040001234", "--markdown"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := map[string]string{}
			for k, v := range env {
				e[k] = v
			}
			if tt.tty {
				e["MSCASE_TTY"] = "1"
			}
			out, errOut, code := runCmd(t, e, tt.args...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			checkGolden(t, tt.name, out)
			// Only the three latest contacts are shown, oldest first.
			if strings.Contains(out, "called frontline") || !strings.Contains(out, "asked for status") {
				t.Errorf("so-far section is not the last three contacts:\n%s", out)
			}
			if !strings.Contains(out, "0120 996 680") || !strings.Contains(out, "72f988bf-86f1-41af-91ab-2d7cd011db47") {
				t.Errorf("brief misses the number or the tenant ID")
			}
			if tt.tty {
				assertFactsAligned(t, out)
			}
		})
	}
	if _, errOut, code := runCmd(t, env, "cases", "brief", "1", "--lang", "fr"); code != 2 || !strings.Contains(errOut, `--lang "fr": expected en or ja`) {
		t.Errorf("bad --lang: exit %d, %q", code, errOut)
	}
}

// assertFactsAligned checks that the values of the "have ready" facts start
// in the same display column, Japanese labels included.
func assertFactsAligned(t *testing.T, out string) {
	t.Helper()
	lines := strings.Split(out, "\n")
	start := -1
	for i, l := range lines {
		if l == "Have ready" || l == "準備するもの" {
			start = i + 1
		}
	}
	if start < 0 {
		t.Fatal("no facts section")
	}
	re := regexp.MustCompile(`^  (\S.*?)\s{2,}(\S.*)$`)
	col, n := -1, 0
	for _, l := range lines[start:] {
		if l == "" {
			break
		}
		m := re.FindStringSubmatchIndex(l)
		if m == nil {
			t.Fatalf("fact line %q has no label/value gap", l)
		}
		w := runewidth.StringWidth(l[:m[4]])
		if col == -1 {
			col = w
		} else if w != col {
			t.Errorf("value of %q starts at column %d, want %d", l, w, col)
		}
		n++
	}
	if n != 6 {
		t.Errorf("%d facts, want 6", n)
	}
}
