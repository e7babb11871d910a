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
