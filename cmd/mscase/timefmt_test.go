package main

import (
	"math/rand/v2"
	"testing"
	"time"
)

// TestRFC3339MatchesTimePackage checks the list's cached formatter against
// the time package on times around DST changes (New York, London, Lord
// Howe's half-hour shift), zones without DST, midnight and in random
// order, so that a cached day or offset never leaks into the next time.
func TestRFC3339MatchesTimePackage(t *testing.T) {
	zones := []string{"UTC", "Asia/Tokyo", "America/New_York", "Europe/London", "Australia/Lord_Howe", "Asia/Kolkata", "America/St_Johns", "Pacific/Chatham"}
	instants := []time.Time{
		time.Date(2026, 3, 8, 6, 59, 59, 0, time.UTC), // New York, just before spring forward
		time.Date(2026, 3, 8, 7, 0, 0, 0, time.UTC),
		time.Date(2026, 11, 1, 5, 59, 59, 999999999, time.UTC), // just before fall back
		time.Date(2026, 11, 1, 6, 0, 0, 0, time.UTC),
		time.Date(2026, 3, 29, 0, 59, 59, 0, time.UTC), // London
		time.Date(2026, 3, 29, 1, 0, 0, 0, time.UTC),
		time.Date(2026, 10, 25, 0, 59, 59, 0, time.UTC),
		time.Date(2026, 10, 25, 1, 0, 0, 0, time.UTC),
		time.Date(2026, 4, 4, 14, 59, 59, 0, time.UTC), // Lord Howe, 30 min back
		time.Date(2026, 4, 4, 15, 0, 0, 0, time.UTC),
		time.Date(2026, 12, 31, 15, 0, 0, 0, time.UTC), // Tokyo new year
		time.Date(2026, 12, 31, 14, 59, 59, 0, time.UTC),
		time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC),
		time.Date(2099, 12, 31, 23, 59, 59, 0, time.UTC),
		time.Date(1969, 12, 31, 23, 59, 59, 500, time.UTC), // before the epoch, with a fraction
		{}, // the zero time: local mean time, an offset with seconds
	}
	r := rand.New(rand.NewPCG(1, 2))
	base := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).Unix()
	for range 3000 {
		instants = append(instants, time.Unix(base+r.Int64N(2*366*86400), r.Int64N(1e9)))
	}
	for range 500 { // any time at all, years 1 to 9999 and beyond
		instants = append(instants, time.Unix(r.Int64N(400000*86400*365)-200000*86400*365, 0))
	}
	// Neighbours of each instant, so the cache is hit across a boundary.
	for _, in := range instants[:15] {
		for _, d := range []time.Duration{-time.Hour, -time.Second, time.Second, time.Hour, 23 * time.Hour} {
			instants = append(instants, in.Add(d))
		}
	}
	for _, z := range zones {
		loc, err := time.LoadLocation(z)
		if err != nil {
			t.Skipf("zone %s: %v (no tzdata)", z, err)
		}
		c := newRFC3339(loc)
		for i, in := range instants {
			got := string(c.append(nil, in))
			want := in.In(loc).Format(time.RFC3339)
			if got != want {
				t.Fatalf("%s, instant %d (%s): got %s, want %s", z, i, in.UTC().Format(time.RFC3339Nano), got, want)
			}
		}
	}
}
