package main

import (
	"context"
	"fmt"
	"runtime/debug"
	"strings"
	"time"

	"github.com/mscase/mscase/reminders"
	"github.com/mscase/mscase/safetext"
	"github.com/spf13/cobra"
)

func init() { addCommand("reminders", newRemindersRunCmd) }

type remindersRunOptions struct{}

func newRemindersRunCmd(a *app) *cobra.Command {
	opts := &remindersRunOptions{}
	return &cobra.Command{
		Use:   "run",
		Short: "Keep checking on the configured schedule, in the foreground",
		Long: `Run "mscase reminders check" at every tick of the configured schedule
(default every 5 minutes; "schedule" in the configuration, CRON_TZ=Zone
honoured) until stopped with Ctrl-C, SIGINT or SIGTERM. It opens the
database only for the moment of each check, so "mscase cases" commands never
wait on it. It logs one line on stderr for each tick that sent something.
Configuration changes apply after a restart.

"mscase reminders install" prints a systemd user service, a launchd agent
or a Windows scheduled task that keeps it running.`,
		Example: `  mscase reminders run
  mscase reminders install --write`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runRemindersRun(cmd.Context(), a, opts)
		},
	}
}

func runRemindersRun(ctx context.Context, a *app, _ *remindersRunOptions) error {
	rs, err := loadReminders(a)
	if err != nil {
		return err
	}
	chans, problems := rs.channels(a, a.out)
	if len(problems) > 0 {
		reportProblems(a, rs, problems)
		return usagef("%s of %d cannot be set up: not starting, as nudges would silently miss %s",
			a.p.N("unit.channel", len(problems)), len(problems)+len(chans), map[bool]string{true: "it", false: "them"}[len(problems) == 1])
	}
	warnConfig(a, rs.cfg, nil)
	warnGuard(a, rs)
	clock := a.clock()
	runner := rs.runner(a, chans)
	names := make([]string, len(chans))
	for i, c := range chans {
		names[i] = c.Name
	}
	logf := func(format string, args ...any) {
		fmt.Fprintf(a.errOut, "%s %s\n", clock().Format(time.RFC3339), safetext.Line(fmt.Sprintf(format, args...)))
	}
	logf("mscase reminders: checking %q through %s; database %s", rs.cfg.Schedule, strings.Join(names, ", "), absPath(a.dbPath))
	tick := func(ctx context.Context) {
		defer debug.FreeOSMemory() // give the memory of a big check back between ticks
		res, err := runner.Check(ctx, clock(), false)
		if err != nil {
			logf("check failed: %v", rs.scrub(a)(err.Error()))
			return
		}
		for _, f := range res.Failed {
			logf("channel %s: case %d %s: %v", f.Channel, f.Nudge.Case, f.Nudge.Kind, f.Err)
		}
		if s := tickSummary(a, res); s != "" {
			logf("%s", s)
		}
	}
	tick(ctx) // at once: a machine that just woke up catches up now
	if err := reminders.Run(ctx, rs.cfg.Schedule, a.loc, tick); err != nil {
		return usagef("config %s: %v", rs.src.path, err)
	}
	logf("mscase reminders: stopped")
	return nil
}

// clock is the real clock, or with MSCASE_NOW a clock that starts at that
// instant and runs from there, for demos and tests of the daemon.
func (a *app) clock() func() time.Time {
	if a.getenv("MSCASE_NOW") == "" {
		return time.Now
	}
	start, base := time.Now(), a.now
	return func() time.Time { return base.Add(time.Since(start)).In(a.loc) }
}
