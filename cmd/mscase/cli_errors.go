package main

import (
	"errors"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"github.com/mscase/mscase/msg"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// cobra and pflag word their usage errors in English only. These wrap
// them, where cobra lets a program in (the flag error function, each
// command's Args, the unknown-command path of requireSubcommands), as
// usage errors with words in every language; the English text stays
// cobra's own, byte for byte, and the exit code stays 2.

// flagError gives a flag parsing error of pflag words.
func flagError(err error) error {
	var ne *pflag.NotExistError
	var vr *pflag.ValueRequiredError
	var iv *pflag.InvalidValueError
	var is *pflag.InvalidSyntaxError
	var words func(p *msg.Printer) string
	switch {
	case errors.As(err, &ne) && len(ne.GetSpecifiedShortnames()) > 1:
		short, group := ne.GetSpecifiedName()[:1], ne.GetSpecifiedShortnames()
		words = func(p *msg.Printer) string {
			return p.T("cli.unknown_shorthand", "Flag", "-"+short, "Group", "-"+group)
		}
	case errors.As(err, &ne):
		name := "--" + ne.GetSpecifiedName()
		if ne.GetSpecifiedShortnames() != "" {
			name = "-" + ne.GetSpecifiedName()[:1]
		}
		words = func(p *msg.Printer) string { return p.T("cli.unknown_flag", "Flag", name) }
	case errors.As(err, &vr):
		name := "--" + vr.GetSpecifiedName()
		if vr.GetSpecifiedShortnames() != "" {
			name = "-" + vr.GetSpecifiedName()[:1]
		}
		words = func(p *msg.Printer) string { return p.T("cli.needs_value", "Flag", name) }
	case errors.As(err, &iv):
		f, v := iv.GetFlag(), iv.GetValue()
		words = func(p *msg.Printer) string {
			want := ""
			if id := "cli.type." + f.Value.Type(); msg.Has(p.Lang(), id) {
				want = p.T(id)
			}
			if want == "" {
				return p.T("cli.invalid_value", "Flag", "--"+f.Name, "Value", strconv.Quote(v))
			}
			return p.T("cli.invalid_value_want", "Flag", "--"+f.Name, "Value", strconv.Quote(v), "Want", want)
		}
	case errors.As(err, &is):
		flag := is.GetSpecifiedFlag()
		words = func(p *msg.Printer) string { return p.T("cli.bad_syntax", "Flag", flag) }
	default:
		return &usageError{msg: err.Error()}
	}
	return &usageError{msg: err.Error(), words: words}
}

// cobraRE are cobra's usage error texts (args.go, flag_groups.go,
// command.go), compiled on first use: most runs never need them.
var cobraRE = sync.OnceValue(func() map[string]*regexp.Regexp {
	return map[string]*regexp.Regexp{
		"reArgsExact": regexp.MustCompile(`^accepts (\d+) arg\(s\), received (\d+)$`),
		"reArgsMin":   regexp.MustCompile(`^requires at least (\d+) arg\(s\), only received (\d+)$`),
		"reArgsMax":   regexp.MustCompile(`^accepts at most (\d+) arg\(s\), received (\d+)$`),
		"reArgsRange": regexp.MustCompile(`^accepts between (\d+) and (\d+) arg\(s\), received (\d+)$`),
		"reUnknown":   regexp.MustCompile(`^unknown command "(.*)" for "(.*)"$`),
		"reInvalid":   regexp.MustCompile(`^invalid argument "(.*)" for "(.*)"`),
		"reRequired":  regexp.MustCompile(`^required flag\(s\) (.*) not set$`),
		"reGroupAll":  regexp.MustCompile(`^if any flags in the group \[(.*)\] are set they must all be set; missing \[(.*)\]$`),
		"reGroupOne":  regexp.MustCompile(`^at least one of the flags in the group \[(.*)\] is required$`),
		"reGroupNone": regexp.MustCompile(`^if any flags in the group \[(.*)\] are set none of the others can be; \[(.*)\] were all set$`),
	}
})

// argsError gives cobra's error for the positional arguments of cmd words.
func argsError(err error) error {
	var ue *usageError
	var he *hintError
	if errors.As(err, &ue) || errors.As(err, &he) {
		return err // ours, worded already
	}
	words := cobraWords(err.Error())
	if words == nil {
		return err
	}
	return &usageError{msg: err.Error(), words: words}
}

// cobraWords are the words of one of cobra's usage errors, read from its
// fixed English text; nil for a text it does not know.
func cobraWords(s string) func(p *msg.Printer) string {
	atoi := func(v string) int { n, _ := strconv.Atoi(v); return n }
	re := cobraRE()
	if m := re["reArgsExact"].FindStringSubmatch(s); m != nil {
		want, got := atoi(m[1]), atoi(m[2])
		return func(p *msg.Printer) string { return p.N("cli.args_exact", want, "Got", got) }
	}
	if m := re["reArgsMin"].FindStringSubmatch(s); m != nil {
		want, got := atoi(m[1]), atoi(m[2])
		return func(p *msg.Printer) string { return p.N("cli.args_min", want, "Got", got) }
	}
	if m := re["reArgsMax"].FindStringSubmatch(s); m != nil {
		want, got := atoi(m[1]), atoi(m[2])
		return func(p *msg.Printer) string { return p.N("cli.args_max", want, "Got", got) }
	}
	if m := re["reArgsRange"].FindStringSubmatch(s); m != nil {
		lo, hi, got := atoi(m[1]), atoi(m[2]), atoi(m[3])
		return func(p *msg.Printer) string { return p.T("cli.args_range", "Min", lo, "Max", hi, "Got", got) }
	}
	if m := re["reUnknown"].FindStringSubmatch(s); m != nil {
		arg, path := m[1], m[2]
		return func(p *msg.Printer) string {
			return p.T("cli.unknown_command", "Arg", strconv.Quote(arg), "Command", strconv.Quote(path))
		}
	}
	if m := re["reInvalid"].FindStringSubmatch(s); m != nil {
		arg, path := m[1], m[2]
		return func(p *msg.Printer) string {
			return p.T("cli.invalid_arg", "Arg", strconv.Quote(arg), "Command", strconv.Quote(path))
		}
	}
	if m := re["reRequired"].FindStringSubmatch(s); m != nil {
		flags := dashed(strings.Split(strings.ReplaceAll(m[1], `"`, ""), ", "))
		return func(p *msg.Printer) string {
			return p.T("cli.required", "Flags", strings.Join(flags, p.T("word.sep")))
		}
	}
	if m := re["reGroupAll"].FindStringSubmatch(s); m != nil {
		group, missing := dashed(strings.Fields(m[1])), dashed(strings.Fields(m[2]))
		return func(p *msg.Printer) string {
			sep := p.T("word.sep")
			return p.T("cli.group_all", "Group", strings.Join(group, sep), "Missing", strings.Join(missing, sep))
		}
	}
	if m := re["reGroupOne"].FindStringSubmatch(s); m != nil {
		group := dashed(strings.Fields(m[1]))
		return func(p *msg.Printer) string {
			return p.T("cli.group_one", "Group", strings.Join(group, p.T("word.sep")))
		}
	}
	if m := re["reGroupNone"].FindStringSubmatch(s); m != nil {
		group, set := dashed(strings.Fields(m[1])), dashed(strings.Fields(m[2]))
		return func(p *msg.Printer) string {
			sep := p.T("word.sep")
			return p.T("cli.group_none", "Group", strings.Join(group, sep), "Set", strings.Join(set, sep))
		}
	}
	return nil
}

// dashed writes flag names as they are typed: --name.
func dashed(names []string) []string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = "--" + strings.TrimLeft(n, "-")
	}
	return out
}

// wrapArgs wraps the Args validator of every command in the tree so that
// cobra's errors for positional arguments come with words (argsError).
func wrapArgs(c *cobra.Command) {
	for _, sub := range c.Commands() {
		wrapArgs(sub)
	}
	if c.Args == nil {
		return
	}
	check := c.Args
	c.Args = func(cmd *cobra.Command, args []string) error {
		if err := check(cmd, args); err != nil {
			return argsError(err)
		}
		return nil
	}
}
