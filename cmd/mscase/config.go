package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"sync"

	"github.com/BurntSushi/toml"
	"github.com/mscase/mscase/contacts"
	"github.com/mscase/mscase/msg"
	"github.com/mscase/mscase/reminders"
	"github.com/spf13/cobra"
)

func init() {
	addCommand("", newConfigCmd)
	addCommand("config", newConfigShowCmd)
	addCommand("config", newConfigInitCmd)
}

func newConfigCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "config",
		Short: "Show or create the configuration file (calendar, nudge times, channels)",
		Long: `The configuration file says which calendar your cases follow (country,
time zone, working hours, your own closures), how long each stage may stay
quiet, when the break nudges come, how often "mscase reminders run" checks,
and where nudges go. Without a file the defaults apply.

The file is $XDG_CONFIG_HOME/mscase/config.toml (the platform's equivalent
on macOS and Windows), or --config, or env MSCASE_CONFIG.`,
		Example: `  mscase config init
  mscase config show`,
		Args: cobra.NoArgs,
	}
}

// configSource says where the configuration came from.
type configSource struct {
	path    string
	exists  bool
	private bool // not readable by others: secrets in it may be used
}

// loadConfig reads the configuration file; a missing file gives the
// defaults. A bad file is bad input (exit 2) and names the line.
func loadConfig(a *app) (*reminders.Config, configSource, error) {
	src := configSource{path: a.cfgPath}
	b, err := os.ReadFile(a.cfgPath)
	if errors.Is(err, fs.ErrNotExist) {
		cfg := reminders.DefaultConfig()
		cfg.ZoneOf = contacts.Zone
		return &cfg, src, nil
	}
	if err != nil {
		return nil, src, fmt.Errorf("read configuration: %w", err)
	}
	src.exists = true
	a.tightenPerms("config", a.cfgPath, filepath.Dir(defaultConfigPath(a.getenv)))
	if fi, err := os.Stat(a.cfgPath); err == nil {
		src.private = runtime.GOOS == "windows" || fi.Mode().Perm()&0o077 == 0
	}
	cfg, err := reminders.ParseConfig(a.cfgPath, b)
	if err != nil {
		return nil, src, withHintT(usageWords(func(p *msg.Printer) string { return configErrText(p, err) }), "config_x.explained_hint")
	}
	cfg.ZoneOf = contacts.Zone
	return cfg, src, nil
}

// warnConfig prints the configuration's warnings on stderr.
func warnConfig(a *app, cfg *reminders.Config, countries []string) {
	for _, w := range cfg.Warnings(countries) {
		a.warn("%s", w)
	}
}

type configShowOptions struct{}

func newConfigShowCmd(a *app) *cobra.Command {
	opts := &configShowOptions{}
	return &cobra.Command{
		Use:   "show",
		Short: "Print the configuration in effect, secrets masked",
		Long: `Print the configuration in effect: the file's settings with every default
filled in, as TOML (or JSON with --json). Webhook URLs show only their
scheme and host, passwords and tokens show as ****. Each channel is set up
as "mscase reminders run" would set it up, secrets read from their files,
the environment or the OS keychain; one that cannot be is named on stderr
and the exit status is 1.`,
		Example: `  mscase config show
  mscase config show --json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runConfigShow(cmd.Context(), a, opts)
		},
	}
}

func runConfigShow(_ context.Context, a *app, _ *configShowOptions) error {
	cfg, src, err := loadConfig(a)
	if err != nil {
		return err
	}
	eff := cfg.Masked()
	if eff.TimeZone == "" {
		eff.TimeZone = cfg.Zone(a.loc).String()
	}
	if !src.exists {
		fmt.Fprintln(a.errOut, a.p.T("ok.config_defaults", "File", src.path))
	}
	warnConfig(a, cfg, openCaseCountries(a))
	rs := &reminderSetup{cfg: cfg, src: src}
	warnGuard(a, rs)
	if a.jsonOut {
		err = a.writeJSON(eff)
	} else {
		enc := toml.NewEncoder(a.out)
		enc.Indent = ""
		err = enc.Encode(eff)
	}
	if err != nil {
		return err
	}
	// A channel that cannot be set up is flagged, not just shown.
	if len(cfg.Channels) > 0 {
		if _, problems := rs.channels(a, io.Discard); len(problems) > 0 {
			reportProblems(a, rs, problems)
			return &silentError{exitFailure}
		}
	}
	return nil
}

type configInitOptions struct {
	force bool
}

func newConfigInitCmd(a *app) *cobra.Command {
	opts := &configInitOptions{}
	cmd := &cobra.Command{
		Use:   "init",
		Short: "Write a commented configuration file with every setting at its default",
		Long: `Write a configuration file that lists every setting at its default value
with a comment on what it does. The country is guessed from the time zone
(TZ). The file is created readable only by you (0600), so secrets in it
may be used; an existing file is kept unless you pass --force.`,
		Example: `  mscase config init
  mscase config init --config ./mscase.toml --force`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runConfigInit(cmd.Context(), a, opts)
		},
	}
	cmd.Flags().BoolVar(&opts.force, "force", false, "replace an existing file")
	return noJSON(cmd, "nojson.config_init")
}

func runConfigInit(_ context.Context, a *app, opts *configInitOptions) error {
	if _, err := os.Stat(a.cfgPath); err == nil && !opts.force {
		return withHintT(usageT("config_x.exists", "File", a.cfgPath), "config_x.exists_hint")
	}
	// The comments in the language people read; the settings are the same.
	body := reminders.StarterConfigFrom(a.p.T("config_x.starter"), contacts.CountryOfZone(a.loc.String()))
	if err := os.MkdirAll(filepath.Dir(a.cfgPath), 0o700); err != nil {
		return fmt.Errorf("create configuration folder: %w", err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(a.cfgPath), ".config-*.toml")
	if err != nil {
		return fmt.Errorf("write configuration: %w", err)
	}
	defer os.Remove(tmp.Name())
	if err := tmp.Chmod(0o600); err != nil && runtime.GOOS != "windows" {
		tmp.Close()
		return fmt.Errorf("write configuration: %w", err)
	}
	if _, err := tmp.Write(body); err != nil {
		tmp.Close()
		return fmt.Errorf("write configuration: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write configuration: %w", err)
	}
	if err := os.Rename(tmp.Name(), a.cfgPath); err != nil {
		return fmt.Errorf("write configuration: %w", err)
	}
	a.say("ok.wrote", "File", a.cfgPath)
	return nil
}

// configErrText is a bad configuration file's error in p's language: the
// file and line, the setting and its value as written, and what is
// expected where errorJA's words know the form; else the parser's own
// sentence, quoted.
func configErrText(p *msg.Printer, err error) string {
	var ce *reminders.ConfigError
	if !p.JA() || !errors.As(err, &ce) {
		return err.Error()
	}
	where := p.T("config_x.where", "Path", ce.Path)
	if ce.Line > 0 {
		where = p.T("config_x.where_line", "Path", ce.Path, "Line", ce.Line)
	}
	if m := reConfigMsg().FindStringSubmatch(ce.Msg); m != nil {
		if want, ok := wantJA(p, m[3]); ok {
			return where + ": " + p.T("config_x.setting", "Key", m[1], "Value", m[2]) + ": " + want
		}
	}
	if m := reUnknownSetting().FindStringSubmatch(ce.Msg); m != nil {
		return where + ": " + p.T("config_x.unknown_setting", "Key", m[1])
	}
	return where + ": 「" + ce.Msg + "」"
}

// reUnknownSetting is a ConfigError's message for a key mscase does not know.
var reUnknownSetting = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^unknown setting ("[^"]*") \(see "mscase config init" for the ones there are\)$`)
})

// reConfigMsg is a ConfigError's message of the form `key: "value": want`.
var reConfigMsg = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^([A-Za-z0-9_.\[\]-]+): (".*?"): (.*)$`) })
