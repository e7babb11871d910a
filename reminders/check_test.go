package reminders

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mscase/mscase/cases"
)

// recorder is a notifier that counts what it receives; fail makes it fail
// the first n sends of each nudge.
type recorder struct {
	mu    sync.Mutex
	got   map[string]int
	tries map[string]int
	fail  int
	late  map[string]bool
}

func newRecorder(fail int) *recorder {
	return &recorder{got: map[string]int{}, tries: map[string]int{}, late: map[string]bool{}, fail: fail}
}

func (r *recorder) Notify(_ context.Context, n Nudge) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.tries[n.Key()]++
	if r.tries[n.Key()] <= r.fail {
		return &SendError{Channel: "fake", Temporary: true, Err: errors.New("502 bad gateway from https://hooks.example.net/secret-token")}
	}
	r.got[n.Key()]++
	r.late[n.Key()] = n.Late
	return nil
}

var _ Notifier = (*recorder)(nil)

// newStore creates a database with cases and returns its path.
func newStore(t *testing.T, cs ...*cases.Case) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "mscase.db")
	st, err := cases.Open(path, cases.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	for _, c := range cs {
		if err := st.Create(c); err != nil {
			t.Fatal(err)
		}
	}
	return path
}

func opener(path string) func(bool) (Store, error) {
	return func(ro bool) (Store, error) {
		st, err := cases.Open(path, cases.Options{ReadOnly: ro, Timeout: time.Second})
		if err != nil {
			return nil, err
		}
		return st, nil
	}
}

func newCase(t *testing.T, domain, country string, stage cases.Stage, created string) *cases.Case {
	c := cases.New(cases.Case{TrackingID: "", Domain: domain, Admin: "admin@" + domain, Country: country, Stage: stage}, "opened", at(t, created))
	return c
}

// TestExactlyOnce runs 1,000 ticks over a month, with a new Runner (a
// restart) every 50 ticks and the database opened afresh at every tick.
// Every nudge reaches the good channel once; the flaky channel, which
// fails each nudge once, gets it once too, after retries on later ticks.
func TestExactlyOnce(t *testing.T) {
	start := "2026-11-02T08:00:00+09:00"
	path := newStore(t,
		newCase(t, "contoso.co.jp", "JP", cases.StageLockedOut, start),
		newCase(t, "fabrikam.com", "US", cases.StageDPTReview, start),
		newCase(t, "example.de", "DE", cases.StageVerifying, start),
		newCase(t, "tailspin.co.jp", "JP", cases.StageRecovered, start),
	)
	p := policy(t, "")
	good, flaky := newRecorder(0), newRecorder(1)
	var r *Runner
	now := at(t, start)
	step := 30*24*time.Hour/1000 + 7*time.Second // ~43 minutes, not aligned to nudge times
	failures := 0
	for i := 0; i < 1000; i++ {
		if i%50 == 0 {
			r = &Runner{Open: opener(path), Policy: p, Channels: []Channel{{"good", good}, {"flaky", flaky}},
				Backoff: func(int) time.Duration { return 30 * time.Minute }}
		}
		res, err := r.Check(context.Background(), now, false)
		if err != nil {
			t.Fatalf("tick %d: %v", i, err)
		}
		failures += len(res.Failed)
		now = now.Add(step)
	}
	if len(good.got) < 60 {
		t.Fatalf("only %d nudges in a month of four cases", len(good.got))
	}
	for k, n := range good.got {
		if n != 1 {
			t.Errorf("%s sent %d times on the good channel", k, n)
		}
	}
	for k, n := range flaky.got {
		if n != 1 {
			t.Errorf("%s sent %d times on the flaky channel", k, n)
		}
	}
	missing := 0
	for k := range good.got {
		if flaky.got[k] != 1 {
			missing++
		}
	}
	// Break nudges are valid for a day at most; with the retry on the next tick
	// the flaky channel gets nearly all of them.
	t.Logf("%d nudges, flaky channel missed %d (superseded before their retry)", len(good.got), missing)
	if missing > len(good.got)/10 {
		t.Errorf("flaky channel missed %d of %d nudges", missing, len(good.got))
	}
	if failures == 0 {
		t.Error("flaky channel never failed")
	}
	// The sent-log agrees with what went out.
	st, err := cases.Open(path, cases.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	var done, pending int
	err = ViewLog(st, func(l *Log) error {
		return l.Each(func(rec *Record) error {
			if rec.Done {
				done++
			} else {
				pending++
			}
			if good.got[rec.Nudge.Key()] != 1 {
				t.Errorf("sent-log has %s, the channel did not get it", rec.Nudge.Key())
			}
			for _, d := range rec.Channels {
				if d.Channel == "flaky" && d.Attempts > 0 && d.Error == "" && d.Sent.IsZero() {
					t.Errorf("%s: failed attempt without error", rec.Nudge.Key())
				}
			}
			return nil
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	if done+pending != len(good.got) {
		t.Errorf("sent-log has %d records, %d nudges went out", done+pending, len(good.got))
	}
}

// TestCatchUpAfterGap checks that a 60-hour gap (a laptop asleep over a
// weekend) gives one late nudge per case and kind.
func TestCatchUpAfterGap(t *testing.T) {
	start := "2026-11-25T09:00:00+09:00" // Wednesday
	locked := newCase(t, "contoso.co.jp", "JP", cases.StageLockedOut, start)
	dpt := newCase(t, "fabrikam.com", "US", cases.StageDPTReview, "2026-11-24T09:00:00-05:00")
	promised := newCase(t, "example.co.jp", "JP", cases.StageTicketOpen, start)
	promised.TrackingID = "2411250040009999"
	if err := promised.AddContact(cases.Contact{At: at(t, start), Channel: cases.ChannelPhone, Direction: cases.DirOut,
		Summary: "agent will call back", CallbackBy: ptr(at(t, "2026-11-26T12:00:00+09:00"))}, at(t, start)); err != nil {
		t.Fatal(err)
	}
	path := newStore(t, locked, dpt, promised)
	rec := newRecorder(0)
	r := &Runner{Open: opener(path), Policy: policy(t, ""), Channels: []Channel{{"rec", rec}}}
	now := at(t, start)
	for ; now.Before(at(t, "2026-11-25T18:00:00+09:00")); now = now.Add(5 * time.Minute) {
		if _, err := r.Check(context.Background(), now, false); err != nil {
			t.Fatal(err)
		}
	}
	before := len(rec.got)
	// Asleep 60 hours: Wednesday 18:00 to Saturday 06:00 JST.
	now = now.Add(60 * time.Hour)
	res, err := r.Check(context.Background(), now, false)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, o := range res.Delivered {
		k := fmt.Sprintf("%d/%s", o.Nudge.Case, o.Nudge.Kind)
		if seen[k] {
			t.Errorf("more than one %s nudge after the gap", k)
		}
		seen[k] = true
		if !o.Nudge.Late {
			t.Errorf("%s not marked late", o.Nudge.Key())
		}
	}
	for _, k := range []string{"1/stalled", "2/stalled", "3/stalled", "3/promise-overdue"} {
		if !seen[k] {
			t.Errorf("no late %s nudge after the gap; got %v", k, seen)
		}
	}
	if len(rec.got) != before+len(res.Delivered) {
		t.Errorf("delivered %d, recorder got %d more", len(res.Delivered), len(rec.got)-before)
	}
	// And the next tick sends nothing.
	res, err = r.Check(context.Background(), now.Add(5*time.Minute), false)
	if err != nil || len(res.Delivered)+len(res.Failed) != 0 {
		t.Fatalf("second check after the gap: %+v, %v", res, err)
	}
}

// TestFailingChannelDoesNotBlock: a channel that fails every time is
// retried with backoff and gives up; the other channel delivers at once.
func TestFailingChannelDoesNotBlock(t *testing.T) {
	start := "2026-11-25T09:00:00+09:00"
	path := newStore(t, newCase(t, "contoso.co.jp", "JP", cases.StageLockedOut, start), newCase(t, "fabrikam.co.jp", "JP", cases.StageLockedOut, start))
	bad, good := newRecorder(1000), newRecorder(0)
	r := &Runner{Open: opener(path), Policy: policy(t, ""), Channels: []Channel{{"bad", bad}, {"good", good}}, Attempts: 3,
		Scrub: func(s string) string { return MaskScrub(s, "https://hooks.example.net/secret-token") }}
	now := at(t, start).Add(time.Minute)
	res, err := r.Check(context.Background(), now, false)
	if err != nil {
		t.Fatal(err)
	}
	if len(good.got) != 2 || len(res.Delivered) != 2 {
		t.Fatalf("good channel got %d", len(good.got))
	}
	// The bad channel was tried once; the second case waits for the next tick.
	if len(res.Failed) != 1 || res.Failed[0].Retry.Sub(now) != time.Minute {
		t.Fatalf("failed %+v", res.Failed)
	}
	if e := res.Failed[0].Err.Error(); e != "502 bad gateway from https://hooks.example.net/****" {
		t.Fatalf("secret not masked: %q", e)
	}
	var tries []int
	for i := 0; i < 40; i++ {
		now = now.Add(time.Minute)
		res, err := r.Check(context.Background(), now, false)
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Delivered) != 0 {
			t.Fatalf("delivered again: %+v", res.Delivered)
		}
		tries = append(tries, len(res.Failed))
	}
	total := 0
	for _, n := range bad.tries {
		total += n
	}
	if total != 6 { // 3 attempts for each of two nudges, then it gives up
		t.Fatalf("bad channel tried %d times (per tick %v)", total, tries)
	}
}

// TestClaimKeepsSecondProcessOff: while one process is sending a nudge,
// another check does not send it too.
func TestClaimKeepsSecondProcessOff(t *testing.T) {
	start := "2026-11-25T09:00:00+09:00"
	path := newStore(t, newCase(t, "contoso.co.jp", "JP", cases.StageLockedOut, start))
	rec := newRecorder(0)
	now := at(t, start).Add(time.Minute)
	var second *Result
	hold := notifyFunc(func(ctx context.Context, n Nudge) error {
		r2 := &Runner{Open: opener(path), Policy: policy(t, ""), Channels: []Channel{{"rec", rec}}}
		var err error
		second, err = r2.Check(ctx, now, false)
		if err != nil {
			t.Error(err)
		}
		return rec.Notify(ctx, n)
	})
	r1 := &Runner{Open: opener(path), Policy: policy(t, ""), Channels: []Channel{{"rec", hold}}}
	if _, err := r1.Check(context.Background(), now, false); err != nil {
		t.Fatal(err)
	}
	if second == nil || second.Busy != 1 || len(second.Delivered) != 0 {
		t.Fatalf("second process: %+v", second)
	}
	for k, n := range rec.got {
		if n != 1 {
			t.Fatalf("%s sent %d times", k, n)
		}
	}
}

type notifyFunc func(ctx context.Context, n Nudge) error

func (f notifyFunc) Notify(ctx context.Context, n Nudge) error { return f(ctx, n) }

func TestDryRunChangesNothing(t *testing.T) {
	start := "2026-11-25T09:00:00+09:00"
	path := newStore(t, newCase(t, "contoso.co.jp", "JP", cases.StageLockedOut, start))
	rec := newRecorder(0)
	r := &Runner{Open: opener(path), Policy: policy(t, ""), Channels: []Channel{{"rec", rec}}}
	for i := 0; i < 2; i++ {
		res, err := r.Check(context.Background(), at(t, start).Add(time.Minute), true)
		if err != nil || len(res.Due) != 1 || len(rec.tries) != 0 {
			t.Fatalf("dry run %d: %+v %v, sent %d", i, res, err, len(rec.tries))
		}
	}
}

// TestOldNudgesStaySent: a nudge whose due time never moves (call-now,
// promise-overdue) is still known as sent long after its record was
// pruned, and does not go out again on every tick.
func TestOldNudgesStaySent(t *testing.T) {
	start := "2026-01-07T09:00:00+09:00"
	locked := newCase(t, "contoso.co.jp", "JP", cases.StageLockedOut, start)
	promised := newCase(t, "example.co.jp", "JP", cases.StageTicketOpen, start)
	promised.TrackingID = "2601070040009999"
	if err := promised.AddContact(cases.Contact{At: at(t, start), Channel: cases.ChannelPhone, Direction: cases.DirOut,
		Summary: "agent will call back", CallbackBy: ptr(at(t, "2026-01-08T12:00:00+09:00"))}, at(t, start)); err != nil {
		t.Fatal(err)
	}
	path := newStore(t, locked, promised)
	rec := newRecorder(0)
	r := &Runner{Open: opener(path), Policy: policy(t, ""), Channels: []Channel{{"rec", rec}}}
	now := at(t, "2026-07-27T10:00:00+09:00") // 200 days on: records older than 120 days are pruned
	var sent []string
	for i := 0; i < 3; i++ {
		res, err := r.Check(context.Background(), now.Add(time.Duration(i)*5*time.Minute), false)
		if err != nil {
			t.Fatal(err)
		}
		for _, o := range res.Delivered {
			if o.Nudge.Kind == KindCallNow || o.Nudge.Kind == KindPromiseOverdue {
				sent = append(sent, fmt.Sprintf("check %d: %s", i+1, o.Nudge.Key()))
			}
		}
	}
	if len(sent) != 2 {
		t.Errorf("call-now and promise-overdue should each go out once (late), got:\n%s", strings.Join(sent, "\n"))
	}
}

func TestPrune(t *testing.T) {
	start := "2026-11-25T09:00:00+09:00"
	path := newStore(t, newCase(t, "contoso.co.jp", "JP", cases.StageLockedOut, start))
	r := &Runner{Open: opener(path), Policy: policy(t, ""), Channels: []Channel{{"rec", newRecorder(0)}}, Keep: 24 * time.Hour}
	if _, err := r.Check(context.Background(), at(t, start), false); err != nil {
		t.Fatal(err)
	}
	count := func() int {
		st, err := cases.Open(path, cases.Options{ReadOnly: true})
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		n := 0
		ViewLog(st, func(l *Log) error { return l.Each(func(*Record) error { n++; return nil }) })
		return n
	}
	if count() != 1 {
		t.Fatal("nothing recorded")
	}
	// Two days on, something else is sent and the old record goes.
	if _, err := r.Check(context.Background(), at(t, start).Add(50*time.Hour), false); err != nil {
		t.Fatal(err)
	}
	st, _ := cases.Open(path, cases.Options{ReadOnly: true})
	var keys []string
	ViewLog(st, func(l *Log) error {
		return l.Each(func(rec *Record) error { keys = append(keys, rec.Nudge.Key()); return nil })
	})
	st.Close()
	for _, k := range keys {
		if k < at(t, start).Add(26*time.Hour).UTC().Format("20060102T150405Z") {
			t.Errorf("old record %s kept", k)
		}
	}
	if len(keys) == 0 {
		t.Error("new record missing")
	}
}

// TestSentIndex checks the case-order index against exact keys: a nudge
// due after the latest done one is not sent, the done one is, and an
// earlier one (a promise moved earlier) is looked up by its key.
func TestSentIndex(t *testing.T) {
	path := newStore(t)
	st, err := cases.Open(path, cases.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	t1 := at(t, "2026-11-26T18:00:00+09:00")
	t0 := t1.Add(-time.Hour)
	done := func(c uint64, due time.Time) *Record {
		return &Record{Nudge: Nudge{Case: c, Kind: KindPromiseOverdue, Due: due}, Done: true}
	}
	err = UpdateLog(st, func(l *Log) error {
		for _, r := range []*Record{done(2, t1), done(5, t0), done(5, t1), done(9, t1), {Nudge: Nudge{Case: 7, Kind: KindPromiseOverdue, Due: t1}}} {
			if err := l.Put(r); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		c    uint64
		due  time.Time
		want bool
	}{
		{1, t1, false}, {2, t1, true}, {2, t1.Add(time.Second), false}, {2, t0, false},
		{5, t0, true}, {5, t1, true}, {5, t0.Add(time.Minute), false},
		{7, t1, false}, // pending, not done
		{9, t1, true}, {10, t1, false},
	}
	err = ViewLog(st, func(l *Log) error {
		for round := 0; round < 2; round++ { // in order, then again from the start
			for _, tc := range tests {
				if got := l.sentAt(tc.c, KindPromiseOverdue, tc.due); got != tc.want {
					t.Errorf("sentAt(%d, %s) = %v, want %v", tc.c, tc.due, got, tc.want)
				}
				if got := l.Sent(keyOf(tc.c, KindPromiseOverdue, tc.due)); got != tc.want {
					t.Errorf("Sent(%d, %s) = %v, want %v", tc.c, tc.due, got, tc.want)
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestManyNudgesInBatches: more nudges than one batch all go out once.
func TestManyNudgesInBatches(t *testing.T) {
	start := "2026-11-25T09:00:00+09:00"
	var cs []cases.Case
	for i := 1; i <= 2*batchSize+7; i++ {
		d := fmt.Sprintf("t%d.example.jp", i)
		cs = append(cs, *newCase(t, d, "JP", cases.StageLockedOut, start))
	}
	path := newStore(t)
	st, err := cases.Open(path, cases.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := st.Import(cs, false); err != nil {
		t.Fatal(err)
	}
	st.Close()
	rec := newRecorder(0)
	r := &Runner{Open: opener(path), Policy: policy(t, ""), Channels: []Channel{{"rec", rec}}}
	res, err := r.Check(context.Background(), at(t, start).Add(time.Minute), false)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Delivered) != len(cs) || len(rec.got) != len(cs) {
		t.Fatalf("delivered %d, recorder got %d, want %d", len(res.Delivered), len(rec.got), len(cs))
	}
	res, err = r.Check(context.Background(), at(t, start).Add(2*time.Minute), false)
	if err != nil || len(res.Due) != 0 {
		t.Fatalf("second check: %d due, %v", len(res.Due), err)
	}
}
