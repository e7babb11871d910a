package reminders

import (
	"strings"
	"testing"
	"time"

	"github.com/mscase/mscase/cases"
)

// dueCase is one named instant: the nudges Due must give for one case then.
type dueCase struct {
	name  string
	cfg   string
	sum   func(t *testing.T) cases.Summary
	now   string
	want  map[Kind]string // kind → due instant (RFC 3339, local)
	why   map[Kind]string // kind → text the Why must contain
	do    map[Kind]string // kind → text the Action must contain
	late  map[Kind]bool
	notes string
}

func TestDueNamedInstants(t *testing.T) {
	// A JP dpt-review case with a contact on Friday morning, not stalled by
	// the afternoon.
	jpFriday := func(t *testing.T) cases.Summary {
		return summary(1, "JP", cases.StageDPTReview, at(t, "2026-11-27T10:00:00+09:00"))
	}
	tests := []dueCase{
		{
			name: "Friday 15:00 before a normal weekend in Japan",
			sum:  jpFriday, now: "2026-11-27T15:00:00+09:00",
			want: map[Kind]string{KindBeforeBreak: "2026-11-27T15:00:00+09:00"},
			why:  map[Kind]string{KindBeforeBreak: "last working day before the weekend (Sat 28 Nov – Sun 29 Nov)"},
			do:   map[Kind]string{KindBeforeBreak: "TrackingID 2411250040001234: confirm the status and who owns the case until Mon 30 Nov"},
		},
		{
			name: "Friday 14:59: not yet",
			sum:  jpFriday, now: "2026-11-27T14:59:00+09:00",
			want: map[Kind]string{},
		},
		{
			name: "Friday 23:59: still due, marked late",
			sum:  jpFriday, now: "2026-11-27T23:59:00+09:00",
			want: map[Kind]string{KindBeforeBreak: "2026-11-27T15:00:00+09:00"},
			late: map[Kind]bool{KindBeforeBreak: true},
		},
		{
			name: "Saturday: the before-break moment has passed",
			sum:  jpFriday, now: "2026-11-28T10:00:00+09:00",
			want: map[Kind]string{},
		},
		{
			name: "Monday 09:30 after the weekend",
			sum:  jpFriday, now: "2026-11-30T09:30:00+09:00",
			want: map[Kind]string{KindAfterBreak: "2026-11-30T09:30:00+09:00"},
			why:  map[Kind]string{KindAfterBreak: "first working day after the weekend"},
			do:   map[Kind]string{KindAfterBreak: "call with TrackingID 2411250040001234: the case was quiet over the break"},
		},
		{
			name: "Monday after a contact logged that morning: no after-break nudge",
			sum: func(t *testing.T) cases.Summary {
				s := jpFriday(t)
				s.LastContact = at(t, "2026-11-30T09:10:00+09:00")
				return s
			},
			now:  "2026-11-30T09:30:00+09:00",
			want: map[Kind]string{},
		},
		{
			name: "Thursday before a three-day weekend in Japan (Coming of Age Day): the earlier nudge",
			sum: func(t *testing.T) cases.Summary {
				return summary(1, "JP", cases.StageDPTReview, at(t, "2027-01-07T10:00:00+09:00"))
			},
			now:  "2027-01-07T15:00:00+09:00",
			want: map[Kind]string{KindBeforeBreak: "2027-01-07T15:00:00+09:00"},
			why:  map[Kind]string{KindBeforeBreak: "two working days before the 3-day break (Sat 9 Jan – Mon 11 Jan: Coming of Age Day)"},
			do:   map[Kind]string{KindBeforeBreak: "until Tue 12 Jan"},
		},
		{
			name: "the Wednesday before Golden Week 2027: Thursday is Showa Day, so the earlier nudge comes now",
			sum: func(t *testing.T) cases.Summary {
				return summary(1, "JP", cases.StageVerifying, at(t, "2027-04-28T10:00:00+09:00"))
			},
			now:  "2027-04-28T15:00:00+09:00",
			want: map[Kind]string{KindBeforeBreak: "2027-04-28T15:00:00+09:00"},
			why:  map[Kind]string{KindBeforeBreak: "the holiday (Thu 29 Apr: Showa Day); after one working day (Fri 30 Apr) comes the 5-day break (Sat 1 May – Wed 5 May"},
		},
		{
			name: "the Thursday before Golden Week 2027 is itself a holiday: nothing fires",
			sum: func(t *testing.T) cases.Summary {
				return summary(1, "JP", cases.StageVerifying, at(t, "2027-04-28T16:00:00+09:00"))
			},
			now:  "2027-04-29T15:00:00+09:00",
			want: map[Kind]string{},
		},
		{
			name: "Friday 30 April 2027: the last working day before Golden Week",
			sum: func(t *testing.T) cases.Summary {
				return summary(1, "JP", cases.StageVerifying, at(t, "2027-04-30T10:00:00+09:00"))
			},
			now:  "2027-04-30T15:00:00+09:00",
			want: map[Kind]string{KindBeforeBreak: "2027-04-30T15:00:00+09:00"},
			why:  map[Kind]string{KindBeforeBreak: "5-day break (Sat 1 May – Wed 5 May: Constitution Memorial Day, Greenery Day, Children's Day)"},
			do:   map[Kind]string{KindBeforeBreak: "until Thu 6 May"},
		},
		{
			name: "28 Dec with the year-end closure: the last working day of 2026",
			sum: func(t *testing.T) cases.Summary {
				return summary(1, "JP", cases.StageDPTReview, at(t, "2026-12-28T10:00:00+09:00"))
			},
			now:  "2026-12-28T15:00:00+09:00",
			want: map[Kind]string{KindBeforeBreak: "2026-12-28T15:00:00+09:00"},
			why:  map[Kind]string{KindBeforeBreak: "6-day break (Tue 29 Dec – Sun 3 Jan: year-end closure, New Year's Day)"},
			do:   map[Kind]string{KindBeforeBreak: "until Mon 4 Jan"},
		},
		{
			name: "25 Dec: two working days before the year-end closure",
			sum: func(t *testing.T) cases.Summary {
				return summary(1, "JP", cases.StageDPTReview, at(t, "2026-12-25T10:00:00+09:00"))
			},
			now:  "2026-12-25T15:00:00+09:00",
			want: map[Kind]string{KindBeforeBreak: "2026-12-25T15:00:00+09:00"},
			why:  map[Kind]string{KindBeforeBreak: "last working day before the weekend (Sat 26 Dec – Sun 27 Dec); after one working day (Mon 28 Dec) comes the 6-day break"},
		},
		{
			name: "28 Dec with the year-end closure switched off: an ordinary Monday",
			cfg:  "jp_year_end_closure = false",
			sum: func(t *testing.T) cases.Summary {
				return summary(1, "JP", cases.StageDPTReview, at(t, "2026-12-28T10:00:00+09:00"))
			},
			now:  "2026-12-28T15:00:00+09:00",
			want: map[Kind]string{},
		},
		{
			name: "US case the Monday before the March 2027 DST change: 09:30 EST",
			sum: func(t *testing.T) cases.Summary {
				return summary(1, "US", cases.StageDPTReview, at(t, "2027-03-05T10:00:00-05:00"))
			},
			now:  "2027-03-08T09:45:00-05:00",
			want: map[Kind]string{KindAfterBreak: "2027-03-08T09:30:00-05:00"},
		},
		{
			name: "US case the Monday after the March 2027 DST change: 09:30 stays 09:30 (EDT)",
			sum: func(t *testing.T) cases.Summary {
				return summary(1, "US", cases.StageDPTReview, at(t, "2027-03-12T10:00:00-05:00"))
			},
			now:  "2027-03-15T09:45:00-04:00",
			want: map[Kind]string{KindAfterBreak: "2027-03-15T09:30:00-04:00"},
		},
		{
			name: "a Monday public holiday in the US (Martin Luther King Jr. Day): Friday before",
			sum: func(t *testing.T) cases.Summary {
				return summary(1, "US", cases.StageResetPending, at(t, "2027-01-15T11:00:00-05:00"))
			},
			now:  "2027-01-15T15:00:00-05:00",
			want: map[Kind]string{KindBeforeBreak: "2027-01-15T15:00:00-05:00"},
			why:  map[Kind]string{KindBeforeBreak: "3-day break (Sat 16 Jan – Mon 18 Jan: Martin Luther King Jr. Day)"},
			do:   map[Kind]string{KindBeforeBreak: "until Tue 19 Jan"},
		},
		{
			name: "a Monday public holiday in the US: Tuesday after, not Monday",
			sum: func(t *testing.T) cases.Summary {
				return summary(1, "US", cases.StageResetPending, at(t, "2027-01-15T11:00:00-05:00"))
			},
			now:  "2027-01-19T09:30:00-05:00",
			want: map[Kind]string{KindAfterBreak: "2027-01-19T09:30:00-05:00"}, // stalls at 11:00, a business day after Friday 11:00
		},
		{
			name: "a Monday public holiday in Japan (Coming of Age Day): nothing on the holiday",
			sum: func(t *testing.T) cases.Summary {
				return summary(1, "JP", cases.StageDPTReview, at(t, "2027-01-08T17:00:00+09:00"))
			},
			now:  "2027-01-11T09:30:00+09:00",
			want: map[Kind]string{},
		},
		{
			name: "touched Friday 17:00 before a Monday holiday, 2 business days: not stalled Wednesday 16:59",
			sum: func(t *testing.T) cases.Summary {
				return summary(1, "JP", cases.StageDPTReview, at(t, "2027-01-08T17:00:00+09:00"))
			},
			now:  "2027-01-13T16:59:00+09:00",
			want: map[Kind]string{},
		},
		{
			name: "touched Friday 17:00 before a Monday holiday, 2 business days: stalled Wednesday 17:00",
			sum: func(t *testing.T) cases.Summary {
				return summary(1, "JP", cases.StageDPTReview, at(t, "2027-01-08T17:00:00+09:00"))
			},
			now:  "2027-01-13T17:00:00+09:00",
			want: map[Kind]string{KindStalled: "2027-01-13T17:00:00+09:00"},
			why:  map[Kind]string{KindStalled: "no contact or stage change in dpt-review for 2d of business time since Fri 8 Jan 17:00 JST"},
			do:   map[Kind]string{KindStalled: "ask the Data Protection Team for the status"},
		},
		{
			name: "a promise that falls due during a holiday: nothing on the holiday",
			sum:  promiseOnHoliday,
			now:  "2027-01-11T15:00:00+09:00",
			want: map[Kind]string{},
		},
		{
			name: "a promise that falls due during a holiday: nudged when work starts on Tuesday",
			sum:  promiseOnHoliday,
			now:  "2027-01-12T09:00:00+09:00",
			want: map[Kind]string{KindPromiseOverdue: "2027-01-12T09:00:00+09:00"},
			why:  map[Kind]string{KindPromiseOverdue: "promised a callback by Mon 11 Jan 12:00 JST"},
		},
		{
			name: "locked-out with no contact: call now, at any hour",
			sum: func(t *testing.T) cases.Summary {
				s := summary(1, "JP", cases.StageLockedOut, at(t, "2026-11-28T22:10:00+09:00"))
				s.Contacts, s.LastContact, s.TrackingID = 0, time.Time{}, ""
				return s
			},
			now:  "2026-11-28T22:10:00+09:00",
			want: map[Kind]string{KindCallNow: "2026-11-28T22:10:00+09:00"},
			do:   map[Kind]string{KindCallNow: "write down the TrackingID"},
		},
		{
			name: "recovered: harden each working day at 09:30",
			sum: func(t *testing.T) cases.Summary {
				s := summary(1, "JP", cases.StageRecovered, at(t, "2026-11-24T16:00:00+09:00"))
				s.OpenChecks = 3
				return s
			},
			now:  "2026-11-25T09:40:00+09:00",
			want: map[Kind]string{KindHarden: "2026-11-25T09:30:00+09:00"},
			why:  map[Kind]string{KindHarden: "3 hardening item(s) still open"},
			do:   map[Kind]string{KindHarden: "re-register MFA"},
		},
		{
			name: "snoozed: nothing, although stalled and before a weekend",
			sum: func(t *testing.T) cases.Summary {
				s := summary(1, "JP", cases.StageDPTReview, at(t, "2026-11-20T10:00:00+09:00"))
				s.SnoozedUntil = ptr(at(t, "2026-11-30T12:00:00+09:00"))
				return s
			},
			now:  "2026-11-27T15:00:00+09:00",
			want: map[Kind]string{},
		},
		{
			name: "after the snooze: the stall nudge comes at the snooze's end, the missed breaks not at all",
			sum: func(t *testing.T) cases.Summary {
				s := summary(1, "JP", cases.StageDPTReview, at(t, "2026-11-20T10:00:00+09:00"))
				s.SnoozedUntil = ptr(at(t, "2026-11-30T12:00:00+09:00"))
				return s
			},
			now:  "2026-11-30T12:05:00+09:00",
			want: map[Kind]string{KindStalled: "2026-11-30T12:00:00+09:00"},
		},
		{
			name: "closed: nothing",
			sum: func(t *testing.T) cases.Summary {
				s := summary(1, "JP", cases.StageClosed, at(t, "2026-11-20T10:00:00+09:00"))
				s.Promise = ptr(at(t, "2026-11-21T10:00:00+09:00"))
				return s
			},
			now:  "2026-11-27T15:00:00+09:00",
			want: map[Kind]string{},
		},
		{
			name: "a case without a country follows the configured country",
			cfg:  `country = "US"`,
			sum: func(t *testing.T) cases.Summary {
				return summary(1, "", cases.StageDPTReview, at(t, "2027-01-15T11:00:00-05:00"))
			},
			now:  "2027-01-15T15:00:00-05:00",
			want: map[Kind]string{KindBeforeBreak: "2027-01-15T15:00:00-05:00"},
			why:  map[Kind]string{KindBeforeBreak: "Martin Luther King Jr. Day"},
		},
		{
			name: "configured nudge times and a closure",
			cfg:  "closures = [\"2026-11-30\"]\n[nudge]\nbefore_break = \"16:30\"\nafter_break = \"10:00\"\n",
			sum:  jpFriday,
			now:  "2026-12-01T10:05:00+09:00",
			want: map[Kind]string{KindAfterBreak: "2026-12-01T10:00:00+09:00"},
			why:  map[Kind]string{KindAfterBreak: "the 3-day break (Sat 28 Nov – Mon 30 Nov: closure)"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := policy(t, tc.cfg)
			got := Due(at(t, tc.now), p, []cases.Summary{tc.sum(t)}, nil)
			if len(got) != len(tc.want) {
				t.Fatalf("got %d nudges %v, want %v", len(got), kinds(got), tc.want)
			}
			for _, n := range got {
				want, ok := tc.want[n.Kind]
				if !ok {
					t.Fatalf("unexpected %s nudge due %s: %s", n.Kind, n.Due, n.Why)
				}
				if d := n.Due.Format(time.RFC3339); d != want {
					t.Errorf("%s due %s, want %s", n.Kind, d, want)
				}
				if w := tc.why[n.Kind]; !strings.Contains(n.Why, w) {
					t.Errorf("%s why %q, want it to contain %q", n.Kind, n.Why, w)
				}
				if w := tc.do[n.Kind]; !strings.Contains(n.Action, w) {
					t.Errorf("%s action %q, want it to contain %q", n.Kind, n.Action, w)
				}
				if n.Late != tc.late[n.Kind] {
					t.Errorf("%s late = %v, want %v", n.Kind, n.Late, tc.late[n.Kind])
				}
				if n.Case != 1 || n.Domain == "" || n.Stage == "" {
					t.Errorf("nudge lacks its case: %+v", n)
				}
			}
		})
	}
}

func promiseOnHoliday(t *testing.T) cases.Summary {
	s := summary(1, "JP", cases.StageTicketOpen, at(t, "2027-01-08T16:00:00+09:00"))
	s.Promise = ptr(at(t, "2027-01-11T12:00:00+09:00"))
	return s
}

func TestDueSkipsWhatWasSent(t *testing.T) {
	p := policy(t, "")
	s := summary(1, "JP", cases.StageDPTReview, at(t, "2026-11-27T10:00:00+09:00"))
	now := at(t, "2026-11-27T15:00:00+09:00")
	first := Due(now, p, []cases.Summary{s}, nil)
	if len(first) != 1 {
		t.Fatalf("got %v", kinds(first))
	}
	sent := KeySet{first[0].Key(): true}
	if again := Due(now.Add(5*time.Minute), p, []cases.Summary{s}, sent); len(again) != 0 {
		t.Fatalf("sent nudge came again: %+v", again)
	}
	if k := Due(now, p, []cases.Summary{s}, nil)[0].Key(); k != first[0].Key() {
		t.Fatalf("key not stable: %s then %s", first[0].Key(), k)
	}
}

// TestStallRepeatsEveryLimit checks that a stall nudge repeats once per
// further limit while nothing happens, not at every tick, and that after
// downtime only the latest one comes, late.
func TestStallRepeatsEveryLimit(t *testing.T) {
	p := policy(t, "")
	s := summary(7, "JP", cases.StageTicketOpen, at(t, "2026-11-24T09:00:00+09:00")) // 1 business day limit
	sent := KeySet{}
	var dues []string
	for now := at(t, "2026-11-24T09:00:00+09:00"); now.Before(at(t, "2026-12-02T09:00:00+09:00")); now = now.Add(5 * time.Minute) {
		for _, n := range Due(now, p, []cases.Summary{s}, sent) {
			if n.Kind == KindStalled {
				dues = append(dues, n.Due.Format("Mon 2 15:04"))
			}
			sent[n.Key()] = true
		}
	}
	want := "Wed 25 09:00,Thu 26 09:00,Fri 27 09:00,Mon 30 09:00,Tue 1 09:00"
	if got := strings.Join(dues, ","); got != want {
		t.Fatalf("stall nudges at %s, want %s", got, want)
	}

	// Asleep from Wednesday to the next Tuesday: one stall nudge, the latest, late.
	got := Due(at(t, "2026-12-01T11:00:00+09:00"), p, []cases.Summary{s}, KeySet{})
	var stalls []Nudge
	for _, n := range got {
		if n.Kind == KindStalled {
			stalls = append(stalls, n)
		}
	}
	if len(stalls) != 1 || !stalls[0].Late || stalls[0].Due.Format("Mon 2 15:04") != "Tue 1 09:00" {
		t.Fatalf("catch-up: %+v", stalls)
	}
}

func TestUpcomingAroundWeekendAndHoliday(t *testing.T) {
	p := policy(t, "")
	now := at(t, "2027-01-06T10:00:00+09:00")
	s := summary(1, "JP", cases.StageDPTReview, now)
	got := Upcoming(now, now.Add(7*24*time.Hour), p, []cases.Summary{s}, nil)
	var lines []string
	for _, n := range got {
		lines = append(lines, n.Due.Format("Mon 2 Jan 15:04 ")+string(n.Kind))
	}
	want := []string{
		"Thu 7 Jan 15:00 before-break", // two working days before the 3-day weekend
		"Fri 8 Jan 10:00 stalled",
		"Fri 8 Jan 15:00 before-break",
		"Tue 12 Jan 09:30 after-break", // Monday is Coming of Age Day
		"Wed 13 Jan 10:00 stalled",
	}
	if strings.Join(lines, "\n") != strings.Join(want, "\n") {
		t.Fatalf("upcoming:\n%s\nwant:\n%s", strings.Join(lines, "\n"), strings.Join(want, "\n"))
	}
	// Upcoming's keys are the keys Due gives when the time comes.
	for _, n := range got {
		d := Due(n.Due, p, []cases.Summary{s}, nil)
		found := false
		for _, x := range d {
			found = found || x.Key() == n.Key()
		}
		if !found {
			t.Errorf("Due at %s does not give upcoming %s", n.Due, n.Key())
		}
	}
	if n, ok := Next(now, p, &s, nil, 14*24*time.Hour); !ok || n.Key() != got[0].Key() {
		t.Errorf("Next = %+v, %v; want %s", n, ok, got[0].Key())
	}
}

// TestPortugalDay follows a Portuguese case created on Monday 7 June 2027
// tick by tick: Thursday 10 June is Portugal Day (from the generated
// table), so nothing comes that day, and Wednesday 9 June at 15:00 Lisbon
// time brings the before-break nudge.
func TestPortugalDay(t *testing.T) {
	p := policy(t, "")
	s := summary(1, "PT", cases.StageTicketOpen, at(t, "2027-06-07T10:00:00+01:00"))
	lisbon, _ := time.LoadLocation("Europe/Lisbon")
	sent := KeySet{}
	var got []string
	for now := s.Created; now.Before(at(t, "2027-06-12T00:00:00+01:00")); now = now.Add(5 * time.Minute) {
		for _, n := range Due(now, p, []cases.Summary{s}, sent) {
			sent[n.Key()] = true
			got = append(got, n.Due.In(lisbon).Format(time.RFC3339)+" "+string(n.Kind))
			if now.In(lisbon).Day() == 10 {
				t.Errorf("nudge on Portugal Day at %s: %s %s", now.In(lisbon), n.Kind, n.Why)
			}
			if n.Kind == KindBeforeBreak && n.Due.In(lisbon).Day() == 9 && !strings.Contains(n.Why, "the holiday (Thu 10 Jun: Portugal Day)") {
				t.Errorf("before-break why %q does not name Portugal Day", n.Why)
			}
		}
	}
	want := []string{
		"2027-06-08T10:00:00+01:00 stalled",
		"2027-06-09T10:00:00+01:00 stalled",
		"2027-06-09T15:00:00+01:00 before-break", // Thursday is Portugal Day
		"2027-06-11T09:30:00+01:00 after-break",
		"2027-06-11T10:00:00+01:00 stalled",
		"2027-06-11T15:00:00+01:00 before-break",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("nudges:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestAppendWhen: the hand-made "Mon 2 Jan 15:04 MST" is what Format
// writes, in named zones, across a DST change, at midnight, on one-digit
// days, and in a zone without an abbreviation.
func TestAppendWhen(t *testing.T) {
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Skip(err)
	}
	tests := []time.Time{
		time.Date(2026, 11, 25, 13, 5, 0, 0, time.FixedZone("JST", 9*3600)),
		time.Date(2026, 3, 8, 1, 59, 59, 0, ny),
		time.Date(2026, 3, 8, 3, 0, 0, 0, ny),
		time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC),
		time.Date(2026, 12, 31, 23, 59, 0, 0, time.FixedZone("", -(3*3600+30*60))),
		time.Date(2026, 5, 29, 9, 7, 0, 0, time.FixedZone("", 5*3600+45*60)),
	}
	for _, tt := range tests {
		if got, want := string(appendWhen([]byte("x"), tt)), "x"+tt.Format(whenLayout); got != want {
			t.Errorf("appendWhen(%v) = %q, want %q", tt, got, want)
		}
	}
}
