package main

import (
	"fmt"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"

	"github.com/mscase/mscase/msg"
	"github.com/spf13/cobra"
)

// registered lists command constructors by the name of their parent ("" for
// the root, "cases", "reminders", ...). Each command's file adds itself in an
// init function, so command groups stay in their own files.
var registered []struct {
	parent string
	make   func(a *app) *cobra.Command
}

// addCommand registers a command under parent ("" for a top-level command).
func addCommand(parent string, f func(a *app) *cobra.Command) {
	registered = append(registered, struct {
		parent string
		make   func(a *app) *cobra.Command
	}{parent, f})
}

const rootLong = `mscase keeps a Microsoft 365 sole-admin lockout case on your own machine.

When the only global administrator of a tenant is locked out by MFA, the way
back is Microsoft support: call, get a TrackingID, and wait while the Data
Protection Team verifies that you own the organisation and its domain.
mscase keeps that case: the TrackingID, the stage, every call and email,
who to call now, and reminders that do not depend on the locked tenant.

Environment:
  MSCASE_DB      database path (same as --db)
  MSCASE_CONFIG  configuration file (same as --config)
  MSCASE_LANG    language people read: en or ja (same as --lang; then the
                 config's language, then LC_ALL, LC_MESSAGES, LANG)
  MSCASE_NOW     the current time, RFC 3339, for replaying a demo or a test
  MSCASE_LOGIN_URL  Microsoft's login service for tenant lookups (default
                 https://login.microsoftonline.com; tests point it at 127.0.0.1)
  NO_COLOR       no colour on a terminal

Exit codes:
  0  ok
  1  failure (including "no such case")
  2  bad usage or bad input (nothing was changed)
  3  database busy: another mscase process holds it`

func newRootCmd(a *app) *cobra.Command {
	root := &cobra.Command{
		Use:   "mscase",
		Short: "Keep a Microsoft 365 sole-admin lockout case until you are back in",
		Long:  rootLong,
		Example: `  mscase cases new --domain contoso.co.jp --admin admin@contoso.co.jp --tracking-id 2411250040001234 --country JP
  mscase cases log 1 --channel phone --summary "escalated to Data Protection Team" --callback-by "2026-11-26 18:00"
  mscase cases list`,
		SilenceUsage:  true,
		SilenceErrors: true,
		Version:       version(),
	}
	root.SetIn(a.in)
	root.SetOut(a.out)
	root.SetErr(a.errOut)
	root.SetVersionTemplate("mscase {{.Version}}\n")
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		// "mscase contacts sugest --country JP": the typo, not the flag
		// the group does not know, is what went wrong.
		if args := c.Flags().Args(); len(args) > 0 && c.HasSubCommands() && c.Args != nil {
			if aerr := c.Args(c, args); aerr != nil {
				return aerr
			}
		}
		text := err.Error()
		return withHintT(usageWords(func(p *msg.Printer) string {
			t, _ := cobraJA(p, text)
			return t
		}), "root_x.see_help", "Cmd", c.CommandPath())
	})
	pf := root.PersistentFlags()
	pf.StringVar(&a.dbPath, "db", a.dbPath, "database `path` (env MSCASE_DB)")
	pf.StringVar(&a.storeURL, "store", a.storeURL, "team mode: the shared store, etcd://`host:2379[,host2:2379]/prefix` (env MSCASE_STORE, config \"store\")")
	pf.StringVar(&a.cfgPath, "config", a.cfgPath, "configuration `file` (env MSCASE_CONFIG)")
	pf.BoolVar(&a.jsonOut, "json", false, "print records as JSON")
	pf.StringVar(&a.langArg, "lang", "", "language people read: en or ja (env MSCASE_LANG, the config's language, LANG)")
	_ = root.RegisterFlagCompletionFunc("lang", cobra.FixedCompletions(msg.Languages, cobra.ShellCompDirectiveNoFileComp))
	root.PersistentPreRunE = func(c *cobra.Command, args []string) error {
		if err := a.chooseLang(langFlag(c)); err != nil {
			return err
		}
		// A database named on the command line is the one meant, also in
		// a shell or configuration that names a shared store; both flags
		// at once are a contradiction.
		if fl := c.Flags(); fl.Changed("db") {
			if fl.Changed("store") {
				return usageT("usage_x.db_and_store")
			}
			a.dbFlag = true
		}
		if a.jsonOut && c.Annotations[annNoJSON] != "" {
			why, path := c.Annotations[annNoJSON], strconv.Quote(c.CommandPath())
			return usageWords(func(p *msg.Printer) string { return p.T("usage_x.no_json", "Cmd", path, "Why", p.T(why)) })
		}
		return nil
	}
	defaultHelp := root.HelpFunc()
	root.SetHelpFunc(func(c *cobra.Command, args []string) {
		if err := a.chooseLang(langFlag(c)); err != nil {
			a.chooseLang("")
		}
		localizeHelp(a, c)
		defaultHelp(c, args)
	})
	root.AddCommand(newVersionCmd(a))
	// Building the whole tree (60 commands, their flags and help) was a
	// tenth of starting mscase: only the branch a.branch names gets its
	// subcommands, when it names one.
	for _, r := range registered {
		if r.parent == "" {
			root.AddCommand(r.make(a))
		}
	}
	var branch *cobra.Command
	for _, c := range root.Commands() {
		if a.branch != "" && (c.Name() == a.branch || c.HasAlias(a.branch)) {
			branch = c
		}
	}
	for _, r := range registered {
		if r.parent == "" {
			continue
		}
		if top, _, _ := strings.Cut(r.parent, " "); branch != nil && top != branch.Name() {
			continue
		}
		parent, _, err := root.Find(strings.Fields(r.parent))
		if err != nil || parent == root {
			panic("mscase: no parent command " + r.parent)
		}
		parent.AddCommand(r.make(a))
	}
	requireSubcommands(root)
	wrapArgs(root)
	root.SetHelpCommand(newHelpCmd())
	return root
}

// newHelpCmd is cobra's help command, except that an unknown topic is bad
// usage (exit 2) instead of the root's help and exit 0.
func newHelpCmd() *cobra.Command {
	return &cobra.Command{
		Use:     "help [command]",
		Short:   "Help about any command",
		Example: "  mscase help cases log",
		RunE: func(c *cobra.Command, args []string) error {
			cmd, rest, err := c.Root().Find(args)
			if err != nil {
				return err
			}
			if len(rest) > 0 {
				if cmd.HasSubCommands() && cmd.Args != nil {
					return cmd.Args(cmd, rest)
				}
				topic := strconv.Quote(strings.Join(args, " "))
				return withHintT(usageT("cli.help_topic", "Topic", topic), "cli.see_root_help")
			}
			cmd.InitDefaultHelpFlag()
			return cmd.Help()
		},
	}
}

// requireSubcommands makes every command group (root, cases, reminders...)
// refuse an argument that names no subcommand: cobra would print the
// group's help and exit 0, so a typo looked like success. With no argument
// a group still prints its help.
func requireSubcommands(c *cobra.Command) {
	for _, sub := range c.Commands() {
		requireSubcommands(sub)
	}
	if !c.HasSubCommands() || c.Runnable() {
		return
	}
	c.Args = func(cmd *cobra.Command, args []string) error {
		if len(args) == 0 {
			return nil
		}
		err := usageT("root_x.unknown_command", "Arg", strconv.Quote(args[0]), "Cmd", strconv.Quote(cmd.CommandPath()))
		if cmd.SuggestionsMinimumDistance <= 0 {
			cmd.SuggestionsMinimumDistance = 2 // cobra's own default
		}
		if s := cmd.SuggestionsFor(args[0]); len(s) > 0 {
			for i := range s {
				s[i] = strconv.Quote(cmd.CommandPath() + " " + s[i])
			}
			return withHintWords(err, func(p *msg.Printer) string {
				return p.T("root_x.did_you_mean", "List", strings.Join(s, p.T("root_x.or")))
			})
		}
		return withHintT(err, "root_x.see_help_commands", "Cmd", cmd.CommandPath())
	}
	c.RunE = func(cmd *cobra.Command, args []string) error { return cmd.Help() }
}

// version is the module version from the build info: a tag for installed
// binaries, "(devel)" plus the VCS revision for builds from a checkout.
// version is read from the build information once: it parses the list of
// modules, and the root command and the reminder rules both ask.
var version = sync.OnceValue(func() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "unknown"
	}
	v := bi.Main.Version
	var rev, dirty string
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			if s.Value == "true" {
				dirty = "-dirty"
			}
		}
	}
	if rev != "" {
		if len(rev) > 12 {
			rev = rev[:12]
		}
		v += " " + rev + dirty
	}
	return v + " " + bi.GoVersion
})

func newVersionCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:     "version",
		Short:   "Print the mscase version",
		Example: "  mscase version",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if a.jsonOut {
				return a.writeJSON(map[string]string{"version": version()})
			}
			_, err := fmt.Fprintf(a.out, "mscase %s\n", version())
			return err
		},
	}
}

// annNoJSON marks a command that prints no data: --json is refused (exit 2)
// rather than silently ignored. The value is the catalog ID of why
// ("nojson.*"), said after the command.
const annNoJSON = "mscase/no-json"

// noJSON marks cmd as printing no data as JSON; why is the catalog ID of
// what it does instead.
func noJSON(cmd *cobra.Command, why string) *cobra.Command {
	if cmd.Annotations == nil {
		cmd.Annotations = map[string]string{}
	}
	cmd.Annotations[annNoJSON] = why
	return cmd
}
