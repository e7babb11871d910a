package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"runtime/debug"
	"strconv"
	"time"

	"github.com/charmbracelet/lipgloss"
	"github.com/mscase/mscase/cases"
	"github.com/mscase/mscase/reminders"
	"github.com/mscase/mscase/safetext"
	"github.com/spf13/cobra"
)

func init() { addCommand("reminders", newRemindersUpcomingCmd) }

type remindersUpcomingOptions struct {
	days  int
	limit int // 0: all; -1: the default (termLimit on a terminal, else all)
	ics   icsOptions
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

A terminal shows at most 300 nudges, the soonest; --limit sets how many
(0: all). Times are shown in your time zone. Piped, each line is: due (RFC 3339),
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
				return usageT("days_x.days", "Days", opts.days)
			}
			if opts.ics.on && a.jsonOut {
				return usageT("refuse.export_two_outputs")
			}
			if opts.ics.output != "" && !opts.ics.on {
				return usageT("usage_x.output_with_ics")
			}
			if !cmd.Flags().Changed("limit") {
				opts.limit = -1
			} else if opts.limit < 0 {
				return usageT("usage_x.upcoming_limit", "Limit", opts.limit)
			} else if opts.ics.on {
				return usageT("usage_x.limit_not_ics")
			}
			if opts.ics.on {
				return writeCalendar(a, &opts.ics, opts.days, nil)
			}
			return runRemindersUpcoming(cmd.Context(), a, opts)
		},
	}
	cmd.Flags().IntVar(&opts.days, "days", 7, "how many days ahead to look")
	cmd.Flags().IntVar(&opts.limit, "limit", 0, "show at most `N` nudges, the soonest (on a terminal 300 unless given; 0: all)")
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
	// A short burst of allocations, as in cases list: a few MB for a day
	// of nudges on 10,000 cases. Let the memory limit decide when to
	// collect.
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(256 << 20))
	defer debug.SetGCPercent(debug.SetGCPercent(-1))
	rs, err := loadReminders(a)
	if err != nil {
		return err
	}
	until := a.now.Add(time.Duration(opts.days) * 24 * time.Hour)
	var ag reminders.Agenda
	var drills []reminders.Nudge
	var sums []cases.Summary
	err = a.withStore(true, func(st store) error {
		if st == nil {
			return nil
		}
		if sums, err = st.Summaries(); err != nil {
			return err
		}
		if err := reminders.ViewLog(st, func(l *reminders.Log) error {
			ag = reminders.UpcomingAgenda(a.now, until, rs.pol, sums, l)
			return nil
		}); err != nil {
			return err
		}
		drills, err = a.withDrills(st, nil, rs.pol, until)
		return err
	})
	if err != nil {
		return err
	}
	warnConfig(a, rs.cfg, caseCountries(sums))
	total := ag.Len() + len(drills)
	shown := total
	limit := opts.limit
	if limit < 0 {
		limit = 0
		if a.isTTY && !a.jsonOut {
			limit = termLimit
		}
	}
	if limit > 0 && limit < total {
		shown = limit
	}
	// each walks the first shown of the cases' nudges and the drills' in
	// time order, a drill after the cases' nudges due at the same instant
	// (as a stable sort by due instant puts them). The texts are written
	// one nudge at a time, and not at all for the nudges not shown.
	each := func(fn func(*reminders.Nudge) error) error {
		left := shown
		emit := func(n *reminders.Nudge) error {
			if err := fn(n); err != nil {
				return err
			}
			if left--; left == 0 {
				return errEnough
			}
			return nil
		}
		d := drills
		err := ag.Each(func(n *reminders.Nudge) error {
			for ; len(d) > 0 && d[0].Due.Before(n.Due); d = d[1:] {
				if err := emit(&d[0]); err != nil {
					return err
				}
			}
			return emit(n)
		})
		for i := 0; err == nil && i < len(d); i++ {
			err = emit(&d[i])
		}
		if errors.Is(err, errEnough) {
			return nil
		}
		return err
	}
	if a.jsonOut {
		list := make([]reminders.Nudge, 0, shown)
		_ = each(func(n *reminders.Nudge) error { list = append(list, *n); return nil })
		reminders.AddCalls(list, callFinder(a), a.now)
		out := make([]upcomingJSON, len(list))
		for i, n := range list {
			out[i] = upcomingJSON{Key: n.Key(), Nudge: n}
		}
		return a.writeJSON(out)
	}
	if total == 0 {
		fmt.Fprintln(a.errOut, a.p.T("upcoming.nothing", "Days", a.p.N("unit.day", opts.days)))
		return nil
	}
	r := upcomingRows{a: a, when: map[instant]string{}}
	if !a.isTTY && a.width <= 0 {
		// Piped with no width to fit: each row goes out as it is made,
		// as printTable would write it.
		w := bufio.NewWriterSize(a.out, 64<<10)
		if err := each(func(n *reminders.Nudge) error {
			for i, c := range r.row(n) {
				if i > 0 {
					w.WriteByte('\t')
				}
				w.WriteString(safetext.Line(c))
			}
			return w.WriteByte('\n')
		}); err != nil {
			return err
		}
		return w.Flush()
	}
	// Every row at once: the columns are fitted to the widest cell. One
	// array backs them all.
	cells := make([]string, 0, shown*6)
	rows := make([][]string, 0, shown)
	dueNow := make([]bool, 0, shown)
	_ = each(func(n *reminders.Nudge) error {
		row := r.row(n)
		cells = append(cells, row[:]...)
		rows = append(rows, cells[len(cells)-6:len(cells):len(cells)])
		dueNow = append(dueNow, !n.Due.After(a.now))
		return nil
	})
	headers := []string{"WHEN", "CASE", "TRACKING ID", "KIND", "DO", "WHY"}
	headers, rows, _ = dropToFit(headers, rows, a.width, []string{"WHY"})
	if shown < total {
		defer a.hint("%s", a.p.T("upcoming.more", "Shown", shown, "Total", total))
	}
	return a.printTable(headers, rows, func(row, col int) lipgloss.Style {
		if col == 3 && dueNow[row] {
			return a.st.Stalled
		}
		return a.st.r.NewStyle()
	})
}

// errEnough stops the walk over the nudges once the last one shown is
// written.
var errEnough = errors.New("enough nudges")

// upcomingRows makes the cells of the rows of reminders upcoming.
type upcomingRows struct {
	a *app
	// when remembers each due instant shown: tens of thousands of nudges
	// fall on a few thousand instants, and on a terminal each is worded
	// through the message catalog ("in 3 hours").
	when map[instant]string
	// last and lastWhen are the instant of the row before and its text.
	last     instant
	lastWhen string
	// labels are the kinds with " (due now)" and " (late)" made once.
	labels []kindLabel
}

// kindLabel is a kind's label when due now and when late.
type kindLabel struct {
	kind         reminders.Kind
	dueNow, late string
}

// kindLabel is "stalled (due now)" or "stalled (late)", made once per kind.
func (r *upcomingRows) kindLabel(k reminders.Kind, late bool) string {
	for _, l := range r.labels {
		if l.kind == k {
			if late {
				return l.late
			}
			return l.dueNow
		}
	}
	r.labels = append(r.labels, kindLabel{k, string(k) + " (due now)", string(k) + " (late)"})
	return r.kindLabel(k, late)
}

// instant is a time.Time as a map key, its zone left out.
type instant struct {
	sec  int64
	nsec int
}

// row is the cells of n's row: when, case, TrackingID, kind, why, what to
// do; on a terminal what to do comes before why (when the terminal is
// narrow, WHY is the column left out).
func (r *upcomingRows) row(n *reminders.Nudge) [6]string {
	a := r.a
	// The rows come in time order: most share the instant of the row
	// before.
	key := instant{n.Due.Unix(), n.Due.Nanosecond()}
	when := r.lastWhen
	if key != r.last || when == "" {
		var ok bool
		if when, ok = r.when[key]; !ok {
			when = a.fmtTime(n.Due)
			r.when[key] = when
		}
		r.last, r.lastWhen = key, when
	}
	kind := string(n.Kind)
	if !n.Due.After(a.now) {
		kind = r.kindLabel(n.Kind, n.Late)
	}
	why, action := n.Why, n.Action
	if a.isTTY && a.p.JA() {
		// The terminal table speaks the app's language; piped rows are
		// data and stay as reminders records them.
		kind = kindName(a.p, n.Kind)
		if !n.Due.After(a.now) {
			kind += a.p.T(map[bool]string{true: "upcoming.late", false: "upcoming.due_now"}[n.Late])
		}
		if s := nudgeWhy(a.p, *n); s != "" {
			why = s
		}
		if s := nudgeAction(a.p, *n); s != "" {
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
	if a.isTTY {
		return [6]string{when, num, id, kind, action, why}
	}
	return [6]string{when, num, id, kind, why, action}
}
