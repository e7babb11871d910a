package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mscase/mscase/cases"
	"github.com/mscase/mscase/reminders"
	"github.com/rogpeppe/go-internal/testscript"
)

func init() {
	// waitsent DBFILE N: wait (up to 30 seconds) until the sent-log holds
	// at least N records, as a background "reminders run" writes them.
	scriptCmds["waitsent"] = func(ts *testscript.TestScript, neg bool, args []string) {
		if len(args) != 2 {
			ts.Fatalf("usage: waitsent DBFILE N")
		}
		var want int
		fmt.Sscan(args[1], &want)
		deadline := time.Now().Add(30 * time.Second)
		for {
			n, err := sentRecords(ts.MkAbs(args[0]), nil)
			if err == nil && n >= want {
				return
			}
			if time.Now().After(deadline) {
				ts.Fatalf("waitsent: %d records after 30s (last error %v), want %d", n, err, want)
			}
			time.Sleep(50 * time.Millisecond)
		}
	}
	// sentlog DBFILE: print the sent-log, one line per nudge and channel:
	// key, channel, "sent" or the error, "late" when it was.
	scriptCmds["sentlog"] = func(ts *testscript.TestScript, neg bool, args []string) {
		if len(args) != 1 {
			ts.Fatalf("usage: sentlog DBFILE")
		}
		_, err := sentRecords(ts.MkAbs(args[0]), func(r *reminders.Record) {
			for _, d := range r.Channels {
				state := "sent"
				if d.Sent.IsZero() {
					state = "error " + d.Error
				}
				late := ""
				if r.Nudge.Late {
					late = " late"
				}
				fmt.Fprintf(ts.Stdout(), "%s %s %s%s\n", r.Nudge.Key(), d.Channel, state, late)
			}
		})
		ts.Check(err)
	}
}

// sentRecords counts the sent-log records of the database at path, calling
// fn for each when it is not nil.
func sentRecords(path string, fn func(*reminders.Record)) (int, error) {
	st, err := cases.Open(path, cases.Options{ReadOnly: true, Timeout: time.Second})
	if err != nil {
		return 0, err
	}
	defer st.Close()
	return eachSent(st, fn)
}

// eachSent counts the sent-log records of db (a bbolt file or an etcd
// prefix), calling fn for each when it is not nil.
func eachSent(db reminders.Buckets, fn func(*reminders.Record)) (int, error) {
	n := 0
	err := reminders.ViewLog(db, func(l *reminders.Log) error {
		return l.Each(func(r *reminders.Record) error {
			n++
			if fn != nil {
				fn(r)
			}
			return nil
		})
	})
	return n, err
}

// syncBuffer is a bytes.Buffer safe for the daemon and the test to share.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestRunDaemon runs "reminders run" on a one-second schedule for a few
// seconds while this goroutine keeps writing cases: every write gets the
// database within the one-second timeout, the daemon sends the call-now
// nudge of each new case, and it stops cleanly when its context ends (as on
// SIGINT or SIGTERM).
func TestRunDaemon(t *testing.T) {
	dir := t.TempDir()
	cfg := filepath.Join(dir, "config.toml")
	if err := os.WriteFile(cfg, []byte("schedule = \"@every 1s\"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"MSCASE_DB": filepath.Join(dir, "mscase.db"), "MSCASE_CONFIG": cfg,
		"MSCASE_NOW": "2026-11-25T10:00:00+09:00", "TZ": "Asia/Tokyo", "NO_COLOR": "1"}
	var out, errOut syncBuffer
	a, err := newApp(bytes.NewReader(nil), &out, &errOut, func(k string) string { return env[k] })
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- runRemindersRun(ctx, a, &remindersRunOptions{}) }()

	const n = 6
	var slowest time.Duration
	for i := 1; i <= n; i++ {
		start := time.Now()
		// The daemon holds the file only for a moment per tick: a write
		// must get in within the normal timeout (a loaded CI machine may
		// be slow, so the bound below is generous; ErrBusy is the failure).
		st, err := cases.Open(env["MSCASE_DB"], cases.Options{Timeout: time.Second})
		if err != nil {
			t.Fatalf("write %d: %v", i, err)
		}
		c := cases.New(cases.Case{Domain: fmt.Sprintf("c%d.example.jp", i), Admin: fmt.Sprintf("admin@c%d.example.jp", i), Country: "JP"}, "", a.now)
		err = st.Create(c)
		st.Close()
		if err != nil {
			t.Fatal(err)
		}
		slowest = max(slowest, time.Since(start))
		time.Sleep(400 * time.Millisecond)
	}
	if slowest >= 5*time.Second {
		t.Errorf("a case write took %s", slowest)
	}
	deadline := time.Now().Add(30 * time.Second)
	for strings.Count(out.String(), "call-now") < n && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("run: %v", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("run did not stop after its context ended")
	}
	if got := strings.Count(out.String(), "call-now"); got != n {
		t.Errorf("daemon printed %d call-now nudges, want %d:\n%s", got, n, out.String())
	}
	log := errOut.String()
	// How many cases one tick finds depends on timing; each tick that sent
	// something logs one line.
	if !regexp.MustCompile(`(?m) sent \d+ nudges? through stdout$`).MatchString(log) || !strings.HasSuffix(log, "mscase reminders: stopped\n") {
		t.Errorf("daemon log:\n%s", log)
	}
	if k, _ := sentRecords(env["MSCASE_DB"], nil); k != n {
		t.Errorf("sent-log has %d records, want %d", k, n)
	}
}

// failWriter fails every write, like stdout on a closed pipe.
type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, fmt.Errorf("write |1: broken pipe") }

// TestCheckReportsFailedSend: a send that fails is reported with its retry
// time and exit status 1, recorded, and not retried before its backoff.
func TestCheckReportsFailedSend(t *testing.T) {
	dir := t.TempDir()
	env := map[string]string{"MSCASE_DB": filepath.Join(dir, "mscase.db"), "MSCASE_CONFIG": filepath.Join(dir, "none.toml"),
		"MSCASE_NOW": "2026-11-25T10:00:00+09:00", "TZ": "Asia/Tokyo", "NO_COLOR": "1"}
	if _, stderr, code := runCmd(t, env, "cases", "new", "--domain", "contoso.co.jp", "--admin", "admin@contoso.co.jp", "--country", "JP"); code != 0 {
		t.Fatal(stderr)
	}
	var errOut bytes.Buffer
	a, err := newApp(bytes.NewReader(nil), failWriter{}, &errOut, func(k string) string { return env[k] })
	if err != nil {
		t.Fatal(err)
	}
	err = runRemindersCheck(context.Background(), a, &remindersCheckOptions{})
	if exitCode(err) != exitFailure {
		t.Fatalf("exit %d (%v), want 1", exitCode(err), err)
	}
	if want := "mscase: channel stdout: case 1 call-now: write |1: broken pipe (temporary: retry after 2026-11-25T10:01:00+09:00)\n"; errOut.String() != want {
		t.Fatalf("stderr %q, want %q", errOut.String(), want)
	}
	var lines []string
	sentRecords(env["MSCASE_DB"], func(r *reminders.Record) {
		for _, d := range r.Channels {
			lines = append(lines, fmt.Sprintf("%s %s attempts=%d error=%q done=%v", r.Nudge.Key(), d.Channel, d.Attempts, d.Error, r.Done))
		}
	})
	if len(lines) != 1 || lines[0] != `20261125T010000Z/call-now/1 stdout attempts=1 error="write |1: broken pipe" done=false` {
		t.Fatalf("sent-log %q", lines)
	}
	// Within the backoff: nothing is tried, nothing printed.
	out, stderr, code := runCmd(t, env, "reminders", "check")
	if code != 0 || out != "" || stderr != "" {
		t.Fatalf("check within the backoff: %d %q %q", code, out, stderr)
	}
	// After it: retried and delivered, once.
	env["MSCASE_NOW"] = "2026-11-25T10:02:00+09:00"
	out, _, code = runCmd(t, env, "reminders", "check")
	if code != 0 || strings.Count(out, "call-now") != 1 {
		t.Fatalf("retry: %d %q", code, out)
	}
	if out, _, _ = runCmd(t, env, "reminders", "check"); out != "" {
		t.Fatalf("sent twice: %q", out)
	}
}

// TestNextNudges: the next nudge of each case, for cases list and show.
func TestNextNudges(t *testing.T) {
	dir := t.TempDir()
	env := map[string]string{"MSCASE_DB": filepath.Join(dir, "mscase.db"), "MSCASE_CONFIG": filepath.Join(dir, "none.toml"),
		"MSCASE_NOW": "2026-11-25T10:00:00+09:00", "TZ": "Asia/Tokyo"}
	runCmd(t, env, "cases", "new", "--domain", "contoso.co.jp", "--admin", "admin@contoso.co.jp", "--country", "JP")
	runCmd(t, env, "cases", "new", "--domain", "fabrikam.co.jp", "--admin", "admin@fabrikam.co.jp", "--country", "JP", "--tracking-id", "2411250040001234")
	runCmd(t, env, "cases", "close", "2", "--resolution", "done")
	runCmd(t, env, "reminders", "check")
	a, err := newApp(bytes.NewReader(nil), &bytes.Buffer{}, &bytes.Buffer{}, func(k string) string { return env[k] })
	if err != nil {
		t.Fatal(err)
	}
	err = a.withStore(true, func(st store) error {
		sums, err := st.Summaries()
		if err != nil {
			return err
		}
		ptrs := make([]*cases.Summary, len(sums))
		for i := range sums {
			ptrs[i] = &sums[i]
		}
		next, err := nextNudges(a, st, ptrs)
		if err != nil {
			return err
		}
		// Case 1's call-now went out; its next is the stall at 12:00. Case 2 is closed.
		if n, ok := next[1]; !ok || n.Kind != reminders.KindStalled || n.Due.Format(time.RFC3339) != "2026-11-25T12:00:00+09:00" {
			t.Errorf("next of case 1: %+v", n)
		}
		if _, ok := next[2]; ok || len(next) != 1 {
			t.Errorf("next = %+v", next)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
