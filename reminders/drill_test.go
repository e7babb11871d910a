package reminders

import (
	"bytes"
	"strings"
	"testing"
	"time"

	ics "github.com/arran4/golang-ical"
	"github.com/mscase/mscase/internal/icscheck"
)

func TestDrills(t *testing.T) {
	p := policy(t, "country = \"JP\"\n")
	d := Drill{Domain: "contoso.co.jp", Country: "JP", Anchor: at(t, "2026-11-25T10:00:00+09:00"), EveryDays: 90,
		DirectoryRetrieved: at(t, "2026-01-15T00:00:00Z"), DirectoryMaxAge: 365}
	tests := []struct {
		name string
		now  string
		sent KeySet
		want map[Kind]string // kind: due (RFC 3339, Tokyo)
	}{
		{"nothing due yet", "2026-12-01T10:00:00+09:00", nil, map[Kind]string{}},
		// Day 90 is Tuesday 23 Feb 2027, the Emperor's Birthday: the drill
		// moves to the next working day at the after-break time.
		{"first drill after the Emperor's Birthday", "2027-02-24T09:30:00+09:00", nil, map[Kind]string{
			KindDrill: "2027-02-24T09:30:00+09:00", KindDirectoryOld: "2027-01-15T09:30:00+09:00 late"}},
		{"sent drills are not repeated", "2027-02-24T12:00:00+09:00", KeySet{
			keyOf(0, KindDrill, at(t, "2027-02-24T09:30:00+09:00")):        true,
			keyOf(0, KindDirectoryOld, at(t, "2027-01-15T09:30:00+09:00")): true}, map[Kind]string{}},
		// After a year away only the latest drill comes, marked late.
		{"catch-up gives the latest only", "2027-12-01T10:00:00+09:00", nil, map[Kind]string{
			KindDrill: "2027-11-22T09:30:00+09:00 late", KindDirectoryOld: "2027-10-12T09:30:00+09:00 late"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := DueDrills(at(t, tt.now), p, d, tt.sent)
			if len(got) != len(tt.want) {
				t.Fatalf("got %v, want %v", got, tt.want)
			}
			for _, n := range got {
				got := n.Due.Format(time.RFC3339)
				if n.Late {
					got += " late"
				}
				if w := tt.want[n.Kind]; got != w || n.Case != 0 {
					t.Errorf("%s due %s, want %s", n.Kind, got, w)
				}
			}
		})
	}
	up := UpcomingDrills(at(t, "2026-11-25T10:00:00+09:00"), at(t, "2027-03-05T10:00:00+09:00"), p, d)
	if len(up) != 2 || up[0].Kind != KindDirectoryOld || up[1].Kind != KindDrill || !strings.Contains(up[1].Why, "every 90 days") {
		t.Errorf("upcoming in 100 days: %+v", up)
	}
	// No anchor, no drills.
	if n := DueDrills(at(t, "2030-01-01T00:00:00Z"), p, Drill{Domain: "x.example"}, nil); len(n) != 0 {
		t.Errorf("drills without an anchor: %v", n)
	}
}

func TestDrillEventICS(t *testing.T) {
	p := policy(t, "country = \"JP\"\n")
	d := Drill{Domain: "contoso.co.jp", Country: "JP", Anchor: at(t, "2026-11-25T10:00:00+09:00"), EveryDays: 60}
	var b bytes.Buffer
	if err := WriteICS(&b, nil, nil, at(t, "2026-11-25T10:00:00+09:00"), d.Event(p)); err != nil {
		t.Fatal(err)
	}
	cal, err := ics.ParseCalendar(strings.NewReader(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	evs := cal.Events()
	if len(evs) != 1 || evs[0].Id() != "drill-contoso.co.jp@mscase" || len(evs[0].Alarms()) != 1 {
		t.Fatalf("events: %v", evs)
	}
	rr := evs[0].GetProperty(ics.ComponentPropertyRrule)
	if rr == nil || rr.Value != "FREQ=DAILY;INTERVAL=60" {
		t.Errorf("RRULE %v, want FREQ=DAILY;INTERVAL=60", rr)
	}
	start, err := evs[0].GetStartAt()
	if err != nil || !start.Equal(at(t, "2027-01-24T09:30:00+09:00")) {
		t.Errorf("starts %v %v, want 60 days after the anchor at 09:30", start, err)
	}
	// Byte level: one RRULE line, and RFC 5545 by a second implementation.
	raw := strings.ReplaceAll(b.String(), "\r\n", "\n")
	if strings.Count(raw, "\nRRULE:FREQ=DAILY;INTERVAL=60\n") != 1 {
		t.Errorf("want one RRULE line:\n%s", raw)
	}
	if _, err := icscheck.Check(b.Bytes()); err != nil {
		t.Errorf("not RFC 5545: %v", err)
	}
}
