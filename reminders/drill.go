package reminders

import (
	"fmt"
	"time"

	ics "github.com/arran4/golang-ical"
	"github.com/mscase/mscase/calendar"
)

// Kinds of the preparation nudges, which belong to the tenant profile, not
// to a case (their Case is 0).
const (
	KindDrill        Kind = "drill"         // test the emergency-access sign-in, re-run the checks, re-print the card
	KindDirectoryOld Kind = "directory-old" // the bundled support directory is over a year old
)

// Routine reports whether n belongs to the tenant profile's preparation
// routine rather than to a case.
func (n Nudge) Routine() bool {
	return n.Case == 0 && (n.Kind == KindDrill || n.Kind == KindDirectoryOld)
}

// Drill is the preparation routine of the tenant profile: a drill every
// EveryDays days from Anchor (the last drill, or when the profile was
// made), and a nudge once the support directory, retrieved on
// DirectoryRetrieved, is older than DirectoryMaxAge days.
type Drill struct {
	Domain             string
	Lang               string    // the profile's language: the nudges' and the calendar event's
	Country            string    // whose business calendar places the nudge
	Anchor             time.Time // the last drill, or when the profile was made
	EveryDays          int       // 90 by default: Microsoft's "at least every 90 days"
	DirectoryRetrieved time.Time // zero when unknown
	DirectoryMaxAge    int       // days
}

// maxDrillWalk bounds the occurrences walked, whatever the input.
const maxDrillWalk = 400

// occurrence k (k ≥ 1) of a routine that starts at day first and repeats
// every days: the day itself, or the next working day when it is not one,
// at the after-break time.
func (d Drill) at(c *Calendar, p *Policy, first calendar.Day, every, k int) time.Time {
	day := first + calendar.Day(every*k)
	if !c.Work(day) {
		day = c.NextWork(day)
	}
	return c.At(day, p.AfterBreak)
}

// FirstDrill is the instant of the first drill (unshifted: the day
// EveryDays after the anchor, at the after-break time), the DTSTART of the
// recurring calendar event.
func (d Drill) FirstDrill(p *Policy) time.Time {
	c := p.Calendar(d.Country)
	return c.At(calendar.DayOf(d.Anchor, c.Loc)+calendar.Day(d.every()), p.AfterBreak)
}

func (d Drill) every() int {
	if d.EveryDays <= 0 {
		return 90
	}
	return d.EveryDays
}

// occurrences lists the nudges of the routine due in (from, to], at most
// the latest one when latestOnly (a catch-up never floods).
func (d Drill) occurrences(p *Policy, from, to time.Time) []Nudge {
	if d.Anchor.IsZero() {
		return nil
	}
	c := p.Calendar(d.Country)
	var out []Nudge
	walk := func(kind Kind, first calendar.Day, every int, why, action string, f Facts) {
		for k := 1; k <= maxDrillWalk; k++ {
			t := d.at(c, p, first, every, k)
			if t.After(to) {
				return
			}
			if t.After(from) {
				out = append(out, Nudge{Domain: d.Domain, Lang: d.Lang, Kind: kind, Due: t.In(c.Loc), Why: why, Action: action, Facts: f})
			}
		}
	}
	every := d.every()
	walk(KindDrill, calendar.DayOf(d.Anchor, c.Loc), every,
		fmt.Sprintf("the emergency-access drill for %s is due: Microsoft recommends testing the emergency-access accounts at least every 90 days (this profile: every %d days)", d.Domain, every),
		`sign in with each emergency-access account, re-run "mscase prepare checks" and "mscase prepare import", re-print "mscase prepare card", then record it: mscase prepare edit --last-drill now`,
		Facts{EveryDays: every})
	if !d.DirectoryRetrieved.IsZero() && d.DirectoryMaxAge > 0 {
		first := calendar.DayOf(d.DirectoryRetrieved, c.Loc) + calendar.Day(d.DirectoryMaxAge) - calendar.Day(every)
		walk(KindDirectoryOld, first, every,
			fmt.Sprintf("the bundled Microsoft support phone directory was retrieved on %s, over %d days ago", d.DirectoryRetrieved.Format("2006-01-02"), d.DirectoryMaxAge),
			`check the numbers on the card against Microsoft's page ("mscase contacts source"), correct them in contacts.json, or update mscase`,
			Facts{Retrieved: d.DirectoryRetrieved, MaxAge: d.DirectoryMaxAge})
	}
	return out
}

// DueDrills is Due for the preparation routine: the latest nudge of each
// kind due at now and not yet sent, marked Late past the policy's
// LateAfter. Pure, like Due.
func DueDrills(now time.Time, p *Policy, d Drill, sent SentSet) []Nudge {
	var latest = map[Kind]Nudge{}
	for _, n := range d.occurrences(p, time.Time{}, now) {
		latest[n.Kind] = n
	}
	var out []Nudge
	for _, k := range []Kind{KindDrill, KindDirectoryOld} {
		n, ok := latest[k]
		if !ok || sentAny(sent, n) {
			continue
		}
		n.Late = now.Sub(n.Due) > p.LateAfter
		out = append(out, n)
	}
	return out
}

// UpcomingDrills lists the routine's nudges due in (now, until].
func UpcomingDrills(now, until time.Time, p *Policy, d Drill) []Nudge {
	out := d.occurrences(p, now, until)
	sortNudges(out)
	return out
}

// DrillEvent is the routine as a calendar event: the first drill and the
// interval.
type DrillEvent struct {
	Domain    string
	Lang      string // the profile's language
	Start     time.Time
	EveryDays int
}

// Event is the routine's recurring calendar event under p.
func (d Drill) Event(p *Policy) DrillEvent {
	return DrillEvent{Domain: d.Domain, Lang: d.Lang, Start: d.FirstDrill(p), EveryDays: d.every()}
}

// addDrillEvent adds the routine to an iCalendar as one recurring event
// (RRULE FREQ=DAILY;INTERVAL=EveryDays) from the first drill, with an
// alarm; its UID is stable per domain, so a newer export moves it.
func addDrillEvent(cal *ics.Calendar, d DrillEvent, now time.Time, words Words) {
	start := d.Start
	summary := "mscase: emergency-access drill for " + d.Domain
	desc := "Sign in with each emergency-access account, re-run \"mscase prepare checks\" and \"mscase prepare import\", re-print \"mscase prepare card\", then run: mscase prepare edit --last-drill now.\nMicrosoft recommends testing emergency-access accounts at least every 90 days (Entra: security-emergency-access.md)."
	alarm := "Emergency-access drill for " + d.Domain
	if words != nil {
		n := Nudge{Domain: d.Domain, Lang: d.Lang, Kind: KindDrill, Due: start, Facts: Facts{EveryDays: d.EveryDays}}
		if t := words.Text(n, ""); t.Lang != "" && t.Lang != "en" {
			summary, desc, alarm = t.Summary, t.Body, t.Alarm
		}
	}
	e := cal.AddEvent(fmt.Sprintf("drill-%s@mscase", d.Domain))
	e.SetDtStampTime(now)
	e.SetStartAt(start)
	e.SetEndAt(start.Add(30 * time.Minute))
	e.AddRrule(fmt.Sprintf("FREQ=DAILY;INTERVAL=%d", max(d.EveryDays, 1)))
	e.SetSummary(icsText(summary))
	e.SetDescription(icsText(desc))
	a := e.AddAlarm()
	a.SetAction(ics.ActionDisplay)
	a.SetTrigger("-PT0M")
	a.SetProperty(ics.ComponentPropertyDescription, icsText(alarm))
}

// sentAny asks the sent-log by case, kind and instant when it can (its
// per-case index outlives the pruning of old records), else by key.
func sentAny(sent SentSet, n Nudge) bool {
	switch s := sent.(type) {
	case nil:
		return false
	case caseOrderSent:
		return s.sentAt(n.Case, n.Kind, n.Due)
	}
	return sent.Sent(n.Key())
}
