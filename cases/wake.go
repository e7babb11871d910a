package cases

import (
	"bytes"
	"cmp"
	"encoding/binary"
	"fmt"
	"slices"
	"time"

	bolt "go.etcd.io/bbolt"
)

// The wake index says, for every case that is not closed, from when it may
// have a reminder due: `reminders check` reads only the cases whose instant
// has come instead of all of them. The cases package keeps it conservative
// by itself: every write of a case sets the case's instant to 0 ("look at
// it"), a closed or deleted case leaves it. The reminders, which know the
// rules and the configuration, put a later instant back after they have
// looked (SetWakes). See FORMAT.md.
var (
	bucketWake   = []byte("wake")   // wake instant (8) + case number (8) -> the case's summary
	bucketWakeOf = []byte("wakeof") // case number (8) -> wake instant (8)
	keyWakeTag   = []byte("wake-tag")
	keyWakeTx    = []byte("wake-tx")
	// keyWakeSumsTx is wake-tx for the summaries kept in the wake index:
	// an mscase that keeps the index but not its summaries leaves them
	// stale, and stamps wake-tx but not this.
	keyWakeSumsTx = []byte("wake-sums-tx")
)

// update is db.Update for every write of this package: it keeps the wake
// index true to the cases. It stamps meta/wake-tx with the transaction's
// ID; a write by an mscase that does not know the index (which would
// leave it stale) shows as a gap between the stamp and the next
// transaction's ID, and the index then starts over with every case at 0.
func (s *Store) update(fn func(tx *bolt.Tx) error) error {
	return s.db.Update(func(tx *bolt.Tx) error {
		m := tx.Bucket(bucketMeta)
		// A file from before the index gets it on its first write, and
		// one written by an mscase that did not keep its summaries gets
		// them.
		if m != nil && (!stamped(tx, m, tx.ID()-1) || !sumsStamped(m, tx.ID()-1)) {
			if err := buildWake(tx, true); err != nil {
				return err
			}
		}
		// Likewise the country index (countries.go).
		if m != nil && !countriesKept(tx, m, tx.ID()-1) {
			if err := buildCountries(tx); err != nil {
				return err
			}
		}
		if err := fn(tx); err != nil {
			return err
		}
		// Keys mostly come in order (case numbers, due instants, wake
		// instants that move forward): pages split at 90% instead of
		// bbolt's 50% are nearly full, and a check that reads the
		// summaries of the cases due touches half as many pages.
		if err := tx.ForEach(func(_ []byte, b *bolt.Bucket) error {
			b.FillPercent = fillPercent
			return nil
		}); err != nil {
			return err
		}
		if m = tx.Bucket(bucketMeta); m == nil {
			return nil // not a case database yet
		}
		if err := m.Put(keyCountriesTx, itob(uint64(tx.ID()))); err != nil {
			return err
		}
		if err := m.Put(keyWakeSumsTx, itob(uint64(tx.ID()))); err != nil {
			return err
		}
		return m.Put(keyWakeTx, itob(uint64(tx.ID())))
	})
}

// fillPercent is how full a page is filled before it is split.
const fillPercent = 0.9

// stamped reports whether the wake index exists and the transaction with
// ID id was the last to write it.
func stamped(tx *bolt.Tx, m *bolt.Bucket, id int) bool {
	v := m.Get(keyWakeTx)
	return len(v) == 8 && binary.BigEndian.Uint64(v) == uint64(id) &&
		tx.Bucket(bucketWake) != nil && tx.Bucket(bucketWakeOf) != nil
}

// sumsStamped reports whether the transaction with ID id was the last to
// write the summaries kept in the wake index.
func sumsStamped(m *bolt.Bucket, id int) bool {
	v := m.Get(keyWakeSumsTx)
	return len(v) == 8 && binary.BigEndian.Uint64(v) == uint64(id)
}

// wakeValid reports whether the wake index of a read transaction can be
// trusted for rules tag: it exists, the last write was stamped by an
// mscase that keeps it, and its instants were worked out with tag.
func wakeValid(tx *bolt.Tx, tag string) bool {
	m := tx.Bucket(bucketMeta)
	return m != nil && stamped(tx, m, tx.ID()) && string(m.Get(keyWakeTag)) == tag
}

// wakeKey is the key of case n waking at w (Unix nanoseconds, 0 or more).
func wakeKey(w uint64, n uint64) []byte {
	k := make([]byte, 16)
	binary.BigEndian.PutUint64(k, w)
	binary.BigEndian.PutUint64(k[8:], n)
	return k
}

func wakeNanos(t time.Time) uint64 {
	if t.IsZero() || t.UnixNano() < 0 {
		return 0
	}
	return uint64(t.UnixNano())
}

// setWake moves case n, whose encoded summary is sum, to wake at w in tx,
// or out of the index when closed; it does nothing when the index does not
// exist (a database opened read-only before the index came). The entry
// holds a copy of the summary: the cases a check reads lie side by side in
// the index, where their summaries in the summaries bucket are spread over
// the whole file, and a check then maps a tenth of the pages (see
// EachSummaryWaking).
func setWake(tx *bolt.Tx, n uint64, w uint64, closed bool, sum []byte) error {
	idx, of := tx.Bucket(bucketWake), tx.Bucket(bucketWakeOf)
	if idx == nil || of == nil {
		return nil
	}
	num := itob(n)
	if old := of.Get(num); len(old) == 8 {
		if !closed && binary.BigEndian.Uint64(old) == w && bytes.Equal(idx.Get(wakeKey(w, n)), sum) {
			return nil
		}
		if err := idx.Delete(wakeKey(binary.BigEndian.Uint64(old), n)); err != nil {
			return err
		}
	}
	if closed {
		return of.Delete(num)
	}
	if err := idx.Put(wakeKey(w, n), sum); err != nil {
		return err
	}
	return of.Put(num, itob(w))
}

// buildWake creates the wake index with every case that is not closed
// waking at 0: the first write to a database made before the index came.
// With reset it starts over even when the index exists.
func buildWake(tx *bolt.Tx, reset bool) error {
	if !reset && tx.Bucket(bucketWake) != nil && tx.Bucket(bucketWakeOf) != nil {
		return nil
	}
	for _, name := range [][]byte{bucketWake, bucketWakeOf} {
		if tx.Bucket(name) != nil {
			if err := tx.DeleteBucket(name); err != nil {
				return err
			}
		}
		if _, err := tx.CreateBucket(name); err != nil {
			return err
		}
	}
	b := tx.Bucket(bucketSummaries)
	if b == nil {
		return nil
	}
	var sum Summary
	return b.ForEach(func(k, v []byte) error {
		if err := decodeSummary(v, &sum, true); err != nil {
			return fmt.Errorf("decode summary of case %d: %w", binary.BigEndian.Uint64(k), err)
		}
		// A copy: bbolt's Put keeps the slice it is given until the
		// commit, and v is a page of the file.
		return setWake(tx, sum.Number, 0, sum.Stage == StageClosed, bytes.Clone(v))
	})
}

// EachSummaryWaking calls fn, in case-number order, for the summary of
// every case whose wake instant is at or before until: the cases that may
// have a reminder due then. tag names the rules the caller works out wake
// instants with (SetWakes); when the index holds instants worked out with
// other rules, or there is no index (a database no mscase with it has
// written yet), it calls fn for every case, like EachSummary. The Summary
// is reused between calls.
func (s *Store) EachSummaryWaking(tag string, until time.Time, fn func(*Summary) error) error {
	return s.db.View(func(tx *bolt.Tx) error {
		idx, sums := tx.Bucket(bucketWake), tx.Bucket(bucketSummaries)
		if !wakeValid(tx, tag) {
			return eachSummary(tx, false, fn)
		}
		if sums == nil {
			return nil
		}
		limit := wakeKey(wakeNanos(until), ^uint64(0))
		// The summaries kept in the index, when the last write kept
		// them: read from the index's own pages, side by side.
		kept := sumsStamped(tx.Bucket(bucketMeta), tx.ID())
		var nums []uint64
		var vals [][]byte
		c := idx.Cursor()
		for k, v := c.First(); k != nil && bytes.Compare(k, limit) <= 0; k, v = c.Next() {
			nums = append(nums, binary.BigEndian.Uint64(k[8:]))
			if kept {
				vals = append(vals, v)
			}
		}
		var sum Summary
		if kept {
			order := make([]int32, len(nums))
			for i := range order {
				order[i] = int32(i)
			}
			slices.SortFunc(order, func(a, b int32) int { return cmp.Compare(nums[a], nums[b]) })
			for _, i := range order {
				if err := decodeSummary(vals[i], &sum, false); err != nil {
					return fmt.Errorf("decode summary of case %d: %w", nums[i], err)
				}
				if err := fn(&sum); err != nil {
					return err
				}
			}
			return nil
		}
		slices.Sort(nums)
		// One cursor for every lookup, in key order: Get makes a
		// cursor, and its stack, each time.
		sc := sums.Cursor()
		var key [8]byte
		for _, n := range nums {
			binary.BigEndian.PutUint64(key[:], n)
			k, v := sc.Seek(key[:])
			if v == nil || !bytes.Equal(k, key[:]) {
				continue
			}
			if err := decodeSummary(v, &sum, false); err != nil {
				return fmt.Errorf("decode summary of case %d: %w", n, err)
			}
			if err := fn(&sum); err != nil {
				return err
			}
		}
		return nil
	})
}

// Wake is the wake instant the reminders worked out for a case from its
// summary as they read it.
type Wake struct {
	Summary Summary
	At      time.Time
}

func wakeTag(tx *bolt.Tx) string {
	if m := tx.Bucket(bucketMeta); m != nil {
		return string(m.Get(keyWakeTag))
	}
	return ""
}

// SetWakes records, in one write transaction, when each case may next
// have a reminder due, worked out with the rules tag names. When the index
// holds instants of other rules, every case first goes back to 0. A case
// written since its summary was read keeps the instant its write gave it
// (0: look at it), so a change is never hidden by a wake worked out from
// the old summary.
func (s *Store) SetWakes(tag string, ws []Wake) error {
	if len(ws) == 0 {
		return nil
	}
	// A check that finds nothing new must not write: most ticks of the
	// daemon are like that.
	var change bool
	if err := s.db.View(func(tx *bolt.Tx) error {
		of := tx.Bucket(bucketWakeOf)
		change = !wakeValid(tx, tag) || of == nil
		for i := 0; i < len(ws) && !change; i++ {
			v := of.Get(itob(ws[i].Summary.Number))
			change = len(v) != 8 || binary.BigEndian.Uint64(v) != wakeNanos(ws[i].At)
		}
		return nil
	}); err != nil || !change {
		return err
	}
	return s.update(func(tx *bolt.Tx) error {
		retag := wakeTag(tx) != tag
		if err := buildWake(tx, retag); err != nil {
			return err
		}
		if retag {
			if err := tx.Bucket(bucketMeta).Put(keyWakeTag, []byte(tag)); err != nil {
				return err
			}
		}
		sums := tx.Bucket(bucketSummaries)
		var cur Summary
		for i := range ws {
			w := &ws[i]
			v := sums.Get(itob(w.Summary.Number))
			if v == nil || decodeSummary(v, &cur, true) != nil ||
				!bytes.Equal(encodeSummary(&cur), encodeSummary(&w.Summary)) {
				continue
			}
			if err := setWake(tx, w.Summary.Number, wakeNanos(w.At), cur.Stage == StageClosed, bytes.Clone(v)); err != nil {
				return err
			}
		}
		return nil
	})
}
