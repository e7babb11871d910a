package main

import (
	"strings"
	"time"

	"golang.org/x/text/language"

	"github.com/mscase/mscase/contacts"
	"github.com/mscase/mscase/reminders"

	"github.com/mscase/mscase/cases"
	"github.com/mscase/mscase/msg"
)

// This file words the facts the screens show (stage names, what a case
// waits on, why it stalled, table headings) through the message catalogs.
// English keeps the words the domain's identifiers and texts have always
// had, so English output is unchanged; the catalogs give the other
// languages.

// headingID is the catalog ID of a table heading: "TRACKING ID" is
// "head.tracking_id".
func headingID(h string) string {
	if h == "#" {
		return "head.numsign"
	}
	return "head." + strings.ToLower(strings.ReplaceAll(h, " ", "_"))
}

// headings is headers in the printer's language. Tables are laid out with
// the English headings (the column rules are keyed by them); the Japanese
// ones are no wider, so the layout still holds.
func (a *app) headings(headers []string) []string {
	if !a.p.JA() {
		return headers
	}
	out := make([]string, len(headers))
	for i, h := range headers {
		out[i] = h
		if id := headingID(h); msg.Has(a.lang, id) {
			out[i] = a.p.T(id)
		}
	}
	return out
}

// stageAbout says what a stage means and what to do next.
func (a *app) stageAbout(s cases.Stage) string {
	if id := "stage_about." + string(s); a.p.JA() && msg.Has(a.lang, id) {
		return a.p.T(id)
	}
	return s.About()
}

// kindName is a nudge's kind in a table cell: its identifier in English.
func (a *app) kindName(k string) string {
	if !a.p.JA() {
		return k
	}
	return a.p.T("kind." + k)
}

// waitingWords is what a stage waits on, from the stall state's facts.
func (a *app) waitingWords(st *cases.StallState, stage cases.Stage) string {
	if id := "waiting." + string(stage); a.p.JA() && msg.Has(a.lang, id) {
		return a.p.T(id)
	}
	return st.WaitingOn
}

// stallReason says why a case is stalled, from the stall state's facts.
func (a *app) stallReason(st *cases.StallState) string {
	if !a.p.JA() {
		return st.Reason()
	}
	if !st.Stalled {
		return ""
	}
	r := ""
	if st.Limit > 0 {
		r = a.p.T("stall.no_contact", "Limit", a.p.Duration(st.Limit), "Stage", a.stageName(st.Stage))
	}
	if st.PromiseOverdue {
		if r != "" {
			return a.p.T("stall.promise_and", "Rest", r)
		}
		return a.p.T("stall.promise")
	}
	return r
}

// yesNo is the stalled column's word: "yes", "no", "snoozed".
func (a *app) yesNo(word string) string {
	if !a.p.JA() {
		return word
	}
	return a.p.T("word." + word)
}

// wordOr is the catalog's id in Japanese, else the identifier def: the
// English screens show identifiers (phone, check) as they are.
func wordOr(p *msg.Printer, id, def string) string {
	if p.JA() && msg.Has(p.Lang(), id) {
		return p.T(id)
	}
	return def
}

// checkText is a hardening checklist item's text: the catalog's for the
// items mscase attaches, the stored text for others.
func (a *app) checkText(it cases.ChecklistItem) string {
	return wordOr(a.p, "check."+it.ID, it.Text)
}

// countryOr is countryName in Japanese and the directory's own name
// (english) in English, which the English screens have always shown.
func countryOr(p *msg.Printer, iso2, english string) string {
	if !p.JA() || iso2 == "" {
		return english
	}
	return countryName(p, iso2)
}

// optionWhy says whether a suggested number is open and what it serves,
// from the option's facts: the domain's English sentence (o.Why) in
// English, the catalog's in Japanese. The page's own hours text is quoted
// as the page writes it (「Monday to Friday …」): it is what the admin
// sees on Microsoft's page.
func optionWhy(p *msg.Printer, o contacts.Option, loc *time.Location) string {
	if !p.JA() {
		return o.Why
	}
	what := p.T("call.technical")
	if o.Hours.Support == "billing" {
		what = p.T("contacts.billing")
	}
	if l := o.Hours.Language; l != "" {
		what += "、" + jaLanguage(l)
	}
	if o.Hours.Raw != "" {
		what += "、" + p.T("contacts.page_says", "Raw", o.Hours.Raw)
	}
	if len(o.Hours.Langs) > 0 {
		what = p.T("call.technical")
		if o.Hours.Support == "billing" {
			what = p.T("contacts.billing")
		}
		what += "、" + languageName(p, o.Hours.Langs[0], o.Hours.Language)
		if o.Hours.Raw != "" {
			what += "、" + p.T("contacts.page_says", "Raw", o.Hours.Raw)
		}
	}
	var state string
	switch o.State {
	case contacts.Open:
		state = p.T("call.open")
		if o.Hours.Schedule != nil && o.Hours.Schedule.Always {
			state = p.T("call.open_always")
		} else if t, err := time.Parse(time.RFC3339, o.Until); err == nil {
			state = p.T("call.open_until", "Until", p.Clock(t.In(loc)))
		}
	case contacts.Closed:
		state = p.T("call.closed")
		if t, err := time.Parse(time.RFC3339, o.Next); err == nil {
			state = p.T("call.closed_next", "Next", p.DateTimeZone(t.In(loc)))
		}
		if o.Holiday != "" {
			state += p.T("contacts.holiday", "Name", o.Holiday)
		}
	default:
		state = p.T("call.unknown")
	}
	return state + ": " + what
}

// languageName is a language code's name in p's language (ドイツ語), for
// the support line's language; english is the page's own label.
func languageName(p *msg.Printer, code, english string) string {
	if !p.JA() {
		return english
	}
	if t, err := language.Parse(code); err == nil {
		if n := languageNameJA(t); n != "" {
			return n
		}
	}
	return jaLanguage(english)
}

// suggestNote is one of a suggestion's notes, a fact from contacts, in
// p's language (contacts.note.<kind>).
func suggestNote(p *msg.Printer, n contacts.Note) string {
	entry := n.Entry
	if p.JA() {
		entry = countryOr(p, n.ISO2, n.Country)
		if n.Section != "" {
			entry += "（「" + n.Section + "」）"
		}
	}
	plan := contacts.PlanLabel(n.Plan)
	if p.JA() {
		plan = wordOr(p, "contacts.plan_label."+strings.Replace(n.Plan, "other", "other_plans", 1), plan)
	}
	return p.T("contacts.note."+string(n.Kind), "Entry", entry, "Country", countryOr(p, n.ISO2, n.Country),
		"Plan", plan, "PlanID", n.Plan, "Lang", languageName(p, n.Lang, contacts.LanguageName(n.Lang)), "Text", n.Text)
}

// pageNote is a note the support page writes beside a number, "(Office 365
// Enterprise)", "Local call charges apply.": quoted as the page's words in
// Japanese, where it stays English.
func pageNote(p *msg.Printer, note string) string {
	if !p.JA() || note == "" {
		return note
	}
	note = strings.TrimSpace(note)
	if strings.HasPrefix(note, "(") && strings.HasSuffix(note, ")") && strings.Count(note, ")") == 1 {
		note = note[1 : len(note)-1]
	}
	return "「" + note + "」"
}

// kindOr is a nudge kind: its identifier in English, its name in Japanese.
func kindOr(p *msg.Printer, k reminders.Kind) string {
	if !p.JA() {
		return string(k)
	}
	return kindName(p, k)
}
