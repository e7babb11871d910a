package cases

import (
	"bytes"
	"encoding/binary"
	"slices"

	bolt "go.etcd.io/bbolt"
)

// The country index counts, per country, the cases that are not closed.
// The reminders warn about each such country that has no holiday calendar;
// finding them by reading every summary was, on 100,000 cases, a third of
// a `reminders check` that otherwise reads only the cases due. Every write
// of a case keeps the counts, in the same transaction. meta/countries-tx
// holds the ID of the last transaction that kept them, as meta/wake-tx
// does for the wake index: a write by an mscase from before the index
// shows as a gap, readers then read the summaries, and the next write
// counts again from the summaries. See FORMAT.md.
var (
	bucketCountries = []byte("countries") // country code -> open cases (8 bytes)
	keyCountriesTx  = []byte("countries-tx")
)

// countriesKept reports whether the country index exists and the
// transaction with ID id was the last to write the file.
func countriesKept(tx *bolt.Tx, m *bolt.Bucket, id int) bool {
	v := m.Get(keyCountriesTx)
	return len(v) == 8 && binary.BigEndian.Uint64(v) == uint64(id) && tx.Bucket(bucketCountries) != nil
}

// buildCountries counts the open cases of each country from the
// summaries, replacing the index.
func buildCountries(tx *bolt.Tx) error {
	if tx.Bucket(bucketCountries) != nil {
		if err := tx.DeleteBucket(bucketCountries); err != nil {
			return err
		}
	}
	b, err := tx.CreateBucket(bucketCountries)
	if err != nil {
		return err
	}
	n := map[string]uint64{}
	if err := eachSummary(tx, true, func(s *Summary) error {
		if s.Country != "" && s.Stage != StageClosed {
			n[s.Country]++ // the key is copied when the map grows it
		}
		return nil
	}); err != nil {
		return err
	}
	for c, k := range n {
		if err := b.Put([]byte(c), itob(k)); err != nil {
			return err
		}
	}
	return nil
}

// countCountry adds delta to the open cases of country.
func countCountry(tx *bolt.Tx, country string, delta int) error {
	b := tx.Bucket(bucketCountries)
	if b == nil || country == "" || delta == 0 {
		return nil
	}
	key := []byte(country)
	var n uint64
	if v := b.Get(key); len(v) == 8 {
		n = binary.BigEndian.Uint64(v)
	}
	switch {
	case delta > 0:
		n += uint64(delta)
	case n <= uint64(-delta):
		return b.Delete(key)
	default:
		n -= uint64(-delta)
	}
	return b.Put(key, itob(n))
}

// recount moves a case's count from how its summary was (old, nil for a
// new case) to how it is (now, nil for a deleted case).
func recount(tx *bolt.Tx, old, now *Summary) error {
	oc, nc := openCountry(old), openCountry(now)
	if oc == nc {
		return nil
	}
	if err := countCountry(tx, oc, -1); err != nil {
		return err
	}
	return countCountry(tx, nc, 1)
}

// openCountry is the country a summary counts for: "" when it counts for
// none (no summary, no country, or closed).
func openCountry(s *Summary) string {
	if s == nil || s.Stage == StageClosed {
		return ""
	}
	return s.Country
}

// storedSummary is the summary of case n as stored in tx, or nil.
func storedSummary(tx *bolt.Tx, n uint64) *Summary {
	v := tx.Bucket(bucketSummaries).Get(itob(n))
	if v == nil {
		return nil
	}
	var s Summary
	if decodeSummary(v, &s, false) != nil {
		return nil
	}
	return &s
}

// OpenCountries lists, sorted, the countries that cases not closed name,
// from the country index. ok is false when the index cannot be trusted
// (no mscase that keeps it has written the file since an older one did):
// the caller reads the summaries instead.
func (s *Store) OpenCountries() (countries []string, ok bool, err error) {
	err = s.db.View(func(tx *bolt.Tx) error {
		m := tx.Bucket(bucketMeta)
		if m == nil || !countriesKept(tx, m, tx.ID()) {
			return nil
		}
		ok = true
		return tx.Bucket(bucketCountries).ForEach(func(k, v []byte) error {
			if len(v) == 8 && !bytes.Equal(v, make([]byte, 8)) {
				countries = append(countries, string(k))
			}
			return nil
		})
	})
	slices.Sort(countries)
	return countries, ok, err
}
