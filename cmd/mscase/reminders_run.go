package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"runtime/debug"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/mscase/mscase/msg"
	"github.com/mscase/mscase/reminders"
	"github.com/mscase/mscase/safetext"
	"github.com/spf13/cobra"
)

func init() { addCommand("reminders", newRemindersRunCmd) }

type remindersRunOptions struct{}

func newRemindersRunCmd(a *app) *cobra.Command {
	opts := &remindersRunOptions{}
	return noJSON(&cobra.Command{
		Use:   "run",
		Short: "Keep checking on the configured schedule, in the foreground",
		Long: `Run "mscase reminders check" at every tick of the configured schedule
(default every 5 minutes; "schedule" in the configuration, CRON_TZ=Zone
honoured) until stopped with Ctrl-C, SIGINT or SIGTERM. It opens the
database only for the moment of each check, so "mscase cases" commands never
wait on it. It logs one line on stderr for each tick that sent something.

It reads the configuration again on SIGHUP and when the file changes
(checked at every tick). A new file that does not parse, or names a channel
that cannot be set up, is logged and the previous configuration kept. It
refuses to start when a configured channel cannot be set up.

"mscase reminders install" prints a systemd user service, a launchd agent
or a Windows scheduled task that keeps it running.`,
		Example: `  mscase reminders run
  mscase reminders install --write`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runRemindersRun(cmd.Context(), a, opts)
		},
	}, "nojson.run")
}

func runRemindersRun(ctx context.Context, a *app, _ *remindersRunOptions) error {
	rs, err := loadReminders(a)
	if err != nil {
		return err
	}
	chans, problems := rs.channels(a, a.out)
	if len(problems) > 0 {
		reportProblems(a, rs, problems)
		return usageWords(func(p *msg.Printer) string {
			return p.T("usage_x.channels_not_ready", "Channels", p.N("unit.channel", len(problems)), "Total", len(problems)+len(chans),
				"Them", map[bool]string{true: "it", false: "them"}[len(problems) == 1])
		})
	}
	warnConfig(a, rs.cfg, nil)
	warnGuard(a, rs)
	clock := a.clock()
	d := &daemon{a: a, rs: rs, stamp: statFile(a.cfgPath), reschedule: make(chan struct{}, 1)}
	var logMu sync.Mutex // the election logs from its own goroutine
	d.logf = func(format string, args ...any) {
		logMu.Lock()
		defer logMu.Unlock()
		fmt.Fprintf(a.errOut, "%s %s\n", clock().Format(time.RFC3339), safetext.Line(fmt.Sprintf(format, args...)))
	}
	// On a shared store several daemons run, one per machine that may be
	// asleep; they elect one leader, and only it checks and sends.
	lead, err := a.campaign(d.logf)
	if err != nil {
		return err
	}
	if lead != nil {
		defer lead.Close()
	}
	d.lead = lead
	d.runner = d.newRunner(rs, chans)
	// SIGHUP reloads the configuration. Registered before the first log
	// line, so whoever waits for that line may send it.
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	defer signal.Stop(hup)
	go func() {
		for {
			select {
			case <-hup:
				d.reload("on SIGHUP")
			case <-ctx.Done():
				return
			}
		}
	}()
	where := a.p.T("run.where_db", "Path", absPath(a.dbPath))
	if s, err := a.sharedStore(); err == nil && s.URL != "" {
		where = a.p.T("run.where_store", "URL", publicStoreURL(s.URL))
	}
	d.logf("%s", a.p.T("run.checking", "Schedule", fmt.Sprintf("%q", rs.cfg.Schedule), "Raw", rs.cfg.Schedule, "Channels", channelNames(chans), "Where", where))
	var tickMu sync.Mutex // a tick on election and one on schedule take turns
	// A tick checks under the daemon's own context, not the one the
	// scheduler hands it: a reload that changes the schedule ends that
	// scheduler (and its context) from inside this very tick, and a send
	// cut off by that would count as failed and wait out the retry delay.
	tick := func(context.Context) {
		tickMu.Lock()
		defer tickMu.Unlock()
		if d.lead != nil && !d.lead.Leading() {
			return // another daemon sends
		}
		defer debug.FreeOSMemory() // give the memory of a big check back between ticks
		if st := statFile(a.cfgPath); st != d.lastStamp() {
			d.reload("after the file changed")
		}
		rs, runner := d.current()
		res, err := runner.Check(ctx, clock(), false)
		if err != nil {
			d.logf("check failed: %v", rs.scrub(a)(err.Error()))
			return
		}
		for _, f := range res.Failed {
			d.logf("channel %s: case %d %s: %v", f.Channel, f.Nudge.Case, f.Nudge.Kind, f.Err)
		}
		if s := tickSummary(a, res); s != "" {
			d.logf("%s", s)
		}
	}
	tick(ctx) // at once: a machine that just woke up catches up now
	if lead != nil {
		// A new leader checks at once what its predecessor missed.
		go func() {
			for {
				select {
				case <-lead.Elected():
					tick(ctx)
				case <-ctx.Done():
					return
				}
			}
		}()
	}
	for {
		// A reload that changes the schedule ends this run of the
		// scheduler; the loop starts one on the new schedule.
		runCtx, cancel := context.WithCancel(ctx)
		go func() {
			select {
			case <-d.reschedule:
				cancel()
			case <-runCtx.Done():
			}
		}()
		rs, _ := d.current()
		err := reminders.Run(runCtx, rs.cfg.Schedule, a.loc, tick)
		cancel()
		if err != nil {
			return usageWords(func(p *msg.Printer) string {
				return p.T("usage_x.config_err", "Path", rs.src.path, "Err", errIn(p, err))
			})
		}
		if ctx.Err() != nil {
			break
		}
	}
	d.logf("%s", a.p.T("run.stopped"))
	return nil
}

// daemon is the configuration "reminders run" works with, replaced as a
// whole when a reload succeeds.
type daemon struct {
	a          *app
	logf       func(format string, args ...any)
	lead       leader        // nil on the bbolt file
	reschedule chan struct{} // the schedule changed

	mu     sync.Mutex
	rs     *reminderSetup
	runner *reminders.Runner
	stamp  fileStamp // of the configuration last read, good or bad
}

// fileStamp tells whether a file changed: its modification time and size.
type fileStamp struct {
	mod    time.Time
	size   int64
	exists bool
}

func statFile(path string) fileStamp {
	fi, err := os.Stat(path)
	if err != nil {
		return fileStamp{}
	}
	return fileStamp{mod: fi.ModTime(), size: fi.Size(), exists: true}
}

func (d *daemon) current() (*reminderSetup, *reminders.Runner) {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.rs, d.runner
}

func (d *daemon) lastStamp() fileStamp {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.stamp
}

// reload reads the configuration again and sets up its channels. A file
// that does not parse, or a channel that cannot be set up, is logged and
// the previous configuration kept: a typo must not stop the nudges.
func (d *daemon) reload(why string) {
	st := statFile(d.a.cfgPath)
	rs, err := buildReminders(d.a)
	var chans []reminders.Channel
	if err == nil {
		var problems []string
		chans, problems = rs.channels(d.a, d.a.out)
		if len(problems) > 0 {
			err = fmt.Errorf("%s", strings.Join(problems, "; "))
		}
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	d.stamp = st // a bad file is reported once, not at every tick
	if err != nil {
		d.logf("configuration %s: %v; keeping the previous configuration", why, d.rs.scrub(d.a)(err.Error()))
		return
	}
	old := d.rs.cfg.Schedule
	d.rs, d.runner = rs, d.newRunner(rs, chans)
	d.logf("configuration reloaded %s: checking %q through %s", why, rs.cfg.Schedule, channelNames(chans))
	if rs.cfg.Schedule != old {
		select {
		case d.reschedule <- struct{}{}:
		default:
		}
	}
}

// newRunner is the runner of a configuration; on a shared store its claims
// hold only while this daemon leads.
func (d *daemon) newRunner(rs *reminderSetup, chans []reminders.Channel) *reminders.Runner {
	r := rs.runner(d.a, chans)
	if d.lead != nil {
		r.Open, r.Record = d.lead.Open, d.lead.Record
	}
	return r
}

func channelNames(chans []reminders.Channel) string {
	names := make([]string, len(chans))
	for i, c := range chans {
		names[i] = c.Name
	}
	return strings.Join(names, ", ")
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
