package main

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
	"github.com/rogpeppe/go-internal/txtar"
	"github.com/zalando/go-keyring"
)

// everyScript is the Japanese every-command testscript: each runnable
// command once succeeding and once failing, its human output checked by
// noenglish. TestJapaneseEveryCommand runs it twice, on a terminal and
// piped; TestJapaneseEveryCommandCovered keeps it complete.
const everyScript = "testdata/japanese_every/every.txtar"

// TestJapaneseEveryCommand runs the every-command script with
// LANG=ja_JP.UTF-8 on a terminal (MSCASE_TTY=1, condition [tty]) and
// piped. It lives in its own folder so that TestScripts does not run it a
// third time.
func TestJapaneseEveryCommand(t *testing.T) {
	for _, mode := range []string{"tty", "piped"} {
		t.Run(mode, func(t *testing.T) {
			testscript.Run(t, testscript.Params{
				Dir:           filepath.Dir(everyScript),
				UpdateScripts: *update,
				Cmds:          scriptCmds,
				Condition: func(cond string) (bool, error) {
					if cond == "tty" {
						return mode == "tty", nil
					}
					return false, os.ErrNotExist
				},
				Setup: func(e *testscript.Env) error {
					if err := scriptSetup(e); err != nil {
						return err
					}
					e.Setenv("LANG", "ja_JP.UTF-8")
					if mode == "tty" {
						e.Setenv("MSCASE_TTY", "1")
					}
					return nil
				},
			})
		})
	}
}

// everyExempt are the runs the script cannot make, each with the reason
// and the test that makes it instead.
var everyExempt = map[string]string{
	// The success path needs an OS keychain; the script's process has none.
	// TestConfigSecretSetJapanese runs it against go-keyring's mock.
	"mscase config secret set ok": "TestConfigSecretSetJapanese",
}

// TestJapaneseEveryCommandCovered walks the command tree and fails when a
// runnable command has no succeeding or no failing run in the Japanese
// every-command script, or when a run's output is not checked by
// noenglish before the next run: a new command without a Japanese run
// fails the build.
func TestJapaneseEveryCommandCovered(t *testing.T) {
	_, cmds := helpTree(t, jaEnv)
	root := cmds[0]
	runs := everyScriptRuns(t)
	seen := map[string]bool{}
	for _, r := range runs {
		c, _, err := root.Find(r.args)
		if err != nil {
			t.Errorf("line %d: %v", r.line, err)
			continue
		}
		if !r.checked {
			t.Errorf("line %d: mscase %s: output not checked by noenglish before the next run", r.line, strings.Join(r.args, " "))
		}
		seen[c.CommandPath()+" "+map[bool]string{true: "ok", false: "fail"}[r.ok]] = true
	}
	n := 0
	for _, c := range cmds {
		if !c.Runnable() {
			continue
		}
		n++
		for _, want := range []string{"ok", "fail"} {
			key := c.CommandPath() + " " + want
			if seen[key] {
				continue
			}
			if by, ok := everyExempt[key]; ok {
				t.Logf("%s: made by %s", key, by)
				continue
			}
			what := map[string]string{"ok": "succeeding", "fail": "failing"}[want]
			t.Errorf("%s has no %s run in %s", c.CommandPath(), what, everyScript)
		}
	}
	if n < 40 {
		t.Errorf("only %d runnable commands found", n)
	}
}

type everyRun struct {
	line    int
	args    []string // after "mscase"
	ok      bool     // expected to succeed
	checked bool     // a noenglish follows before the next run
}

// everyScriptRuns reads the unconditional mscase runs of the script:
// "exec mscase ...", "! exec mscase ..." and "exits N mscase ...". Runs
// under a condition do not count, as they do not run in both modes.
func everyScriptRuns(t *testing.T) []everyRun {
	t.Helper()
	ar, err := txtar.ParseFile(everyScript)
	if err != nil {
		t.Fatal(err)
	}
	var runs []everyRun
	pending := 0
	for i, l := range strings.Split(string(ar.Comment), "\n") {
		f := scriptFields(l)
		cond := len(f) > 0 && strings.HasPrefix(f[0], "[")
		for len(f) > 0 && strings.HasPrefix(f[0], "[") {
			f = f[1:]
		}
		neg := len(f) > 0 && f[0] == "!"
		if neg {
			f = f[1:]
		}
		if len(f) == 0 {
			continue
		}
		if f[0] == "noenglish" && !neg && len(runs) > 0 {
			runs[len(runs)-1].checked = true
			if slices.Contains(f, "-pending") {
				pending++
			}
			continue
		}
		var r everyRun
		switch {
		case f[0] == "exec" && len(f) > 1 && f[1] == "mscase":
			r = everyRun{args: f[2:], ok: !neg}
		case f[0] == "exits" && len(f) > 2 && f[2] == "mscase":
			code, err := strconv.Atoi(f[1])
			if err != nil {
				t.Fatalf("line %d: %v", i+1, err)
			}
			r = everyRun{args: f[3:], ok: code == 0}
		default:
			continue
		}
		if cond {
			t.Errorf("line %d: a run under a condition runs in one mode only: %s", i+1, l)
			continue
		}
		if n := len(r.args); n > 0 && strings.HasPrefix(r.args[n-1], "&") {
			r.args = r.args[:n-1]
		}
		r.line = i + 1
		runs = append(runs, r)
	}
	if len(runs) == 0 {
		t.Fatalf("no mscase runs in %s", everyScript)
	}
	if pending > 0 {
		// -pending is for work in progress on a branch, never on main.
		t.Errorf("%d noenglish checks are marked -pending in %s: turn their English into Japanese", pending, everyScript)
	}
	return runs
}

// scriptFields splits a testscript line into words the way testscript
// does: blanks separate, single quotes group (” is a quote), # starts a
// comment.
func scriptFields(l string) []string {
	var f []string
	var b strings.Builder
	in, have := false, false
	for i := 0; i < len(l); i++ {
		c := l[i]
		switch {
		case in && c == '\'' && i+1 < len(l) && l[i+1] == '\'':
			b.WriteByte('\'')
			i++
		case c == '\'':
			in, have = !in, true
		case !in && c == '#' && b.Len() == 0 && !have:
			return f
		case !in && (c == ' ' || c == '\t'):
			if have || b.Len() > 0 {
				f = append(f, b.String())
			}
			b.Reset()
			have = false
		default:
			b.WriteByte(c)
			have = true
		}
	}
	if have || b.Len() > 0 {
		f = append(f, b.String())
	}
	return f
}

func TestScriptFields(t *testing.T) {
	tests := []struct {
		line string
		want []string
	}{
		{"exec mscase cases new --title 'a b'", []string{"exec", "mscase", "cases", "new", "--title", "a b"}},
		{"! exec mscase x 'it''s' ''", []string{"!", "exec", "mscase", "x", "it's", ""}},
		{"# comment", nil},
		{"[tty] noenglish stdout # why", []string{"[tty]", "noenglish", "stdout"}},
	}
	for _, tt := range tests {
		if got := scriptFields(tt.line); strings.Join(got, "|") != strings.Join(tt.want, "|") || len(got) != len(tt.want) {
			t.Errorf("scriptFields(%q) = %q, want %q", tt.line, got, tt.want)
		}
	}
}

// TestConfigSecretSetJapanese is the succeeding run of "config secret set"
// the every-command script cannot make (it needs an OS keychain): against
// go-keyring's in-memory mock, with LANG=ja_JP.UTF-8, on a terminal and
// piped, the confirmation is Japanese and names the keychain's entry.
func TestConfigSecretSetJapanese(t *testing.T) {
	keyring.MockInit()
	dir := t.TempDir()
	cfg := filepath.Join(dir, "config.toml")
	// No url_keyring yet: the hint to add it is checked too.
	conf := "[[channel]]\nname = \"phone\"\ntype = \"webhook\"\nformat = \"ntfy\"\n"
	if err := os.WriteFile(cfg, []byte(conf), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tty := range []string{"1", ""} {
		env := map[string]string{"MSCASE_DB": filepath.Join(dir, "mscase.db"), "MSCASE_CONFIG": cfg, "NO_COLOR": "1",
			"LANG": "ja_JP.UTF-8", "MSCASE_TTY": tty}
		var out, errOut bytes.Buffer
		code := run([]string{"config", "secret", "set", "phone"}, strings.NewReader("https://ntfy.sh/topicSECRET\n"), &out, &errOut,
			func(k string) string { return env[k] })
		if code != 0 {
			t.Fatalf("tty=%q: exit %d\n%s", tty, code, errOut.String())
		}
		if !strings.Contains(errOut.String(), "OS のキーチェーンに保存しました") || !strings.Contains(errOut.String(), "url_keyring = true") {
			t.Errorf("tty=%q: no Japanese confirmation and hint:\n%s", tty, errOut.String())
		}
		if strings.Contains(out.String()+errOut.String(), "SECRET") {
			t.Errorf("tty=%q: the secret was printed", tty)
		}
		for _, l := range englishLines(out.String() + errOut.String()) {
			t.Errorf("tty=%q: English in Japanese output: %s", tty, l)
		}
	}
}
