package main

import (
	"fmt"
	"io"
	"path/filepath"
	"regexp"
	"sort"
	"sync"

	"github.com/mscase/mscase/cases"
	"github.com/mscase/mscase/msg"
	"github.com/mscase/mscase/reminders"
	"github.com/mscase/mscase/safetext"
	"github.com/spf13/cobra"
)

func init() {
	addCommand("", newRemindersCmd)
}

func newRemindersCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "reminders",
		Short: "Nudge you when a case stalls, before and after weekends and holidays",
		Long: `Reminders nudge you to call Microsoft again before a case dies of silence:
when a stage has been quiet longer than its limit (in business time), when a
promised callback is overdue, on the last working day before a weekend or
holiday (and two working days before breaks of three days or more), on the
first working day after one, right away for a locked-out case with no
contact yet, and daily to harden a recovered tenant until the case is closed.

Each case follows the calendar of its country (public holidays, main time
zone), else the configured country; see "mscase config show". Every nudge
goes out once: a sent-log in the database remembers it. After the machine
was off or asleep, each case gets only the latest missed nudge of each kind,
marked late.`,
		Example: `  mscase reminders upcoming --days 14
  mscase reminders check
  mscase reminders install --write`,
		Args: cobra.NoArgs,
	}
}

// reminderSetup is what the reminder commands share: the configuration and
// the decision rules built from it.
type reminderSetup struct {
	cfg *reminders.Config
	src configSource
	pol *reminders.Policy

	secretList []string // every readable channel secret, for scrub
}

// loadReminders reads the configuration and builds the rules once per
// command: list, show and the brief each need them in several places.
func loadReminders(a *app) (*reminderSetup, error) {
	if a.reminders == nil {
		rs, err := buildReminders(a)
		a.reminders = &loadedReminders{rs, err}
	}
	return a.reminders.rs, a.reminders.err
}

type loadedReminders struct {
	rs  *reminderSetup
	err error
}

func buildReminders(a *app) (*reminderSetup, error) {
	cfg, src, err := loadConfig(a)
	if err != nil {
		return nil, err
	}
	pol, err := cfg.Policy(a.loc)
	if err != nil {
		return nil, usageWords(func(p *msg.Printer) string { return p.T("usage_x.config_err", "Path", src.path, "Err", errIn(p, err)) })
	}
	sched, err := reminders.ParseSchedule(cfg.Schedule)
	if err != nil {
		return nil, usageWords(func(p *msg.Printer) string {
			return p.T("usage_x.config_schedule", "Path", src.path, "Err", errIn(p, err))
		})
	}
	pol.LateAfter = reminders.LateAfterFor(sched, a.now)
	// The build's holiday tables and support directory are rules too.
	pol.AddRules("/" + version())
	return &reminderSetup{cfg: cfg, src: src, pol: pol}, nil
}

// secrets says where channel secrets come from in this process: its
// environment, the configuration file when it is private, files named
// relative to the configuration's folder, and the OS keychain.
func (rs *reminderSetup) secrets(a *app, out io.Writer) reminders.Secrets {
	return reminders.Secrets{Getenv: a.getenv, FilePrivate: rs.src.private, Stdout: out, Now: a.clock(), Words: nudgeWords{def: a.lang},
		Dir: filepath.Dir(absPath(rs.src.path))}
}

// channels builds the configured channels, or the stdout channel when none
// is configured. problems has one line (secrets masked) per configured
// channel that cannot be set up: the commands treat each as an error, since
// a channel that silently drops out is a phone that never rings.
func (rs *reminderSetup) channels(a *app, out io.Writer) (chans []reminders.Channel, problems []string) {
	cfgs := rs.cfg.Channels
	if len(cfgs) == 0 {
		cfgs = []reminders.ChannelConfig{{Name: "stdout", Type: "stdout"}}
	}
	chans, errs := reminders.BuildChannels(cfgs, rs.secrets(a, out))
	for _, err := range errs {
		problems = append(problems, rs.scrub(a)(err.Error()))
	}
	return chans, problems
}

// reportProblems prints the channels that cannot be set up, one error line
// each, and a hint.
func reportProblems(a *app, rs *reminderSetup, problems []string) {
	for _, p := range problems {
		fmt.Fprintln(a.errOut, "mscase: error: "+safetext.Text(problemText(a.p, p)))
	}
	if len(problems) > 0 {
		fmt.Fprintln(a.errOut, "mscase: hint: "+a.p.T("remtest.fix_hint", "File", rs.src.path))
	}
}

// scrub masks every channel secret (from the file, the environment, secret
// files or the keychain) in a message before it is printed or stored.
func (rs *reminderSetup) scrub(a *app) func(string) string {
	if rs.secretList == nil {
		secrets := []string{}
		for _, c := range rs.cfg.Channels {
			secrets = append(secrets, c.URL, c.Token, c.Password)
			for _, e := range []string{c.URLEnv, c.TokenEnv, c.PasswordEnv} {
				if e != "" {
					secrets = append(secrets, a.getenv(e))
				}
			}
		}
		secrets = append(secrets, reminders.ChannelSecrets(rs.cfg.Channels, rs.secrets(a, nil))...)
		// Longest first, so a URL is masked before a token inside it.
		sort.Slice(secrets, func(i, j int) bool { return len(secrets[i]) > len(secrets[j]) })
		rs.secretList = secrets
	}
	secrets := rs.secretList
	return func(s string) string { return reminders.MaskScrub(s, secrets...) }
}

// runner is the check runner on the app's database.
func (rs *reminderSetup) runner(a *app, chans []reminders.Channel) *reminders.Runner {
	open := func(readOnly bool) (reminders.Store, error) {
		s, err := a.openStore(readOnly)
		if s == nil || err != nil {
			return nil, err // a nil store stays a nil interface
		}
		return s, nil
	}
	return &reminders.Runner{Open: open, Policy: rs.pol, Channels: chans, Scrub: rs.scrub(a), Call: callFinder(a), Drills: a.drillsOf}
}

// caseCountries lists the countries of open cases, for calendar warnings.
func caseCountries(sums []cases.Summary) []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range sums {
		if s.Country != "" && s.Stage != cases.StageClosed && !seen[s.Country] {
			seen[s.Country] = true
			out = append(out, s.Country)
		}
	}
	return out
}

// absPath is p made absolute, or p when that fails.
func absPath(p string) string {
	if v, err := filepath.Abs(p); err == nil {
		return v
	}
	return p
}

// problemText is a channel's set-up problem in p's language, where its
// form is known (an unset *_env variable); others stay as reminders words
// them.
// TODO(facts): reminders should return these as typed problems.
func problemText(p *msg.Printer, problem string) string {
	if !p.JA() {
		return problem
	}
	if m := reEnvUnset().FindStringSubmatch(problem); m != nil && m[4] == "" {
		return p.T("remtest.env_unset", "Channel", m[1], "Field", m[2], "Var", m[3])
	}
	return problem
}

var reEnvUnset = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^channel (.+?): (\w+)_env names the environment variable (\S+), which is empty or not set(.*)$`)
})
