package main

import (
	"os"
	"os/user"
	"strings"

	"github.com/mscase/mscase/cases"
)

// who is the author and machine that sign every change a command makes:
// the author is MSCASE_NAME, or the configuration's name, or the account's
// user name (os/user, then $USER or $USERNAME); the machine is
// MSCASE_MACHINE or the host name. A name the user set is typed input and
// refused when it is not plain text of one line (exit 2, nothing
// written); one the system gives that would not pass is left out.
func (a *app) who() (cases.Who, error) {
	if !a.teamRead {
		a.team, a.teamSrc = a.teamConfig()
		a.teamRead = true
	}
	var w cases.Who
	switch {
	case a.getenv("MSCASE_NAME") != "":
		w.Author = a.getenv("MSCASE_NAME")
		if err := cases.CheckTyped("MSCASE_NAME", w.Author, cases.MaxAuthor, false); err != nil {
			return w, err
		}
	case a.team.Name != "":
		w.Author = a.team.Name
		if err := cases.CheckTyped("config name", w.Author, cases.MaxAuthor, false); err != nil {
			return w, err
		}
	default:
		if u, err := user.Current(); err == nil && u.Username != "" {
			w.Author = u.Username
		} else if v := a.getenv("USER"); v != "" {
			w.Author = v
		} else {
			w.Author = a.getenv("USERNAME")
		}
		if cases.CheckTyped("user", w.Author, cases.MaxAuthor, false) != nil {
			w.Author = ""
		}
	}
	if v := a.getenv("MSCASE_MACHINE"); v != "" {
		w.Machine = v
		if err := cases.CheckTyped("MSCASE_MACHINE", w.Machine, cases.MaxMachine, false); err != nil {
			return w, err
		}
	} else if h, err := os.Hostname(); err == nil && cases.CheckTyped("host", h, cases.MaxMachine, false) == nil {
		w.Machine = h
	}
	w.Author = strings.TrimSpace(w.Author)
	w.Machine = strings.TrimSpace(w.Machine)
	return w, nil
}

// signed wraps a change to a case so that what it adds carries who made it.
func signed(w cases.Who, fn func(c *cases.Case) error) func(c *cases.Case) error {
	return func(c *cases.Case) error {
		m := c.Mark()
		if err := fn(c); err != nil {
			return err
		}
		c.Sign(m, w)
		return nil
	}
}
