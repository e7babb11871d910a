package main

import (
	"fmt"
	"strings"
	"time"

	"github.com/mscase/mscase/cases"
	"github.com/mscase/mscase/contacts"
	"github.com/mscase/mscase/data"
	"github.com/mscase/mscase/msg"
)

// caseQuery is the question a case asks at an instant: its country,
// language and plan. Everything that picks a number for a case (contacts
// suggest --case, the hints, the call brief, the nudges) starts here, so a
// case on "Other Plans" is never pointed at the Enterprise line.
func caseQuery(s *cases.Summary, at time.Time) contacts.Query {
	lang := s.Lang
	if _, err := contacts.ParseLang(lang); err != nil {
		lang = ""
	}
	return contacts.Query{Country: s.Country, Lang: lang, Plan: s.Plan, At: at}
}

// callHint is one line saying which number to call now for a case's
// country, language and plan, for "cases new", "cases show" and the call
// brief:
//
//	call 0120 996 680 (Japan, technical support, open now 24h; Office 365 Enterprise)
//
// It returns "" when the country is empty or unknown, or the directory
// cannot be read: a hint must never get in the way. Override-file warnings
// are not printed here; "mscase contacts" commands print them.
func callHint(a *app, s *cases.Summary) string {
	if s.Country == "" {
		return ""
	}
	d, _, err := contacts.Load(data.FS, a.overridePath())
	if err != nil {
		return ""
	}
	neutralise(d)
	sg, err := d.Suggest(caseQuery(s, a.now))
	if err != nil {
		return ""
	}
	if sg.NoPhone != "" {
		return sg.NoPhone
	}
	if len(sg.Options) == 0 {
		return ""
	}
	return callLine(sg.Options[0], a.p.JA())
}

// callLine is the "call this number" line of one suggested option, in
// English or (ja) Japanese, for hints and the call brief.
func callLine(o contacts.Option, ja bool) string {
	var state string
	always := o.Hours.Schedule != nil && o.Hours.Schedule.Always
	switch {
	case o.State == contacts.Open && always:
		state = pick(ja, "open now 24h", "24 時間受付、現在受付中")
	case o.State == contacts.Open && len(o.Until) >= 16:
		state = pick(ja, "open now until "+o.Until[11:16], "現在受付中（"+o.Until[11:16]+" まで）")
	case o.State == contacts.Open:
		state = pick(ja, "open now", "現在受付中")
	case o.State == contacts.Closed:
		state = pick(ja, "closed now", "現在受付時間外")
		if !ja {
			if i := strings.Index(o.Why, "opens "); i >= 0 {
				state += ", " + o.Why[i:]
			}
		} else if t, err := time.Parse(time.RFC3339, o.Next); err == nil {
			state += "、次の受付開始 " + t.Format("1/2") + "（" + jaWeekday[t.Weekday()] + "）" + t.Format("15:04")
		}
	default:
		state = pick(ja, "hours unclear", "受付時間不明")
	}
	var extra []string
	if l := o.Hours.Language; l != "" && l != "English" {
		extra = append(extra, pick(ja, l, jaLanguage(l)))
	}
	if o.Hours.Plan != "" {
		extra = append(extra, contacts.PlanLabel(o.Hours.Plan))
	}
	if ja {
		return fmt.Sprintf("%s に電話（%s、テクニカル サポート、%s）", o.Numbers[0].Raw, countryOr(msg.For(msg.Japanese), o.ISO2, o.Country), strings.Join(append([]string{state}, extra...), "、"))
	}
	tail := ""
	if len(extra) > 0 {
		tail = "; " + strings.Join(extra, ", ")
	}
	return fmt.Sprintf("call %s (%s, technical support, %s%s)", o.Numbers[0].Raw, o.Country, state, tail)
}

var jaWeekday = [...]string{"日", "月", "火", "水", "木", "金", "土"}

// jaLanguage names the common support languages in Japanese.
func jaLanguage(l string) string {
	if v, ok := map[string]string{"Japanese": "日本語", "English": "英語", "Chinese": "中国語", "Korean": "韓国語"}[l]; ok {
		return v
	}
	return l
}

func pick(ja bool, en, jp string) string {
	if ja {
		return jp
	}
	return en
}
