package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/mattn/go-runewidth"
	"github.com/mscase/mscase/cases"
	"github.com/mscase/mscase/contacts"
	"github.com/mscase/mscase/data"
	"github.com/mscase/mscase/msg"
	"github.com/mscase/mscase/safetext"
	"github.com/spf13/cobra"
)

func init() { addCommand("cases", newCasesBriefCmd) }

type casesBriefOptions struct {
	ref      string
	lang     string
	markdown bool
}

func newCasesBriefCmd(a *app) *cobra.Command {
	opts := &casesBriefOptions{}
	cmd := &cobra.Command{
		Use:   "brief REF [--lang en|ja] [--markdown]",
		Short: "One screen to read from during a support call",
		Long: `Print one screen to read from during a call to Microsoft support: the number
to call now and the menu path, what to say in two sentences, the facts the
agent will ask for, what happened so far, any open promise, and the PIN
warning. --lang ja prints it in Japanese (the default follows the case's
language). --markdown writes it for a note or an email to a colleague.`,
		Example: `  mscase cases brief 1
  mscase cases brief 2411250040001234 --lang ja
  mscase cases brief 1 --markdown > call-notes.md`,
		Args:              cobra.ExactArgs(1),
		ValidArgsFunction: completeRefs(a),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.ref = args[0]
			if opts.markdown && a.jsonOut {
				return usageT("refuse.brief_two_outputs")
			}
			return runCasesBrief(cmd.Context(), a, opts)
		},
	}
	cmd.Flags().StringVar(&opts.lang, "lang", "", "language of the brief: en or ja (default: the case's language)")
	cmd.Flags().BoolVar(&opts.markdown, "markdown", false, "write Markdown")
	_ = cmd.RegisterFlagCompletionFunc("lang", cobra.FixedCompletions([]string{"en", "ja"}, cobra.ShellCompDirectiveNoFileComp))
	return cmd
}

// briefText holds the fixed words of the brief in one language.
type briefText struct {
	title, callNow, menu, askFor, dpt, say, ready, soFar, promise, pin                 string
	trackingID, tenantID, domain, admin, phone, reachable                              string
	noTracking, noTenant, noPhone, noCountry, nothingYet, overdue, due, noPromise, via string
	sayFmt, sayNoID, tenantFmt, tenantOfDomain                                         string
	stage                                                                              map[cases.Stage]string
}

// briefWords are the fixed words of the brief in lang, from the catalogs.
func briefWords(lang string) briefText {
	p := msg.For(lang)
	w := func(id string) string { return p.T("brief." + id) }
	t := briefText{
		title: w("title"), callNow: w("call_now"), menu: w("menu"), askFor: w("ask_for"), dpt: w("dpt"),
		say: w("say"), ready: w("ready"), soFar: w("so_far"), promise: w("promise"), pin: w("pin"),
		trackingID: w("tracking_id"), tenantID: w("tenant_id"), domain: w("domain"), admin: w("admin"), phone: w("phone"), reachable: w("reachable"),
		noTracking: w("no_tracking"), noTenant: w("no_tenant"), noPhone: w("no_phone"), noCountry: w("no_country"),
		nothingYet: w("nothing_yet"), overdue: w("overdue"), due: w("due"), noPromise: w("no_promise"), via: w("via"),
		sayFmt: w("say_fmt"), sayNoID: w("say_no_id"), tenantFmt: w("tenant_fmt"), tenantOfDomain: w("tenant_of_domain"),
		stage: map[cases.Stage]string{},
	}
	for _, s := range cases.Stages {
		t.stage[s] = p.T("brief.stage." + string(s))
	}
	return t
}

func runCasesBrief(_ context.Context, a *app, opts *casesBriefOptions) error {
	if opts.lang != "" {
		if l, ok := msg.Parse(opts.lang); !ok || l != strings.ToLower(opts.lang) {
			return &cases.InputError{Field: "--lang", Value: opts.lang, Want: "expected en or ja", Code: cases.CodeLang}
		}
	}
	c, err := a.readCase(opts.ref)
	if err != nil {
		return err
	}
	lang := strings.ToLower(opts.lang)
	if lang == "" {
		lang = "en"
		if strings.HasPrefix(c.Lang, "ja") {
			lang = "ja"
		}
	}
	b := a.buildBrief(c, lang)
	if a.jsonOut {
		return a.writeJSON(b.json(c, lang))
	}
	if opts.markdown {
		return b.markdown(a.out)
	}
	return b.text(a.out, a)
}

// brief is the content of a call brief, rendered as text or Markdown.
type brief struct {
	t        briefText
	p        *msg.Printer
	title    string
	call     []string       // "call now" lines
	menu     string         // what to do after dialling
	say      string         // the two sentences
	facts    [][2]string    // label, value
	soFar    []string       // last three contacts, oldest first
	promise  string         // "" when none
	pin      string         // the PIN warning
	source   string         // where the number came from
	sections []briefSection // in order, for rendering
}

// briefJSON is the call brief as data: the same lines as the text, by part.
type briefJSON struct {
	Case       uint64            `json:"case"`
	TrackingID string            `json:"tracking_id,omitempty"`
	Stage      cases.Stage       `json:"stage"`
	Lang       string            `json:"lang"`
	Call       []string          `json:"call"`
	Menu       string            `json:"menu,omitempty"`
	Say        string            `json:"say"`
	Facts      map[string]string `json:"facts"`
	SoFar      []string          `json:"so_far"`
	Promise    string            `json:"promise,omitempty"`
	PIN        string            `json:"pin_warning"`
	Source     string            `json:"source,omitempty"`
}

func (b *brief) json(c *cases.Case, lang string) briefJSON {
	facts := map[string]string{}
	for _, f := range b.facts {
		facts[f[0]] = f[1]
	}
	call := b.call
	if call == nil {
		call = []string{}
	}
	return briefJSON{Case: c.Number, TrackingID: c.TrackingID, Stage: c.Stage, Lang: lang, Call: call, Menu: b.menu,
		Say: b.say, Facts: facts, SoFar: b.soFar, Promise: b.promise, PIN: b.pin, Source: b.source}
}

type briefSection struct {
	head  string
	lines []string
	facts [][2]string
	code  []string // commands, printed as a code block
}

func (a *app) buildBrief(c *cases.Case, lang string) *brief {
	t := briefWords(lang)
	b := &brief{t: t, p: msg.For(lang)}
	id := c.TrackingID
	b.title = fmt.Sprintf("%s: %s · %s %s · %s", t.title, b.p.T("brief.case", "Case", c.Number), t.trackingID, or(id, "-"), c.Stage)

	// Who to call now, from the directory.
	b.pin = contacts.PINWarning
	if lang == "ja" {
		b.pin = msg.For(lang).T("brief.pin_warning")
	}
	if c.Country == "" {
		b.call = []string{fmt.Sprintf(t.noCountry, c.Number)}
	} else if d, _, err := contacts.Load(data.FS, a.overridePath()); err == nil {
		neutralise(d)
		sum := c.Summarize()
		q := caseQuery(&sum, a.now)
		q.Lang = langOr(c.Lang)
		if sg, err := d.Suggest(q); err == nil {
			switch {
			case sg.NoPhone != "":
				b.call = append(b.call, pick(lang == "ja", sg.NoPhone, msg.For(lang).T("brief.no_phone_support")))
			case len(sg.Options) > 0:
				b.call = append(b.call, callLine(sg.Options[0], lang == "ja"))
			}
			for _, o := range sg.Options {
				if o.Entry != nil && o.Entry.DialInstructions != "" {
					b.menu = o.Entry.DialInstructions
					break
				}
			}
			b.source = fmt.Sprintf("%s %s @ %.12s (%s)", sg.Source.Repo, sg.Source.Path, sg.Source.Commit, sg.Source.Retrieved)
		}
	}

	domain := cases.DisplayDomain(c.Domain)
	who := fmt.Sprintf(t.tenantOfDomain, domain)
	if c.TenantID != "" {
		who = fmt.Sprintf(t.tenantFmt, c.TenantID, domain)
	}
	if id != "" {
		b.say = fmt.Sprintf(t.sayFmt, who, id, t.stage[c.Stage])
	} else {
		b.say = fmt.Sprintf(t.sayNoID, who)
	}

	b.facts = [][2]string{
		{t.trackingID, or(id, t.noTracking)},
		{t.tenantID, or(c.TenantID, fmt.Sprintf(t.noTenant, c.Domain))},
		{t.domain, domain},
		{t.admin, c.Admin},
		{t.phone, or(c.Phone, fmt.Sprintf(t.noPhone, c.Number))},
		{t.reachable, a.reachable(c, b.p)},
	}

	start := len(c.Contacts) - 3
	if start < 0 {
		start = 0
	}
	for _, k := range c.Contacts[start:] {
		line := padRight(a.fmtTimeIn(b.p, k.At), a.timeWidth()) + "  " + wordOr(b.p, "channel."+string(k.Channel), string(k.Channel)) + " " + map[cases.Direction]string{cases.DirIn: "←", cases.DirOut: "→"}[k.Direction]
		if !k.IsContact() {
			line = padRight(a.fmtTimeIn(b.p, k.At), a.timeWidth()) + "  " + wordOr(b.p, "entrykind."+string(k.Kind), string(k.Kind))
		}
		if k.Agent != "" {
			line += " " + k.Agent
		}
		b.soFar = append(b.soFar, line+": "+k.Summary)
	}
	if len(b.soFar) == 0 {
		b.soFar = []string{t.nothingYet}
	}
	if p := c.OpenPromise(); p != nil {
		state := t.due
		if a.now.After(*p) {
			state = t.overdue
		}
		b.promise = fmt.Sprintf("%s %s (%s)", a.fmtTimeIn(b.p, *p), state, p.In(a.loc).Format("2006-01-02 15:04 MST"))
	}

	if note := sovereignNote(b.p, c.Cloud); note != nil {
		b.call = append(note, b.call...)
	}
	b.sections = []briefSection{
		{head: t.callNow, lines: b.call},
	}
	if b.menu != "" {
		b.sections[0].lines = append(b.sections[0].lines, t.menu+": "+b.menu)
	}
	b.sections[0].lines = append(b.sections[0].lines, t.askFor+": "+t.dpt)
	b.sections = append(b.sections,
		briefSection{head: t.say, lines: []string{"「" + b.say + "」"}},
		briefSection{head: t.ready, facts: b.facts},
		briefSection{head: t.soFar, lines: b.soFar},
		briefSection{head: t.promise, lines: []string{or(b.promise, t.noPromise)}},
		briefSection{head: t.pin, lines: []string{b.pin}},
	)
	if lang == "en" {
		b.sections[1].lines[0] = "\"" + b.say + "\""
	}
	if s, ok := a.resetSection(c, lang); ok {
		b.sections = append(b.sections, s)
	}
	return b
}

// reachable says where and when the admin can take a call back: the zone
// and working hours of the case's business calendar (see "mscase config
// show"), with the weekdays that are working days.
func (a *app) reachable(c *cases.Case, p *msg.Printer) string {
	rs, err := loadReminders(a)
	if err != nil {
		return a.loc.String()
	}
	cal := rs.pol.CalendarIn(c.Country, c.Region)
	var days []string
	for d := time.Monday; d <= time.Monday+6; d++ {
		if wd := d % 7; cal.IsWorkdayOfWeek(wd) {
			days = append(days, p.Weekday(wd))
		}
	}
	span := strings.Join(days, " ")
	if len(days) == 5 && days[0] == p.Weekday(time.Monday) && days[4] == p.Weekday(time.Friday) {
		span = p.T("brief.mon_fri")
	}
	return fmt.Sprintf("%s, %s %s-%s", cal.Loc, span, cal.Open, cal.Close)
}

// The brief quotes the case's fields and its last contacts, which may come
// from an import or an email: text and markdown show every line and value
// through safetext.Line before styling it.

func (b *brief) text(w io.Writer, a *app) error {
	line := safetext.Line
	head := line(b.title)
	if a.isTTY {
		head = a.st.Bold.Render(head)
	}
	fmt.Fprintln(w, head)
	if b.p.JA() {
		fmt.Fprintln(w, b.p.DateTimeZone(a.now.In(a.loc)))
	} else {
		fmt.Fprintln(w, a.now.In(a.loc).Format("Mon 2006-01-02 15:04 MST"))
	}
	width := 0
	for _, f := range b.facts {
		if n := runewidth.StringWidth(f[0]); n > width {
			width = n
		}
	}
	for _, s := range b.sections {
		h := s.head
		if a.isTTY {
			h = a.st.Header.Render(h)
		}
		fmt.Fprintln(w)
		fmt.Fprintln(w, h)
		for _, l := range s.lines {
			fmt.Fprintln(w, "  "+line(l))
		}
		for _, f := range s.facts {
			fmt.Fprintf(w, "  %s  %s\n", padRight(f[0], width), line(f[1]))
		}
		for _, l := range s.code {
			fmt.Fprintln(w, "    "+l)
		}
	}
	if b.source != "" {
		fmt.Fprintln(w)
		fmt.Fprintln(w, b.p.T("brief.source")+": "+line(b.source))
	}
	return nil
}

func (b *brief) markdown(w io.Writer) error {
	line := safetext.Line
	fmt.Fprintf(w, "# %s\n", line(b.title))
	for _, s := range b.sections {
		fmt.Fprintf(w, "\n## %s\n\n", s.head)
		for _, l := range s.lines {
			fmt.Fprintf(w, "- %s\n", line(l))
		}
		for _, f := range s.facts {
			fmt.Fprintf(w, "- **%s**: %s\n", f[0], line(f[1]))
		}
		if len(s.code) > 0 {
			fmt.Fprintf(w, "\n```powershell\n%s\n```\n", strings.Join(s.code, "\n"))
		}
	}
	if b.source != "" {
		fmt.Fprintf(w, "\n_%s: %s_\n", b.p.T("brief.source"), line(b.source))
	}
	return nil
}

func or(s, alt string) string {
	if s == "" {
		return alt
	}
	return s
}

func langOr(l string) string {
	if _, err := contacts.ParseLang(l); err != nil {
		return ""
	}
	return l
}
