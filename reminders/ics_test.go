package reminders

import (
	"bytes"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	ics "github.com/arran4/golang-ical"
	"github.com/mscase/mscase/cases"
	"github.com/mscase/mscase/internal/icscheck"
)

// testCall stands in for the support directory: Japan's line, open 24h.
func testCall(n Nudge, at time.Time) *Call {
	if n.Country == "" {
		return &Call{Instead: "the case names no country"}
	}
	return &Call{Number: "0120 996 680", E164: "+81120996680", Country: "Japan", State: "open", Always: true,
		Hours: "7 days a week, 24 hours a day", Language: "Japanese"}
}

func TestWriteICS(t *testing.T) {
	jst := time.FixedZone("JST", 9*3600)
	now := time.Date(2026, 11, 25, 10, 0, 0, 0, jst)
	title := "管理者がMFAで締め出された件、サポートに電話済み; 折り返し待ち \x1b[31m" + strings.Repeat("長い", 20)
	base := Nudge{Case: 1, TrackingID: "2411250040001234", Domain: "contoso.co.jp", Title: title, Country: "JP", Stage: "dpt-review", Why: "quiet", Action: "call"}
	mk := func(k Kind, due time.Time) Nudge { n := base; n.Kind, n.Due = k, due; return n }
	stall1 := time.Date(2026, 11, 27, 10, 0, 0, 0, jst)
	nudges := []Nudge{
		mk(KindBeforeBreak, time.Date(2026, 11, 27, 15, 0, 0, 0, jst)),
		mk(KindStalled, stall1),
		mk(KindStalled, stall1.Add(48*time.Hour)), // the stall repeats
		mk(KindStalled, stall1.Add(96*time.Hour)),
		mk(KindStalled, stall1), // the same nudge twice: one event
		{Case: 2, Domain: "fabrikam.com", Kind: KindCallNow, Due: now, Why: "locked out", Action: "call"},
	}
	AddCalls(nudges, testCall, now)
	promise := time.Date(2026, 11, 26, 18, 0, 0, 0, jst)
	cbs := Callbacks([]cases.Summary{
		{Number: 1, TrackingID: "2411250040001234", Domain: "contoso.co.jp", Title: title, Country: "JP", Stage: cases.StageDPTReview, Promise: &promise},
		{Number: 2, Stage: cases.StageDPTReview},                 // no promise
		{Number: 3, Stage: cases.StageClosed, Promise: &promise}, // closed
	})
	AddCallbackCalls(cbs, testCall, now)
	var a bytes.Buffer
	if err := WriteICS(&a, nudges, cbs, now); err != nil {
		t.Fatal(err)
	}
	out := a.Bytes()
	// Byte by byte: CRLF, 75 octets, whole UTF-8 sequences, unique UIDs.
	evs, err := icscheck.Check(out)
	if err != nil {
		t.Fatalf("RFC 5545: %v\n%s", err, out)
	}
	if bytes.Count(out, []byte("\n")) != bytes.Count(out, []byte("\r\n")) {
		t.Error("a line ends in a bare LF")
	}
	folded := 0
	for _, l := range bytes.Split(out, []byte("\r\n")) {
		if len(l) > 0 && l[0] == ' ' {
			folded++
			if !utf8.Valid(l) {
				t.Errorf("continuation line starts inside a UTF-8 sequence: %q", l)
			}
		}
	}
	if folded == 0 {
		t.Error("nothing was folded: the test's long title did not exercise folding")
	}
	wantUIDs := []string{
		"case-1-before-break-20261127T060000Z@mscase",
		"case-1-stalled-20261127T010000Z@mscase",
		"case-1-stalled-20261129T010000Z@mscase",
		"case-1-stalled-20261201T010000Z@mscase",
		"case-2-call-now-20261125T010000Z@mscase",
		"case-1-callback@mscase",
	}
	if len(evs) != len(wantUIDs) {
		t.Fatalf("%d events, want %d", len(evs), len(wantUIDs))
	}
	for i, e := range evs {
		if e["UID"] != wantUIDs[i] {
			t.Errorf("event %d UID %q, want %q", i, e["UID"], wantUIDs[i])
		}
	}

	// Someone else's parser reads the same: golang-ical.
	cal, err := ics.ParseCalendar(bytes.NewReader(out))
	if err != nil {
		t.Fatalf("output does not parse: %v\n%s", err, out)
	}
	for i, e := range cal.Events() {
		if e.Id() != wantUIDs[i] {
			t.Errorf("golang-ical reads event %d UID %q, want %q", i, e.Id(), wantUIDs[i])
		}
		if len(e.Alarms()) != 1 {
			t.Errorf("event %s has %d alarms, want 1", e.Id(), len(e.Alarms()))
		}
		sum := ics.FromText(e.GetProperty(ics.ComponentPropertySummary).Value)
		desc := ics.FromText(e.GetProperty(ics.ComponentPropertyDescription).Value)
		dom := "contoso.co.jp"
		if strings.HasPrefix(e.Id(), "case-2-") {
			dom = "fabrikam.com"
			if !strings.Contains(desc, "the case names no country") {
				t.Errorf("event %s: description does not say why there is no number:\n%s", e.Id(), desc)
			}
		} else {
			for _, want := range []string{"Call: 0120 996 680 (Japan, technical support, open 24 hours)", "TrackingID: 2411250040001234", "Hours: 7 days a week, 24 hours a day; Japanese"} {
				if !strings.Contains(desc, want) {
					t.Errorf("event %s: description lacks %q:\n%s", e.Id(), want, desc)
				}
			}
		}
		if !strings.Contains(sum, dom) {
			t.Errorf("event %s: summary %q does not name the case", e.Id(), sum)
		}
		if dom == "contoso.co.jp" && (!strings.Contains(sum, "管理者がMFAで締め出された件") || !strings.Contains(sum, "2411250040001234")) {
			t.Errorf("event %s: summary %q lacks the title or the TrackingID", e.Id(), sum)
		}
		if strings.Contains(sum+desc, "\x1b") {
			t.Errorf("event %s: an escape sequence from the title reached the calendar", e.Id())
		}
	}
	start, err := cal.Events()[5].GetStartAt()
	if err != nil || !start.Equal(cbs[0].By) {
		t.Errorf("callback starts %v, %v; want %v", start, err, cbs[0].By)
	}

	// A later export of the same nudges keeps every UID, whatever else
	// changed: the phone updates the events instead of adding copies.
	var b bytes.Buffer
	if err := WriteICS(&b, nudges[1:], cbs, now.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	evs2, err := icscheck.Check(b.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if evs2[0]["UID"] != wantUIDs[1] || evs2[2]["UID"] != wantUIDs[3] {
		t.Errorf("UIDs changed between exports: %s, %s", evs2[0]["UID"], evs2[2]["UID"])
	}
}
