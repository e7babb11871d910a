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
func nextNudges(a *app, st store, sums []*cases.Summary) (map[uint64]reminders.Nudge, error) {
	rs, err := loadReminders(a)
	if err != nil {
		return nil, err
	}
	out := make(map[uint64]reminders.Nudge, len(sums))
	each := func(sent reminders.SentSet) {
		next := reminders.NextEach(a.now, rs.pol, sent, nextWithin)
		for _, s := range sums {
			if n, ok := next(s); ok {
				out[s.Number] = n
			}
		}
	}
	if st == nil {
		each(nil)
		return out, nil
	}
	err = reminders.ViewLog(st, func(l *reminders.Log) error {
		each(l)
		return nil
	})
	return out, err
}

// nextOrWarn is nextNudges for the cases commands: a configuration problem
// must not stop `cases list` or `cases show`, so it is a warning and no
// nudges are shown.
func nextOrWarn(a *app, st store, sums []*cases.Summary) map[uint64]reminders.Nudge {
	next, err := nextNudges(a, st, sums)
	if err != nil {
		a.warn("next reminders not shown: %v", err)
		return nil
	}
	return next
}

// fmtNudge is a nudge in a table cell: "before-break Fri 15:00", or
// "call-now now" when it is due.
func (a *app) fmtNudge(n reminders.Nudge, ok bool) string {
	switch {
	case !ok:
		return "-"
	case a.isTTY && !n.Due.After(a.now):
		return a.kindName(string(n.Kind)) + " " + a.p.T("word.now")
	}
	return a.kindName(string(n.Kind)) + " " + a.fmtTime(n.Due)
}

// stallRule is the stall rule cases commands apply: business time on each
// case's calendar, with the configured limits. With a configuration that
// does not load it warns and falls back to calendar time and the default
// limits, so `cases list` still works.
func (a *app) stallRule() func(*cases.Summary) cases.StallState {
	rs, err := loadReminders(a)
	if err != nil {
		a.warn("stall limits in calendar time: %v", err)
		return func(s *cases.Summary) cases.StallState { return cases.Stall(s, a.now, cases.DefaultLimits, nil) }
	}
	return func(s *cases.Summary) cases.StallState { return rs.pol.Stall(s, a.now) }
}

func (a *app) fmtNudgePtr(n *reminders.Nudge) string {
	if n == nil {
		return "-"
	}
	return a.fmtNudge(*n, true)
}
