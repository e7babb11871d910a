package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/mscase/mscase/cases"
	"github.com/spf13/cobra"
)

func init() { addCommand("cases", newCasesChecklistCmd) }

type casesChecklistOptions struct {
	ref    string
	done   []string
	undone []string
}

func newCasesChecklistCmd(a *app) *cobra.Command {
	opts := &casesChecklistOptions{}
	cmd := &cobra.Command{
		Use:   "checklist REF [--done ITEM]...",
		Short: "Show or tick off the hardening checklist of a recovered case",
		Long: `When a case reaches recovered, mscase attaches a hardening checklist so the
next lost phone does not lock the tenant again. It blocks nothing, but
"cases close" warns while items are open.`,
		Example: `  mscase cases checklist 1
  mscase cases checklist 1 --done mfa --done second-admin`,
		Args:              cobra.ExactArgs(1),
		ValidArgsFunction: completeRefs(a),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.ref = args[0]
			for _, d := range opts.done {
				for _, u := range opts.undone {
					if strings.EqualFold(strings.TrimSpace(d), strings.TrimSpace(u)) {
						return usageT("refuse.checklist_contradict", "Done", d, "Undo", u)
					}
				}
			}
			return runCasesChecklist(cmd.Context(), a, opts)
		},
	}
	cmd.Flags().StringSliceVar(&opts.done, "done", nil, "mark `ITEM` done (repeatable)")
	cmd.Flags().StringSliceVar(&opts.undone, "undo", nil, "mark `ITEM` not done")
	_ = cmd.RegisterFlagCompletionFunc("done", func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		var ids []string
		for _, it := range cases.HardeningChecklist() {
			ids = append(ids, it.ID+"\t"+it.Text)
		}
		return ids, cobra.ShellCompDirectiveNoFileComp
	})
	return cmd
}

func runCasesChecklist(_ context.Context, a *app, opts *casesChecklistOptions) error {
	var c *cases.Case
	var err error
	if len(opts.done)+len(opts.undone) == 0 {
		c, err = a.readCase(opts.ref)
	} else {
		c, err = a.updateCase(opts.ref, func(c *cases.Case) error {
			for _, id := range opts.done {
				if err := c.CheckDone(id, true, a.now); err != nil {
					return err
				}
			}
			for _, id := range opts.undone {
				if err := c.CheckDone(id, false, a.now); err != nil {
					return err
				}
			}
			return nil
		})
	}
	if err != nil {
		return err
	}
	if a.jsonOut {
		if c.Checklist == nil {
			return a.writeJSON([]cases.ChecklistItem{}) // none yet: an empty list, not null
		}
		return a.writeJSON(c.Checklist)
	}
	if len(c.Checklist) == 0 {
		a.confirm("%s", a.p.T("checklist.none", "Case", c.Number))
		return nil
	}
	open := 0
	for _, it := range c.Checklist {
		mark, when := "[ ]", ""
		if it.Done != nil {
			mark, when = "[x]", a.p.T("checklist.done", "At", a.fmtTime(*it.Done))
		} else {
			open++
		}
		fmt.Fprintf(a.out, "%s %-15s %s%s\n", mark, it.ID, a.checkText(it), when)
	}
	if open == 0 {
		a.confirm("%s", a.p.T("checklist.all_done", "Case", c.Number))
	}
	return nil
}
