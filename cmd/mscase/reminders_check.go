package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/mscase/mscase/cases"
	"github.com/mscase/mscase/reminders"
	"github.com/mscase/mscase/safetext"
	"github.com/spf13/cobra"
)

func init() { addCommand("reminders", newRemindersCheckCmd) }

type remindersCheckOptions struct {
	dryRun bool
}

func newRemindersCheckCmd(a *app) *cobra.Command {
	opts := &remindersCheckOptions{}
	cmd := &cobra.Command{
		Use:   "check",
		Short: "Send the nudges that are due now, record them, and exit",
		Long: `Send every nudge that is due now through the configured channels, record
it in the sent-log, and exit. With no channel configured, each nudge is
printed: case, TrackingID, kind, why and what to do.

Running it again sends nothing new: every nudge goes out once. After the
machine was off or asleep it catches up with only the latest missed nudge
of each kind per case, marked late. A channel that fails is retried with
backoff by later checks; the others are not held up. Exit status 1 when a
send failed or a configured channel cannot be set up (it is named; the
other channels still send).

"mscase reminders run" does this on a schedule; cron or a scheduled task
can run check instead.`,
		Example: `  mscase reminders check
  mscase reminders check --dry-run`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if a.jsonOut && !opts.dryRun {
				return usageT("usage_x.check_json_dry")
			}
			return runRemindersCheck(cmd.Context(), a, opts)
		},
	}
	cmd.Flags().BoolVar(&opts.dryRun, "dry-run", false, "print what is due without sending or recording anything")
	return cmd
}

func runRemindersCheck(ctx context.Context, a *app, opts *remindersCheckOptions) error {
	rs, err := loadReminders(a)
	if err != nil {
		return err
	}
	warnConfig(a, rs.cfg, openCaseCountries(a))
	if opts.dryRun {
		if a.jsonOut {
			due, err := rs.runner(a, nil).Due(a.now)
			if err != nil {
				return err
			}
			reminders.AddCalls(due, callFinder(a), a.now)
			out := make([]upcomingJSON, len(due))
			for i, n := range due {
				out[i] = upcomingJSON{Key: n.Key(), Nudge: n}
			}
			return a.writeJSON(out)
		}
		// A slice at a time: 100,000 cases can have 10,000 nudges due.
		w := reminders.NewTextWriter(a.out)
		find, count := callFinder(a), 0
		if err := rs.runner(a, nil).DueEach(a.now, func(due []reminders.Nudge) error {
			reminders.AddCalls(due, find, a.now)
			count += len(due)
			for i := range due {
				if err := w.Write(&due[i]); err != nil {
					return err
				}
			}
			return nil
		}); err != nil {
			return err
		}
		if count == 0 {
			a.nothingDue()
			return nil
		}
		return w.Flush()
	}
	// Unbuffered: a nudge counts as sent on stdout only once it is written.
	chans, problems := rs.channels(a, a.out)
	reportProblems(a, rs, problems)
	if len(chans) == 0 {
		return &silentError{exitFailure}
	}
	// The channels that work still send: a broken one must not silence
	// the others. The exit status says something is wrong.
	res, err := rs.runner(a, chans).Check(ctx, a.now, false)
	if err != nil {
		return err
	}
	if len(res.Delivered) == 0 && len(res.Failed) == 0 && res.Busy == 0 {
		a.nothingDue()
	}
	if err := reportCheck(a, res); err != nil || len(problems) == 0 {
		return err
	}
	return &silentError{exitFailure}
}

// reportCheck prints failures and the waiting count on stderr; it returns
// exit status 1 when a send failed.
func reportCheck(a *app, res *reminders.Result) error {
	for _, f := range res.Failed {
		retry := failureFate(a, f)
		// f.Err may quote a server's reply: shown escaped.
		fmt.Fprintf(a.errOut, "mscase: channel %s: case %d %s: %s (%s)\n", f.Channel, f.Nudge.Case, f.Nudge.Kind, safetext.Line(f.Err.Error()), retry)
	}
	if res.Busy > 0 {
		a.hint("%s being sent by another mscase process", a.p.N("unit.nudge", res.Busy))
	}
	if len(res.Failed) > 0 {
		return &silentError{exitFailure}
	}
	return nil
}

// failureFate says what happens after a failed send, in words that match
// what happened: a permanent failure is not retried whatever the count.
func failureFate(a *app, f reminders.Outcome) string {
	switch {
	case f.Permanent:
		return "permanent: not retried; fix the channel's settings"
	case !f.Retry.IsZero():
		return "temporary: retry after " + a.fmtTime(f.Retry)
	}
	return fmt.Sprintf("gave up after %s", a.p.N("unit.failed_attempt", f.Attempts))
}

// tickSummary is the one log line of a tick that sent something, or "".
func tickSummary(a *app, res *reminders.Result) string {
	if len(res.Delivered) == 0 && len(res.Failed) == 0 {
		return ""
	}
	nudges, late := map[string]bool{}, 0
	chans := map[string]bool{}
	var chanList []string
	for _, o := range res.Delivered {
		if !nudges[o.Nudge.Key()] && o.Nudge.Late {
			late++
		}
		nudges[o.Nudge.Key()] = true
		if !chans[o.Channel] {
			chans[o.Channel] = true
			chanList = append(chanList, o.Channel)
		}
	}
	s := a.p.T("run.sent", "Nudges", a.p.N("unit.nudge", len(nudges)))
	if late > 0 {
		s += a.p.T("run.late", "N", late)
	}
	if len(chanList) > 0 {
		s += a.p.T("run.through", "Channels", strings.Join(chanList, ", "))
	}
	retrying := 0
	for _, f := range res.Failed {
		if !f.Retry.IsZero() {
			retrying++
		}
	}
	if retrying > 0 {
		s += a.p.T("run.retrying", "Sends", a.p.N("unit.send", retrying))
	}
	if n := len(res.Failed) - retrying; n > 0 {
		s += a.p.T("run.failed_for_good", "Sends", a.p.N("unit.send", n))
	}
	return s
}

// nothingDue says so on a terminal, with the next reminder to expect:
// silence reads like a broken setup on the day it matters.
func (a *app) nothingDue() {
	if !a.errTTY {
		return
	}
	var sums []*cases.Summary
	var next map[uint64]reminders.Nudge
	_ = a.withStore(true, func(st store) error {
		if st == nil {
			return nil
		}
		all, err := st.Summaries()
		if err != nil {
			return err
		}
		for i := range all {
			if all[i].Stage != cases.StageClosed {
				sums = append(sums, &all[i])
			}
		}
		next = nextOrWarn(a, st, sums)
		return nil
	})
	var first *reminders.Nudge
	for _, n := range next {
		if first == nil || n.Due.Before(first.Due) || (n.Due.Equal(first.Due) && n.Case < first.Case) {
			n := n
			first = &n
		}
	}
	switch {
	case len(sums) == 0:
		a.confirm("%s", a.p.T("remcheck.nothing_no_cases"))
	case first == nil:
		a.confirm("%s", a.p.T("remcheck.nothing_none"))
	default:
		a.confirm("%s", a.p.T("remcheck.nothing_next", "Kind", kindOr(a.p, first.Kind), "Case", first.Case, "Due", a.fmtTime(first.Due)))
	}
}
