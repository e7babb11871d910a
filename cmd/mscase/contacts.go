package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/mscase/mscase/contacts"
	"github.com/mscase/mscase/data"
	"github.com/mscase/mscase/msg"
	"github.com/mscase/mscase/safetext"
	"github.com/spf13/cobra"
)

func init() { addCommand("", newContactsCmd) }

const contactsLong = `Microsoft 365 support phone numbers by country: who to call, and whether
they are open now.

The numbers and hours come from one commit of Microsoft's page "Find
Microsoft 365 for business phone support numbers by country or region"
("mscase contacts source" names it). Numbers change: check the current page
before calling.

Your own corrections go in contacts.json beside the config file, in the shape
of the bundled file. An entry with the same iso2 and country replaces the
bundled one (fields you leave out are kept); any other entry is added. A file
that does not parse, or has a bad number, is ignored whole with a warning:

  {"entries": [
    {"country": "Japan", "iso2": "JP",
     "phones": [{"number": "0120 996 680", "kind": "primary", "note": "(Office 365 Enterprise)"}]}
  ]}`

func newContactsCmd(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "contacts",
		Short: "Find the Microsoft support number to call, and whether it is open now",
		Long:  contactsLong,
		Example: `  mscase contacts suggest --country JP --lang ja
  mscase contacts show Deutschland
  mscase contacts list --region europe
  mscase contacts source`,
		Args: cobra.NoArgs,
	}
	cmd.AddCommand(newContactsListCmd(a), newContactsShowCmd(a), newContactsSuggestCmd(a), newContactsSourceCmd(a))
	return cmd
}

// overridePath is the user's contacts.json, beside the config file.
func (a *app) overridePath() string { return filepath.Join(filepath.Dir(a.cfgPath), "contacts.json") }

// loadDirectory loads the bundled directory with the user's overrides and
// prints any warning about the override file on stderr.
func loadDirectory(a *app) (*contacts.Directory, error) {
	d, warns, err := contacts.Load(data.FS, a.overridePath())
	for _, w := range warns {
		a.warn("%s", w)
	}
	if err == nil && !a.jsonOut {
		neutralise(d) // the user's contacts.json is outside text
	}
	return d, err
}

// contactsErr maps the contacts package's input errors to exit 2 with a
// hint.
func contactsErr(a *app, err error) error {
	var ue *contacts.UnknownCountryError
	var ie *contacts.InputError
	switch {
	case errors.As(err, &ue):
		return withHintT(usageWords(func(p *msg.Printer) string {
			if p.JA() {
				return unknownCountryJA(p, ue)
			}
			return err.Error()
		}), "contactsx.list_hint")
	case errors.As(err, &ie):
		return usageWords(func(p *msg.Printer) string {
			if p.JA() {
				return contactsInputJA(p, ie)
			}
			return err.Error()
		})
	}
	return err
}

// unknownCountryJA is UnknownCountryError in Japanese, from its facts.
func unknownCountryJA(p *msg.Printer, e *contacts.UnknownCountryError) string {
	if len(e.Suggestions) == 0 {
		return p.T("contactsx.unknown_country", "Query", safetext.Quote(e.Query))
	}
	var names []string
	for _, s := range e.Suggestions {
		names = append(names, countryName(p, s.ISO2)+"（"+s.ISO2+"）")
	}
	return p.T("contactsx.unknown_country_maybe", "Query", safetext.Quote(e.Query), "Names", strings.Join(names, "、"))
}

// contactsInputJA is contacts.InputError in Japanese: the field named,
// the value as typed, and what is expected, chosen by the field (the
// contacts package states each field's expectation in one fixed form).
func contactsInputJA(p *msg.Printer, e *contacts.InputError) string {
	field := strings.ReplaceAll(e.Field, " ", "_")
	want := p.T("contactsx.want." + field)
	if e.Field == "region" {
		var names []string
		if d, _, err := contacts.Load(data.FS, ""); err == nil {
			for _, r := range d.Regions() {
				for _, part := range strings.Split(r, " / ") {
					names = append(names, `"`+strings.ToLower(part)+`"`)
				}
			}
		}
		want = p.T("contactsx.want.region", "List", strings.Join(names, "、"))
	}
	return p.T("contactsx.field."+field) + " " + safetext.Quote(e.Value) + ": " + want
}

// regionName is a region heading of the page in p's language: アジア.
func regionName(p *msg.Printer, r string) string {
	id := "contactsx.region." + strings.Join(strings.Fields(strings.ToLower(strings.ReplaceAll(r, "/", " "))), "_")
	if p.JA() && msg.Has(p.Lang(), id) {
		return p.T(id)
	}
	return r
}

// entryName is an entry's country in p's language; a subsection of the
// page (China's 21Vianet numbers) keeps its heading, quoted as the page
// writes it.
func entryName(p *msg.Printer, e *contacts.Entry) string {
	if !p.JA() {
		return e.Name()
	}
	n := countryName(p, e.ISO2)
	if e.Subsection != "" {
		n += pageNote(p, strings.TrimPrefix(e.Name(), e.Country))
	}
	return n
}

// sourceLine says where the numbers come from and how old they are.
func sourceLine(a *app, s contacts.Source) string {
	if a.p.JA() {
		line := a.p.T("contacts.source", "Repo", s.Repo, "Path", s.Path, "Commit", fmt.Sprintf("%.12s", s.Commit), "Retrieved", s.Retrieved, "Days", max(s.AgeDays(a.now), 0), "URL", contacts.PageURL)
		if s.Override != "" {
			line += "\n" + a.p.T("contacts.corrections", "File", s.Override, "Replaced", s.Replaced, "Added", s.Added)
		}
		return line
	}
	age := ""
	if n := s.AgeDays(a.now); n >= 0 {
		age = fmt.Sprintf(", retrieved %s (%s old)", s.Retrieved, a.p.N("unit.day", n))
	}
	line := fmt.Sprintf("source: %s %s at commit %.12s%s; check %s before calling", s.Repo, s.Path, s.Commit, age, contacts.PageURL)
	if s.Override != "" {
		line += fmt.Sprintf("\nyour corrections: %s (%d replaced, %d added)", s.Override, s.Replaced, s.Added)
	}
	return line
}

// ---- list

type contactsListOptions struct {
	region string
}

func newContactsListCmd(a *app) *cobra.Command {
	var opts contactsListOptions
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List every country with its main support number",
		Long: `List every country with its main support number.

Marks: "yours" for entries from your contacts.json, "no phone" where the page
offers no telephone support, "plans" where the page has separate numbers per
plan, "check" where the extraction flagged the entry as suspicious ("mscase
contacts show CC" says why).`,
		Example: `  mscase contacts list
  mscase contacts list --region asia
  mscase contacts list --json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runContactsList(cmd.Context(), a, opts)
		},
	}
	cmd.Flags().StringVar(&opts.region, "region", "", "only the page's region `R` (north america, caribbean, south america, europe, africa, middle east, asia, pacific)")
	return cmd
}

func runContactsList(_ context.Context, a *app, opts contactsListOptions) error {
	d, err := loadDirectory(a)
	if err != nil {
		return err
	}
	entries := d.Entries
	if opts.region != "" {
		if entries, err = d.Region(opts.region); err != nil {
			return contactsErr(a, err)
		}
	}
	if a.jsonOut {
		return a.writeJSON(struct {
			Source  contacts.Source   `json:"source"`
			Entries []*contacts.Entry `json:"entries"`
		}{d.Source, entries})
	}
	rows := make([][]string, 0, len(entries))
	for _, e := range entries {
		num, e164 := "-", ""
		if n, ok := e.Main(""); ok {
			num, e164 = n.Raw, n.E164
		}
		var marks []string
		if e.Override {
			marks = append(marks, "yours")
		}
		if e.NoPhone() {
			marks = append(marks, "no phone")
		}
		if len(e.Plans()) > 0 {
			marks = append(marks, "plans")
		}
		if len(e.Anomalies()) > 0 {
			marks = append(marks, "check")
		}
		if a.isTTY {
			sep := ", "
			if a.p.JA() {
				// The marks' identifiers stay in piped output, for scripts.
				for i, m := range marks {
					marks[i] = a.p.T("contactsx.mark." + strings.ReplaceAll(m, " ", "_"))
				}
				sep = "、"
			}
			rows = append(rows, []string{e.ISO2, entryName(a.p, e), regionName(a.p, e.Region), num, strings.Join(marks, sep)})
		} else {
			rows = append(rows, []string{e.ISO2, e.Name(), e.Region, num, e164, strings.Join(marks, ",")})
		}
	}
	if err := a.printTable([]string{"CODE", "COUNTRY", "REGION", "NUMBER", "MARKS"}, rows, nil); err != nil {
		return err
	}
	a.hint("%s", sourceLine(a, d.Source))
	return nil
}

// ---- show

type contactsShowOptions struct {
	query string
	plan  string
}

func newContactsShowCmd(a *app) *cobra.Command {
	var opts contactsShowOptions
	cmd := &cobra.Command{
		Use:   "show CC|NAME",
		Short: "Show every number, dialling step and opening hour of one country",
		Long: `Show every number, dialling step and opening hour of one country.

CC|NAME is an ISO code (jp, DE) or a name in English or the country's own
language (Japan, 日本, Deutschland). Codes shared by several page sections
(BQ, SJ, CN) show each of them. Notes the extraction made ("anomaly:",
"info:", "format:") are shown as they are.`,
		Example: `  mscase contacts show JP
  mscase contacts show Deutschland
  mscase contacts show jp --plan enterprise
  mscase contacts show CN --json`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.query = args[0]
			return runContactsShow(cmd.Context(), a, opts)
		},
	}
	cmd.Flags().StringVar(&opts.plan, "plan", "", "only numbers and hours for plan `P` where the page distinguishes plans: enterprise or other")
	return cmd
}

func runContactsShow(_ context.Context, a *app, opts contactsShowOptions) error {
	plan, err := contacts.ParsePlan(opts.plan)
	if err != nil {
		return contactsErr(a, err)
	}
	d, err := loadDirectory(a)
	if err != nil {
		return err
	}
	entries, err := d.Lookup(opts.query)
	if err != nil {
		return contactsErr(a, err)
	}
	if a.jsonOut {
		return a.writeJSON(struct {
			Source  contacts.Source   `json:"source"`
			Entries []*contacts.Entry `json:"entries"`
		}{d.Source, entries})
	}
	if !a.isTTY {
		return showPiped(a, d, entries, plan)
	}
	var b strings.Builder
	for i, e := range entries {
		if i > 0 {
			b.WriteString("\n")
		}
		showEntry(a, &b, e, plan)
	}
	b.WriteString("\n" + a.st.Dim.Render(sourceLine(a, d.Source)) + "\n")
	return a.page([]byte(b.String()))
}

func planOK(plan, p string) bool { return plan == "" || p == "" || p == plan }

func showEntry(a *app, b *strings.Builder, e *contacts.Entry, plan string) {
	if a.p.JA() {
		showEntryJA(a, b, e, plan)
		return
	}
	title := fmt.Sprintf("%s (%s)", e.Name(), e.ISO2)
	if e.Override {
		title += " — from your contacts.json"
	}
	b.WriteString(a.st.Bold.Render(title) + "\n")
	zone := e.Zone
	if e.ZoneNote != "" {
		zone += " (" + e.ZoneNote + ")"
	}
	fmt.Fprintf(b, "%s · local time %s\n", e.Region, zone)
	if e.NoPhone() {
		b.WriteString(a.st.Warn.Render("no phone support: use the admin center's online support") + "\n")
		for _, n := range e.Notes {
			fmt.Fprintf(b, "  %s\n", n)
		}
		return
	}
	if len(e.Plans()) > 0 && plan == "" {
		b.WriteString("The page has separate numbers for Office 365 Enterprise and Other Plans (--plan enterprise|other).\n")
	}
	b.WriteString("\n" + a.st.Header.Render("Numbers") + "\n")
	var rows [][]string
	for _, n := range e.Numbers {
		if !planOK(plan, n.Plan) {
			continue
		}
		e164 := n.E164
		if e164 == "" {
			e164 = "(" + n.Problem + ")"
		}
		rows = append(rows, []string{"  " + n.Raw, n.Kind, e164, n.Note})
	}
	writeAlignedRows(b, rows)
	for _, an := range e.Anomalies() {
		b.WriteString(a.st.Warn.Render("  ! "+an) + "\n")
	}
	if e.DialInstructions != "" {
		fmt.Fprintf(b, "  after dialling: %s\n", e.DialInstructions)
	}
	for _, sup := range []string{contacts.Technical, contacts.Billing} {
		head := "Technical support (the line for a lockout)"
		if sup == contacts.Billing {
			head = "Billing support"
		}
		b.WriteString("\n" + a.st.Header.Render(head) + "\n")
		rows = rows[:0]
		for _, h := range e.Hours {
			if h.Support != sup || !planOK(plan, h.Plan) {
				continue
			}
			lang := h.Language
			if lang == "" {
				lang = "(language not stated)"
			}
			when := h.Describe()
			if h.Schedule == nil {
				when = h.Raw + " — kept as text: " + h.TextReason
			} else if h.Schedule.ZoneLabel != "" && h.Schedule.Zone != "" {
				when += " (" + h.Schedule.Zone + ")"
			}
			rows = append(rows, []string{"  " + lang, when})
		}
		writeAlignedRows(b, rows)
	}
	if len(e.Notes) > len(e.Anomalies()) {
		b.WriteString("\n" + a.st.Header.Render("Notes") + "\n")
		for _, n := range e.Notes {
			if !strings.HasPrefix(n, "anomaly:") {
				b.WriteString("  " + n + "\n")
			}
		}
	}
}

// showEntryJA is showEntry in Japanese: mscase's own words from the
// catalog, the page's words (notes beside numbers, hours kept as text,
// dialling instructions) quoted as the page writes them.
func showEntryJA(a *app, b *strings.Builder, e *contacts.Entry, plan string) {
	p := a.p
	title := entryName(p, e) + "（" + e.ISO2 + "）"
	if e.Override {
		title += p.T("contactsx.show.yours")
	}
	b.WriteString(a.st.Bold.Render(title) + "\n")
	zone := e.Zone
	if e.ZoneNote != "" {
		zone += p.T("contactsx.show.zones")
	}
	b.WriteString(p.T("contactsx.show.region_zone", "Region", regionName(p, e.Region), "Zone", zone) + "\n")
	if e.NoPhone() {
		b.WriteString(a.st.Warn.Render(p.T("contactsx.show.no_phone")) + "\n")
		for _, n := range e.Notes {
			b.WriteString("  " + pageNote(p, n) + "\n")
		}
		return
	}
	if len(e.Plans()) > 0 && plan == "" {
		b.WriteString(p.T("contactsx.show.plans") + "\n")
	}
	b.WriteString("\n" + a.st.Header.Render(p.T("contactsx.show.numbers")) + "\n")
	var rows [][]string
	for _, n := range e.Numbers {
		if !planOK(plan, n.Plan) {
			continue
		}
		e164 := n.E164
		if e164 == "" {
			e164 = "(" + n.Problem + ")"
		}
		rows = append(rows, []string{"  " + n.Raw, p.T("contactsx.numkind." + n.Kind), e164, pageNote(p, n.Note)})
	}
	writeAlignedRows(b, rows)
	for _, an := range e.Anomalies() {
		b.WriteString(a.st.Warn.Render("  ! "+an) + "\n")
	}
	if e.DialInstructions != "" {
		b.WriteString("  " + p.T("contactsx.show.dial", "Text", pageNote(p, e.DialInstructions)) + "\n")
	}
	for _, sup := range []string{contacts.Technical, contacts.Billing} {
		b.WriteString("\n" + a.st.Header.Render(p.T("contactsx.show.head_"+sup)) + "\n")
		rows = rows[:0]
		for _, h := range e.Hours {
			if h.Support != sup || !planOK(plan, h.Plan) {
				continue
			}
			lang := p.T("contactsx.show.no_language")
			if h.Language != "" {
				var names []string
				for _, code := range h.Langs {
					names = append(names, languageName(p, code, h.Language))
				}
				if len(names) == 0 {
					names = append(names, languageName(p, "", h.Language))
				}
				lang = strings.Join(names, "・")
			}
			if h.Online {
				lang += p.T("contactsx.show.online")
			}
			rows = append(rows, []string{"  " + lang, hoursJA(p, h)})
		}
		writeAlignedRows(b, rows)
	}
	if len(e.Notes) > len(e.Anomalies()) {
		b.WriteString("\n" + a.st.Header.Render(p.T("contactsx.show.notes")) + "\n")
		for _, n := range e.Notes {
			if !strings.HasPrefix(n, "anomaly:") {
				b.WriteString("  " + noteJA(p, e.ISO2, n) + "\n")
			}
		}
	}
}

// noteJA is an entry's note in Japanese: "info: …" is mscase's own note
// about the entry, worded by suggestNote where it has a fixed form; the
// rest is the page's text, quoted.
func noteJA(p *msg.Printer, iso2, n string) string {
	n = strings.TrimPrefix(n, "info: ")
	if m := reIntlCall().FindStringSubmatch(n); m != nil {
		return p.T("contactsx.note_intl", "Code", m[1], "Number", m[2])
	}
	if m := reSameNumber().FindStringSubmatch(n); m != nil {
		return p.T("contactsx.note_same_number", "Number", m[1], "Names", "「"+m[2]+"」")
	}
	if strings.Contains(n, ` has separate numbers and technical-support hours for "Office 365 Enterprise" and "Other Plans"`) {
		s := p.T("contactsx.note_plans_hours", "Country", countryName(p, iso2))
		if strings.Contains(n, `gives no language for the "Other Plans" technical hours`) {
			s += p.T("contactsx.note_no_language")
		}
		return s
	}
	// mscase's notes of other forms are kept as written, and said to be.
	return p.T("contactsx.note_as_written", "Note", n)
}

var (
	reIntlCall = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`country code is (\+\d+); this is an international call to an? [^(]*\((\+[\d ]+)\) number`)
	})
	reSameNumber = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`^the page lists the same number \(([^)]+)\) for: (.+?)\.?$`)
	})
)

// hoursJA is an hours line in Japanese: the days and times from its
// schedule (月〜金 9:00〜17:00), or the page's own text where mscase keeps
// the line as text.
func hoursJA(p *msg.Printer, h contacts.Hours) string {
	s := h.Schedule
	if s == nil {
		return pageNote(p, h.Raw)
	}
	var out string
	if s.Always {
		out = p.T("contactsx.hours.always")
	} else {
		out = spansJA(p, s.Spans)
	}
	if s.ClosedOnHolidays {
		out += p.T("contactsx.hours.closed_holidays")
	} else if h.Note != "" {
		out += " " + pageNote(p, h.Note)
	}
	if s.ZoneLabel != "" && s.Zone != "" {
		out += "（" + s.Zone + "）"
	}
	return out
}

// spansJA writes weekly opening spans by day: runs of days with the same
// hours are one range (月〜金 9:00〜17:00); an end past midnight is 翌.
func spansJA(p *msg.Printer, spans []contacts.Span) string {
	const day = 24 * 60
	type hours struct{ from, to int }
	var days [7]*hours
	for _, sp := range spans {
		days[(sp.Start/day)%7] = &hours{sp.Start % day, sp.Start%day + sp.End - sp.Start}
	}
	hm := func(m int) string {
		s := fmt.Sprintf("%d:%02d", (m%day)/60, m%60)
		if m >= day {
			s = p.T("contactsx.hours.next_day") + s
		}
		return s
	}
	var parts []string
	for d := 1; d <= 7; {
		i := d % 7 // Monday first, Sunday last
		h := days[i]
		if h == nil {
			d++
			continue
		}
		e := d
		for e+1 <= 7 && days[(e+1)%7] != nil && *days[(e+1)%7] == *h {
			e++
		}
		span := p.Weekday(time.Weekday(i))
		if e > d {
			span += "〜" + p.Weekday(time.Weekday(e%7))
		}
		parts = append(parts, span+" "+hm(h.from)+"〜"+hm(h.to))
		d = e + 1
	}
	return strings.Join(parts, "、")
}

// writeAlignedRows writes rows padded by display width, without headers.
func writeAlignedRows(w io.Writer, rows [][]string) {
	if len(rows) == 0 {
		return
	}
	var buf strings.Builder
	writeAligned(&buf, make([]string, len(rows[0])), rows)
	out := buf.String()
	// writeAligned starts with the (empty) header line.
	_, rest, _ := strings.Cut(out, "\n")
	var lines []string
	for _, l := range strings.Split(strings.TrimSuffix(rest, "\n"), "\n") {
		lines = append(lines, strings.TrimRight(l, " "))
	}
	io.WriteString(w, strings.Join(lines, "\n")+"\n")
}

// showPiped writes one tab-separated record per fact: phone, dial, hours,
// note and source lines, each starting with the entry's code and name.
func showPiped(a *app, d *contacts.Directory, entries []*contacts.Entry, plan string) error {
	var rows [][]string
	for _, e := range entries {
		pre := []string{e.ISO2, e.Name()}
		row := func(cols ...string) { rows = append(rows, append(append([]string{}, pre...), cols...)) }
		if e.NoPhone() {
			row("nophone", "no phone support: use the admin center's online support")
		}
		for _, n := range e.Numbers {
			if planOK(plan, n.Plan) {
				row("phone", n.Raw, n.Kind, n.E164, n.Plan, n.Note)
			}
		}
		if e.DialInstructions != "" {
			row("dial", e.DialInstructions)
		}
		for _, h := range e.Hours {
			if !planOK(plan, h.Plan) {
				continue
			}
			zone := e.Zone
			parsed := "parsed"
			if h.Schedule == nil {
				parsed = "text: " + h.TextReason
			} else if h.Schedule.Zone != "" {
				zone = h.Schedule.Zone
			}
			row("hours", h.Support, h.Language, h.Plan, h.Days, h.Time, zone, h.Raw, h.Note, parsed)
		}
		for _, n := range e.Notes {
			row("note", n)
		}
		if e.Override {
			row("source", "your contacts.json", d.Source.Override)
		}
		row("source", d.Source.Repo, d.Source.Path, d.Source.Commit, d.Source.Retrieved)
	}
	return a.printTable(nil, rows, nil)
}

// ---- suggest

type contactsSuggestOptions struct {
	caseRef string
	country string
	lang    string
	at      string
	tz      string
	plan    string
	support string
}

func newContactsSuggestCmd(a *app) *cobra.Command {
	var opts contactsSuggestOptions
	cmd := &cobra.Command{
		Use:   "suggest",
		Short: "Rank the numbers to call now for a country and language",
		Long: `Rank the technical support numbers to call now.

Numbers open now in your language come first, then open in English, then
lines whose language the page does not state, then closed lines by when they
open next. Each line says why it is or is not open. Hours are read in the
country's time zone unless the page names one (ET, Moscow, London); --tz
overrides the country's zone for countries with several.

--case takes the country, language and plan from a case; --country, --lang
and --plan override them.

` + planHelp,
		Example: `  mscase contacts suggest --country JP --lang ja
  mscase contacts suggest --case 1
  mscase contacts suggest --country JP --lang ja --at 2026-11-28T10:00:00+09:00
  mscase contacts suggest --country US --tz America/Los_Angeles
  mscase contacts suggest --country JP --plan other --support billing`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if opts.caseRef == "" && opts.country == "" {
				return withHintT(usageT("refuse.no_country"), "hint.suggest_example")
			}
			return runContactsSuggest(cmd.Context(), a, opts)
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.caseRef, "case", "", "take country and language from case `REF` (number or TrackingID)")
	f.StringVar(&opts.country, "country", "", "country `CC` or name")
	f.StringVar(&opts.lang, "lang", "", "the language `L` you want to speak on the phone (ja, de, fr, ...): its lines rank first; default English. The screen's language follows MSCASE_LANG or LANG")
	f.StringVar(&opts.at, "at", "", "rank for `TIME` instead of now (RFC 3339 or \"2026-11-28 10:00\")")
	f.StringVar(&opts.tz, "tz", "", "IANA `ZONE` for the country's local hours (countries with several zones)")
	f.StringVar(&opts.plan, "plan", "", "plan `P` where the page distinguishes plans: enterprise or other")
	f.StringVar(&opts.support, "support", "technical", "support `LINE`: technical (for a lockout) or billing")
	_ = cmd.RegisterFlagCompletionFunc("country", completeCountries)
	_ = cmd.RegisterFlagCompletionFunc("plan", cobra.FixedCompletions([]string{"enterprise\tOffice 365 Enterprise", "other\tOther Plans"}, cobra.ShellCompDirectiveNoFileComp))
	return cmd
}

func runContactsSuggest(_ context.Context, a *app, opts contactsSuggestOptions) error {
	when := a.now
	if opts.at != "" {
		t, err := a.parseTime("at", opts.at)
		if err != nil {
			return err
		}
		when = t
	}
	country, lang, plan := opts.country, opts.lang, opts.plan
	if opts.caseRef != "" {
		c, err := a.readCase(opts.caseRef)
		if err != nil {
			return err
		}
		sum := c.Summarize()
		q := caseQuery(&sum, when)
		if country == "" {
			country = q.Country
		}
		if lang == "" {
			lang = q.Lang
		}
		if plan == "" {
			plan = q.Plan
		}
		if country == "" {
			return usageT("usage_x.case_no_country", "Case", opts.caseRef)
		}
	}
	d, err := loadDirectory(a)
	if err != nil {
		return err
	}
	sg, err := d.Suggest(contacts.Query{Country: country, Lang: lang, At: when, TZ: opts.tz, Plan: plan, Support: opts.support})
	if err != nil {
		return contactsErr(a, err)
	}
	if a.jsonOut {
		return a.writeJSON(sg)
	}
	if !a.isTTY {
		return suggestPiped(a, sg)
	}
	return suggestTerminal(a, sg)
}

func suggestTerminal(a *app, sg *contacts.Suggestion) error {
	var b strings.Builder
	t := sg.Time()
	zone := sg.Zone
	if sg.ZoneNote != "" {
		zone += ", " + sg.ZoneNote
	}
	head := fmt.Sprintf("Who to call in %s at %s (%s), in %s", sg.Country, t.Format("Mon 2 Jan 15:04 MST"), zone, sg.LangName)
	if a.p.JA() {
		head = a.p.T("contacts.who", "Country", countryOr(a.p, sg.ISO2, sg.Country), "At", a.p.DateTimeZone(t), "Zone", zone, "Lang", languageName(a.p, sg.Lang, sg.LangName))
	}
	fmt.Fprintf(&b, "%s\n", a.st.Bold.Render(head))
	for _, n := range sg.Notes {
		fmt.Fprintf(&b, "%s\n", suggestNote(a.p, n))
	}
	if sg.NoPhone != "" {
		b.WriteString("\n" + a.st.Warn.Render(pick(a.p.JA(), sg.NoPhone, a.p.T("brief.no_phone_support"))) + "\n")
	}
	for _, o := range sg.Options {
		state := strings.ToUpper(string(o.State))
		if a.p.JA() {
			state = a.p.T("contacts.state." + string(o.State))
		}
		st := a.st.Dim
		switch o.State {
		case contacts.Open:
			st = a.st.Good
		case contacts.Unknown:
			st = a.st.Warn
		}
		main := o.Numbers[0]
		fmt.Fprintf(&b, "\n%d. %s  %s  %s\n", o.Rank, a.st.Bold.Render(main.Raw), st.Render(state), countryOr(a.p, o.ISO2, o.Country))
		if main.E164 != "" {
			fmt.Fprintf(&b, "   %s", main.TelURI(o.ISO2))
		} else {
			fmt.Fprintf(&b, "   %s", main.Problem)
		}
		if main.Note != "" {
			fmt.Fprintf(&b, "  %s", pageNote(a.p, main.Note))
		}
		b.WriteString("\n")
		for _, alt := range o.Numbers[1:] {
			fmt.Fprintf(&b, "   %s %s  %s\n", a.p.T("contacts.or"), alt.Raw, pageNote(a.p, alt.Note))
		}
		if o.Entry.DialInstructions != "" {
			fmt.Fprintf(&b, "   %s %s\n", a.p.T("contacts.after_dialling"), o.Entry.DialInstructions)
		}
		fmt.Fprintf(&b, "   %s\n", optionWhy(a.p, o, t.Location()))
		for _, an := range o.Entry.Anomalies() {
			fmt.Fprintf(&b, "   %s\n", a.st.Warn.Render(an))
		}
		if o.Entry.Override {
			fmt.Fprintf(&b, "   %s\n", a.st.Warn.Render(a.p.T("contacts.yours")))
		}
	}
	fmt.Fprintf(&b, "\n%s %s\n", a.st.Warn.Render("PIN:"), pick(a.p.JA(), sg.PINWarning, a.p.T("brief.pin_warning")))
	b.WriteString(a.st.Dim.Render(sourceLine(a, sg.Source)) + "\n")
	return a.page([]byte(b.String()))
}

// suggestPiped writes one tab-separated line per ranked option: rank,
// state, number, E.164, country, support, language, plan, until/next
// (RFC 3339) and why. The PIN warning and source go to stderr.
func suggestPiped(a *app, sg *contacts.Suggestion) error {
	var rows [][]string
	if sg.NoPhone != "" {
		rows = append(rows, []string{"0", "nophone", "", "", sg.Country, "", "", "", "", sg.NoPhone})
	}
	for _, o := range sg.Options {
		when := o.Until
		if o.State == contacts.Closed {
			when = o.Next
		}
		main := o.Numbers[0]
		rows = append(rows, []string{fmt.Sprint(o.Rank), string(o.State), main.Raw, main.E164, o.Country,
			o.Hours.Support, o.Hours.Language, o.Hours.Plan, when, o.Why})
	}
	if err := a.printTable(nil, rows, nil); err != nil {
		return err
	}
	for _, n := range sg.Notes {
		fmt.Fprintf(a.errOut, "mscase: note: %s\n", safetext.Line(suggestNote(a.p, n)))
	}
	fmt.Fprintf(a.errOut, "mscase: PIN: %s\n", pick(a.p.JA(), sg.PINWarning, a.p.T("brief.pin_warning")))
	fmt.Fprintf(a.errOut, "mscase: %s\n", safetext.Line(sourceLine(a, sg.Source)))
	return nil
}

// ---- source

func newContactsSourceCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "source",
		Short: "Say where the support numbers come from and how old they are",
		Example: `  mscase contacts source
  mscase contacts source --json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runContactsSource(cmd.Context(), a)
		},
	}
}

func runContactsSource(_ context.Context, a *app) error {
	d, err := loadDirectory(a)
	if err != nil {
		return err
	}
	s := d.Source
	if a.jsonOut {
		return a.writeJSON(struct {
			contacts.Source
			URL     string `json:"url"`
			PageURL string `json:"page_url"`
			AgeDays int    `json:"age_days"`
		}{s, s.URL(), contacts.PageURL, s.AgeDays(a.now)})
	}
	if a.isTTY && a.p.JA() {
		return contactsSourceJA(a, s)
	}
	// Piped: fields for scripts, the same in every language.
	en := msg.For(msg.English)
	age := "unknown"
	if n := s.AgeDays(a.now); n >= 0 {
		age = fmt.Sprintf("%s (%s old; the page itself carries no date)", s.Retrieved, en.N("unit.day", n))
	}
	override := "none (" + a.overridePath() + " does not exist)"
	if s.Override != "" {
		override = fmt.Sprintf("%s (%d replaced, %d added)", s.Override, s.Replaced, s.Added)
	}
	rows := [][]string{
		{"repository", s.Repo},
		{"path", s.Path},
		{"commit", s.Commit},
		{"file", s.URL()},
		{"title", s.Title},
		{"retrieved", age},
		{"entries", fmt.Sprintf("%d (one per country section, plus China's 21Vianet subsection)", s.Entries)},
		{"override", override},
		{"current page", contacts.PageURL + " (numbers change: check it before calling)"},
	}
	if !a.isTTY {
		return a.printTable(nil, rows, nil)
	}
	var b strings.Builder
	writeAlignedRows(&b, rows)
	_, err = io.WriteString(a.out, b.String())
	return err
}

// contactsSourceJA is "contacts source" on a terminal in Japanese; the
// page's title is quoted as the page writes it.
func contactsSourceJA(a *app, s contacts.Source) error {
	p := a.p
	age := p.T("contactsx.src.unknown")
	if n := s.AgeDays(a.now); n >= 0 {
		age = p.T("contactsx.src.age", "Retrieved", s.Retrieved, "Days", p.N("unit.day", n))
	}
	override := p.T("contactsx.src.no_override", "File", a.overridePath())
	if s.Override != "" {
		override = p.T("contactsx.src.override", "File", s.Override, "Replaced", s.Replaced, "Added", s.Added)
	}
	rows := [][]string{
		{p.T("contactsx.src.repository"), s.Repo},
		{p.T("contactsx.src.path"), s.Path},
		{p.T("contactsx.src.commit"), s.Commit},
		{p.T("contactsx.src.file"), s.URL()},
		{p.T("contactsx.src.title"), "「" + s.Title + "」"},
		{p.T("contactsx.src.retrieved"), age},
		{p.T("contactsx.src.entries"), p.T("contactsx.src.entries_n", "N", s.Entries)},
		{p.T("contactsx.src.override_label"), override},
		{p.T("contactsx.src.current"), p.T("contactsx.src.current_page", "URL", contacts.PageURL)},
	}
	var b strings.Builder
	writeAlignedRows(&b, rows)
	_, err := io.WriteString(a.out, b.String())
	return err
}
