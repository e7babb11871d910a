//go:build unix

package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/mscase/mscase/cases"
)

// TestRunReloads: the daemon takes up a new configuration on SIGHUP and
// when the file changes; a file that does not parse, or a channel that
// cannot be set up, is reported and the previous configuration kept.
func TestRunReloads(t *testing.T) {
	var mu sync.Mutex
	got := map[string][]int{} // path -> case numbers posted there
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var n struct {
			Case int `json:"case"`
		}
		b, _ := io.ReadAll(r.Body)
		if err := json.Unmarshal(b, &n); err != nil {
			t.Errorf("post to %s: %v: %s", r.URL.Path, err, b)
		}
		mu.Lock()
		got[r.URL.Path] = append(got[r.URL.Path], n.Case)
		mu.Unlock()
	}))
	defer srv.Close()
	dir := t.TempDir()
	cfg := filepath.Join(dir, "config.toml")
	conf := func(path string) string {
		return "schedule = \"@every 1s\"\n[[channel]]\nname = \"hook\"\ntype = \"webhook\"\nformat = \"json\"\nurl = \"" + srv.URL + path + "\"\n"
	}
	writeAt := func(body string, mod time.Time) {
		t.Helper()
		if err := os.WriteFile(cfg, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(cfg, mod, mod); err != nil {
			t.Fatal(err)
		}
	}
	t0 := time.Now().Add(-time.Hour).Truncate(time.Second)
	writeAt(conf("/a1"), t0)

	env := map[string]string{"MSCASE_DB": filepath.Join(dir, "mscase.db"), "MSCASE_CONFIG": cfg,
		"MSCASE_NOW": "2026-11-25T10:00:00+09:00", "TZ": "Asia/Tokyo", "NO_COLOR": "1"}
	var out, errOut syncBuffer
	a, err := newApp(bytes.NewReader(nil), &out, &errOut, func(k string) string { return env[k] })
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- runRemindersRun(ctx, a, &remindersRunOptions{}) }()

	waitFor := func(what string, ok func() bool) {
		t.Helper()
		deadline := time.Now().Add(20 * time.Second)
		for !ok() {
			if time.Now().After(deadline) {
				mu.Lock()
				defer mu.Unlock()
				t.Fatalf("waited 20s for %s; posts %v; log:\n%s", what, got, errOut.String())
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
	logHas := func(s string) func() bool { return func() bool { return strings.Contains(errOut.String(), s) } }
	posted := func(path string, n int) func() bool {
		return func() bool {
			mu.Lock()
			defer mu.Unlock()
			for _, c := range got[path] {
				if c == n {
					return true
				}
			}
			return false
		}
	}
	newCase := func(i int) {
		t.Helper()
		st, err := cases.Open(env["MSCASE_DB"], cases.Options{Timeout: 5 * time.Second})
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		c := cases.New(cases.Case{Domain: fmt.Sprintf("c%d.example.jp", i), Admin: fmt.Sprintf("admin@c%d.example.jp", i), Country: "JP"}, "", a.now)
		if err := st.Create(c); err != nil {
			t.Fatal(err)
		}
	}

	waitFor("the daemon to start", logHas("mscase reminders: checking"))
	newCase(1)
	waitFor("case 1 at /a1", posted("/a1", 1))

	// SIGHUP: the file changed with the same size and time, which only
	// the signal can tell.
	writeAt(conf("/b1"), t0)
	if err := syscall.Kill(os.Getpid(), syscall.SIGHUP); err != nil {
		t.Fatal(err)
	}
	waitFor("the SIGHUP reload", logHas(`configuration reloaded on SIGHUP: checking "@every 1s" through hook`))
	newCase(2)
	waitFor("case 2 at /b1", posted("/b1", 2))

	// The file changes: taken up at the next tick, with a new schedule.
	writeAt(strings.Replace(conf("/c1"), "@every 1s", "@every 2s", 1), t0.Add(10*time.Second))
	waitFor("the reload after the change", logHas(`configuration reloaded after the file changed: checking "@every 2s" through hook`))
	newCase(3)
	waitFor("case 3 at /c1", posted("/c1", 3))

	// A file that does not parse, then a channel that cannot be set up:
	// each reported once, the previous configuration kept.
	writeAt("schedule = every minute\n", t0.Add(20*time.Second))
	waitFor("the bad file reported", logHas("configuration after the file changed: config "+cfg+" line 1: "))
	writeAt("schedule = \"@every 1s\"\n[[channel]]\nname = \"hook\"\ntype = \"webhook\"\nformat = \"json\"\nurl_env = \"MSCASE_NOT_SET\"\n", t0.Add(30*time.Second))
	waitFor("the unusable channel reported", logHas("configuration after the file changed: channel hook: url_env names the environment variable MSCASE_NOT_SET, which is empty or not set; keeping the previous configuration"))
	newCase(4)
	waitFor("case 4 at /c1", posted("/c1", 4))
	time.Sleep(2500 * time.Millisecond) // a tick or two more: nothing is sent twice, no error repeated

	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("run: %v", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("run did not stop")
	}
	mu.Lock()
	defer mu.Unlock()
	want := map[string][]int{"/a1": {1}, "/b1": {2}, "/c1": {3, 4}}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("posts %v, want %v", got, want)
	}
	log := errOut.String()
	if n := strings.Count(log, "keeping the previous configuration"); n != 2 {
		t.Errorf("%d reports of a bad configuration, want 2 (one per change):\n%s", n, log)
	}
	if strings.Contains(log, srv.URL) {
		t.Errorf("the log shows a webhook URL:\n%s", log)
	}
}
