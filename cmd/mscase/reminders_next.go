package main

import (
	"time"

	"github.com/mscase/mscase/cases"
	"github.com/mscase/mscase/reminders"
)

// nextWithin is how far ahead `cases list` and `cases show` look for a
// case's next nudge.
const nextWithin = 30 * 24 * time.Hour

// nextNudges gives the next nudge of each case in sums (due now and not yet
// sent, or the first one to come in the next 30 days), keyed by case
// number; cases with none are absent. It loads the configuration and the
// calendars once. st may be nil; with it, nudges already sent are skipped.
// A bad configuration file is returned as bad input (exit 2).
func nextNudges(a *app, st *cases.Store, sums []cases.Summary) (map[uint64]reminders.Nudge, error) {
	rs, err := loadReminders(a)
	if err != nil {
		return nil, err
	}
	out := make(map[uint64]reminders.Nudge, len(sums))
	each := func(sent reminders.SentSet) {
		for i := range sums {
			if n, ok := reminders.Next(a.now, rs.pol, &sums[i], sent, nextWithin); ok {
				out[sums[i].Number] = n
			}
		}
	}
	if st == nil {
		each(nil)
		return out, nil
	}
	err = reminders.ViewLog(st.DB(), func(l *reminders.Log) error {
		each(l)
		return nil
	})
	return out, err
}
