package main

import (
	"regexp"
	"strconv"
	"strings"
	"sync"

	"github.com/mattn/go-runewidth"
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
		if s, ok := flagUsage(a, c, f); ok {
			f.Usage = s
		}
	}
	c.LocalFlags().VisitAll(tr)
	c.InheritedFlags().VisitAll(tr)
	c.Flags().VisitAll(tr)
	c.SetUsageTemplate(localUsageTemplate(a, c.UsageTemplate()))
}

// flagUsage is the usage of flag f of command c in the app's language:
// help.<path>.flag.<name> of the command that defines the flag (the root
// for --db, --json...), else flag.<name>, the usage shared by every flag of
// that name. ok is false when the catalog has neither.
func flagUsage(a *app, c *cobra.Command, f *pflag.Flag) (string, bool) {
	id := helpID(flagOwner(c, f)) + ".flag." + f.Name
	if s := a.p.T(id); s != id {
		return s, true
	}
	if s := a.p.T("flag." + f.Name); s != "flag."+f.Name {
		return s, true
	}
	return "", false
}

// flagOwner is the command that defines flag f as c sees it: c itself, or
// the parent whose persistent flag it inherits.
func flagOwner(c *cobra.Command, f *pflag.Flag) *cobra.Command {
	if c.LocalFlags().Lookup(f.Name) == f {
		return c
	}
	for p := c.Parent(); p != nil; p = p.Parent() {
		if p.PersistentFlags().Lookup(f.Name) == f {
			return p
		}
	}
	return c
}

// defaultRE finds pflag's "(default x)" at the end of a flag's usage.
var defaultRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(` \(default (.+)\)$`) })

func init() {
	cobra.AddTemplateFunc("localFlagUsages", localFlagUsages)
	cobra.AddTemplateFunc("localReplace", func(old, new, s string) string {
		return strings.ReplaceAll(s, old, new)
	})
}

// localFlagUsages is pflag's FlagUsages for a language other than English:
// the columns are aligned by display width, since a placeholder such as
// "ファイル" takes two columns a character where pflag counts three bytes,
// and pflag's English "(default x)" becomes "（<word>: x）".
func localFlagUsages(fs *pflag.FlagSet, word string) string {
	type row struct{ left, usage string }
	var rows []row
	width := 0
	fs.VisitAll(func(f *pflag.Flag) {
		if f.Hidden {
			return
		}
		// pflag writes one flag as "<left>   <usage>"; <left> ("  -h,
		// --name placeholder") holds no run of three spaces after "--".
		one := pflag.NewFlagSet("", pflag.ContinueOnError)
		one.AddFlag(f)
		line := strings.TrimRight(one.FlagUsages(), "\n")
		start := strings.Index(line, "--")
		end := strings.Index(line[start:], "   ")
		if start < 0 || end < 0 {
			rows = append(rows, row{left: line})
			return
		}
		r := row{left: line[:start+end], usage: strings.TrimLeft(line[start+end:], " ")}
		r.usage = defaultRE().ReplaceAllString(r.usage, "（"+word+": $1）")
		rows = append(rows, r)
		width = max(width, runewidth.StringWidth(r.left))
	})
	var b strings.Builder
	for _, r := range rows {
		b.WriteString(r.left)
		if r.usage != "" {
			b.WriteString(strings.Repeat(" ", width-runewidth.StringWidth(r.left)+3))
			b.WriteString(r.usage)
		}
		b.WriteByte('\n')
	}
	return b.String()
}

// localUsageTemplate is cobra's usage template with its headings in the
// app's language.
func localUsageTemplate(a *app, tpl string) string {
	// Before the headings: "[command]" is inside this sentence.
	tpl = strings.Replace(tpl, `Use "{{.CommandPath}} [command] --help" for more information about a command.`, a.p.T("usage.more"), 1)
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
	// cobra's UseLine adds "[flags]" itself, outside the template; help's
	// Use is "help [command]".
	tpl = strings.ReplaceAll(tpl, "{{.UseLine}}", "{{.UseLine"+
		" | localReplace "+strconv.Quote("[flags]")+" "+strconv.Quote(a.p.T("usage.flags_arg"))+
		" | localReplace "+strconv.Quote("[command]")+" "+strconv.Quote(a.p.T("usage.command_arg"))+"}}")
	for _, set := range []string{".LocalFlags", ".InheritedFlags"} {
		tpl = strings.ReplaceAll(tpl, set+".FlagUsages |", "localFlagUsages "+set+" "+strconv.Quote(a.p.T("usage.default"))+" |")
	}
	return tpl
}
