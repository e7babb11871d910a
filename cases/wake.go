package cases

import (
	"bytes"
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
	bucketWake   = []byte("wake")   // wake instant (8) + case number (8) -> empty
	bucketWakeOf = []byte("wakeof") // case number (8) -> wake instant (8)
	keyWakeTag   = []byte("wake-tag")
	keyWakeTx    = []byte("wake-tx")
)

// update is db.Update for every write of this package: it keeps the wake
// index true to the cases. It stamps meta/wake-tx with the transaction's
// ID; a write by an mscase that does not know the index (which would
// leave it stale) shows as a gap between the stamp and the next
// transaction's ID, and the index then starts over with every case at 0.
func (s *Store) update(fn func(tx *bolt.Tx) error) error {
	return s.db.Update(func(tx *bolt.Tx) error {
		m := tx.Bucket(bucketMeta)
		// A file from before the index gets it on its first write.
		if m != nil && !stamped(tx, m, tx.ID()-1) {
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

// setWake moves case n to wake at w in tx, or out of the index when
// closed; it does nothing when the index does not exist (a database
// opened read-only before the index came).
func setWake(tx *bolt.Tx, n uint64, w uint64, closed bool) error {
	idx, of := tx.Bucket(bucketWake), tx.Bucket(bucketWakeOf)
	if idx == nil || of == nil {
		return nil
	}
	num := itob(n)
	if old := of.Get(num); len(old) == 8 {
		if !closed && binary.BigEndian.Uint64(old) == w {
			return nil
		}
		if err := idx.Delete(wakeKey(binary.BigEndian.Uint64(old), n)); err != nil {
			return err
		}
	}
	if closed {
		return of.Delete(num)
	}
	if err := idx.Put(wakeKey(w, n), nil); err != nil {
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
	return eachSummary(tx, true, func(s *Summary) error {
		return setWake(tx, s.Number, 0, s.Stage == StageClosed)
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
		var nums []uint64
		c := idx.Cursor()
		for k, _ := c.First(); k != nil && bytes.Compare(k, limit) <= 0; k, _ = c.Next() {
			nums = append(nums, binary.BigEndian.Uint64(k[8:]))
		}
		slices.Sort(nums)
		var sum Summary
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
			if err := setWake(tx, w.Summary.Number, wakeNanos(w.At), cur.Stage == StageClosed); err != nil {
				return err
			}
		}
		return nil
	})
}
