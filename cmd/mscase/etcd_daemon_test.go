package main

import (
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mscase/mscase/etcdstore/etcdtest"
)

// TestRemindersRunEtcdProcess runs the team binary (go build -tags etcd)
// as the service does: "reminders run" in processes of its own on a store
// on etcd. One daemon takes the leadership and sends a due nudge to the
// webhook once; a second daemon beside it sends nothing; when the first
// stops, the second takes over and sends the next case's nudge, once.
func TestRemindersRunEtcdProcess(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("stops the daemons with SIGINT")
	}
	bin := buildMscase(t, "etcd")
	c := etcdtest.Start(t, 1)
	var (
		mu    sync.Mutex
		posts []string
	)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		mu.Lock()
		posts = append(posts, string(b))
		mu.Unlock()
		w.WriteHeader(http.StatusNoContent)
	}))
	t.Cleanup(srv.Close)
	sent := func() []string {
		mu.Lock()
		defer mu.Unlock()
		return append([]string(nil), posts...)
	}

	dir := t.TempDir()
	conf := "schedule = \"@every 1s\"\n\n[[channel]]\nname = \"team\"\ntype = \"webhook\"\nformat = \"json\"\nurl_env = \"MSCASE_HOOK\"\n"
	if err := os.WriteFile(filepath.Join(dir, "config.toml"), []byte(conf), 0o600); err != nil {
		t.Fatal(err)
	}
	storeURL := c.URL("daemons")
	env := procEnv(dir, "MSCASE_STORE="+storeURL, "MSCASE_HOOK="+srv.URL+"/hook-SECRET")
	mscase := func(args ...string) {
		t.Helper()
		cmd := exec.Command(bin, args...)
		cmd.Env = env
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("mscase %s: %v\n%s", strings.Join(args, " "), err, out)
		}
	}
	type proc struct {
		cmd *exec.Cmd
		log *syncBuffer
	}
	start := func() *proc {
		p := &proc{cmd: exec.Command(bin, "reminders", "run"), log: &syncBuffer{}}
		p.cmd.Env = env
		p.cmd.Stdout, p.cmd.Stderr = p.log, p.log
		if err := p.cmd.Start(); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { p.cmd.Process.Kill(); p.cmd.Wait() })
		return p
	}
	stop := func(p *proc) {
		t.Helper()
		p.cmd.Process.Signal(os.Interrupt)
		if err := p.cmd.Wait(); err != nil {
			t.Fatalf("reminders run: %v\n%s", err, p.log.String())
		}
	}
	// waitPosts waits for n posts in all, then three more ticks, in which
	// no further post may come.
	waitPosts := func(n int, why string) {
		t.Helper()
		deadline := time.Now().Add(45 * time.Second)
		for len(sent()) < n {
			if time.Now().After(deadline) {
				t.Fatalf("%s: %d posts after 45 s, want %d", why, len(sent()), n)
			}
			time.Sleep(50 * time.Millisecond)
		}
		time.Sleep(3500 * time.Millisecond)
		if got := sent(); len(got) != n {
			t.Fatalf("%s: %d posts, want exactly %d:\n%s", why, len(got), n, strings.Join(got, "\n"))
		}
	}

	mscase("cases", "new", "--domain", "contoso.co.jp", "--admin", "admin@contoso.co.jp", "--country", "JP")
	first := start()
	began := time.Now()
	waitPosts(1, "one daemon, one due nudge")
	t.Logf("first daemon: elected and sent within %v", time.Since(began).Round(100*time.Millisecond)-3500*time.Millisecond)

	second := start()
	mscase("cases", "new", "--domain", "fabrikam.co.jp", "--admin", "admin@fabrikam.co.jp", "--country", "JP")
	waitPosts(2, "two daemons, a second case")

	// The first stops (resigning): the second leads and sends the third
	// case's nudge, once; nothing of the first two goes out again.
	stop(first)
	mscase("cases", "new", "--domain", "northwind.co.jp", "--admin", "admin@northwind.co.jp", "--country", "JP")
	waitPosts(3, "the second daemon after the first stopped")
	stop(second)

	got := sent()
	for i, want := range []string{"contoso.co.jp", "fabrikam.co.jp", "northwind.co.jp"} {
		if !strings.Contains(got[i], want) {
			t.Errorf("post %d is not case %d's nudge (%s):\n%s", i+1, i+1, want, got[i])
		}
	}
	for name, p := range map[string]*proc{"first": first, "second": second} {
		log := p.log.String()
		if !strings.Contains(log, "; store "+storeURL+"\n") || strings.Contains(log, "; database ") {
			t.Errorf("%s daemon's startup line does not name the store %s:\n%s", name, storeURL, log)
		}
		if strings.Contains(log, "SECRET") || strings.Contains(log, "check failed") {
			t.Errorf("%s daemon's log:\n%s", name, log)
		}
	}
	if l := first.log.String(); strings.Count(l, "became the leader") != 1 || strings.Count(l, "sent 1 nudge") != 2 {
		t.Errorf("the first daemon should have led and sent cases 1 and 2:\n%s", l)
	}
	if l := second.log.String(); strings.Count(l, "became the leader") != 1 || strings.Count(l, "sent 1 nudge") != 1 {
		t.Errorf("the second daemon should have led only after the first stopped, and sent case 3:\n%s", l)
	}
}
