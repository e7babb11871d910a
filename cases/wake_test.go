package cases

import (
	"fmt"
	"slices"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

// TestWakeIndex: every write of a case puts it at 0 ("look at it"); the
// instants the reminders set hide a case until they come, for the rules
// they were set with only; a case written since its summary was read, a
// closed case and a deleted case are handled; a database from before the
// index gets it on its first write.
func TestWakeIndex(t *testing.T) {
	s, _ := openTest(t)
	for i := 0; i < 5; i++ {
		if err := s.Create(newCase(fmt.Sprintf("241125004000%04d", i))); err != nil {
			t.Fatal(err)
		}
	}
	waking := func(tag string, until time.Time) []uint64 {
		t.Helper()
		var out []uint64
		if err := s.EachSummaryWaking(tag, until, func(sum *Summary) error { out = append(out, sum.Number); return nil }); err != nil {
			t.Fatal(err)
		}
		return out
	}
	want := func(got []uint64, w ...uint64) {
		t.Helper()
		if !slices.Equal(got, w) {
			t.Fatalf("cases waking: %v, want %v", got, w)
		}
	}
	// No instants set yet under rule "r1": every case.
	want(waking("r1", t0), 1, 2, 3, 4, 5)
	sums, err := s.Summaries()
	if err != nil {
		t.Fatal(err)
	}
	ws := make([]Wake, len(sums))
	for i := range sums {
		ws[i] = Wake{Summary: sums[i], At: t0.Add(time.Duration(i+1) * time.Hour)}
	}
	if _, err := s.Update("2", func(c *Case) error { c.Title = "changed"; return nil }); err != nil {
		t.Fatal(err)
	}
	if err := s.SetWakes("r1", ws); err != nil {
		t.Fatal(err)
	}
	want(waking("r1", t0), 2)                        // written since it was read: still 0
	want(waking("r1", t0.Add(3*time.Hour)), 1, 2, 3) // 1 at +1h, 3 at +3h
	want(waking("r2", t0), 1, 2, 3, 4, 5)            // other rules: every case
	if _, err := s.Update("4", func(c *Case) error { c.Title = "again"; return nil }); err != nil {
		t.Fatal(err)
	}
	want(waking("r1", t0), 2, 4)
	if _, err := s.Update("5", func(c *Case) error { c.Stage = StageClosed; return nil }); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Delete("1"); err != nil {
		t.Fatal(err)
	}
	want(waking("r1", t0.Add(24*time.Hour)), 2, 3, 4) // closed 5 and deleted 1 are gone
	// An mscase from before the index writes: the index is not trusted
	// until the next write of this one, which starts it over.
	if err := s.DB().Update(func(tx *bolt.Tx) error { return tx.Bucket(bucketMeta).Put([]byte("x"), []byte("y")) }); err != nil {
		t.Fatal(err)
	}
	want(waking("r1", t0), 2, 3, 4, 5)
	if err := s.SetWakes("r1", []Wake{{Summary: sums[2], At: t0.Add(time.Hour)}}); err != nil {
		t.Fatal(err)
	}
	want(waking("r1", t0), 2, 4)
}

// TestWakeSummaries: the summaries a check reads come from the wake index,
// and are the summaries as last written; a write by an mscase that keeps
// the index but not its summaries (wake-tx stamped, wake-sums-tx not)
// makes readers go back to the summaries bucket until the next write,
// which puts the summaries back.
func TestWakeSummaries(t *testing.T) {
	s, _ := openTest(t)
	for i := 0; i < 3; i++ {
		if err := s.Create(newCase(fmt.Sprintf("241125004000%04d", i))); err != nil {
			t.Fatal(err)
		}
	}
	titles := func() []string {
		t.Helper()
		var out []string
		if err := s.EachSummaryWaking("r1", t0, func(sum *Summary) error { out = append(out, sum.Title); return nil }); err != nil {
			t.Fatal(err)
		}
		return out
	}
	indexed := func() int {
		t.Helper()
		n := 0
		if err := s.DB().View(func(tx *bolt.Tx) error {
			return tx.Bucket(bucketWake).ForEach(func(_, v []byte) error {
				if len(v) > 0 {
					n++
				}
				return nil
			})
		}); err != nil {
			t.Fatal(err)
		}
		return n
	}
	sums, err := s.Summaries()
	if err != nil {
		t.Fatal(err)
	}
	ws := make([]Wake, len(sums))
	for i := range sums {
		// Case 3 wakes in a day; 1 and 2 wake at t0, in the index in
		// reverse case order.
		ws[i] = Wake{Summary: sums[i], At: t0.Add(-time.Duration(i) * time.Minute)}
	}
	ws[2].At = t0.Add(24 * time.Hour)
	if err := s.SetWakes("r1", ws); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Update("1", func(c *Case) error { c.Title = "changed"; return nil }); err != nil {
		t.Fatal(err)
	}
	base := sums[1].Title
	if got, want := titles(), []string{"changed", base}; !slices.Equal(got, want) {
		t.Fatalf("titles from the index: %q, want %q (in case order)", got, want)
	}
	if indexed() != 3 {
		t.Fatalf("%d wake entries hold a summary, want 3", indexed())
	}
	// An mscase that stamps wake-tx but does not keep the summaries
	// changes case 2's summary without touching its wake entry.
	if err := s.DB().Update(func(tx *bolt.Tx) error {
		v := bytesClone(tx.Bucket(bucketSummaries).Get(itob(2)))
		var sum Summary
		if err := decodeSummary(v, &sum, false); err != nil {
			return err
		}
		sum.Title = "by an older mscase"
		if err := tx.Bucket(bucketSummaries).Put(itob(2), encodeSummary(&sum)); err != nil {
			return err
		}
		return tx.Bucket(bucketMeta).Put(keyWakeTx, itob(uint64(tx.ID())))
	}); err != nil {
		t.Fatal(err)
	}
	if got, want := titles(), []string{"changed", "by an older mscase"}; !slices.Equal(got, want) {
		t.Fatalf("titles after an older mscase wrote: %q, want %q", got, want)
	}
	// The next write starts the index over (every case at 0) with the
	// summaries as they are.
	if _, err := s.Update("3", func(c *Case) error { c.Title = "third"; return nil }); err != nil {
		t.Fatal(err)
	}
	if got, want := titles(), []string{"changed", "by an older mscase", "third"}; !slices.Equal(got, want) {
		t.Fatalf("titles after the next write: %q, want %q", got, want)
	}
}

func bytesClone(b []byte) []byte { return append([]byte(nil), b...) }
