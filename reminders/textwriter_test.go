package reminders

import (
	"strings"
	"testing"
	"time"
)

// TestTextWriterAsWriteText: a TextWriter writes what WriteText writes,
// nudge after nudge, for late and on-time nudges, with and without a
// TrackingID, a shared Call in two zones, a Call with no number, hostile
// text, and a drill (which belongs to no case).
func TestTextWriterAsWriteText(t *testing.T) {
	jst := time.FixedZone("JST", 9*3600)
	due := time.Date(2026, 11, 25, 11, 18, 0, 0, jst)
	shared := &Call{Number: "0120 996 680", Country: "Japan", State: "closed", Next: due.Add(20 * time.Hour),
		Hours: "Mon-Fri 09:00-17:30", Language: "Japanese", Plan: "Office 365 Enterprise"}
	copied := *shared
	ns := []Nudge{
		{Case: 12, TrackingID: "2611000000000012", Kind: KindStalled, Due: due, Late: true, Why: "no contact", Action: "call", Call: shared},
		{Case: 13, Kind: KindCallNow, Due: due, Why: "locked out", Action: "call now", Call: &copied},
		{Case: 14, TrackingID: "2611000000000014", Kind: KindPromiseOverdue, Due: due.In(time.UTC), Why: "w", Action: "a", Call: shared},
		{Case: 15, Kind: KindStalled, Due: due, Why: "title \x1b]0;x\x07", Action: "do\tit", Call: &Call{Instead: "the case names no \x1b country"}},
		{Case: 16, Kind: KindHarden, Due: due, Why: "w", Action: "a"},
		{Case: 0, Kind: KindDrill, Domain: "contoso.com", Due: due, Why: "drill", Action: "run it"},
		{Case: 17, TrackingID: "2611000000000017", Kind: KindAfterBreak, Due: due, Why: "w", Action: "a",
			Call: &Call{Number: "+1 800", State: "open", Always: true}},
	}
	var want strings.Builder
	for _, n := range ns {
		if err := WriteText(&want, n); err != nil {
			t.Fatal(err)
		}
	}
	var got strings.Builder
	w := NewTextWriter(&got)
	for i := range ns {
		if err := w.Write(&ns[i]); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	if got.String() != want.String() {
		t.Errorf("TextWriter wrote:\n%s\nWriteText writes:\n%s", got.String(), want.String())
	}
	if !strings.Contains(got.String(), "closed, opens Thu 26 Nov 07:18 JST") || !strings.Contains(got.String(), "closed, opens Wed 25 Nov 22:18 UTC") {
		t.Errorf("the shared call is not worded in each nudge's zone:\n%s", got.String())
	}
}
