package cases

import (
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
)

// TestViewSummaryParts: the parts cover every summary once, in runs of
// ascending case numbers in part order, side by side on a big database
// and as one part on a small one; an error or a panic in any part reaches
// the caller.
func TestViewSummaryParts(t *testing.T) {
	s, _ := openTest(t)
	const total = 2*minPerPart + 137
	var cs []Case
	for i := 1; i <= total; i++ {
		c := newCase(fmt.Sprintf("2611%012d", i))
		c.Number = uint64(i)
		cs = append(cs, *c)
	}
	if _, _, err := s.Import(cs, false); err != nil {
		t.Fatal(err)
	}
	walkParts := func(parts int) [][]uint64 {
		t.Helper()
		got := make([][]uint64, parts)
		var mu sync.Mutex
		seen := map[int]bool{}
		err := s.ViewSummaryParts(parts, func(p int, walk func(func(*Summary) error) error) error {
			mu.Lock()
			seen[p] = true
			mu.Unlock()
			return walk(func(sum *Summary) error {
				if sum.TrackingID != fmt.Sprintf("2611%012d", sum.Number) {
					return fmt.Errorf("case %d has tracking ID %s", sum.Number, sum.TrackingID)
				}
				got[p] = append(got[p], sum.Number)
				return nil
			})
		})
		if err != nil {
			t.Fatal(err)
		}
		return got
	}
	for _, tc := range []struct{ parts, want int }{{1, 1}, {2, 2}, {4, 2}, {3, 2}} {
		got := walkParts(tc.parts)
		var all []uint64
		used := 0
		for _, p := range got {
			if len(p) > 0 {
				used++
			}
			if len(all) > 0 && len(p) > 0 && p[0] <= all[len(all)-1] {
				t.Errorf("parts %d: a part starts at %d after %d", tc.parts, p[0], all[len(all)-1])
			}
			all = append(all, p...)
		}
		if used != tc.want {
			t.Errorf("parts %d: %d parts walked, want %d", tc.parts, used, tc.want)
		}
		if len(all) != total || !slices.IsSorted(all) || all[0] != 1 || all[total-1] != total {
			t.Errorf("parts %d: walked %d summaries, want each of 1..%d once", tc.parts, len(all), total)
		}
	}

	boom := errors.New("boom")
	err := s.ViewSummaryParts(2, func(p int, walk func(func(*Summary) error) error) error {
		return walk(func(sum *Summary) error {
			if p == 0 && sum.Number == 5 {
				return boom
			}
			return nil
		})
	})
	if !errors.Is(err, boom) {
		t.Errorf("an error in part 0: got %v", err)
	}

	func() {
		defer func() {
			if r := recover(); r != "part 0 panicked" {
				t.Errorf("a panic in part 0 reached the caller as %v", r)
			}
		}()
		_ = s.ViewSummaryParts(2, func(p int, walk func(func(*Summary) error) error) error {
			if p == 0 {
				panic("part 0 panicked")
			}
			return walk(func(*Summary) error { return nil })
		})
		t.Error("no panic")
	}()
}
