package cases

import (
	"fmt"
	"testing"

	bolt "go.etcd.io/bbolt"
)

// TestPagesFilled: cases written in number order (an import, or one at a
// time) fill the pages of the summaries and cases buckets to nearly 90%,
// not bbolt's default half: a check reads the summaries of the cases due,
// spread over every page, and the file is smaller.
func TestPagesFilled(t *testing.T) {
	s, _ := openTest(t)
	var cs []Case
	for i := 0; i < 3000; i++ {
		cs = append(cs, *newCase(fmt.Sprintf("24112500400%05d", i)))
	}
	if _, _, err := s.Import(cs[:2000], false); err != nil {
		t.Fatal(err)
	}
	for i := 2000; i < 2300; i++ {
		if err := s.Create(&cs[i]); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.DB().View(func(tx *bolt.Tx) error {
		for _, name := range []string{"summaries", "tracking", "wakeof"} {
			st := tx.Bucket([]byte(name)).Stats()
			fill := float64(st.LeafInuse) / float64(st.LeafPageN*s.DB().Info().PageSize)
			if fill < 0.8 {
				t.Errorf("bucket %s: leaf pages %.0f%% full, want 80%% or more", name, fill*100)
			}
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
}
