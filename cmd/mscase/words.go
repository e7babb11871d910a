package main

import (
	"strings"

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
