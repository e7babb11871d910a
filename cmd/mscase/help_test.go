package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/spf13/cobra"
)

// TestEveryCommandHasHelpWithExample walks the command tree: every command
// a user can run has a short description and an example.
func TestEveryCommandHasHelpWithExample(t *testing.T) {
	a, err := newApp(bytes.NewReader(nil), &bytes.Buffer{}, &bytes.Buffer{}, func(string) string { return "" })
	if err != nil {
		t.Fatal(err)
	}
	root := newRootCmd(a)
	root.InitDefaultCompletionCmd()
	var walk func(c *cobra.Command)
	n := 0
	walk = func(c *cobra.Command) {
		for _, sub := range c.Commands() {
			walk(sub)
		}
		if c.Hidden || c.Name() == "help" || strings.HasPrefix(c.CommandPath(), "mscase completion") {
			return
		}
		n++
		if c.Short == "" {
			t.Errorf("%s has no short description", c.CommandPath())
		}
		if c.Runnable() && c.Example == "" {
			t.Errorf("%s has no example", c.CommandPath())
		}
	}
	walk(root)
	if n < 25 {
		t.Errorf("only %d commands found", n)
	}
}
