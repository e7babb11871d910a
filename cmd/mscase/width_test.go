package main

import (
	"strconv"
	"strings"

	"github.com/mattn/go-runewidth"
	"github.com/rogpeppe/go-internal/testscript"
)

func init() {
	// maxwidth N FILE|stdout: no line is wider than N display cells
	// (East Asian characters count two).
	scriptCmds["maxwidth"] = func(ts *testscript.TestScript, neg bool, args []string) {
		if neg || len(args) != 2 {
			ts.Fatalf("usage: maxwidth N FILE|stdout")
		}
		n, err := strconv.Atoi(args[0])
		ts.Check(err)
		for i, line := range strings.Split(ts.ReadFile(args[1]), "\n") {
			if w := runewidth.StringWidth(line); w > n {
				ts.Fatalf("line %d is %d cells wide, more than %d: %q", i+1, w, n, line)
			}
		}
	}
}
