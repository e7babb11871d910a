package etcdstore_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/mscase/mscase/cases"
	"github.com/mscase/mscase/etcdstore"
	"github.com/mscase/mscase/reminders"
)

type counter struct {
	mu   sync.Mutex
	sent map[string]int
}

func (c *counter) Notify(_ context.Context, n reminders.Nudge) error {
	time.Sleep(time.Millisecond) // long enough for the others to try
	c.mu.Lock()
	defer c.mu.Unlock()
	c.sent[n.Key()]++
	return nil
}

// TestThreeDaemonsSendOnce: three daemons, each with its own connection,
// check the same store at the same moment, again and again. Each claims
// a nudge in a transaction before sending it, so every due nudge goes out
// once in total.
func TestThreeDaemonsSendOnce(t *testing.T) {
	eps := cluster1(t)
	s := open(t, eps, "/t-daemons")
	created := time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)
	for i := 0; i < 20; i++ {
		c := cases.New(cases.Case{Domain: fmt.Sprintf("d%d.com", i), Admin: fmt.Sprintf("a@d%d.com", i), Country: "JP"}, "opened", created)
		if err := s.Create(c); err != nil {
			t.Fatal(err)
		}
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
	cnt := &counter{sent: map[string]int{}}
	now := time.Date(2026, 11, 25, 2, 0, 0, 0, time.UTC)
	var wg sync.WaitGroup
	for d := 0; d < 3; d++ {
		r := &reminders.Runner{Policy: pol, Channels: []reminders.Channel{{Name: "rec", Notifier: cnt}},
			Open: func(ro bool) (reminders.Store, error) {
				st, err := etcdstore.Open(etcdstore.Options{Endpoints: eps, Prefix: "/t-daemons", ReadOnly: ro})
				if err != nil {
					return nil, err
				}
				return st, nil
			}}
		wg.Add(1)
		go func() {
			defer wg.Done()
			for tick := 0; tick < 3; tick++ {
				if _, err := r.Check(context.Background(), now.Add(time.Duration(tick)*time.Minute), false); err != nil {
					t.Error(err)
				}
			}
		}()
	}
	wg.Wait()
	if len(cnt.sent) == 0 {
		t.Fatal("nothing was due: the test proves nothing")
	}
	for k, n := range cnt.sent {
		if n != 1 {
			t.Errorf("%s sent %d times", k, n)
		}
	}
	t.Logf("%d nudges, each sent once", len(cnt.sent))
}
