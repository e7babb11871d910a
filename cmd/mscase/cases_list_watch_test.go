package main

import (
	"bytes"
	"context"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/mscase/mscase/etcdstore"
	"github.com/mscase/mscase/etcdstore/etcdtest"
)

// The store on etcd reports changes; the team binary links it (store_etcd.go).
var _ changeWatcher = (*etcdstore.Store)(nil)

// watcher is a running "mscase cases list --watch" process and what it has
// printed so far.
type watcher struct {
	cmd    *exec.Cmd
	mu     sync.Mutex
	out    bytes.Buffer
	errOut bytes.Buffer
	done   chan error
}

func startWatch(t *testing.T, env map[string]string, args ...string) *watcher {
	t.Helper()
	if runtime.GOOS == "windows" {
		t.Skip("stops the watcher with SIGTERM")
	}
	w := &watcher{cmd: exec.Command("mscase", append([]string{"cases", "list", "--watch"}, args...)...), done: make(chan error, 1)}
	w.cmd.Env = os.Environ()
	for k, v := range env {
		w.cmd.Env = append(w.cmd.Env, k+"="+v)
	}
	stdout, err := w.cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	w.cmd.Stderr = &lockedWriter{&w.mu, &w.errOut}
	if err := w.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		_, _ = io.Copy(&lockedWriter{&w.mu, &w.out}, stdout)
		w.done <- w.cmd.Wait()
	}()
	t.Cleanup(func() { _ = w.cmd.Process.Kill() })
	return w
}

type lockedWriter struct {
	mu *sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

func (w *watcher) output() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.out.String()
}

// drawings are the lists printed so far, each complete one ending in an
// empty line or at the end of the output.
func (w *watcher) drawings() []string {
	return strings.Split(strings.TrimSuffix(w.output(), "\n"), "\n\n")
}

// waitFor waits until the latest drawing matches re.
func (w *watcher) waitFor(t *testing.T, what string, re *regexp.Regexp) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		d := w.drawings()
		if re.MatchString(d[len(d)-1]) {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	t.Fatalf("the watcher never drew %s; stdout:\n%s\nstderr:\n%s", what, w.out.String(), w.errOut.String())
}

// stop sends SIGTERM and wants a clean exit: status 0, nothing on stderr.
func (w *watcher) stop(t *testing.T) {
	t.Helper()
	if err := w.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-w.done:
		if err != nil {
			t.Fatalf("watcher exited with %v; stderr:\n%s", err, w.errOut.String())
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the watcher did not stop on SIGTERM")
	}
	if w.errOut.Len() > 0 {
		t.Errorf("watcher stderr: %s", w.errOut.String())
	}
}

// testWatch runs the same story on a store: a watcher, and another
// mscase writing to the cases; each write is drawn again, and SIGTERM ends
// the watcher cleanly.
func testWatch(t *testing.T, env map[string]string) {
	for k, v := range map[string]string{"MSCASE_NOW": "2026-11-25T10:00:00+09:00", "TZ": "Asia/Tokyo", "NO_COLOR": "1",
		"MSCASE_NAME": "k-sato", "MSCASE_MACHINE": "kanri-pc"} {
		env[k] = v
	}
	if _, errOut, code := runCmd(t, env, "cases", "new", "--domain", "contoso.co.jp", "--admin", "admin@contoso.co.jp"); code != 0 {
		t.Fatalf("cases new: %s", errOut)
	}
	w := startWatch(t, env)
	w.waitFor(t, "case 1", regexp.MustCompile(`(?m)^1\t-\tcontoso.co.jp\tlocked-out\t`))
	// Another admin writes: a new case, then a call on the first.
	if _, errOut, code := runCmd(t, env, "cases", "new", "--domain", "fabrikam.com", "--admin", "it@fabrikam.com", "--customer", "Fabrikam"); code != 0 {
		t.Fatalf("second writer: %s", errOut)
	}
	w.waitFor(t, "the second case", regexp.MustCompile(`(?m)^2\t-\tfabrikam.com\t`))
	if _, errOut, code := runCmd(t, env, "cases", "stage", "1", "ticket-open"); code != 0 {
		t.Fatalf("second writer: %s", errOut)
	}
	w.waitFor(t, "the stage change", regexp.MustCompile(`(?m)^1\t-\tcontoso.co.jp\tticket-open\t`))
	w.stop(t)
	d := w.drawings()
	if len(d) < 3 {
		t.Fatalf("%d drawings, want at least 3:\n%s", len(d), w.output())
	}
	// Each drawing is a whole list: the first has one case, the last two.
	if n := strings.Count(d[0], "\n") + 1; n != 1 {
		t.Errorf("first drawing has %d rows:\n%s", n, d[0])
	}
	if n := strings.Count(d[len(d)-1], "\n") + 1; n != 2 {
		t.Errorf("last drawing has %d rows:\n%s", n, d[len(d)-1])
	}
}

func TestListWatchFile(t *testing.T) {
	dir := t.TempDir()
	testWatch(t, map[string]string{"MSCASE_DB": filepath.Join(dir, "mscase.db"), "MSCASE_CONFIG": filepath.Join(dir, "none.toml")})
}

func TestListWatchEtcd(t *testing.T) {
	c := etcdtest.Start(t, 1)
	dir := t.TempDir()
	testWatch(t, map[string]string{"MSCASE_STORE": c.URL("watch"), "MSCASE_DB": filepath.Join(dir, "unused.db"), "MSCASE_CONFIG": filepath.Join(dir, "none.toml")})
	if _, err := os.Stat(filepath.Join(dir, "unused.db")); err == nil {
		t.Error("the watcher on etcd created the database file")
	}
}

// On a terminal each drawing clears the screen first and the status line
// says when it was drawn, in the reader's language; cancelling the context
// (what Ctrl-C does) returns without an error.
func TestListWatchTerminal(t *testing.T) {
	dir := t.TempDir()
	env := map[string]string{"MSCASE_DB": filepath.Join(dir, "mscase.db"), "MSCASE_CONFIG": filepath.Join(dir, "none.toml"),
		"MSCASE_NOW": "2026-11-25T10:00:00+09:00", "TZ": "Asia/Tokyo", "NO_COLOR": "1", "MSCASE_TTY": "1", "COLUMNS": "200",
		"LANG": "ja_JP.UTF-8", "MSCASE_NAME": "k-sato", "MSCASE_MACHINE": "kanri-pc"}
	if _, errOut, code := runCmd(t, env, "cases", "new", "--domain", "contoso.co.jp", "--admin", "admin@contoso.co.jp", "--customer", "コントソ商事"); code != 0 {
		t.Fatalf("cases new: %s", errOut)
	}
	var mu sync.Mutex
	var out, errOut bytes.Buffer
	a, err := newApp(bytes.NewReader(nil), &lockedWriter{&mu, &out}, &lockedWriter{&mu, &errOut}, func(k string) string { return env[k] })
	if err != nil {
		t.Fatal(err)
	}
	if err := a.chooseLang(""); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- watchCasesList(ctx, a, &casesListOptions{watch: true}) }()
	deadline := time.Now().Add(10 * time.Second)
	for {
		mu.Lock()
		got := out.String() + errOut.String()
		mu.Unlock()
		if strings.Contains(got, "変更を監視しています") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("no drawing: %q", got)
		}
		time.Sleep(10 * time.Millisecond)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("watch ended with %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the watch did not end when its context did")
	}
	if !strings.HasPrefix(out.String(), "\x1b[H\x1b[2J") || !strings.Contains(out.String(), "コントソ商事") {
		t.Errorf("terminal drawing: %q", out.String())
	}
	if l := englishLines(errOut.String() + out.String()[len("\x1b[H\x1b[2J"):]); len(l) > 0 {
		t.Errorf("English in the Japanese watch: %v", l)
	}
}
