package reminders

import (
	"fmt"
	"io"
	"strings"
	"time"

	ics "github.com/arran4/golang-ical"
	"github.com/mscase/mscase/cases"
	"github.com/mscase/mscase/safetext"
)

// Callback is the open callback Microsoft promised on a case, for the
// calendar export. A case has at most one open promise, so its event is
// keyed by case: a newer promise moves the event.
type Callback struct {
	Case       uint64
	TrackingID string
	Domain     string
	Title      string
	Country    string
	Lang       string
	By         time.Time
	Call       *Call // the number to call if nobody has; nil when none is known
}

// Callbacks lists the open promises among sums.
func Callbacks(sums []cases.Summary) []Callback {
	var out []Callback
	for _, s := range sums {
		if s.Promise != nil && s.Stage != cases.StageClosed {
			out = append(out, Callback{Case: s.Number, TrackingID: s.TrackingID, Domain: s.Domain, Title: s.Title,
				Country: s.Country, Lang: s.Lang, By: *s.Promise})
		}
	}
	return out
}

// AddCallbackCalls fills the Call of each callback through find, ranked at
// the promised instant (or now, when that has passed).
func AddCallbackCalls(cbs []Callback, find CallFinder, now time.Time) {
	if find == nil {
		return
	}
	for i := range cbs {
		at := cbs[i].By
		if at.Before(now) {
			at = now
		}
		cbs[i].Call = find(cbs[i].nudge(), at)
	}
}

// nudge is the callback seen as a nudge, for the texts and the call finder.
func (c Callback) nudge() Nudge {
	return Nudge{Case: c.Case, TrackingID: c.TrackingID, Domain: c.Domain, Title: c.Title, Country: c.Country,
		Lang: c.Lang, Kind: KindPromiseOverdue, Due: c.By, Call: c.Call}
}

// WriteICS writes nudges and promised callbacks as an iCalendar file, each
// an event with an alarm, so the reminders live on the admin's phone, which
// does not depend on the locked tenant. Each event's summary names the case
// (domain, title) and its description the number to call and the
// TrackingID. The file follows RFC 5545 byte for byte: CRLF line endings,
// lines folded at 75 octets without splitting a UTF-8 sequence.
//
// UIDs are unique in the file and stable: a nudge's UID is made of its case,
// kind and due instant (its Key), so every repeat of a stall reminder is an
// event of its own and importing a newer file updates events instead of
// adding copies or dropping repeats. A callback is keyed by case: a case has
// one open promise, and a newer promise moves its event.
// Each drill is one recurring event (RRULE).
func WriteICS(w io.Writer, nudges []Nudge, callbacks []Callback, now time.Time, drills ...DrillEvent) error {
	return WriteICSIn(w, nil, nudges, callbacks, now, drills...)
}

// WriteICSIn is WriteICS with the nudges' summary, description and alarm
// worded by words in each case's language; nil words, or an English case,
// give WriteICS's English.
func WriteICSIn(w io.Writer, words Words, nudges []Nudge, callbacks []Callback, now time.Time, drills ...DrillEvent) error {
	cal := ics.NewCalendar()
	cal.SetMethod(ics.MethodPublish)
	cal.SetProductId("-//mscase//lockout case reminders//EN")
	cal.SetName("mscase lockout case")
	cal.SetXWRCalName("mscase lockout case")
	seen := map[string]bool{}
	for _, n := range nudges {
		uid := nudgeUID(n)
		if seen[uid] {
			continue // the same nudge twice: one event
		}
		seen[uid] = true
		e := cal.AddEvent(uid)
		e.SetDtStampTime(now)
		e.SetStartAt(n.Due)
		e.SetEndAt(n.Due.Add(15 * time.Minute))
		summary := fmt.Sprintf("mscase %s: %s (TrackingID %s)", n.Kind, caseOrNumber(n), orNone(n.TrackingID))
		desc, alarm := nudgeBody(n), alarmText(n)
		if words != nil {
			if t := words.Text(n, ""); t.Lang != "" && t.Lang != "en" {
				summary, desc, alarm = t.Summary, t.Body, t.Alarm
			}
		}
		e.SetSummary(icsText(summary))
		e.SetDescription(icsText(desc))
		a := e.AddAlarm()
		a.SetAction(ics.ActionDisplay)
		a.SetTrigger("-PT0M")
		a.SetProperty(ics.ComponentPropertyDescription, icsText(alarm))
	}
	for _, c := range callbacks {
		uid := fmt.Sprintf("case-%d-callback@mscase", c.Case)
		if seen[uid] {
			continue
		}
		seen[uid] = true
		n := c.nudge()
		n.Why = "Microsoft promised to call back by " + c.By.Format(time.RFC3339)
		n.Action = "if nobody has called by now, call support with TrackingID " + orNone(c.TrackingID)
		summary := fmt.Sprintf("Microsoft promised a callback: %s (TrackingID %s)", caseOrNumber(n), orNone(c.TrackingID))
		desc, alarm := nudgeBody(n), "Promised callback overdue? "+alarmText(n)
		if words != nil {
			// The event as facts (a callback promised for c.By), worded
			// in the case's language.
			cb := n
			cb.Kind, cb.Facts.Promise = KindCallback, c.By
			if t := words.Text(cb, ""); t.Lang != "" && t.Lang != "en" {
				summary, desc, alarm = t.Summary, t.Body, t.Alarm
			}
		}
		e := cal.AddEvent(uid)
		e.SetDtStampTime(now)
		e.SetStartAt(c.By)
		e.SetEndAt(c.By.Add(15 * time.Minute))
		e.SetSummary(icsText(summary))
		e.SetDescription(icsText(desc))
		a := e.AddAlarm()
		a.SetAction(ics.ActionDisplay)
		a.SetTrigger("PT5M")
		a.SetProperty(ics.ComponentPropertyDescription, icsText(alarm))
	}
	for _, d := range drills {
		addDrillEvent(cal, d, now, words)
	}
	return cal.SerializeTo(w, ics.WithNewLineWindows)
}

// nudgeUID is the nudge's Key as an iCalendar UID:
// "case-1-stalled-20261127T010000Z@mscase".
func nudgeUID(n Nudge) string {
	return fmt.Sprintf("case-%d-%s-%s@mscase", n.Case, n.Kind, n.Due.UTC().Format("20060102T150405Z"))
}

// caseOrNumber names the case by domain and title, or by number.
func caseOrNumber(n Nudge) string {
	if c := caseName(n); c != "" {
		return c
	}
	return fmt.Sprintf("case %d", n.Case)
}

// alarmText is what the phone shows when the alarm goes off: the number
// and the TrackingID.
func alarmText(n Nudge) string {
	if n.Call != nil && n.Call.Number != "" {
		return "Call " + safetext.Line(n.Call.Number) + " with TrackingID " + orNone(n.TrackingID)
	}
	return "Call Microsoft support with TrackingID " + orNone(n.TrackingID)
}

// icsText makes outside text safe for an iCalendar TEXT value: controls
// become visible escapes and line breaks are LF, which the library writes
// as the escape \n (a raw CR would end the content line).
func icsText(s string) string {
	return strings.ReplaceAll(safetext.Text(s), "\r\n", "\n")
}

func orNone(id string) string {
	if id == "" {
		return "(none yet)"
	}
	return id
}
