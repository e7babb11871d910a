package main

import (
	"os"

	"github.com/BurntSushi/toml"
	"github.com/mscase/mscase/cases"
	"github.com/mscase/mscase/msg"
	"github.com/mscase/mscase/safetext"
	"github.com/spf13/cobra"
)

// chooseLang sets the language mscase speaks to the person at the
// terminal, from the first of: --lang (flag, when the command's --lang is
// the root's or a command's own --lang that names the output language),
// MSCASE_LANG, the configuration's language, LC_ALL / LC_MESSAGES / LANG;
// else English. A language given explicitly that mscase does not speak is
// bad input; a locale it does not speak is English.
func (a *app) chooseLang(flag string) error {
	if flag != "" {
		l, ok := msg.Parse(flag)
		if !ok {
			return &cases.InputError{Field: "--lang", Value: flag, Want: "expected en or ja", Code: cases.CodeLang}
		}
		a.setLang(l)
		return nil
	}
	if v := a.getenv("MSCASE_LANG"); v != "" {
		l, ok := msg.Parse(v)
		if !ok {
			return usageT("refuse.mscase_lang", "Value", safetext.Quote(v))
		}
		a.setLang(l)
		return nil
	}
	if l := a.configLang(); l != "" {
		a.setLang(l)
		return nil
	}
	a.setLang(msg.FromLocale(a.getenv("LC_ALL"), a.getenv("LC_MESSAGES"), a.getenv("LANG")))
	return nil
}

// configLang is the configuration file's language, or "" when there is
// none or it names none mscase speaks. Only that key is read: a file that
// is broken elsewhere is reported by the commands that use it.
func (a *app) configLang() string {
	b, err := os.ReadFile(a.cfgPath)
	if err != nil {
		return ""
	}
	var c struct {
		Language string `toml:"language"`
	}
	if _, err := toml.Decode(string(b), &c); err != nil {
		return ""
	}
	l, _ := msg.Parse(c.Language)
	return l
}

func (a *app) setLang(l string) {
	a.lang = l
	a.p = msg.For(l)
}

// langFlag is the value of the --lang flag that names the output language
// for cmd: the root's persistent --lang, or the own --lang of a command
// whose output it sets (cases brief). Display-only commands (calendar
// show) have no --lang of their own: the root's is theirs. The --lang of
// cases new and cases edit is the case's language, that of prepare init
// and edit the tenant profile's, and that of contacts suggest the language
// wanted on the phone (de, fr, ...): facts to record or to rank by, not
// the output's; there MSCASE_LANG and the locale choose, and their help
// says so.
func langFlag(cmd *cobra.Command) string {
	f := cmd.Flags().Lookup("lang")
	if f == nil || !f.Changed {
		return ""
	}
	if root := cmd.Root(); root.PersistentFlags().Lookup("lang") == f || outputLang[cmd.CommandPath()] {
		return f.Value.String()
	}
	return ""
}

// outputLang lists the commands whose own --lang is also the language they
// print in.
var outputLang = map[string]bool{"mscase cases brief": true}
