package cases

import (
	"encoding/binary"
	"fmt"
	"slices"
	"sort"
	"testing"

	bolt "go.etcd.io/bbolt"
)

// TestOpenCountries: the country index gives the countries of the cases
// that are not closed, as reading every summary does, through creates,
// changes of country, closing, reopening, deletes and imports; a file
// from before the index, and a write by an mscase that does not keep it,
// leave it untrusted until this mscase writes again, which counts over.
func TestOpenCountries(t *testing.T) {
	s, _ := openTest(t)
	scan := func() []string {
		t.Helper()
		seen := map[string]bool{}
		var out []string
		if err := s.EachSummary(func(sum *Summary) error {
			if sum.Country != "" && sum.Stage != StageClosed && !seen[sum.Country] {
				seen[sum.Country] = true
				out = append(out, sum.Country)
			}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		sort.Strings(out)
		return out
	}
	check := func(step string, wantOK bool, want ...string) {
		t.Helper()
		got, ok, err := s.OpenCountries()
		if err != nil {
			t.Fatalf("%s: %v", step, err)
		}
		if ok != wantOK {
			t.Fatalf("%s: index trusted %v, want %v", step, ok, wantOK)
		}
		if !ok {
			return
		}
		if !slices.Equal(got, want) || !slices.Equal(got, scan()) {
			t.Fatalf("%s: countries %q, want %q (the summaries say %q)", step, got, want, scan())
		}
	}
	check("empty", true)
	for i, cc := range []string{"JP", "US", "JP", "", "DE"} {
		c := newCase(fmt.Sprintf("241125004000%04d", i))
		c.Country = cc
		if err := s.Create(c); err != nil {
			t.Fatal(err)
		}
	}
	check("created", true, "DE", "JP", "US")
	steps := []struct {
		name string
		ref  string
		fn   func(*Case)
		want []string
	}{
		{"close one of two JP", "1", func(c *Case) { c.Stage = StageClosed }, []string{"DE", "JP", "US"}},
		{"close the other JP", "3", func(c *Case) { c.Stage = StageClosed }, []string{"DE", "US"}},
		{"closed case moves to GB", "3", func(c *Case) { c.Country = "GB" }, []string{"DE", "US"}},
		{"reopen it", "3", func(c *Case) { c.Stage = StageLockedOut }, []string{"DE", "GB", "US"}},
		{"US to JP", "2", func(c *Case) { c.Country = "JP" }, []string{"DE", "GB", "JP"}},
		{"no country to FR", "4", func(c *Case) { c.Country = "FR" }, []string{"DE", "FR", "GB", "JP"}},
		{"title only", "4", func(c *Case) { c.Title = "x" }, []string{"DE", "FR", "GB", "JP"}},
	}
	for _, st := range steps {
		if _, err := s.Update(st.ref, func(c *Case) error { st.fn(c); return nil }); err != nil {
			t.Fatalf("%s: %v", st.name, err)
		}
		check(st.name, true, st.want...)
	}
	if _, err := s.Delete("5"); err != nil {
		t.Fatal(err)
	}
	check("deleted DE", true, "FR", "GB", "JP")
	imp := *newCase("2411250040009999")
	imp.Country = "NZ"
	if _, _, err := s.Import([]Case{imp}, false); err != nil {
		t.Fatal(err)
	}
	imp.Country = "AU"
	if _, _, err := s.Import([]Case{imp}, true); err != nil {
		t.Fatal(err)
	}
	check("imported NZ, replaced as AU", true, "AU", "FR", "GB", "JP")

	// A write by an mscase that keeps the wake index but not this one
	// (it stamps meta/wake-tx only): here it moves case 2 to KR.
	if err := s.DB().Update(func(tx *bolt.Tx) error {
		c, err := getCase(tx, 2)
		if err != nil {
			return err
		}
		c.Country = "KR"
		rec, sum, err := Encode(c)
		if err != nil {
			return err
		}
		if err := tx.Bucket(bucketCases).Put(itob(2), rec); err != nil {
			return err
		}
		if err := tx.Bucket(bucketSummaries).Put(itob(2), sum); err != nil {
			return err
		}
		return tx.Bucket(bucketMeta).Put(keyWakeTx, itob(uint64(tx.ID())))
	}); err != nil {
		t.Fatal(err)
	}
	check("after an older mscase wrote", false)
	if _, err := s.Update("4", func(c *Case) error { c.Title = "y"; return nil }); err != nil {
		t.Fatal(err)
	}
	check("counted over", true, "AU", "FR", "GB", "KR")

	// A file from before the index: no bucket, no stamp.
	if err := s.DB().Update(func(tx *bolt.Tx) error {
		if err := tx.DeleteBucket(bucketCountries); err != nil {
			return err
		}
		return tx.Bucket(bucketMeta).Delete(keyCountriesTx)
	}); err != nil {
		t.Fatal(err)
	}
	check("file from before the index", false)
	if _, err := s.Update("4", func(c *Case) error { c.Stage = StageClosed; return nil }); err != nil {
		t.Fatal(err)
	}
	check("first write builds it", true, "AU", "GB", "KR")
	// The counts themselves: GB and AU one case each, KR one.
	if err := s.DB().View(func(tx *bolt.Tx) error {
		for _, cc := range []string{"AU", "GB", "KR"} {
			if v := tx.Bucket(bucketCountries).Get([]byte(cc)); len(v) != 8 || binary.BigEndian.Uint64(v) != 1 {
				t.Errorf("count of %s: %v, want 1", cc, v)
			}
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
}
