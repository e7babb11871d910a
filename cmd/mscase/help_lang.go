package main

import (
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// helpID is the catalog ID prefix of a command's help: "help.cases.list"
// for "mscase cases list", "help.root" for mscase itself.
func helpID(c *cobra.Command) string {
	path := strings.Fields(c.CommandPath())
	if len(path) <= 1 {
		return "help.root"
	}
	return "help." + strings.Join(path[1:], ".")
}

// localizeHelp puts the help of c, of its subcommands (their Short lines
// are listed) and of their flags into the app's language. English is the
// text in the command definitions; other languages come from the catalog
// (help.<path>.short, .long, .example; flag.<name> for flag usages;
// usage.* for cobra's headings).
func localizeHelp(a *app, c *cobra.Command) {
	if !a.p.JA() {
		return
	}
	cmds := append([]*cobra.Command{c}, c.Commands()...)
	for _, x := range cmds {
		id := helpID(x)
		if s := a.p.T(id + ".short"); s != id+".short" {
			x.Short = s
		}
		if x != c {
			continue
		}
		if s := a.p.T(id + ".long"); s != id+".long" {
			x.Long = s
		}
		if s := a.p.T(id + ".example"); s != id+".example" {
			x.Example = s
		}
	}
	tr := func(f *pflag.Flag) {
		id := helpID(c) + ".flag." + f.Name
		if s := a.p.T(id); s != id {
			f.Usage = s
		} else if s := a.p.T("flag." + f.Name); s != "flag."+f.Name {
			f.Usage = s
		}
	}
	c.LocalFlags().VisitAll(tr)
	c.InheritedFlags().VisitAll(tr)
	c.Flags().VisitAll(tr)
	c.SetUsageTemplate(localUsageTemplate(a, c.UsageTemplate()))
}

// localUsageTemplate is cobra's usage template with its headings in the
// app's language.
func localUsageTemplate(a *app, tpl string) string {
	for _, h := range []struct{ en, id string }{
		{"Usage:", "usage.usage"},
		{"Aliases:", "usage.aliases"},
		{"Examples:", "usage.examples"},
		{"Available Commands:", "usage.commands"},
		{"Additional Commands:", "usage.additional"},
		{"Global Flags:", "usage.global_flags"},
		{"Flags:", "usage.flags"},
		{"Additional help topics:", "usage.topics"},
		{"[flags]", "usage.flags_arg"},
		{"[command]", "usage.command_arg"},
	} {
		tpl = strings.ReplaceAll(tpl, h.en, a.p.T(h.id))
	}
	tpl = strings.Replace(tpl, `Use "{{.CommandPath}} [command] --help" for more information about a command.`, a.p.T("usage.more"), 1)
	return tpl
}
