package main

import (
	"strconv"
	"strings"
	"time"

	"github.com/mscase/mscase/cases"
	"github.com/mscase/mscase/msg"
	"github.com/mscase/mscase/reminders"
	"github.com/mscase/mscase/safetext"
	"golang.org/x/text/language"
)

// nudgeWords words nudges from their facts through the message layer. A
// nudge is read in its case's language (a ja case nudges in Japanese even
// when the daemon runs with LANG=C), unless the channel sets one; a case
// with no language of its own takes def, the app's language.
type nudgeWords struct{ def string }

var _ reminders.Words = nudgeWords{}

// nudgeLang is the language a nudge is read in on a channel set to
// channelLang ("" = the case's).
func (w nudgeWords) lang(n reminders.Nudge, channelLang string) string {
	for _, l := range []string{channelLang, n.Lang} {
		if v, ok := msg.Parse(l); ok {
			return v
		}
	}
	if v, ok := msg.Parse(w.def); ok {
		return v
	}
	return msg.English
}

// Text is n in words. English keeps the sentences reminders records (Why,
// Action), so English nudges read as they always did.
func (w nudgeWords) Text(n reminders.Nudge, channelLang string) reminders.Text {
	l := w.lang(n, channelLang)
	p := msg.For(l)
	why, action := n.Why, n.Action
	if l != msg.English {
		if s := nudgeWhy(p, n); s != "" {
			why = s
		}
		if s := nudgeAction(p, n); s != "" {
			action = s
		}
	}
	title := nudgeTitleIn(p, n)
	var b strings.Builder
	line := func(label, v string) {
		if v != "" {
			b.WriteString(p.T("nudge.label."+label) + " " + v + "\n")
		}
	}
	line("why", safetext.Line(why))
	line("do", safetext.Line(action))
	line("call", callTextIn(p, n))
	if h := n.Call.HoursLine(); h != "" && p.JA() {
		line("hours", p.T("contacts.page_says", "Raw", h))
	} else {
		line("hours", h)
	}
	if n.Routine() {
		line("tenant", n.Domain)
	} else {
		line("tracking_id", trackingIDIn(p, n))
		cs := strconv.FormatUint(n.Case, 10)
		if c := nudgeCaseName(n); c != "" {
			cs += " (" + c + ")"
			if p.JA() {
				cs = strconv.FormatUint(n.Case, 10) + "（" + c + "）"
			}
		}
		line("case", cs)
	}
	if n.Stage != "" {
		line("stage", nudgeStageIn(p, n.Stage))
	}
	if !n.Due.IsZero() {
		if p.JA() {
			line("due", p.DateTimeZone(n.Due))
		} else {
			line("due", n.Due.Format(time.RFC3339))
		}
	}
	alarm := p.T("nudge.alarm_support", "TrackingID", trackingIDIn(p, n))
	if n.Call != nil && n.Call.Number != "" {
		alarm = p.T("nudge.alarm_call", "Number", safetext.Line(n.Call.Number), "TrackingID", trackingIDIn(p, n))
	}
	if n.Kind == reminders.KindCallback {
		alarm = p.T("nudge.callback_overdue") + alarm
	}
	return reminders.Text{Lang: l, Title: title, Body: b.String(), Alarm: alarm, Summary: title, Footer: p.T("nudge.footer")}
}

func trackingIDIn(p *msg.Printer, n reminders.Nudge) string {
	if n.TrackingID == "" {
		return p.T("nudge.no_tracking_id")
	}
	return safetext.Line(n.TrackingID)
}

func kindName(p *msg.Printer, k reminders.Kind) string {
	id := "kind." + string(k)
	if s := p.T(id); s != id {
		return s
	}
	return string(k)
}

func nudgeTitleIn(p *msg.Printer, n reminders.Nudge) string {
	if n.Routine() {
		return p.T("nudge.title_routine", "Kind", kindName(p, n.Kind), "Domain", safetext.Line(n.Domain))
	}
	t := p.T("nudge.title", "TrackingID", trackingIDIn(p, n), "Case", n.Case, "Kind", kindName(p, n.Kind))
	if n.Late {
		t += p.T("nudge.late")
	}
	return t
}

// nudgeCaseName is the case's domain and title, made safe to show.
func nudgeCaseName(n reminders.Nudge) string {
	var parts []string
	if n.Domain != "" {
		parts = append(parts, safetext.Line(n.Domain))
	}
	if t := strings.TrimSpace(n.Title); t != "" {
		parts = append(parts, safetext.Line(safetext.Truncate(t, 120)))
	}
	return strings.Join(parts, ": ")
}

// countryName is an ISO country code in the printer's language (日本).
func countryName(p *msg.Printer, code string) string {
	r, err := language.ParseRegion(code)
	if err != nil {
		return code
	}
	if p.JA() {
		if s := regionNameOf(r, true); s != "" {
			return s
		}
	}
	if s := regionNameOf(r, false); s != "" {
		return s
	}
	return code
}

// callTextIn is the number to call and whether it is open at the nudge's
// instant: 0120 996 680（日本、テクニカル サポート、受付中: 17:00 JST まで）.
func callTextIn(p *msg.Printer, n reminders.Nudge) string {
	c := n.Call
	if c == nil {
		return ""
	}
	if c.Number == "" {
		if p.JA() {
			return p.T("nudge.call_instead")
		}
		return safetext.Line(c.Instead)
	}
	loc := n.Due.Location()
	var state string
	switch {
	case c.State == "open" && c.Always:
		state = p.T("call.open_always")
	case c.State == "open" && !c.Until.IsZero():
		state = p.T("call.open_until", "Until", p.Clock(c.Until.In(loc)))
	case c.State == "open":
		state = p.T("call.open")
	case c.State == "closed" && !c.Next.IsZero():
		state = p.T("call.closed_next", "Next", p.DateTimeZone(c.Next.In(loc)))
	case c.State == "closed":
		state = p.T("call.closed")
	default:
		state = p.T("call.unknown")
	}
	what := []string{p.T("call.technical"), state}
	if n.Country != "" && p.JA() {
		what = append([]string{countryName(p, n.Country)}, what...)
	} else if c.Country != "" {
		what = append([]string{safetext.Line(c.Country)}, what...)
	}
	if p.JA() {
		return safetext.Line(c.Number) + "（" + strings.Join(what, "、") + "）"
	}
	return safetext.Line(c.Number) + " (" + strings.Join(what, ", ") + ")"
}

// dayText is a calendar day in the printer's language: 4月29日(木).
func dayText(p *msg.Printer, d interface{ Date() (int, time.Month, int) }, wd time.Weekday) string {
	_, m, dd := d.Date()
	if p.JA() {
		return strconv.Itoa(int(m)) + "月" + strconv.Itoa(dd) + "日(" + p.Weekday(wd) + ")"
	}
	return p.Weekday(wd) + " " + strconv.Itoa(dd) + " " + m.String()[:3]
}

// breakText names a break: 連休（4月29日(木)〜5月5日(水)、7日間: 昭和の日、…）.
func breakText(p *msg.Printer, b *reminders.Break) string {
	span := dayText(p, b.First, b.First.Weekday())
	if b.Last != b.First {
		span += p.T("nudge.span_sep") + dayText(p, b.Last, b.Last.Weekday())
	}
	var names []string
	seen := map[string]bool{}
	add := func(s string) {
		if s != "" && !seen[s] {
			seen[s] = true
			names = append(names, s)
		}
	}
	for _, h := range b.Holidays {
		if p.JA() && h.Local != "" {
			add(h.Local)
		} else {
			add(h.Name)
		}
	}
	for _, c := range b.Closures {
		add(safetext.Line(c))
	}
	if b.YearEnd {
		add(p.T("nudge.year_end"))
	}
	sep := ", "
	if p.JA() {
		sep = "、"
	}
	switch {
	case len(names) == 0:
		return p.T("nudge.break_weekend", "Span", span)
	case b.Days() == 1:
		return p.T("nudge.break_holiday", "Span", span, "Names", strings.Join(names, sep))
	}
	return p.T("nudge.break_long", "Days", b.Days(), "Span", span, "Names", strings.Join(names, sep))
}

// nudgeWhy is why the nudge comes now, from its facts; "" when it carries
// none (a test nudge, a drill): the caller keeps the recorded sentence.
func nudgeWhy(p *msg.Printer, n reminders.Nudge) string {
	f := n.Facts
	switch n.Kind {
	case reminders.KindBeforeBreak, reminders.KindAfterBreak:
		if f.Break == nil {
			return ""
		}
		s := p.T("why."+string(f.When), "Break", breakText(p, f.Break))
		if f.Then != nil {
			s += p.T("why.then", "Between", dayText(p, f.Between, f.Between.Weekday()), "Break", breakText(p, f.Then))
		}
		return s
	case reminders.KindStalled:
		s := p.T("why.stalled", "Stage", p.T("stage."+n.Stage), "Limit", p.Duration(f.Limit), "Since", p.DateTimeZone(f.Since.In(n.Due.Location())))
		if f.Repeat > 1 {
			s += p.T("why.repeat", "N", f.Repeat)
		}
		return s
	case reminders.KindPromiseOverdue:
		if f.Promise.IsZero() {
			return ""
		}
		return p.T("why.promise", "Promise", p.DateTimeZone(f.Promise.In(n.Due.Location())))
	case reminders.KindCallNow:
		return p.T("why.call_now")
	case reminders.KindHarden:
		if f.OpenChecks == 0 {
			return p.T("why.harden_done")
		}
		return p.N("why.harden_open", f.OpenChecks)
	case reminders.KindTest:
		return p.T("why.test")
	case reminders.KindCallback:
		return p.T("why.callback", "By", p.DateTimeZone(f.Promise.In(n.Due.Location())))
	case reminders.KindDrill:
		if f.EveryDays == 0 {
			return ""
		}
		return p.T("why.drill", "Domain", safetext.Line(n.Domain), "Every", f.EveryDays)
	case reminders.KindDirectoryOld:
		if f.Retrieved.IsZero() {
			return ""
		}
		return p.T("why.directory_old", "Retrieved", p.Date(f.Retrieved), "MaxAge", f.MaxAge)
	}
	return ""
}

// tidIn is how an action names the case: "TrackingID 2411…", or the case
// number when there is no TrackingID yet.
func tidIn(p *msg.Printer, n reminders.Nudge) string {
	if n.TrackingID == "" {
		return p.T("nudge.tid_none", "Case", n.Case)
	}
	return p.T("nudge.tid", "TrackingID", safetext.Line(n.TrackingID))
}

// nudgeAction is what to do, from the nudge's kind and stage.
func nudgeAction(p *msg.Printer, n reminders.Nudge) string {
	tid := tidIn(p, n)
	switch n.Kind {
	case reminders.KindBeforeBreak:
		if n.Facts.Resume == 0 {
			return ""
		}
		return p.T("do.before_break", "TID", tid, "Resume", dayText(p, n.Facts.Resume, n.Facts.Resume.Weekday()))
	case reminders.KindAfterBreak:
		return p.T("do.after_break", "TID", tid)
	case reminders.KindPromiseOverdue:
		return p.T("do.promise", "TID", tid)
	case reminders.KindCallNow:
		return p.T("do.call_now")
	case reminders.KindHarden:
		if n.Facts.OpenChecks == 0 {
			return p.T("do.harden_close", "Case", n.Case)
		}
		return p.T("do.harden")
	case reminders.KindTest:
		return p.T("do.test")
	case reminders.KindCallback:
		return p.T("do.callback", "TID", tid)
	case reminders.KindDrill:
		return p.T("do.drill")
	case reminders.KindDirectoryOld:
		return p.T("do.directory_old")
	case reminders.KindStalled:
		switch cases.Stage(n.Stage) {
		case cases.StageLockedOut, cases.StageTicketOpen, cases.StageDPTReview, cases.StageVerifying, cases.StageResetPending:
			return p.T("do.stalled."+n.Stage, "TID", tid)
		}
		return p.T("do.stalled.any", "TID", tid)
	}
	return ""
}

// nudgeStageIn names a stage in p's language, or shows it as it is when the
// catalog has no name for it: the test nudge's "test" is not a case stage,
// and the message id "stage.test" is not something to mail anyone.
func nudgeStageIn(p *msg.Printer, stage string) string {
	id := "stage." + stage
	if s := p.T(id); s != id {
		return s
	}
	return safetext.Line(stage)
}
