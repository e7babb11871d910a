package reminders

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/mscase/mscase/cases"
	bolt "go.etcd.io/bbolt"
)

// TestWakeIndexMissesNothing runs a check every 37 minutes for ten days on
// 120 cases of every stage and four countries, logging a contact on some
// cases, snoozing and closing others between ticks, and once rewriting a
// summary behind the index's back (as an mscase from before the index
// would). Before every tick, what the check finds due through the wake
// index must be exactly what Due finds over every case.
func TestWakeIndexMissesNothing(t *testing.T) {
	for name, cfg := range map[string]string{"default": "", "hourly": "[stall_limits]\nlocked-out = \"1h\"\nticket-open = \"3h\"\n"} {
		for _, start := range []string{"2026-11-20T08:00:00+09:00", "2026-12-24T17:00:00+09:00"} {
			t.Run(name+"/"+start, func(t *testing.T) { testWakeIndex(t, at(t, start), cfg) })
		}
	}
}

func testWakeIndex(t *testing.T, start time.Time, cfg string) {
	stages := []cases.Stage{cases.StageLockedOut, cases.StageTicketOpen, cases.StageDPTReview, cases.StageVerifying, cases.StageResetPending, cases.StageRecovered}
	countries := []string{"JP", "US", "DE", "GB"}
	var cs []*cases.Case
	for i := 0; i < 120; i++ {
		created := start.Add(-time.Duration(i*97%(9*24*60)) * time.Minute)
		c := newCase(t, fmt.Sprintf("tenant%d.example", i), countries[i%4], stages[i%6], created.Format(time.RFC3339))
		if i%5 == 0 {
			p := created.Add(time.Duration(i%40) * time.Hour)
			if err := c.AddContact(cases.Contact{At: created.Add(time.Minute), Channel: cases.ChannelPhone, Direction: cases.DirOut,
				Summary: "called", CallbackBy: &p}, created.Add(time.Minute)); err != nil {
				t.Fatal(err)
			}
		}
		cs = append(cs, c)
	}
	path := newStore(t, cs...)
	p := policy(t, cfg)
	if p.RulesTag() == "" {
		t.Fatal("the policy names no rules: the index would not be used")
	}
	good := newRecorder(0)
	r := &Runner{Open: opener(path), Policy: p, Channels: []Channel{{"good", good}}}
	now := start
	indexed := 0
	for i := 0; i < 10*24*60/37; i++ {
		st, err := cases.Open(path, cases.Options{})
		if err != nil {
			t.Fatal(err)
		}
		switch i % 9 {
		case 2:
			if _, err := st.Update(fmt.Sprint(1+i%120), func(c *cases.Case) error {
				return c.AddContact(cases.Contact{At: now, Channel: cases.ChannelPhone, Direction: cases.DirIn, Summary: "they called"}, now)
			}); err != nil {
				t.Fatal(err)
			}
		case 5:
			if _, err := st.Update(fmt.Sprint(1+(i*7)%120), func(c *cases.Case) error {
				u := now.Add(5 * time.Hour)
				c.SnoozedUntil = &u
				return nil
			}); err != nil {
				t.Fatal(err)
			}
		}
		if i == 100 {
			// An older mscase, which knows nothing of the index, puts case
			// 7 back as it was before a contact this mscase logged.
			var before []byte
			if err := st.DB().View(func(tx *bolt.Tx) error {
				before = append(before, tx.Bucket([]byte("summaries")).Get(be(7))...)
				return nil
			}); err != nil {
				t.Fatal(err)
			}
			if _, err := st.Update("7", func(c *cases.Case) error {
				return c.AddContact(cases.Contact{At: now, Channel: cases.ChannelPhone, Direction: cases.DirOut, Summary: "x"}, now)
			}); err != nil {
				t.Fatal(err)
			}
			if err := st.DB().Update(func(tx *bolt.Tx) error {
				return tx.Bucket([]byte("summaries")).Put(be(7), before)
			}); err != nil {
				t.Fatal(err)
			}
		}
		var all []cases.Summary
		if all, err = st.Summaries(); err != nil {
			t.Fatal(err)
		}
		var want []string
		if err := ViewLog(st, func(l *Log) error {
			for _, n := range Due(now, p, all, l) {
				want = append(want, n.Key()+" "+n.Why)
			}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		n := 0
		if err := st.EachSummaryWaking(p.RulesTag(), now, func(*cases.Summary) error { n++; return nil }); err != nil {
			t.Fatal(err)
		}
		if n < len(all) {
			indexed++
		}
		if i == 100 && n != len(all) {
			t.Errorf("after a write that did not keep the index, it still lists only %d of %d cases", n, len(all))
		}
		st.Close()
		got, err := r.Due(now)
		if err != nil {
			t.Fatal(err)
		}
		var gotKeys []string
		for _, n := range got {
			gotKeys = append(gotKeys, n.Key()+" "+n.Why)
		}
		slices.Sort(want)
		slices.Sort(gotKeys)
		if !slices.Equal(gotKeys, want) {
			t.Fatalf("tick %d at %s: the check finds %d nudges due, Due over every case %d\nfirst found %q\nfirst wanted %q",
				i, now.Format(time.RFC3339), len(gotKeys), len(want), append(gotKeys, "")[0], append(want, "")[0])
		}
		if _, err := r.Check(context.Background(), now, false); err != nil {
			t.Fatal(err)
		}
		now = now.Add(37 * time.Minute)
	}
	if indexed < 300 {
		t.Errorf("only %d ticks read fewer cases than all through the index", indexed)
	}
	if len(good.got) < 500 {
		t.Errorf("only %d nudges sent in ten days of 120 cases", len(good.got))
	}
}

func be(n uint64) []byte {
	b := make([]byte, 8)
	for i := 7; i >= 0; i-- {
		b[i] = byte(n)
		n >>= 8
	}
	return b
}
