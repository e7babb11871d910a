package main

import (
	"bytes"
	"fmt"
	"os"
	"time"

	"github.com/mscase/mscase/cases"
	"github.com/mscase/mscase/reminders"
)

// icsOptions are the flags of the calendar exports (`reminders upcoming
// --ics`, `cases export --ics`).
type icsOptions struct {
	on     bool
	output string
}

// writeCalendar writes the upcoming nudges and open promised callbacks of
// the cases that keep (all when keep is nil) in the next days as an
// iCalendar file, to --output (0600) or stdout. With nothing to put in it,
// it fails with one line and writes nothing.
func writeCalendar(a *app, opts *icsOptions, days int, keep func(*cases.Summary) bool) error {
	rs, err := loadReminders(a)
	if err != nil {
		return err
	}
	until := a.now.Add(time.Duration(days) * 24 * time.Hour)
	var nudges []reminders.Nudge
	var sums []cases.Summary
	var events []reminders.DrillEvent
	err = a.withStore(true, func(st store) error {
		if st == nil {
			return nil
		}
		err := st.EachSummary(func(s *cases.Summary) error {
			if s.Stage != cases.StageClosed && (keep == nil || keep(s)) {
				sums = append(sums, *s)
			}
			return nil
		})
		if err != nil {
			return err
		}
		if err := reminders.ViewLog(st, func(l *reminders.Log) error {
			nudges = reminders.Upcoming(a.now, until, rs.pol, sums, l)
			return nil
		}); err != nil {
			return err
		}
		if keep != nil {
			return nil // a case's export carries no profile drills
		}
		drills, err := a.drillsOf(st)
		for _, d := range drills {
			// The drill is one recurring event; other routine nudges
			// (an old support directory) are single events.
			events = append(events, d.Event(rs.pol))
			for _, n := range reminders.UpcomingDrills(a.now, until, rs.pol, d) {
				if n.Kind != reminders.KindDrill {
					nudges = append(nudges, n)
				}
			}
		}
		return err
	})
	if err != nil {
		return err
	}
	callbacks := reminders.Callbacks(sums)
	if len(nudges)+len(callbacks)+len(events) == 0 {
		return fmt.Errorf("nothing to put in a calendar: no nudges or promised callbacks in the next %s", a.p.N("unit.day", days))
	}
	for i := range callbacks {
		callbacks[i].By = callbacks[i].By.In(a.loc) // stored in UTC; the texts read local time
	}
	find := callFinder(a)
	reminders.AddCalls(nudges, find, a.now)
	reminders.AddCallbackCalls(callbacks, find, a.now)
	var buf bytes.Buffer
	if err := reminders.WriteICSIn(&buf, nudgeWords{def: a.lang}, nudges, callbacks, a.now, events...); err != nil {
		return err
	}
	if opts.output == "" {
		_, err = a.out.Write(buf.Bytes())
		return err
	}
	if err := os.WriteFile(opts.output, buf.Bytes(), 0o600); err != nil {
		return fmt.Errorf("write calendar: %w", err)
	}
	if len(events) > 0 {
		a.confirm("wrote %d reminders, %d promised callbacks and %d recurring drill(s) to %s: import it into your phone's calendar", len(nudges), len(callbacks), len(events), opts.output)
		return nil
	}
	a.confirm("wrote %d reminders and %d promised callbacks to %s: import it into your phone's calendar", len(nudges), len(callbacks), opts.output)
	return nil
}
