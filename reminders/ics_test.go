package reminders

import (
	"bytes"
	"strings"
	"testing"
	"time"

	ics "github.com/arran4/golang-ical"
	"github.com/mscase/mscase/cases"
)

func TestWriteICS(t *testing.T) {
	jst := time.FixedZone("JST", 9*3600)
	now := time.Date(2026, 11, 25, 10, 0, 0, 0, jst)
	nudges := []Nudge{
		{Case: 1, TrackingID: "2411250040001234", Domain: "contoso.co.jp", Stage: "dpt-review", Kind: KindBeforeBreak, Due: time.Date(2026, 11, 27, 15, 0, 0, 0, jst), Why: "weekend", Action: "call"},
		{Case: 1, TrackingID: "2411250040001234", Domain: "contoso.co.jp", Stage: "dpt-review", Kind: KindStalled, Due: time.Date(2026, 11, 27, 10, 0, 0, 0, jst), Why: "quiet", Action: "call"},
	}
	promise := time.Date(2026, 11, 26, 18, 0, 0, 0, jst)
	cbs := Callbacks([]cases.Summary{
		{Number: 1, TrackingID: "2411250040001234", Domain: "contoso.co.jp", Stage: cases.StageDPTReview, Promise: &promise},
		{Number: 2, Stage: cases.StageDPTReview},                 // no promise
		{Number: 3, Stage: cases.StageClosed, Promise: &promise}, // closed
	})
	var a, b bytes.Buffer
	if err := WriteICS(&a, nudges, cbs, now); err != nil {
		t.Fatal(err)
	}
	cal, err := ics.ParseCalendar(strings.NewReader(a.String()))
	if err != nil {
		t.Fatalf("output does not parse: %v\n%s", err, a.String())
	}
	evs := cal.Events()
	if len(evs) != 3 {
		t.Fatalf("%d events, want 3", len(evs))
	}
	wantUIDs := []string{"case-1-before-break-20261127@mscase", "case-1-stalled@mscase", "case-1-callback@mscase"}
	for i, e := range evs {
		if e.Id() != wantUIDs[i] {
			t.Errorf("event %d UID %q, want %q", i, e.Id(), wantUIDs[i])
		}
		if len(e.Alarms()) != 1 {
			t.Errorf("event %s has %d alarms, want 1", e.Id(), len(e.Alarms()))
		}
		if s := e.GetProperty(ics.ComponentPropertySummary); s == nil || !strings.Contains(s.Value, "2411250040001234") {
			t.Errorf("event %s summary lacks the TrackingID", e.Id())
		}
	}
	start, err := evs[2].GetStartAt()
	if err != nil || !start.Equal(cbs[0].By) {
		t.Errorf("callback starts %v, %v; want %v", start, err, cbs[0].By)
	}
	// A later export where the stall moved keeps the UID: the phone
	// updates the event instead of adding a second one.
	nudges[1].Due = nudges[1].Due.Add(24 * time.Hour)
	if err := WriteICS(&b, nudges, cbs, now.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	cal2, err := ics.ParseCalendar(strings.NewReader(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	if cal2.Events()[1].Id() != "case-1-stalled@mscase" {
		t.Errorf("stall UID changed with its due time: %s", cal2.Events()[1].Id())
	}
}
