package reminders

import (
	"reflect"
	"testing"
	"time"
)

// TestAgendaOrder checks that the agenda lists exactly what listing every
// nudge and sorting them stably gives (the way Upcoming worked before it
// wrote texts one nudge at a time), on cases of every stage, four
// countries, promises, and a snooze that moves stall repeats to its end.
func TestAgendaOrder(t *testing.T) {
	cfg := DefaultConfig()
	cfg.ZoneOf = testZone
	p, err := cfg.Policy(time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 11, 25, 10, 0, 0, 0, time.FixedZone("JST", 9*3600))
	sums := benchSummaries(now, 3000)
	for i := 0; i < len(sums); i += 7 {
		u := now.Add(time.Duration(i%50) * time.Hour)
		sums[i].SnoozedUntil = &u
	}
	for _, days := range []int{1, 3, 14} {
		until := now.Add(time.Duration(days) * 24 * time.Hour)
		e := &evaluator{now: now, p: p, brk: map[*Calendar][]breakOcc{}, until: until, fut: map[*Calendar][]breakOcc{}}
		var want []Nudge
		for i := range sums {
			want = e.due(&sums[i], want)
			want = e.upcoming(&sums[i], want)
		}
		sortNudges(want)
		got := Upcoming(now, until, p, sums, nil)
		if len(got) != len(want) || len(got) == 0 {
			t.Fatalf("%d days: %d nudges, want %d", days, len(got), len(want))
		}
		for i := range want {
			if !reflect.DeepEqual(got[i], want[i]) {
				t.Fatalf("%d days: nudge %d is %s, want %s", days, i, got[i].Key(), want[i].Key())
			}
		}
		if ag := UpcomingAgenda(now, until, p, sums, nil); ag.Len() != len(want) {
			t.Errorf("%d days: agenda of %d, want %d", days, ag.Len(), len(want))
		}
	}
}
