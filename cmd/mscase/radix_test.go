package main

import (
	"math/rand/v2"
	"slices"
	"testing"
)

func TestRadixOrder(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for _, tc := range []struct {
		name string
		gen  func() uint64
		n    int
	}{
		{"empty", func() uint64 { return 0 }, 0},
		{"one", func() uint64 { return 42 }, 1},
		{"all equal", func() uint64 { return 7 << 40 }, 500},
		{"small range", func() uint64 { return r.Uint64N(4) }, 1000},
		{"full range", r.Uint64, 5000},
		{"high bits only", func() uint64 { return r.Uint64N(4) << 62 }, 2000},
		{"rank and deadline", func() uint64 { return r.Uint64N(4)<<62 | r.Uint64N(1<<32)<<30 | r.Uint64N(1e9) }, 10000},
	} {
		keys := make([]uint64, tc.n)
		for i := range keys {
			keys[i] = tc.gen()
		}
		want := make([]uint32, tc.n)
		for i := range want {
			want[i] = uint32(i)
		}
		slices.SortStableFunc(want, func(x, y uint32) int {
			switch {
			case keys[x] < keys[y]:
				return -1
			case keys[x] > keys[y]:
				return 1
			}
			return 0
		})
		if got := radixOrder(keys); !slices.Equal(got, want) {
			t.Errorf("%s: radixOrder differs from a stable sort", tc.name)
		}
	}
}
