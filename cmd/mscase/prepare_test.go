package main

import (
	"os"
	"path/filepath"

	"github.com/rogpeppe/go-internal/testscript"
)

func init() {
	// graphfixture NAME: copy prepare/testdata/NAME (JSON shaped like
	// Microsoft Graph's answers) into the script's work directory.
	scriptCmds["graphfixture"] = func(ts *testscript.TestScript, neg bool, args []string) {
		if len(args) != 1 {
			ts.Fatalf("usage: graphfixture NAME")
		}
		b, err := os.ReadFile(filepath.Join("..", "..", "prepare", "testdata", args[0]))
		ts.Check(err)
		ts.Check(os.WriteFile(ts.MkAbs(args[0]), b, 0o600))
	}
}
