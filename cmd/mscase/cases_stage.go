package main

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/mscase/mscase/cases"
	"github.com/spf13/cobra"
)

func init() {
	addCommand("cases", newCasesStageCmd)
	addCommand("cases", newCasesCloseCmd)
	addCommand("cases", newCasesReopenCmd)
	addCommand("cases", newCasesSnoozeCmd)
}

type casesStageOptions struct {
	ref, stage, note string
}

func newCasesStageCmd(a *app) *cobra.Command {
	opts := &casesStageOptions{}
	cmd := &cobra.Command{
		Use:   "stage REF STAGE [--note TEXT]",
		Short: "Move a case to another Data Protection Team stage",
		Long: `Move a case to another stage. Moving back to an earlier stage is allowed
where the table permits it, and is recorded and shown as a step back.

Stages:
` + stageTable(),
		Example: `  mscase cases stage 1 dpt-review
  mscase cases stage 1 verifying --note "DPT asked for TXT record MS=ms12345678"
  mscase cases stage 1 recovered`,
		Args: cobra.ExactArgs(2),
		ValidArgsFunction: func(cmd *cobra.Command, args []string, s string) ([]string, cobra.ShellCompDirective) {
			if len(args) == 1 {
				return completeStages(cmd, args, s)
			}
			return completeRefs(a)(cmd, args, s)
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.ref, opts.stage = args[0], args[1]
			return runCasesStage(cmd.Context(), a, opts)
		},
	}
	cmd.Flags().StringVar(&opts.note, "note", "", fmt.Sprintf("why the stage changed (at most %d characters)", cases.MaxNote))
	return cmd
}

func runCasesStage(_ context.Context, a *app, opts *casesStageOptions) error {
	to, err := parseStage(opts.stage)
	if err != nil {
		return err
	}
	if err := cases.CheckTyped("--note", opts.note, cases.MaxNote, true); err != nil {
		return err
	}
	var from cases.Stage
	c, err := a.updateCase(opts.ref, func(c *cases.Case) error {
		from = c.Stage
		if to == cases.StageClosed {
			return c.Close(opts.note, a.now)
		}
		return c.MoveTo(to, opts.note, a.now)
	})
	if err != nil {
		return err
	}
	if a.jsonOut {
		return a.writeJSON(c)
	}
	id := "ok.moved"
	if h := c.History[len(c.History)-1]; h.Back {
		id = "ok.moved_back"
	}
	a.say(id, "Case", c.Number, "From", a.stageName(from), "To", a.stageName(to))
	if to == cases.StageRecovered {
		a.say("ok.welcome", "Case", c.Number)
		for _, it := range c.Checklist {
			a.confirm("  [ ] %s", a.checkText(it))
		}
	}
	return nil
}

type casesCloseOptions struct{ ref, resolution string }

func newCasesCloseCmd(a *app) *cobra.Command {
	opts := &casesCloseOptions{}
	cmd := &cobra.Command{
		Use:               "close REF [--resolution TEXT]",
		Short:             "Close a case",
		Long:              "Close a case. It warns while hardening checklist items are still open, but closes anyway.",
		Example:           `  mscase cases close 1 --resolution "admin reset by DPT, MFA re-registered"`,
		Args:              cobra.ExactArgs(1),
		ValidArgsFunction: completeRefs(a),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.ref = args[0]
			return runCasesClose(cmd.Context(), a, opts)
		},
	}
	cmd.Flags().StringVar(&opts.resolution, "resolution", "", fmt.Sprintf("how the case ended (at most %d characters)", cases.MaxResolution))
	return cmd
}

func runCasesClose(_ context.Context, a *app, opts *casesCloseOptions) error {
	if err := cases.CheckTyped("--resolution", opts.resolution, cases.MaxResolution, true); err != nil {
		return err
	}
	c, err := a.updateCase(opts.ref, func(c *cases.Case) error { return c.Close(opts.resolution, a.now) })
	if err != nil {
		return err
	}
	if a.jsonOut {
		return a.writeJSON(c)
	}
	a.say("ok.closed", "Case", c.Number)
	var open []string
	for _, it := range c.Checklist {
		if it.Done == nil {
			open = append(open, it.ID)
		}
	}
	if len(open) > 0 {
		a.sayN("ok.open_items", len(open), "Items", strings.Join(open, a.p.T("word.sep")), "Case", c.Number)
	}
	return nil
}

type casesReopenOptions struct{ ref, note string }

func newCasesReopenCmd(a *app) *cobra.Command {
	opts := &casesReopenOptions{}
	cmd := &cobra.Command{
		Use:               "reopen REF [--note TEXT]",
		Short:             "Reopen a closed case in the stage it was closed from",
		Example:           `  mscase cases reopen 1 --note "locked out again after the reset"`,
		Args:              cobra.ExactArgs(1),
		ValidArgsFunction: completeRefs(a),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.ref = args[0]
			return runCasesReopen(cmd.Context(), a, opts)
		},
	}
	cmd.Flags().StringVar(&opts.note, "note", "", fmt.Sprintf("why it was reopened (at most %d characters)", cases.MaxNote))
	return cmd
}

func runCasesReopen(_ context.Context, a *app, opts *casesReopenOptions) error {
	if err := cases.CheckTyped("--note", opts.note, cases.MaxNote, true); err != nil {
		return err
	}
	c, err := a.updateCase(opts.ref, func(c *cases.Case) error { return c.Reopen(opts.note, a.now) })
	if err != nil {
		return err
	}
	if a.jsonOut {
		return a.writeJSON(c)
	}
	a.say("ok.reopened", "Case", c.Number, "Stage", a.stageName(c.Stage))
	return nil
}

type casesSnoozeOptions struct {
	ref, until string
	clear      bool
}

func newCasesSnoozeCmd(a *app) *cobra.Command {
	opts := &casesSnoozeOptions{}
	cmd := &cobra.Command{
		Use:   "snooze REF --until TIME",
		Short: "Silence reminders for a case until a time",
		Long: `Silence stall reminders for a case until TIME, for example while Microsoft
has a DNS record to check and told you to wait. --clear ends a snooze.`,
		Example: `  mscase cases snooze 1 --until "2026-11-30 09:00"
  mscase cases snooze 1 --until +1d
  mscase cases snooze 1 --clear`,
		Args:              cobra.ExactArgs(1),
		ValidArgsFunction: completeRefs(a),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.ref = args[0]
			if opts.until == "" && !opts.clear {
				return usageT("refuse.snooze_needs")
			}
			if opts.until != "" && opts.clear {
				return usageT("refuse.until_clear")
			}
			return runCasesSnooze(cmd.Context(), a, opts)
		},
	}
	cmd.Flags().StringVar(&opts.until, "until", "", "when reminders start again")
	cmd.Flags().BoolVar(&opts.clear, "clear", false, "end the snooze now")
	return cmd
}

func runCasesSnooze(_ context.Context, a *app, opts *casesSnoozeOptions) error {
	var until *time.Time
	if !opts.clear {
		t, err := a.parseTime("until", opts.until)
		if err != nil {
			return err
		}
		if !t.After(a.now) {
			return &cases.InputError{Field: "--until", Value: opts.until, Want: "must be in the future", Code: cases.CodeFuture}
		}
		until = &t
	}
	c, err := a.updateCase(opts.ref, func(c *cases.Case) error {
		if c.IsClosed() {
			return &cases.ClosedError{Number: c.Number}
		}
		c.SnoozedUntil = until
		c.Updated = a.now
		return nil
	})
	if err != nil {
		return err
	}
	if a.jsonOut {
		return a.writeJSON(c)
	}
	if until == nil {
		a.say("ok.snooze_off", "Case", c.Number)
	} else {
		a.say("ok.snoozed", "Case", c.Number, "Until", a.fmtTime(*until))
	}
	return nil
}
