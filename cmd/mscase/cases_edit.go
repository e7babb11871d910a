package main

import (
	"bufio"
	"context"
	"fmt"

	"github.com/mscase/mscase/cases"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

func init() {
	addCommand("cases", newCasesEditCmd)
	addCommand("cases", newCasesDeleteCmd)
}

type casesEditOptions struct {
	ref      string
	fields   caseFields
	flags    *pflag.FlagSet
	discover bool
}

func newCasesEditCmd(a *app) *cobra.Command {
	opts := &casesEditOptions{}
	cmd := &cobra.Command{
		Use:   "edit REF [flags]",
		Short: "Change fields of a case: add the TrackingID, tenant ID, severity...",
		Long: `Change any field of a case. Only the flags you give change; an empty
--tracking-id "" or --tenant-id "" clears that field.

--discover looks the tenant ID up from the case's domain (for a case
recorded offline).

` + planHelp,
		Example: `  mscase cases edit 1 --tracking-id 2411250040001234
  mscase cases edit 1 --tenant-id 12345678-AAAA-4BBB-8CCC-1234567890AB --severity A
  mscase cases edit 1 --plan other
  mscase cases edit 1 --discover`,
		Args:              cobra.ExactArgs(1),
		ValidArgsFunction: completeRefs(a),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.ref, opts.flags = args[0], cmd.Flags()
			if cmd.Flags().NFlag() == 0 {
				return usageT("refuse.edit_nothing")
			}
			return runCasesEdit(cmd.Context(), a, opts)
		},
	}
	opts.fields.register(cmd.Flags())
	cmd.Flags().BoolVar(&opts.discover, "discover", false, "look up the tenant ID from the case's domain; a different tenant ID already on the case is kept, with a warning")
	registerCaseCompletions(cmd)
	return cmd
}

func runCasesEdit(ctx context.Context, a *app, opts *casesEditOptions) error {
	// Validate the flags on an empty case first, so bad input never opens
	// the database for writing.
	var probe cases.Case
	if err := opts.fields.apply(opts.flags, &probe); err != nil {
		return err
	}
	var discovered *cases.Case
	if opts.discover {
		// Look the tenant up before opening the database for writing: the
		// network may take seconds and the file must not be held meanwhile.
		cur, err := a.readCase(opts.ref)
		if err != nil {
			return err
		}
		if err := opts.fields.apply(opts.flags, cur); err != nil {
			return err
		}
		if err := discoverTenant(ctx, a, cur); err != nil {
			return err
		}
		discovered = cur
	}
	c, err := a.updateCase(opts.ref, func(c *cases.Case) error {
		if err := opts.fields.apply(opts.flags, c); err != nil {
			return err
		}
		if discovered != nil && c.TenantID == "" {
			c.TenantID = discovered.TenantID
		}
		c.Updated = a.now
		return nil
	})
	if err != nil {
		return err
	}
	if a.jsonOut {
		return a.writeJSON(c)
	}
	a.say("ok.updated", "Case", c.Number)
	return nil
}

type casesDeleteOptions struct {
	ref string
	yes bool
}

func newCasesDeleteCmd(a *app) *cobra.Command {
	opts := &casesDeleteOptions{}
	cmd := &cobra.Command{
		Use:   "delete REF [--yes]",
		Short: "Delete a case and its log for good",
		Long: `Delete a case and its whole log. This cannot be undone: consider "cases close"
instead. On a terminal it asks; elsewhere it needs --yes.`,
		Example:           `  mscase cases delete 3 --yes`,
		Args:              cobra.ExactArgs(1),
		ValidArgsFunction: completeRefs(a),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.ref = args[0]
			return runCasesDelete(cmd.Context(), a, opts)
		},
	}
	cmd.Flags().BoolVarP(&opts.yes, "yes", "y", false, "do not ask")
	return noJSON(cmd, "nojson.delete")
}

func runCasesDelete(_ context.Context, a *app, opts *casesDeleteOptions) error {
	if err := cases.CheckRef(opts.ref); err != nil {
		return err
	}
	// Ask with the database closed: a prompt must not hold the file while
	// the admin thinks.
	c, err := a.readCase(opts.ref)
	if err != nil {
		return err
	}
	if !opts.yes {
		if !a.errTTY {
			return usageT("refuse.delete_case", "Case", c.Number)
		}
		fmt.Fprint(a.errOut, a.p.T("prompt.delete_case", "Case", c.Number, "Domain", cases.DisplayDomain(c.Domain), "TrackingID", or(c.TrackingID, a.p.T("word.none")), "Entries", a.p.N("unit.log_entry", len(c.Contacts)))+" "+a.p.T("prompt.yes_no")+" ")
		line, _ := bufio.NewReader(a.in).ReadString('\n')
		if !answerYes(line) {
			a.confirm("%s", a.p.T("prompt.kept_case", "Case", c.Number))
			return &silentError{exitFailure}
		}
	}
	s, err := a.openExisting(fmt.Sprint(c.Number))
	if err != nil {
		return err
	}
	defer s.Close()
	if _, err := s.Delete(fmt.Sprint(c.Number)); err != nil {
		return err
	}
	a.say("ok.deleted", "Case", c.Number)
	return nil
}
