package main

import (
	"strings"
	"testing"

	"github.com/mscase/mscase/msg"
)

// TestEveryCommandHasHelpWithExample walks the command tree: every command
// a user can run has a short description and an example, in English and,
// with LANG=ja_JP.UTF-8, in Japanese (a Japanese short line, long text
// where the English has one, and an example with Japanese comments).
func TestEveryCommandHasHelpWithExample(t *testing.T) {
	for _, lang := range msg.Languages {
		t.Run(lang, func(t *testing.T) {
			env := map[string]string{"LANG": "C"}
			if lang == msg.Japanese {
				env = jaEnv
			}
			a, cmds := helpTree(t, env)
			if a.lang != lang {
				t.Fatalf("language %q, want %q", a.lang, lang)
			}
			n := 0
			for _, c := range cmds {
				if c.Name() == "help" || strings.HasPrefix(c.CommandPath(), "mscase completion") {
					continue
				}
				hasLong := c.Long != ""
				localizeHelp(a, c)
				n++
				if c.Short == "" {
					t.Errorf("%s has no short description", c.CommandPath())
				}
				if c.Runnable() && c.Example == "" {
					t.Errorf("%s has no example", c.CommandPath())
				}
				if lang != msg.Japanese {
					continue
				}
				if !hasJapanese(c.Short) {
					t.Errorf("%s: short description not in Japanese: %q", c.CommandPath(), c.Short)
				}
				if hasLong && !hasJapanese(c.Long) {
					t.Errorf("%s: long description not in Japanese", c.CommandPath())
				}
				if c.Example != "" && !hasJapanese(c.Example) {
					t.Errorf("%s: example has no Japanese comment:\n%s", c.CommandPath(), c.Example)
				}
			}
			if n < 25 {
				t.Errorf("only %d commands found", n)
			}
		})
	}
}
