package etcdstore_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/mscase/mscase/cases"
	"github.com/mscase/mscase/etcdstore"
	"github.com/mscase/mscase/etcdstore/etcdtest"
	"github.com/mscase/mscase/reminders"
	clientv3 "go.etcd.io/etcd/client/v3"
	"go.uber.org/zap"
)

// hook is the webhook server the daemons send to: it counts each body.
type hook struct {
	mu     sync.Mutex
	bodies map[string]int
	total  int
	onPost func(n int) // after the n-th request is counted, before the reply
}

func (h *hook) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	b, _ := io.ReadAll(r.Body)
	h.mu.Lock()
	h.bodies[string(b)]++
	h.total++
	n, on := h.total, h.onPost
	h.mu.Unlock()
	if on != nil {
		on(n)
	}
	w.WriteHeader(http.StatusNoContent)
}

func (h *hook) counts() (total, distinct int) {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.total, len(h.bodies)
}

// daemon is one reminders run: its own client, its campaign, its runner,
// checking every 50 ms while it leads.
type daemon struct {
	cli  *clientv3.Client
	l    *etcdstore.Leadership
	r    *reminders.Runner
	once sync.Once
	stop chan struct{}
	done chan struct{}
}

// kill ends the daemon abruptly: its connection closes under it, nothing
// is resigned, and its lease runs out on the cluster.
func (d *daemon) kill() {
	d.once.Do(func() {
		close(d.stop)
		d.cli.Close()
	})
}

const ttl = 2 * time.Second

func startDaemon(t *testing.T, eps []string, prefix string, i int, url string, now time.Time) *daemon {
	t.Helper()
	cli, err := clientv3.New(clientv3.Config{Endpoints: eps, DialTimeout: 2 * time.Second, Logger: zap.NewNop(),
		DialKeepAliveTime: time.Second, DialKeepAliveTimeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := reminders.ParseConfig("t.toml", nil)
	if err != nil {
		t.Fatal(err)
	}
	cfg.ZoneOf = func(string) string { return "Asia/Tokyo" }
	pol, err := cfg.Policy(time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	chans, errs := reminders.BuildChannels([]reminders.ChannelConfig{{Name: "hook", Type: "webhook", Format: "json", URLEnv: "HOOK"}},
		reminders.Secrets{Getenv: func(string) string { return url }})
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	o := etcdstore.Options{Endpoints: eps, Prefix: prefix, Timeout: 2 * time.Second}
	d := &daemon{cli: cli, stop: make(chan struct{}), done: make(chan struct{})}
	d.l = etcdstore.Campaign(cli, o, fmt.Sprintf("d%d", i), ttl, func(f string, a ...any) { t.Logf("d%d: "+f, append([]any{i}, a...)...) })
	d.r = &reminders.Runner{Policy: pol, Channels: chans,
		Open: func(ro bool) (reminders.Store, error) {
			s, err := d.l.Open(ro)
			if err != nil {
				return nil, err
			}
			return s, nil
		},
		Record: func(ro bool) (reminders.Store, error) {
			s, err := d.l.OpenRecord(ro)
			if err != nil {
				return nil, err
			}
			return s, nil
		}}
	go func() {
		defer close(d.done)
		for {
			select {
			case <-d.stop:
				return
			case <-time.After(50 * time.Millisecond):
			}
			if d.l.Leading() {
				if _, err := d.r.Check(context.Background(), now, false); err != nil {
					t.Logf("d%d: check: %v", i, err)
				}
			}
		}
	}()
	// Clients close before the cluster stops (cleanups run last first).
	t.Cleanup(func() {
		d.once.Do(func() { close(d.stop) })
		<-d.done
		d.l.Close()
		d.cli.Close()
	})
	return d
}

func leaderOf(ds []*daemon, not *daemon, within time.Duration) (*daemon, time.Duration) {
	start := time.Now()
	for time.Since(start) < within {
		for _, d := range ds {
			if d != not && d.l.Leading() {
				return d, time.Since(start)
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	return nil, time.Since(start)
}

// TestElectionFailover: three daemons on a three-member cluster; the
// leader is killed before it sends, in the middle of its sends, or after
// them. Every due nudge reaches the webhook exactly once, and another
// daemon leads within twice the lease TTL.
func TestElectionFailover(t *testing.T) {
	if testing.Short() {
		t.Skip("three-member cluster and lease expiries: about 15 s")
	}
	c := etcdtest.Start(t, 3)
	eps := c.Endpoints()
	created := time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)
	now := time.Date(2026, 11, 25, 2, 0, 0, 0, time.UTC)
	for _, when := range []string{"before", "during", "after"} {
		t.Run(when, func(t *testing.T) {
			prefix := "/elect-" + when
			s := open(t, eps, prefix)
			for i := 0; i < 12; i++ {
				c := cases.New(cases.Case{Domain: fmt.Sprintf("d%d.com", i), Admin: fmt.Sprintf("a@d%d.com", i), Country: "JP"}, "opened", created)
				if err := s.Create(c); err != nil {
					t.Fatal(err)
				}
			}
			due, err := (&reminders.Runner{Policy: mustPolicy(t), Open: func(ro bool) (reminders.Store, error) {
				st, err := etcdstore.New(s.Client(), etcdstore.Options{Prefix: prefix, ReadOnly: ro})
				if err != nil {
					return nil, err
				}
				return st, nil
			}}).Due(now)
			if err != nil || len(due) < 4 {
				t.Fatalf("due: %d nudges, %v: the test needs several", len(due), err)
			}
			h := &hook{bodies: map[string]int{}}
			var ds []*daemon
			var mu sync.Mutex
			killed := make(chan *daemon, 1)
			killLeader := func() {
				mu.Lock()
				defer mu.Unlock()
				for _, d := range ds {
					if d.l.Leading() {
						d.kill()
						killed <- d
						return
					}
				}
			}
			if when == "during" {
				h.onPost = func(n int) {
					if n == len(due)/2 {
						killLeader()
					}
				}
			}
			srv := httptest.NewServer(h)
			t.Cleanup(srv.Close)
			mu.Lock()
			for i := 0; i < 3; i++ {
				ds = append(ds, startDaemon(t, eps, prefix, i, srv.URL, now))
			}
			mu.Unlock()
			first, _ := leaderOf(ds, nil, 5*time.Second)
			if first == nil {
				t.Fatal("no leader in 5 s")
			}
			switch when {
			case "before":
				killLeader()
			case "after":
				waitSent(t, h, len(due))
				killLeader()
			}
			var dead *daemon
			select {
			case dead = <-killed:
			case <-time.After(10 * time.Second):
				t.Fatal("the leader was never killed")
			}
			next, took := leaderOf(ds, dead, 2*ttl+time.Second)
			if next == nil {
				t.Fatalf("no new leader %s after the leader died", took)
			}
			t.Logf("new leader after %s", took.Round(10*time.Millisecond))
			if took > 2*ttl {
				t.Errorf("failover took %s, more than twice the lease TTL (%s)", took, 2*ttl)
			}
			// Killed during its sends, the old leader's sends already
			// under way still go out; its claims keep the new leader from
			// sending them again.
			waitSent(t, h, len(due))
			time.Sleep(300 * time.Millisecond) // a few more ticks of the new leader: nothing more goes out
			total, distinct := h.counts()
			if total != distinct {
				t.Errorf("%d sends for %d nudges: some went out twice", total, distinct)
			}
			if total > len(due) {
				t.Errorf("%d sends, %d nudges due", total, len(due))
			}
		})
	}
}

func waitSent(t *testing.T, h *hook, n int) {
	t.Helper()
	deadline := time.Now().Add(8 * time.Second)
	for time.Now().Before(deadline) {
		if total, _ := h.counts(); total >= n {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	total, _ := h.counts()
	t.Fatalf("%d of %d nudges sent in 8 s", total, n)
}

func mustPolicy(t *testing.T) *reminders.Policy {
	t.Helper()
	cfg, err := reminders.ParseConfig("t.toml", nil)
	if err != nil {
		t.Fatal(err)
	}
	cfg.ZoneOf = func(string) string { return "Asia/Tokyo" }
	pol, err := cfg.Policy(time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	return pol
}

// TestDeposedLeaderClaimsNothing: a leader whose key is gone (its lease
// ran out while it paused) still believes it leads for a moment; its
// claim transaction fails with ErrNotLeader, so it sends nothing.
func TestDeposedLeaderClaimsNothing(t *testing.T) {
	eps := cluster1(t)
	s := open(t, eps, "/t-deposed")
	l := etcdstore.Campaign(s.Client(), etcdstore.Options{Endpoints: eps, Prefix: "/t-deposed"}, "d0", ttl, t.Logf)
	t.Cleanup(func() { l.Close() })
	select {
	case <-l.Elected():
	case <-time.After(5 * time.Second):
		t.Fatal("not elected in 5 s")
	}
	g, err := l.Open(false)
	if err != nil {
		t.Fatal(err)
	}
	put := func() error {
		return g.UpdateBuckets(func(tx cases.Tx) error {
			b, err := tx.CreateBucketIfNotExists("reminders.sent")
			if err != nil {
				return err
			}
			return b.Put([]byte("k"), []byte("v"))
		})
	}
	if err := put(); err != nil {
		t.Fatalf("the leader's write: %v", err)
	}
	if _, err := s.Client().Delete(context.Background(), "/t-deposed/leader", clientv3.WithPrefix()); err != nil {
		t.Fatal(err)
	}
	if err := put(); !errors.Is(err, etcdstore.ErrNotLeader) {
		t.Fatalf("a deposed leader's write: %v, want ErrNotLeader", err)
	}
}
