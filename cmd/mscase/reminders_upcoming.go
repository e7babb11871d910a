package main

import (
	"context"
	"fmt"
	"runtime/debug"
	"strconv"
	"time"

	"github.com/charmbracelet/lipgloss"
	"github.com/mscase/mscase/cases"
	"github.com/mscase/mscase/reminders"
	"github.com/spf13/cobra"
)

func init() { addCommand("reminders", newRemindersUpcomingCmd) }

type remindersUpcomingOptions struct {
	days int
	ics  icsOptions
}

func newRemindersUpcomingCmd(a *app) *cobra.Command {
	opts := &remindersUpcomingOptions{}
	cmd := &cobra.Command{
		Use:   "upcoming",
		Short: "List the nudges that will fire in the next days, when and why",
		Long: `List the nudges that will fire from now until --days days ahead, if nothing
changes on the cases (a contact logged later cancels or moves some of them):
what is due now and not yet sent, then stall reminders, promised callbacks,
and the nudges before and after each weekend and holiday of each case's
country, at the configured times. Check it before a holiday.

Times are shown in your time zone. Piped, each line is: due (RFC 3339),
case, TrackingID, kind, why, what to do, tab-separated.

--ics writes the same nudges, and each promised callback, as an iCalendar
file with an alarm per event. Import it into your phone's calendar: it keeps
reminding you even when this computer is off and the tenant is locked.
Importing a newer file updates the events instead of adding copies.`,
		Example: `  mscase reminders upcoming
  mscase reminders upcoming --days 14
  mscase reminders upcoming --json
  mscase reminders upcoming --days 30 --ics --output mscase.ics`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if opts.days < 1 || opts.days > 366 {
				return usagef("--days %d: expected a number of days from 1 to 366", opts.days)
			}
			if opts.ics.on && a.jsonOut {
				return usagef("--ics and --json ask for two different outputs: give one of them")
			}
			if opts.ics.output != "" && !opts.ics.on {
				return usagef("--output goes with --ics")
			}
			if opts.ics.on {
				return writeCalendar(a, &opts.ics, opts.days, nil)
			}
			return runRemindersUpcoming(cmd.Context(), a, opts)
		},
	}
	cmd.Flags().IntVar(&opts.days, "days", 7, "how many days ahead to look")
	cmd.Flags().BoolVar(&opts.ics.on, "ics", false, "write an iCalendar file for your phone's calendar")
	cmd.Flags().StringVarP(&opts.ics.output, "output", "o", "", "with --ics: write to `FILE` (0600) instead of stdout")
	return cmd
}

// upcomingJSON is one nudge with its sent-log key.
type upcomingJSON struct {
	Key string `json:"key"`
	reminders.Nudge
}

func runRemindersUpcoming(_ context.Context, a *app, opts *remindersUpcomingOptions) error {
	// A short burst of allocations, as in cases list: tens of MB for a day
	// of nudges on 10,000 cases. Let the memory limit decide when to
	// collect.
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(256 << 20))
	defer debug.SetGCPercent(debug.SetGCPercent(-1))
	rs, err := loadReminders(a)
	if err != nil {
		return err
	}
	until := a.now.Add(time.Duration(opts.days) * 24 * time.Hour)
	var list []reminders.Nudge
	var sums []cases.Summary
	err = a.withStore(true, func(st store) error {
		if st == nil {
			return nil
		}
		if sums, err = st.Summaries(); err != nil {
			return err
		}
		if err := reminders.ViewLog(st, func(l *reminders.Log) error {
			list = reminders.Upcoming(a.now, until, rs.pol, sums, l)
			return nil
		}); err != nil {
			return err
		}
		list, err = a.withDrills(st, list, rs.pol, until)
		return err
	})
	if err != nil {
		return err
	}
	warnConfig(a, rs.cfg, caseCountries(sums))
	if a.jsonOut {
		reminders.AddCalls(list, callFinder(a), a.now)
		out := make([]upcomingJSON, len(list))
		for i, n := range list {
			out[i] = upcomingJSON{Key: n.Key(), Nudge: n}
		}
		return a.writeJSON(out)
	}
	if len(list) == 0 {
		fmt.Fprintln(a.errOut, a.p.T("upcoming.nothing", "Days", a.p.N("unit.day", opts.days)))
		return nil
	}
	var rows [][]string
	for _, n := range list {
		when := a.fmtTime(n.Due)
		kind := string(n.Kind)
		if !n.Due.After(a.now) {
			kind += " (due now)"
			if n.Late {
				kind = string(n.Kind) + " (late)"
			}
		}
		why, action := n.Why, n.Action
		if a.isTTY && a.p.JA() {
			// The terminal table speaks the app's language; piped rows
			// are data and stay as reminders records them.
			kind = kindName(a.p, n.Kind)
			if !n.Due.After(a.now) {
				kind += a.p.T(map[bool]string{true: "upcoming.late", false: "upcoming.due_now"}[n.Late])
			}
			if s := nudgeWhy(a.p, n); s != "" {
				why = s
			}
			if s := nudgeAction(a.p, n); s != "" {
				action = s
			}
		}
		id := n.TrackingID
		if id == "" {
			id = "-"
		}
		num := strconv.FormatUint(n.Case, 10)
		if n.Case == 0 {
			num = "-" // the tenant profile's drills belong to no case
		}
		row := []string{when, num, id, kind, why, action}
		if a.isTTY {
			// On a terminal what to do comes before why: when the
			// terminal is narrow, WHY is the column left out.
			row = []string{when, num, id, kind, action, why}
		}
		rows = append(rows, row)
	}
	headers := []string{"WHEN", "CASE", "TRACKING ID", "KIND", "DO", "WHY"}
	headers, rows, _ = dropToFit(headers, rows, a.width, []string{"WHY"})
	return a.printTable(headers, rows, func(row, col int) lipgloss.Style {
		if col == 3 && !list[row].Due.After(a.now) {
			return a.st.Stalled
		}
		return a.st.r.NewStyle()
	})
}
