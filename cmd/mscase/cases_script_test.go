package main

import (
	"strings"

	"errors"
	ics "github.com/arran4/golang-ical"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"

	"github.com/mscase/mscase/internal/icscheck"

	"github.com/rogpeppe/go-internal/testscript"
	bolt "go.etcd.io/bbolt"
)

func init() {
	// icsvalid FILE|stdout: the file parses as iCalendar (golang-ical) and
	// passes the byte-level RFC 5545 check (CRLF, folding at 75 octets
	// without splitting UTF-8, unique UIDs); every event has an alarm.
	scriptCmds["icsvalid"] = func(ts *testscript.TestScript, neg bool, args []string) {
		if len(args) != 1 {
			ts.Fatalf("usage: icsvalid FILE|stdout")
		}
		text := ts.ReadFile(args[0])
		if _, err := icscheck.Check([]byte(text)); err != nil {
			ts.Fatalf("%s: %v", args[0], err)
		}
		cal, err := ics.ParseCalendar(strings.NewReader(text))
		ts.Check(err)
		if len(cal.Events()) == 0 {
			ts.Fatalf("%s has no events", args[0])
		}
		for _, e := range cal.Events() {
			if e.Id() == "" || len(e.Alarms()) == 0 {
				ts.Fatalf("event %q has no UID or no alarm", e.Id())
			}
		}
	}
	// icsevents FILE|stdout PROP REGEXP...: every event's PROP (unfolded,
	// TEXT escapes read) matches every REGEXP.
	scriptCmds["icsevents"] = func(ts *testscript.TestScript, neg bool, args []string) {
		if len(args) < 3 {
			ts.Fatalf("usage: icsevents FILE|stdout PROP REGEXP...")
		}
		evs, err := icscheck.Check([]byte(ts.ReadFile(args[0])))
		ts.Check(err)
		for _, pat := range args[2:] {
			re, err := regexp.Compile(pat)
			ts.Check(err)
			for _, e := range evs {
				if v := icscheck.Unescape(e[args[1]]); !re.MatchString(v) {
					ts.Fatalf("event %s: %s does not match %s:\n%s", e["UID"], args[1], pat, v)
				}
			}
		}
	}
	// cmpuids A B: the two calendars hold the same UIDs in the same order.
	scriptCmds["cmpuids"] = func(ts *testscript.TestScript, neg bool, args []string) {
		if len(args) != 2 {
			ts.Fatalf("usage: cmpuids A B")
		}
		var uids [2][]string
		for i, f := range args {
			evs, err := icscheck.Check([]byte(ts.ReadFile(f)))
			ts.Check(err)
			for _, e := range evs {
				uids[i] = append(uids[i], e["UID"])
			}
		}
		if strings.Join(uids[0], " ") != strings.Join(uids[1], " ") {
			ts.Fatalf("UIDs differ:\n%s\n%s", strings.Join(uids[0], " "), strings.Join(uids[1], " "))
		}
	}
	// sample NAME: copy recovery/testdata/NAME (a sample support email)
	// into the script's work directory.
	scriptCmds["sample"] = func(ts *testscript.TestScript, neg bool, args []string) {
		if len(args) != 1 {
			ts.Fatalf("usage: sample NAME")
		}
		b, err := os.ReadFile(filepath.Join("..", "..", "recovery", "testdata", args[0]))
		ts.Check(err)
		ts.Check(os.WriteFile(ts.MkAbs(args[0]), b, 0o600))
	}
	// exits N PROG ARGS...: run PROG like exec and require exit status N.
	scriptCmds["exits"] = func(ts *testscript.TestScript, neg bool, args []string) {
		if len(args) < 2 {
			ts.Fatalf("usage: exits N PROG [ARGS...]")
		}
		want, err := strconv.Atoi(args[0])
		ts.Check(err)
		got := 0
		if err := ts.Exec(args[1], args[2:]...); err != nil {
			var ee *exec.ExitError
			if !errors.As(err, &ee) {
				ts.Fatalf("exits: %v", err)
			}
			got = ee.ExitCode()
		}
		if got != want {
			ts.Fatalf("%s exited %d, want %d", args[1], got, want)
		}
	}
	// holddb FILE: hold the database open for writing (an exclusive lock)
	// until the script ends, as another mscase process would.
	scriptCmds["holddb"] = func(ts *testscript.TestScript, neg bool, args []string) {
		if len(args) != 1 {
			ts.Fatalf("usage: holddb FILE")
		}
		db, err := bolt.Open(ts.MkAbs(args[0]), 0o600, nil)
		ts.Check(err)
		ts.Defer(func() { db.Close() })
	}
	// setformat FILE N: write format version N into the database's meta
	// bucket, as a newer mscase would.
	scriptCmds["setformat"] = func(ts *testscript.TestScript, neg bool, args []string) {
		if len(args) != 2 {
			ts.Fatalf("usage: setformat FILE N")
		}
		if _, err := strconv.Atoi(args[1]); err != nil {
			ts.Fatalf("setformat: %v", err)
		}
		db, err := bolt.Open(ts.MkAbs(args[0]), 0o600, nil)
		ts.Check(err)
		defer db.Close()
		ts.Check(db.Update(func(tx *bolt.Tx) error {
			return tx.Bucket([]byte("meta")).Put([]byte("format"), []byte(args[1]))
		}))
	}
}
