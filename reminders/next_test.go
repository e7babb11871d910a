package reminders

import (
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/mscase/mscase/cases"
)

// nextCases are open cases of every stage in four countries, last touched
// from an hour to three weeks before now, some snoozed (still or no more),
// some with a promised callback, some closed or in a 1h stall limit's
// stage: what NextEach and Upcoming must agree on.
func nextCases(now time.Time) []cases.Summary {
	stages := []cases.Stage{cases.StageLockedOut, cases.StageTicketOpen, cases.StageDPTReview, cases.StageVerifying,
		cases.StageResetPending, cases.StageRecovered, cases.StageClosed}
	countries := []string{"JP", "US", "DE", "GB", ""}
	var out []cases.Summary
	for i := 0; i < 700; i++ {
		since := now.Add(-time.Duration(1+i*37%(21*24)) * time.Hour).Add(-time.Duration(i%60) * time.Minute)
		s := summary(uint64(i+1), countries[i%len(countries)], stages[i%len(stages)], since)
		if i%11 == 0 {
			s.Contacts = 0
		}
		if i%5 == 0 {
			s.Promise = ptr(since.Add(time.Duration(i%72) * time.Hour))
		}
		switch i % 13 {
		case 3:
			s.SnoozedUntil = ptr(now.Add(time.Duration(i%90) * time.Hour)) // still snoozed
		case 7:
			s.SnoozedUntil = ptr(now.Add(-time.Duration(i%50) * time.Hour)) // snooze over
		}
		s.OpenChecks = i % 3
		out = append(out, s)
	}
	return out
}

// TestNextEachIsFirstOfUpcoming: the next nudge of each case is the first
// one Upcoming lists for it over the same span, texts included, whatever
// was sent already. NextEach finds it without listing the others.
func TestNextEachIsFirstOfUpcoming(t *testing.T) {
	cfgs := map[string]string{
		"default": "",
		"hourly":  "[stall_limits]\nlocked-out = \"1h\"\nticket-open = \"3h\"\ndpt-review = \"1d4h\"\n",
	}
	for name, src := range cfgs {
		p := policy(t, src)
		for _, nowS := range []string{"2026-11-25T10:00:00+09:00", "2026-12-31T17:30:00+09:00", "2027-05-01T08:00:00+09:00", "2026-03-29T01:30:00+01:00"} {
			now := at(t, nowS)
			sums := nextCases(now)
			// Sent: the nudges due now of every third case.
			sent := KeySet{}
			for _, n := range Due(now, p, sums, nil) {
				if n.Case%3 == 0 {
					sent[n.Key()] = true
				}
			}
			within := 30 * 24 * time.Hour
			next := NextEach(now, p, sent, within)
			for i := range sums {
				s := &sums[i]
				t.Run(fmt.Sprintf("%s/%s/case%d", name, nowS, s.Number), func(t *testing.T) {
					want := Upcoming(now, now.Add(within), p, sums[i:i+1], sent)
					got, ok := next(s)
					if len(want) == 0 {
						if ok {
							t.Fatalf("NextEach = %s %s, Upcoming lists nothing", got.Kind, got.Due)
						}
						return
					}
					if !ok || !reflect.DeepEqual(got, want[0]) {
						t.Fatalf("NextEach = %v (%v)\nfirst of Upcoming = %v", got, ok, want[0])
					}
				})
			}
		}
	}
}

// TestUpcomingStallRepeatsMatchWalk: the stall reminders Upcoming lists
// are the ones found by walking every repeat from the first deadline, with
// their numbers, though Upcoming starts from the last one at or before now.
func TestUpcomingStallRepeatsMatchWalk(t *testing.T) {
	p := policy(t, "[stall_limits]\nlocked-out = \"1h\"\nticket-open = \"3h\"\ndpt-review = \"1d4h\"\n")
	now := at(t, "2026-11-25T10:00:00+09:00")
	until := now.Add(10 * 24 * time.Hour)
	for _, s := range nextCases(now) {
		if s.Stage == cases.StageClosed || s.Stage == cases.StageRecovered || (s.SnoozedUntil != nil && s.SnoozedUntil.After(now)) {
			continue
		}
		c := p.Calendar(s.Country)
		lim := p.Limits[s.Stage]
		var want []string
		d := c.Add(s.LastActivity(), lim)
		for k := 1; k <= maxRepeats && !d.After(until); k++ {
			if d.After(now) {
				want = append(want, d.UTC().Format(time.RFC3339)+" "+stallWhy(&s, c, lim, k))
			}
			d = c.Add(d, lim)
		}
		var got []string
		for _, n := range Upcoming(now, until, p, []cases.Summary{s}, nil) {
			if n.Kind == KindStalled && n.Due.After(now) { // the one due now comes from Due
				got = append(got, n.Due.UTC().Format(time.RFC3339)+" "+n.Why)
			}
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("case %d (%s, %s): Upcoming lists %d stall reminders, walking every repeat finds %d\nfirst listed %q\nfirst walked %q",
				s.Number, s.Country, s.Stage, len(got), len(want), append(got, "")[0], append(want, "")[0])
		}
	}
}
