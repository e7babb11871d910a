package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/mscase/mscase/etcdstore/etcdtest"
)

// quorumBound is how long a command may take to give up on a cluster
// that lost its quorum: the request timeout (sharedTimeout) plus room for
// a loaded 2-core machine. The figure the test logs is the one to watch.
const quorumBound = 3*sharedTimeout + 2*time.Second

// TestClusterQuorum runs the commands against a three-member cluster: with
// one member stopped reads and writes go on; with two stopped every
// command fails within a few seconds, exit 1, one line naming the
// endpoints, and nothing it tried shows up once the quorum is back.
func TestClusterQuorum(t *testing.T) {
	c := etcdtest.Start(t, 3)
	env := map[string]string{"MSCASE_STORE": c.URL("quorum"), "MSCASE_CONFIG": filepath.Join(t.TempDir(), "none.toml")}
	mscase := func(args ...string) (string, string, int, time.Duration) {
		start := time.Now()
		out, errOut, code := runCmd(t, env, args...)
		return out, errOut, code, time.Since(start)
	}
	ok := func(args ...string) string {
		t.Helper()
		out, errOut, code, took := mscase(args...)
		if code != 0 {
			t.Fatalf("%v: exit %d after %v: %s", args, code, took.Round(time.Millisecond), errOut)
		}
		t.Logf("%-40s ok in %v", strings.Join(args[:2], " "), took.Round(time.Millisecond))
		return out
	}
	ok("cases", "new", "--domain", "contoso.co.jp", "--admin", "admin@contoso.co.jp", "--tracking-id", "2411250040001234", "--country", "JP")

	// One member down (the first endpoint, where a client starts): the
	// other two are a quorum.
	c.Members[0].Stop()
	ok("cases", "new", "--domain", "fabrikam.com", "--admin", "it@fabrikam.com", "--country", "US")
	ok("cases", "log", "1", "--channel", "phone", "--summary", "one member down: still logged")
	ok("cases", "stage", "2411250040001234", "dpt-review")
	if out := ok("cases", "list", "--all"); strings.Count(out, "\n") != 2 {
		t.Fatalf("cases list with one member down:\n%s", out)
	}
	if out := ok("cases", "show", "1"); !strings.Contains(out, "one member down: still logged") {
		t.Fatalf("cases show with one member down:\n%s", out)
	}

	// Two down: the last member has no quorum, reads and writes fail.
	c.Members[1].Stop()
	eps := strings.Join(c.Endpoints(), ",")
	var worst time.Duration
	for _, args := range [][]string{
		{"cases", "list"},
		{"cases", "show", "1"},
		{"cases", "new", "--domain", "lost.example", "--admin", "a@lost.example"},
		{"cases", "log", "1", "--summary", "no quorum: must not be queued"},
		{"cases", "stage", "2", "dpt-review"},
	} {
		out, errOut, code, took := mscase(args...)
		worst = max(worst, took)
		t.Logf("%-40s exit %d in %v", strings.Join(args[:2], " "), code, took.Round(time.Millisecond))
		if code != 1 || out != "" || strings.Count(errOut, "\n") != 1 || !strings.Contains(errOut, "etcd at "+eps) {
			t.Errorf("%v with two members down: exit %d, stdout %q, stderr %q; want exit 1 and one line naming %s", args, code, out, errOut, eps)
		}
		if took > quorumBound {
			t.Errorf("%v took %v to fail, want within %v", args, took, quorumBound)
		}
	}
	t.Logf("slowest failure without quorum: %v", worst.Round(time.Millisecond))

	// Quorum back: exactly what was acknowledged is there.
	if err := c.Members[1].Restart(); err != nil {
		t.Fatal(err)
	}
	var doc exportDoc
	deadline := time.Now().Add(30 * time.Second)
	for {
		out, errOut, code, _ := mscase("cases", "export")
		if code == 0 {
			if err := json.Unmarshal([]byte(out), &doc); err != nil {
				t.Fatal(err)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("export after the restart: exit %d: %s", code, errOut)
		}
		time.Sleep(200 * time.Millisecond)
	}
	if len(doc.Cases) != 2 {
		t.Fatalf("after the quorum came back: %d cases, want the 2 acknowledged: %+v", len(doc.Cases), doc.Cases)
	}
	var log []string
	for _, e := range doc.Cases[0].Contacts {
		log = append(log, e.Summary)
	}
	if l := strings.Join(log, "|"); !strings.Contains(l, "one member down: still logged") || strings.Contains(l, "no quorum") {
		t.Errorf("case 1's log after the quorum came back: %q", l)
	}
	if doc.Cases[0].Stage != "dpt-review" || doc.Cases[1].Stage == "dpt-review" {
		t.Errorf("stages after the quorum came back: %q, %q; want dpt-review (one member down) and unchanged (none)", doc.Cases[0].Stage, doc.Cases[1].Stage)
	}
	// And it works again for writes.
	ok("cases", "log", "2", "--summary", "quorum back")
}
