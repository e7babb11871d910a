package main

import (
	"context"
	"sort"
	"strconv"
	"time"

	"github.com/charmbracelet/lipgloss"
	"github.com/mscase/mscase/cases"
	"github.com/spf13/cobra"
)

func init() { addCommand("cases", newCasesListCmd) }

type casesListOptions struct {
	all     bool
	stage   string
	stalled bool
	country string
}

func newCasesListCmd(a *app) *cobra.Command {
	opts := &casesListOptions{}
	cmd := &cobra.Command{
		Use:     "list",
		Aliases: []string{"ls"},
		Short:   "List open cases, what needs action first",
		Long: `List cases, one row each: number, TrackingID, domain, stage, time in that
stage, when it was last touched, whether it is stalled, and what it waits on.

Stalled cases come first, then the ones whose stall deadline is nearest.
Piped, rows are tab-separated with RFC 3339 times and no header:
  number, tracking ID, domain, stage, stage since, last touched, stalled (yes/no), waiting on, title`,
		Example: `  mscase cases list
  mscase cases list --stalled
  mscase cases list --all --country JP
  mscase cases list --json | jq '.[] | select(.stalled)'`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runCasesList(cmd.Context(), a, opts)
		},
	}
	f := cmd.Flags()
	f.BoolVar(&opts.all, "all", false, "include closed cases")
	f.StringVar(&opts.stage, "stage", "", "only cases in this `stage`")
	f.BoolVar(&opts.stalled, "stalled", false, "only stalled cases")
	f.StringVar(&opts.country, "country", "", "only cases for this country `code`")
	_ = cmd.RegisterFlagCompletionFunc("stage", completeStages)
	return cmd
}

// listRow is one case in `cases list --json`.
type listRow struct {
	Number      uint64     `json:"number"`
	TrackingID  string     `json:"tracking_id,omitempty"`
	Domain      string     `json:"domain"`
	Admin       string     `json:"admin"`
	Country     string     `json:"country,omitempty"`
	Title       string     `json:"title,omitempty"`
	Stage       string     `json:"stage"`
	StageSince  time.Time  `json:"stage_since"`
	LastTouched time.Time  `json:"last_touched"`
	Stalled     bool       `json:"stalled"`
	StallReason string     `json:"stall_reason,omitempty"`
	Deadline    *time.Time `json:"stall_deadline,omitempty"`
	Promise     *time.Time `json:"callback_promised_by,omitempty"`
	WaitingOn   string     `json:"waiting_on"`
	Snoozed     *time.Time `json:"snoozed_until,omitempty"`

	sum cases.Summary
	st  cases.StallState
}

func runCasesList(_ context.Context, a *app, opts *casesListOptions) error {
	var stage cases.Stage
	var country string
	var err error
	if opts.stage != "" {
		if stage, err = cases.ParseStage(opts.stage); err != nil {
			return err
		}
	}
	if opts.country != "" {
		if country, err = cases.ParseCountry(opts.country); err != nil {
			return err
		}
	}
	var rows []listRow
	err = a.withStore(true, func(s *cases.Store) error {
		if s == nil {
			return nil
		}
		return s.EachSummary(func(sum *cases.Summary) error {
			if (!opts.all && stage != cases.StageClosed && sum.Stage == cases.StageClosed) ||
				(stage != "" && sum.Stage != stage) || (country != "" && sum.Country != country) {
				return nil
			}
			st := cases.Stall(sum, a.now, cases.DefaultLimits, nil)
			if opts.stalled && !st.Stalled {
				return nil
			}
			rows = append(rows, listRow{sum: *sum, st: st})
			return nil
		})
	})
	if err != nil {
		return err
	}
	sortForAction(rows)
	if a.jsonOut {
		for i := range rows {
			rows[i].fill(a.loc)
		}
		if rows == nil {
			rows = []listRow{}
		}
		return a.writeJSON(rows)
	}
	if len(rows) == 0 {
		if a.isTTY {
			a.confirm("no cases to show (use --all to include closed cases, or \"mscase cases new\" to record one)")
		}
		return nil
	}
	headers := []string{"#", "TRACKING ID", "DOMAIN", "STAGE", "IN STAGE", "LAST TOUCHED", "STALLED", "WAITING ON", "TITLE"}
	table := make([][]string, len(rows))
	for i := range rows {
		r := &rows[i]
		table[i] = a.listCells(r)
	}
	return a.printTable(headers, table, func(row, col int) lipgloss.Style {
		if col == 6 && rows[row].st.Stalled {
			return a.st.Stalled
		}
		if col == 3 && rows[row].sum.Stage == cases.StageClosed {
			return a.st.Dim
		}
		return lipgloss.Style{}
	})
}

func (a *app) listCells(r *listRow) []string {
	s := &r.sum
	id := s.TrackingID
	if id == "" {
		id = "-"
	}
	stalled := "no"
	if r.st.Stalled {
		stalled = "yes"
	} else if s.SnoozedUntil != nil && a.now.Before(*s.SnoozedUntil) {
		stalled = "snoozed"
	}
	domain := s.Domain
	inStage := ""
	if a.isTTY {
		domain = cases.DisplayDomain(s.Domain)
		inStage = fmtDuration(a.now.Sub(s.StageSince))
	} else {
		inStage = s.StageSince.In(a.loc).Format(time.RFC3339)
	}
	return []string{strconv.FormatUint(s.Number, 10), id, domain, string(s.Stage), inStage,
		a.fmtTime(s.LastActivity()), stalled, a.waitingOn(s, &r.st), s.Title}
}

// waitingOn says what a case waits on, with the promised callback time in
// the output's time format.
func (a *app) waitingOn(s *cases.Summary, st *cases.StallState) string {
	switch {
	case s.Stage == cases.StageClosed:
		return "-"
	case st.PromiseOverdue:
		return "callback overdue since " + a.fmtTime(*st.Promise)
	case st.Promise != nil:
		return "callback promised by " + a.fmtTime(*st.Promise)
	case s.Stage == cases.StageRecovered && s.OpenChecks > 0:
		return "us: " + strconv.Itoa(s.OpenChecks) + " hardening items open"
	}
	return st.WaitingOn
}

func (r *listRow) fill(loc *time.Location) {
	s := &r.sum
	in := func(t *time.Time) *time.Time {
		if t == nil {
			return nil
		}
		v := t.In(loc)
		return &v
	}
	r.Number, r.TrackingID, r.Domain, r.Admin, r.Country, r.Title = s.Number, s.TrackingID, s.Domain, s.Admin, s.Country, s.Title
	r.Stage, r.StageSince, r.LastTouched = string(s.Stage), s.StageSince.In(loc), s.LastActivity().In(loc)
	r.Stalled, r.StallReason, r.Promise, r.Snoozed = r.st.Stalled, r.st.Reason, in(r.st.Promise), in(s.SnoozedUntil)
	r.WaitingOn = r.st.WaitingOn
	if r.Promise != nil {
		r.WaitingOn = "callback promised by " + r.Promise.Format(time.RFC3339)
	}
	if !r.st.Deadline.IsZero() {
		r.Deadline = in(&r.st.Deadline)
	}
}

// sortForAction puts what needs action first: stalled cases (longest
// overdue first), then open cases by nearest stall deadline, then closed
// cases by number.
func sortForAction(rows []listRow) {
	rank := func(r *listRow) int {
		switch {
		case r.sum.Stage == cases.StageClosed:
			return 3
		case r.st.Stalled:
			return 0
		case r.st.Deadline.IsZero():
			return 2
		}
		return 1
	}
	sort.SliceStable(rows, func(i, j int) bool {
		ri, rj := rank(&rows[i]), rank(&rows[j])
		if ri != rj {
			return ri < rj
		}
		if ri == 0 || ri == 1 {
			if !rows[i].st.Deadline.Equal(rows[j].st.Deadline) {
				return rows[i].st.Deadline.Before(rows[j].st.Deadline)
			}
		}
		return rows[i].sum.Number < rows[j].sum.Number
	})
}
