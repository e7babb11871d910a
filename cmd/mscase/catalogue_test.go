package main

import (
	"errors"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"

	"github.com/rogpeppe/go-internal/testscript"
)

func init() {
	// bad CODE REGEXP PROG ARGS...: one entry of the bad-input catalogue.
	// PROG must exit CODE; its stderr must be exactly one "mscase: error:"
	// line matching REGEXP, optionally followed by one "mscase: hint:" line,
	// and nothing else; neither output may hold a Go stack trace; and the
	// database (--db or $MSCASE_DB) must be byte-for-byte what it was, or
	// still missing if it was missing.
	scriptCmds["bad"] = func(ts *testscript.TestScript, neg bool, args []string) {
		if neg || len(args) < 3 {
			ts.Fatalf("usage: bad CODE REGEXP PROG [ARGS...]")
		}
		want, err := strconv.Atoi(args[0])
		ts.Check(err)
		re, err := regexp.Compile(args[1])
		ts.Check(err)
		db := ts.Getenv("MSCASE_DB")
		for i, a := range args[3:] {
			if a == "--db" && i+4 < len(args) {
				db = args[i+4]
			} else if v, ok := strings.CutPrefix(a, "--db="); ok {
				db = v
			}
		}
		db = ts.MkAbs(db)
		before, existed := "", false
		if _, err := os.Stat(db); err == nil {
			before, existed = fileSum(ts, db), true
		}

		got := 0
		if err := ts.Exec(args[2], args[3:]...); err != nil {
			var ee *exec.ExitError
			if !errors.As(err, &ee) {
				ts.Fatalf("bad: %v", err)
			}
			got = ee.ExitCode()
		}
		stdout, stderr := ts.ReadFile("stdout"), ts.ReadFile("stderr")
		if got != want {
			ts.Fatalf("exit %d, want %d", got, want)
		}
		for _, trace := range []string{"goroutine ", "panic:", "runtime error", "[signal "} {
			if strings.Contains(stdout+stderr, trace) {
				ts.Fatalf("output holds %q: a crash, not a refusal", trace)
			}
		}
		lines := strings.Split(strings.TrimSuffix(stderr, "\n"), "\n")
		if len(lines) == 0 || len(lines) > 2 || !strings.HasPrefix(lines[0], "mscase: error: ") ||
			(len(lines) == 2 && !strings.HasPrefix(lines[1], "mscase: hint: ")) {
			ts.Fatalf("stderr is not one error line and at most one hint:\n%s", stderr)
		}
		if !re.MatchString(lines[0]) {
			ts.Fatalf("error line %q does not match %q", lines[0], args[1])
		}
		switch _, err := os.Stat(db); {
		case !existed && err == nil:
			ts.Fatalf("%s was created by a refused command", db)
		case existed && fileSum(ts, db) != before:
			ts.Fatalf("%s changed: a refused command wrote to the database", db)
		}
	}
}
