package main

import (
	"bufio"
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/mscase/mscase/cases"
	"github.com/mscase/mscase/safetext"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

type casesLogEditOptions struct {
	ref   string
	entry int
	log   casesLogOptions
	flags *pflag.FlagSet
}

func newCasesLogEditCmd(a *app) *cobra.Command {
	opts := &casesLogEditOptions{}
	cmd := &cobra.Command{
		Use:   "edit REF ENTRY [flags]",
		Short: "Correct one entry of a case's log",
		Long: `Correct one log entry: only the flags you give change. ENTRY is the number
shown as #N in "mscase cases show REF". The entry as it was is kept in the
case's history (cases show --json, "log_changes"), so nothing changes
silently. --callback-by "" removes a promise.`,
		Example: `  mscase cases log edit 1 3 --summary "escalated to the Data Protection Team"
  mscase cases log edit 1 3 --at "2026-11-26 18:05" --callback-by "tomorrow 10:00"
  mscase cases log edit 1 4 --kind note`,
		Args:              cobra.ExactArgs(2),
		ValidArgsFunction: completeRefs(a),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.ref, opts.flags = args[0], cmd.Flags()
			n, err := parseEntry(args[1])
			if err != nil {
				return err
			}
			opts.entry = n
			if cmd.Flags().NFlag() == 0 {
				return usageT("refuse.log_edit_nothing")
			}
			return runCasesLogEdit(cmd.Context(), a, opts)
		},
	}
	f := cmd.Flags()
	o := &opts.log
	f.StringVar(&o.kind, "kind", "", "contact (with Microsoft), check, note or document")
	f.StringVar(&o.channel, "channel", "", "phone, email, web or chat")
	f.StringVar(&o.direction, "direction", "", "out (you contacted Microsoft) or in (they contacted you)")
	f.StringVar(&o.at, "at", "", "when it happened")
	f.StringVar(&o.address, "number", "", "the phone number or email address used")
	f.StringVar(&o.agent, "agent", "", "the support agent's name")
	f.StringVar(&o.summary, "summary", "", "what was said or agreed")
	f.StringVar(&o.callbackBy, "callback-by", "", "when Microsoft promised to come back (\"\" removes it)")
	return cmd
}

func parseEntry(s string) (int, error) {
	n, err := strconv.Atoi(strings.TrimPrefix(strings.TrimSpace(s), "#"))
	if err != nil || n < 1 {
		return 0, &cases.InputError{Field: "log entry", Value: s, Want: "expected an entry number like 3 (the #3 in \"mscase cases show REF\")", Code: cases.CodeEntryNumber}
	}
	return n, nil
}

// apply writes the changed flags into e; the case validates the result.
func (o *casesLogEditOptions) apply(a *app, e *cases.Contact) error {
	set := o.flags.Changed
	l := &o.log
	var err error
	if set("kind") {
		if e.Kind, err = cases.ParseKind(l.kind); err != nil {
			return err
		}
		if !e.IsContact() {
			e.CallbackBy = nil
		}
	}
	if set("channel") {
		if e.Channel, err = cases.ParseChannel(l.channel); err != nil {
			return err
		}
	}
	if set("direction") {
		if e.Direction, err = cases.ParseDirection(l.direction); err != nil {
			return err
		}
	}
	if e.IsContact() && e.Channel == "" {
		e.Channel = cases.ChannelPhone
	}
	if e.IsContact() && e.Direction == "" {
		e.Direction = cases.DirOut
	}
	if set("at") {
		if e.At, err = a.parseTime("at", l.at); err != nil {
			return err
		}
	}
	if set("number") {
		e.Address = strings.TrimSpace(l.address)
	}
	if set("agent") {
		e.Agent = strings.TrimSpace(l.agent)
	}
	if set("summary") {
		e.Summary = strings.TrimSpace(l.summary)
	}
	if set("callback-by") {
		if strings.TrimSpace(l.callbackBy) == "" {
			e.CallbackBy = nil
		} else {
			if !e.IsContact() {
				return usageT("refuse.callback_kind", "Kind", e.Kind)
			}
			t, err := a.parsePromise(l.callbackBy, e.At)
			if err != nil {
				return err
			}
			e.CallbackBy = &t
		}
	}
	return nil
}

func runCasesLogEdit(_ context.Context, a *app, opts *casesLogEditOptions) error {
	// Try the change on the case as read first: bad input is refused
	// before the database is opened for writing.
	cur, err := a.readCase(opts.ref)
	if err != nil {
		return err
	}
	if err := cur.EditEntry(opts.entry, func(e *cases.Contact) error { return opts.apply(a, e) }, a.now); err != nil {
		return err
	}
	c, err := a.updateCase(fmt.Sprint(cur.Number), func(c *cases.Case) error {
		return c.EditEntry(opts.entry, func(e *cases.Contact) error { return opts.apply(a, e) }, a.now)
	})
	if err != nil {
		return err
	}
	if a.jsonOut {
		return a.writeJSON(c.Entry(opts.entry))
	}
	e := c.Entry(opts.entry)
	a.say("ok.entry_edited", "Entry", opts.entry, "Case", c.Number, "What", a.entryWhat(*e), "Summary", e.Summary)
	return nil
}

type casesLogDeleteOptions struct {
	ref   string
	entry int
	yes   bool
}

func newCasesLogDeleteCmd(a *app) *cobra.Command {
	opts := &casesLogDeleteOptions{}
	cmd := &cobra.Command{
		Use:   "delete REF ENTRY [--yes]",
		Short: "Delete one entry of a case's log (kept in the history)",
		Long: `Delete one log entry, for example one logged on the wrong case. ENTRY is
the number shown as #N in "mscase cases show REF". The entry is kept in the
case's history (cases show --json, "log_changes"), so nothing disappears
silently. On a terminal it asks; elsewhere it needs --yes.`,
		Example:           `  mscase cases log delete 1 3 --yes`,
		Args:              cobra.ExactArgs(2),
		ValidArgsFunction: completeRefs(a),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.ref = args[0]
			n, err := parseEntry(args[1])
			if err != nil {
				return err
			}
			opts.entry = n
			return runCasesLogDelete(cmd.Context(), a, opts)
		},
	}
	cmd.Flags().BoolVarP(&opts.yes, "yes", "y", false, "do not ask")
	return cmd
}

func runCasesLogDelete(_ context.Context, a *app, opts *casesLogDeleteOptions) error {
	if err := cases.CheckRef(opts.ref); err != nil {
		return err
	}
	// Ask with the database closed: a prompt must not hold the file.
	cur, err := a.readCase(opts.ref)
	if err != nil {
		return err
	}
	e := cur.Entry(opts.entry)
	if e == nil {
		return cur.DeleteEntry(opts.entry, a.now) // the case's own "no such entry" error
	}
	if !opts.yes {
		if !a.errTTY {
			return usageT("refuse.delete_entry", "Entry", opts.entry, "Case", cur.Number)
		}
		fmt.Fprint(a.errOut, safetext.Text(a.p.T("prompt.delete_entry", "Entry", opts.entry, "Case", cur.Number, "At", a.fmtTime(e.At), "What", a.entryWhat(*e), "Summary", e.Summary))+" "+a.p.T("prompt.yes_no")+" ")
		line, _ := bufio.NewReader(a.in).ReadString('\n')
		if !answerYes(line) {
			a.confirm("%s", a.p.T("prompt.kept_entry", "Entry", opts.entry))
			return &silentError{exitFailure}
		}
	}
	c, err := a.updateCase(fmt.Sprint(cur.Number), func(c *cases.Case) error { return c.DeleteEntry(opts.entry, a.now) })
	if err != nil {
		return err
	}
	if a.jsonOut {
		return a.writeJSON(c)
	}
	a.say("ok.entry_deleted", "Entry", opts.entry, "Case", c.Number, "Left", a.p.N("unit.entry", len(c.Contacts)))
	return nil
}
