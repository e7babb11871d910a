package main

import (
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/mscase/mscase/cases"
	"github.com/mscase/mscase/contacts"
	"github.com/mscase/mscase/data"
	"github.com/mscase/mscase/reminders"
)

// callFinder gives every nudge the number to call, ranked as "contacts
// suggest" ranks it for the case's country, language and plan at the instant
// asked about, with its hours. The directory (bundled, with the user's
// contacts.json) is loaded on first use, once; override-file warnings are
// left to the "contacts" commands. It never fails: a directory that cannot
// be read gives nudges without a number rather than no nudges.
func callFinder(a *app) reminders.CallFinder {
	var once sync.Once
	var dir *contacts.Directory
	// The same country, language and plan at the same instant give the
	// same number: a check with 10,000 nudges due now asks the directory
	// a handful of times, not 10,000 (each ranks every option and loads
	// time zones).
	type key struct {
		country, lang, plan string
		at                  int64
	}
	var mu sync.Mutex
	memo := map[key]*reminders.Call{}
	find := func(n reminders.Nudge, at time.Time) *reminders.Call {
		if strings.TrimSpace(n.Country) == "" {
			return &reminders.Call{Instead: "the case names no country: set it (mscase cases edit " +
				strconv.FormatUint(n.Case, 10) + " --country CC) or ask mscase contacts suggest --country CC"}
		}
		once.Do(func() { dir, _, _ = contacts.Load(data.FS, a.overridePath()) })
		if dir == nil {
			return nil
		}
		sg, err := dir.Suggest(caseQuery(&cases.Summary{Country: n.Country, Lang: n.Lang, Plan: n.Plan}, at))
		if err != nil {
			return nil
		}
		if len(sg.Options) == 0 {
			if sg.NoPhone != "" {
				return &reminders.Call{Country: sg.Country, Instead: sg.NoPhone}
			}
			return nil
		}
		return optionCall(sg.Options[0])
	}
	return func(n reminders.Nudge, at time.Time) *reminders.Call {
		if strings.TrimSpace(n.Country) == "" {
			return find(n, at) // its words name the case
		}
		k := key{n.Country, n.Lang, n.Plan, at.UnixNano()}
		mu.Lock()
		c, ok := memo[k]
		mu.Unlock()
		if ok {
			return copyCall(c)
		}
		c = find(n, at)
		mu.Lock()
		if len(memo) >= 4096 {
			clear(memo)
		}
		memo[k] = c
		mu.Unlock()
		return copyCall(c)
	}
}

// copyCall gives each nudge its own Call, so that one nudge's can be
// changed without changing another's.
func copyCall(c *reminders.Call) *reminders.Call {
	if c == nil {
		return nil
	}
	v := *c
	return &v
}

// optionCall is the first-ranked option of a suggestion as a nudge's call.
func optionCall(o contacts.Option) *reminders.Call {
	if len(o.Numbers) == 0 {
		return nil
	}
	c := &reminders.Call{Number: o.Numbers[0].Raw, E164: o.Numbers[0].E164, Country: o.Country,
		State: string(o.State), Hours: o.Hours.Describe()}
	c.Always = o.State == contacts.Open && o.Hours.Schedule != nil && o.Hours.Schedule.Always
	if t, err := time.Parse(time.RFC3339, o.Until); err == nil {
		c.Until = t
	}
	if t, err := time.Parse(time.RFC3339, o.Next); err == nil {
		c.Next = t
	}
	if l := o.Hours.Language; l != "" {
		c.Language = l
	}
	if o.Hours.Plan != "" {
		c.Plan = contacts.PlanLabel(o.Hours.Plan)
	}
	return c
}
