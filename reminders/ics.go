package reminders

import (
	"fmt"
	"io"
	"time"

	ics "github.com/arran4/golang-ical"
	"github.com/mscase/mscase/cases"
)

// Callback is the open callback Microsoft promised on a case, for the
// calendar export. A case has at most one open promise, so its event is
// keyed by case: a newer promise moves the event.
type Callback struct {
	Case       uint64
	TrackingID string
	Domain     string
	By         time.Time
}

// Callbacks lists the open promises among sums.
func Callbacks(sums []cases.Summary) []Callback {
	var out []Callback
	for _, s := range sums {
		if s.Promise != nil && s.Stage != cases.StageClosed {
			out = append(out, Callback{Case: s.Number, TrackingID: s.TrackingID, Domain: s.Domain, By: *s.Promise})
		}
	}
	return out
}

// WriteICS writes nudges and promised callbacks as an iCalendar file, each
// an event with an alarm, so the reminders live on the admin's phone, which
// does not depend on the locked tenant. UIDs are stable: importing a newer
// file updates the events instead of adding copies. A nudge of a kind that
// is pending once per case (stalled, promise-overdue, call-now, harden) is
// keyed by case and kind, so its event moves when the due time does; break
// nudges are keyed by day too.
func WriteICS(w io.Writer, nudges []Nudge, callbacks []Callback, now time.Time) error {
	cal := ics.NewCalendar()
	cal.SetMethod(ics.MethodPublish)
	cal.SetProductId("-//mscase//lockout case reminders//EN")
	cal.SetName("mscase lockout case")
	cal.SetXWRCalName("mscase lockout case")
	for _, n := range nudges {
		e := cal.AddEvent(nudgeUID(n))
		e.SetDtStampTime(now)
		e.SetStartAt(n.Due)
		e.SetEndAt(n.Due.Add(15 * time.Minute))
		e.SetSummary(fmt.Sprintf("mscase: %s, TrackingID %s", n.Kind, orNone(n.TrackingID)))
		e.SetDescription(fmt.Sprintf("Case %d (%s, stage %s)\nWhy: %s\nDo: %s", n.Case, n.Domain, n.Stage, n.Why, n.Action))
		a := e.AddAlarm()
		a.SetAction(ics.ActionDisplay)
		a.SetTrigger("-PT0M")
		a.SetProperty(ics.ComponentPropertyDescription, "Call Microsoft support with TrackingID "+orNone(n.TrackingID))
	}
	for _, c := range callbacks {
		e := cal.AddEvent(fmt.Sprintf("case-%d-callback@mscase", c.Case))
		e.SetDtStampTime(now)
		e.SetStartAt(c.By)
		e.SetEndAt(c.By.Add(15 * time.Minute))
		e.SetSummary(fmt.Sprintf("Microsoft promised a callback: TrackingID %s", orNone(c.TrackingID)))
		e.SetDescription(fmt.Sprintf("Case %d (%s). If nobody has called by now, call support with TrackingID %s.", c.Case, c.Domain, orNone(c.TrackingID)))
		a := e.AddAlarm()
		a.SetAction(ics.ActionDisplay)
		a.SetTrigger("PT5M")
		a.SetProperty(ics.ComponentPropertyDescription, "Promised callback overdue? TrackingID "+orNone(c.TrackingID))
	}
	return cal.SerializeTo(w)
}

func nudgeUID(n Nudge) string {
	switch n.Kind {
	case KindBeforeBreak, KindAfterBreak:
		return fmt.Sprintf("case-%d-%s-%s@mscase", n.Case, n.Kind, n.Due.UTC().Format("20060102"))
	}
	return fmt.Sprintf("case-%d-%s@mscase", n.Case, n.Kind)
}

func orNone(id string) string {
	if id == "" {
		return "(none yet)"
	}
	return id
}
