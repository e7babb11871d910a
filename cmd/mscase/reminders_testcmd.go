package main

import (
	"context"
	"fmt"
	"time"

	"github.com/mscase/mscase/cases"
	"github.com/mscase/mscase/reminders"
	"github.com/spf13/cobra"
)

func init() { addCommand("reminders", newRemindersTestCmd) }

type remindersTestOptions struct{}

func newRemindersTestCmd(a *app) *cobra.Command {
	opts := &remindersTestOptions{}
	return noJSON(&cobra.Command{
		Use:   "test",
		Short: "Send one test nudge through each configured channel",
		Long: `Send one test nudge through each configured channel and report each result,
so you know a nudge will reach you before you need it. It also warns about
channels that depend on the locked tenant (an address in a locked domain,
Exchange Online, a Teams webhook): those would fail exactly when you need
them. A configured channel that cannot be set up (a secret it cannot read,
a missing setting) is named and makes the exit status 1, like a failed
send. Nothing is written to the sent-log.`,
		Example: `  mscase reminders test
  mscase --config ~/mscase-test.toml reminders test`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runRemindersTest(cmd.Context(), a, opts)
		},
	}, "sends test nudges; it prints no data")
}

func runRemindersTest(ctx context.Context, a *app, _ *remindersTestOptions) error {
	rs, err := loadReminders(a)
	if err != nil {
		return err
	}
	chans, problems := rs.channels(a, a.out)
	reportProblems(a, rs, problems)
	warnGuard(a, rs)
	n := reminders.Nudge{Case: 0, TrackingID: "0000000000000000", Domain: "example.com", Stage: "test",
		Kind: reminders.KindTest, Due: a.now, Why: "a test from \"mscase reminders test\"", Action: "nothing: this channel works"}
	failed := 0
	for _, c := range chans {
		cctx, cancel := context.WithTimeout(ctx, time.Minute)
		err := c.Notifier.Notify(cctx, n)
		cancel()
		if err != nil {
			failed++
			retry := a.p.T("remtest.permanent")
			if reminders.Retryable(err) {
				retry = a.p.T("remtest.temporary")
			}
			fmt.Fprintln(a.errOut, a.p.T("remtest.failed", "Channel", c.Name, "Reason", rs.scrub(a)(reminders.Reason(err)), "Retry", retry))
			continue
		}
		fmt.Fprintln(a.errOut, a.p.T("remtest.ok", "Channel", c.Name))
	}
	if failed > 0 || len(problems) > 0 {
		return &silentError{exitFailure}
	}
	return nil
}

// warnGuard warns on stderr about channels that depend on the tenant of an
// open case (they would fail exactly while the admin is locked out) and
// about exec channels with a secret on their command line.
func warnGuard(a *app, rs *reminderSetup) {
	var domains []string
	_ = a.withStore(true, func(s store) error {
		if s == nil {
			return nil
		}
		return s.EachSummary(func(sum *cases.Summary) error {
			if sum.Stage != cases.StageClosed {
				domains = append(domains, sum.Domain)
			}
			return nil
		})
	})
	chans := make([]reminders.ChannelConfig, len(rs.cfg.Channels))
	sec := rs.secrets(a, nil)
	sec.FilePrivate = true // only the host is used, never shown in full
	for i, c := range rs.cfg.Channels {
		if v, err := sec.Value(c, "url"); err == nil {
			c.URL = v
		}
		chans[i] = c.Masked() // the host is kept, which is all Guard needs
	}
	for _, w := range append(reminders.ArgvWarnings(rs.cfg.Channels), reminders.Guard(chans, domains)...) {
		a.warn("%s", w)
	}
}
