package main

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/mscase/mscase/cases"
	"github.com/spf13/cobra"
)

func init() { addCommand("cases", newCasesLogCmd) }

type casesLogOptions struct {
	ref        string
	kind       string
	channel    string
	direction  string
	at         string
	address    string
	agent      string
	summary    string
	callbackBy string
	email      emailOptions

	setChannel, setDirection bool // given on the command line
}

func newCasesLogCmd(a *app) *cobra.Command {
	opts := &casesLogOptions{}
	cmd := &cobra.Command{
		Use:   "log REF --summary TEXT [flags] | log [REF] --from-email FILE|-",
		Short: "Log a call, email or chat with Microsoft, or your own action, on a case",
		Long: `Log one entry on a case: when, how, which number or address, the agent's
name, what was said, and any callback Microsoft promised.

Two kinds of entry:
  contact    (the default) a contact with Microsoft by --channel phone,
             email, web or chat. Only contacts reset the stall clock.
  check, note, document
             your own actions: a check you made (verify dns logs these), a
             note for the record, a document you sent. They are kept in the
             log but do not count as contact: a stalled case stays stalled.

--direction out (the default) means you contacted Microsoft; in means they
contacted you. An inbound contact after a promise fulfils the promise.
--at accepts RFC 3339, "2026-11-26 18:00", "18:00" (today), "yesterday
18:00" or relative "-30m", "-2h", "-1d".
--callback-by is counted from the entry's time: "09:00" is the next 09:00
after it, "+2h" two hours after it, or "tomorrow 10:00". A promise before
the entry's time is refused: log an earlier call with --at.

Correct a mistake with "cases log edit" or "cases log delete": the entry as
it was is kept in the case's history.

--from-email reads an email from Microsoft support (a saved .eml or pasted
text, in any common encoding including ISO-2022-JP), finds its TrackingID,
date, sender and subject, and logs it as an inbound email on the case with
that TrackingID. With REF it logs on that case (and takes the TrackingID if
the case has none). When no case has the TrackingID, --domain and --admin
record a new one. When two numbers could be the TrackingID it asks, or with
--yes refuses and says why. An email already on the case (same Message-ID,
or for pasted text the same text) is not logged again: exit 0, "already
logged on case N as entry K".

When the email says the reset is done, asks for a DNS TXT record (with its
value) or for documents, or closes the request, the next command is printed
(mscase cases stage N recovered, mscase verify dns N --txt MS=...) and, on a
terminal without --yes, offered to run. English and Japanese wordings are
recognised.`,
		Example: `  mscase cases log 1 --channel phone --number "0120 996 680" --agent Sato \
      --summary "escalated to Data Protection Team, callback within 24h" --callback-by +1d
  mscase cases log 1 --summary "agent will call back in the morning" --callback-by 09:00
  mscase cases log 1 --summary "DPT: call back tomorrow" --callback-by "tomorrow 10:00"
  mscase cases log 1 --at -3h --summary "promised a call within 2h" --callback-by +2h
  mscase cases log 2411250040001234 --channel email --direction in --at -2h --summary "DPT asked for a DNS TXT record"
  mscase cases log 1 --kind document --summary "sent the company registration to the DPT"
  mscase cases log 1 --kind note --summary "registrar confirmed we own the domain"
  mscase cases log --from-email ~/Downloads/support-reply.eml
  pbpaste | mscase cases log 1 --from-email -`,
		Args:              cobra.RangeArgs(0, 1),
		ValidArgsFunction: completeRefs(a),
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 1 {
				opts.ref = args[0]
			}
			if opts.email.file != "" {
				for _, f := range []string{"summary", "kind", "channel", "direction", "at", "number", "agent", "callback-by"} {
					if cmd.Flags().Changed(f) {
						return usageT("refuse.not_with_email", "Flag", "--"+f)
					}
				}
				return runCasesLogEmail(a, opts.ref, &opts.email)
			}
			if opts.email.domain != "" || opts.email.admin != "" || opts.email.yes {
				return usageT("refuse.email_flags")
			}
			if len(args) == 0 {
				return usageT("refuse.log_needs_ref")
			}
			opts.setChannel, opts.setDirection = cmd.Flags().Changed("channel"), cmd.Flags().Changed("direction")
			return runCasesLog(cmd.Context(), a, opts)
		},
	}
	cmd.AddCommand(newCasesLogEditCmd(a), newCasesLogDeleteCmd(a))
	f := cmd.Flags()
	f.StringVar(&opts.kind, "kind", "contact", "contact (with Microsoft), or your own action: check, note or document")
	f.StringVar(&opts.channel, "channel", "phone", "phone, email, web or chat")
	f.StringVar(&opts.direction, "direction", "out", "out (you contacted Microsoft) or in (they contacted you)")
	f.StringVar(&opts.at, "at", "", "when it happened (default now)")
	f.StringVar(&opts.address, "number", "", "the phone number or email address used")
	f.StringVar(&opts.agent, "agent", "", fmt.Sprintf("the support agent's name (one line, at most %d characters)", cases.MaxAgent))
	f.StringVar(&opts.summary, "summary", "", fmt.Sprintf("what was said or agreed (required; at most %d characters)", cases.MaxSummary))
	f.StringVar(&opts.callbackBy, "callback-by", "", "when Microsoft promised to come back")
	f.StringVar(&opts.email.file, "from-email", "", "log a support email from `FILE` (.eml or text; - for standard input)")
	f.BoolVar(&opts.email.yes, "yes", false, "with --from-email: never ask; refuse an ambiguous email")
	f.StringVar(&opts.email.domain, "domain", "", "with --from-email: record a new case for this domain when none has the TrackingID")
	f.StringVar(&opts.email.admin, "admin", "", "with --from-email: the locked admin account of the new case")
	f.BoolVar(&opts.email.allowMixedScript, "allow-mixed-script", false, "with --domain: accept a domain whose labels mix Latin, Greek or Cyrillic letters")
	_ = cmd.RegisterFlagCompletionFunc("kind", cobra.FixedCompletions([]string{"contact", "check", "note", "document"}, cobra.ShellCompDirectiveNoFileComp))
	_ = cmd.RegisterFlagCompletionFunc("channel", cobra.FixedCompletions([]string{"phone", "email", "web", "chat"}, cobra.ShellCompDirectiveNoFileComp))
	_ = cmd.RegisterFlagCompletionFunc("direction", cobra.FixedCompletions([]string{"out", "in"}, cobra.ShellCompDirectiveNoFileComp))
	return cmd
}

func runCasesLog(_ context.Context, a *app, opts *casesLogOptions) error {
	e, err := opts.contact(a)
	if err != nil {
		return err
	}
	c, err := a.updateCase(opts.ref, func(c *cases.Case) error { return c.AddContact(e, a.now) })
	if err != nil {
		return err
	}
	if a.jsonOut {
		return a.writeJSON(c)
	}
	kv := []any{"What", a.entryWhat(e), "Case", c.Number, "Entries", a.p.N("unit.entry", len(c.Contacts))}
	if e.CallbackBy != nil {
		a.say("ok.logged_promise", append(kv, "By", a.fmtTime(*e.CallbackBy))...)
		return nil
	}
	a.say("ok.logged", kv...)
	return nil
}

// contact validates the flags into a contact log entry before any write.
func (o *casesLogOptions) contact(a *app) (cases.Contact, error) {
	var e cases.Contact
	var err error
	if e.Kind, err = cases.ParseKind(o.kind); err != nil {
		return e, err
	}
	if e.IsContact() || o.setChannel {
		if e.Channel, err = cases.ParseChannel(o.channel); err != nil {
			return e, err
		}
	}
	if e.IsContact() || o.setDirection {
		if e.Direction, err = cases.ParseDirection(o.direction); err != nil {
			return e, err
		}
	}
	e.At = a.now
	if o.at != "" {
		if e.At, err = a.parseTime("at", o.at); err != nil {
			return e, err
		}
	}
	if o.callbackBy != "" {
		if !e.IsContact() {
			return e, usageT("refuse.callback_kind", "Kind", e.Kind)
		}
		t, err := a.parsePromise(o.callbackBy, e.At)
		if err != nil {
			return e, err
		}
		e.CallbackBy = &t
	}
	for _, f := range []struct {
		name, v   string
		max       int
		multiline bool
	}{{"--number", o.address, cases.MaxAddress, false}, {"--agent", o.agent, cases.MaxAgent, false}, {"--summary", o.summary, cases.MaxSummary, true}} {
		if err := cases.CheckTyped(f.name, f.v, f.max, f.multiline); err != nil {
			return e, err
		}
	}
	e.Address, e.Agent, e.Summary = strings.TrimSpace(o.address), strings.TrimSpace(o.agent), strings.TrimSpace(o.summary)
	if e.Summary == "" {
		return e, &cases.InputError{Field: "--summary", Want: "must not be empty: say what was said or agreed, e.g. --summary \"escalated to Data Protection Team\"", Code: cases.CodeEmpty}
	}
	return e, e.Validate()
}

// parsePromise reads --callback-by counted from the entry's time at and
// refuses a promise that is not after it.
func (a *app) parsePromise(v string, at time.Time) (time.Time, error) {
	t, err := cases.ParsePromise(v, at, a.loc)
	if err != nil {
		var ie *cases.InputError
		if errors.As(err, &ie) {
			ie.Field = "--callback-by"
		}
		return t, err
	}
	if !t.After(at) {
		if at.Equal(a.now) {
			return t, withHintT(usageT("refuse.promise_past", "Value", v, "At", t.In(a.loc).Format(time.RFC3339)), "hint.promise_at")
		}
		return t, usageT("refuse.promise_before", "Value", v, "At", t.In(a.loc).Format(time.RFC3339), "Entry", at.In(a.loc).Format(time.RFC3339))
	}
	return t, nil
}

// entryWhat names a log entry in a sentence, in the app's language:
// "phone contact", "check", "document"; 電話での連絡, 確認, 書類.
func (a *app) entryWhat(e cases.Contact) string {
	if e.IsContact() {
		return a.p.T("what.contact", "Channel", wordOr(a.p, "channel."+string(e.Channel), string(e.Channel)))
	}
	return wordOr(a.p, "entrykind."+string(e.Kind), string(e.Kind))
}
