package main

import (
	"fmt"
	"strings"

	"github.com/mscase/mscase/contacts"
	"github.com/mscase/mscase/data"
)

// callHint is one line saying which number to call now for a case's
// country and language, for "cases new", "cases show" and the call brief:
//
//	call 0120 996 680 (Japan, technical support, open now 24h; Office 365 Enterprise)
//
// It returns "" when the country is empty or unknown, or the directory
// cannot be read: a hint must never get in the way. Override-file warnings
// are not printed here; "mscase contacts" commands print them.
func callHint(a *app, country, lang string) string {
	if country == "" {
		return ""
	}
	d, _, err := contacts.Load(data.FS, a.overridePath())
	if err != nil {
		return ""
	}
	if _, err := contacts.ParseLang(lang); err != nil {
		lang = ""
	}
	sg, err := d.Suggest(contacts.Query{Country: country, Lang: lang, At: a.now})
	if err != nil {
		return ""
	}
	if sg.NoPhone != "" {
		return sg.NoPhone
	}
	if len(sg.Options) == 0 {
		return ""
	}
	o := sg.Options[0]
	var state string
	switch o.State {
	case contacts.Open:
		state = "open now"
		if o.Hours.Schedule != nil && o.Hours.Schedule.Always {
			state += " 24h"
		} else if o.Until != "" {
			state += " until " + o.Until[11:16]
		}
	case contacts.Closed:
		state = "closed now"
		if i := strings.Index(o.Why, "opens "); i >= 0 {
			state += ", " + o.Why[i:]
		}
	default:
		state = "hours unclear"
	}
	var extra []string
	if l := o.Hours.Language; l != "" && l != "English" {
		extra = append(extra, l)
	}
	if o.Hours.Plan != "" {
		extra = append(extra, contacts.PlanLabel(o.Hours.Plan))
	}
	tail := ""
	if len(extra) > 0 {
		tail = "; " + strings.Join(extra, ", ")
	}
	return fmt.Sprintf("call %s (%s, technical support, %s%s)", o.Numbers[0].Raw, o.Country, state, tail)
}
