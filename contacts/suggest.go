package contacts

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/mscase/mscase/calendar"
)

// holiday names the public holiday on the date of t in country iso2, or
// "", from the one business calendar (national holidays: the page's
// "closed on public holidays" means the country's).
func holiday(iso2 string, t time.Time) (name string, known bool) {
	reg := calendar.MustBundled()
	if !reg.Known(iso2) {
		return "", false
	}
	d := calendar.DateOf(t.Date())
	for _, h := range reg.Holidays(iso2, "", t.Year()) {
		if h.Day == d {
			return h.Name, true
		}
	}
	return "", true
}

// Query is a "who do I call" question.
type Query struct {
	Country string    // ISO code or name
	Lang    string    // language code ("ja"); "" means English
	At      time.Time // the instant asked about
	TZ      string    // IANA zone overriding the country's for local hours
	Plan    string    // "enterprise", "other" or "" for every plan
	Support string    // "technical" (the default: the line for a lockout) or "billing"
}

// State says whether a line is open at the instant asked about.
type State string

// States of an Option.
const (
	Open    State = "open"
	Closed  State = "closed"
	Unknown State = "unknown" // the hours were kept as text
)

// Option is one number to call, for one hours line, ranked.
type Option struct {
	Rank     int      `json:"rank"`
	Entry    *Entry   `json:"-"`
	Country  string   `json:"country"`
	ISO2     string   `json:"iso2"`
	Hours    Hours    `json:"hours"`
	Numbers  []Number `json:"numbers"` // the main number first; never empty
	State    State    `json:"state"`
	LangFit  string   `json:"lang_fit"`        // "asked", "english", "unstated" or "other"
	Until    string   `json:"until,omitempty"` // closing time, RFC 3339, when open and not 24/7
	Next     string   `json:"next,omitempty"`  // next opening, RFC 3339, when closed
	Why      string   `json:"why"`
	Holiday  string   `json:"holiday,omitempty"`
	until    time.Time
	next     time.Time
	tier     int
	position int
}

// Suggestion is the ranked answer to a Query.
type Suggestion struct {
	Entries  []*Entry `json:"-"`
	Country  string   `json:"country"`
	ISO2     string   `json:"iso2"`
	At       string   `json:"at"`
	Zone     string   `json:"zone"`
	ZoneNote string   `json:"zone_note,omitempty"`
	Lang     string   `json:"lang"`
	LangName string   `json:"lang_name"`
	Plan     string   `json:"plan,omitempty"`
	Support  string   `json:"support"`
	Options  []Option `json:"options"`
	// NoPhone is set when the page offers no telephone support for the
	// country (Nepal): what to do instead.
	NoPhone    string `json:"no_phone,omitempty"`
	Notes      []Note `json:"notes,omitempty"`
	PINWarning string `json:"pin_warning"`
	Source     Source `json:"source"`
	at         time.Time
}

// NoteKind is what a Suggestion's note says. The note is a fact; its
// words, in each language, are the message layer's.
type NoteKind string

// The kinds of Note, with the fields each one fills.
const (
	NoteTechnical  NoteKind = "technical"      // for a lockout, technical support is the one to call
	NoteBilling    NoteKind = "billing"        // these are billing lines; call technical support instead
	NotePageSays   NoteKind = "page_says"      // Text: the page's note for a country without phone support
	NoteOnline     NoteKind = "online"         // Entry, Text: a support line that is online only
	NoteNoNumber   NoteKind = "no_number"      // Entry, Plan, Text: an hours line left with no number to dial
	NotePlansSame  NoteKind = "plans_same"     // Country, Plan: the page does not tell plans apart
	NotePlansSplit NoteKind = "plans_separate" // Country: separate numbers per plan, and no --plan given
	NoteNoLanguage NoteKind = "no_language"    // Country, Lang: no line in the language asked for
)

// Note is one thing the admin should know about a suggestion.
type Note struct {
	Kind    NoteKind `json:"kind"`
	Country string   `json:"country,omitempty"` // English name, as the page writes it
	ISO2    string   `json:"iso2,omitempty"`
	Entry   string   `json:"entry,omitempty"`   // the entry's name on the page (Entry.Name)
	Section string   `json:"section,omitempty"` // the entry's subsection on the page, if any
	Plan    string   `json:"plan,omitempty"`    // enterprise or other
	Lang    string   `json:"lang,omitempty"`    // a language code, e.g. de
	Text    string   `json:"text,omitempty"`    // the support page's own words
}

// LanguageName is the English name of a language code mscase recognises
// in --lang ("de": "German"), or the code itself.
func LanguageName(code string) string {
	if n, ok := languages[code]; ok {
		return n
	}
	return code
}

// Time is the instant asked about, in the zone used for local hours.
func (s *Suggestion) Time() time.Time { return s.at }

// Languages mscase recognises in --lang, with their English names.
var languages = map[string]string{
	"en": "English", "fr": "French", "es": "Spanish", "ar": "Arabic", "ru": "Russian", "pt": "Portuguese",
	"de": "German", "it": "Italian", "nl": "Dutch", "zh": "Chinese", "yue": "Cantonese", "cs": "Czech",
	"pl": "Polish", "tr": "Turkish", "he": "Hebrew", "id": "Indonesian", "ja": "Japanese", "ko": "Korean",
	"th": "Thai", "hu": "Hungarian", "sv": "Swedish", "no": "Norwegian", "nb": "Norwegian", "da": "Danish",
	"fi": "Finnish", "el": "Greek", "ro": "Romanian", "bg": "Bulgarian", "hr": "Croatian", "sr": "Serbian",
	"sk": "Slovak", "sl": "Slovenian", "uk": "Ukrainian", "vi": "Vietnamese", "ms": "Malay", "hi": "Hindi",
	"et": "Estonian", "lv": "Latvian", "lt": "Lithuanian", "is": "Icelandic", "ga": "Irish", "ca": "Catalan",
}

// ParseLang reads a language code or English name ("ja", "pt-BR",
// "Japanese") as the base code mscase ranks by.
func ParseLang(s string) (string, error) {
	v := strings.ToLower(strings.TrimSpace(s))
	if v == "" {
		return "en", nil
	}
	base, _, _ := strings.Cut(strings.ReplaceAll(v, "_", "-"), "-")
	if base == "iw" {
		base = "he"
	}
	if _, ok := languages[base]; ok {
		return base, nil
	}
	for code, name := range languages {
		if strings.EqualFold(name, v) {
			return code, nil
		}
	}
	return "", &InputError{Field: "language", Value: s, Want: "expected a language code like ja, en, de or pt-BR"}
}

// ParsePlan reads --plan.
func ParsePlan(s string) (string, error) {
	switch v := strings.ToLower(strings.TrimSpace(s)); v {
	case "", "all", "any":
		return "", nil
	case "enterprise", "office 365 enterprise", "e":
		return PlanEnterprise, nil
	case "other", "other plans", "o":
		return PlanOther, nil
	}
	return "", &InputError{Field: "plan", Value: s, Want: "expected enterprise (Office 365 Enterprise) or other (Other Plans)"}
}

// Suggest ranks the technical support numbers of q.Country at q.At: open
// now in the asked language first, then open in English, then lines whose
// language the page does not state, then other languages, then closed lines
// by their next opening, then lines whose hours could not be read.
func (d *Directory) Suggest(q Query) (*Suggestion, error) {
	entries, err := d.Lookup(q.Country)
	if err != nil {
		return nil, err
	}
	lang, err := ParseLang(q.Lang)
	if err != nil {
		return nil, err
	}
	plan, err := ParsePlan(q.Plan)
	if err != nil {
		return nil, err
	}
	support := q.Support
	switch support {
	case "":
		support = Technical
	case Technical, Billing:
	default:
		return nil, &InputError{Field: "support", Value: q.Support, Want: "expected technical or billing"}
	}
	first := entries[0]
	zone, zoneNote := first.Zone, first.ZoneNote
	if q.TZ != "" {
		zone, zoneNote = q.TZ, "from --tz"
	}
	loc, err := time.LoadLocation(zone)
	if err != nil {
		return nil, &InputError{Field: "time zone", Value: zone, Want: "expected an IANA zone like Asia/Tokyo or America/Chicago"}
	}
	at := q.At.In(loc)
	s := &Suggestion{Entries: entries, Country: first.Country, ISO2: first.ISO2, At: at.Format(time.RFC3339),
		Zone: zone, ZoneNote: zoneNote, Lang: lang, LangName: languages[lang], Plan: plan, Support: support,
		PINWarning: PINWarning, Source: d.Source, at: at}
	if support == Technical {
		s.Notes = append(s.Notes, Note{Kind: NoteTechnical})
	} else {
		s.Notes = append(s.Notes, Note{Kind: NoteBilling})
	}
	plansSeen := false
	pos := 0
	for _, e := range entries {
		if e.NoPhone() {
			s.NoPhone = fmt.Sprintf("no phone support in %s: use the admin center's online support", e.Country)
			for _, n := range e.Notes {
				s.Notes = append(s.Notes, Note{Kind: NotePageSays, Country: e.Country, ISO2: e.ISO2, Text: n})
			}
			continue
		}
		if len(e.Plans()) > 0 {
			plansSeen = true
		}
		for _, h := range e.Hours {
			if h.Support != support {
				continue
			}
			if h.Online {
				s.Notes = append(s.Notes, Note{Kind: NoteOnline, Country: e.Country, ISO2: e.ISO2, Entry: e.Name(), Section: e.Subsection, Text: h.Raw})
				continue
			}
			if plan != "" && h.Plan != "" && h.Plan != plan {
				continue
			}
			o := d.option(e, h, plan, lang, at, loc)
			if len(o.Numbers) == 0 {
				// A contacts.json correction can replace an entry's
				// numbers with ones for another plan only, leaving this
				// hours line with nothing to dial.
				s.Notes = append(s.Notes, Note{Kind: NoteNoNumber, Country: e.Country, ISO2: e.ISO2, Entry: e.Name(), Section: e.Subsection, Plan: h.Plan, Text: h.Raw})
				continue
			}
			o.position = pos
			pos++
			s.Options = append(s.Options, o)
		}
	}
	if plan != "" && !plansSeen {
		s.Notes = append(s.Notes, Note{Kind: NotePlansSame, Country: first.Country, ISO2: first.ISO2, Plan: plan})
	}
	if plan == "" && plansSeen {
		s.Notes = append(s.Notes, Note{Kind: NotePlansSplit, Country: first.Country, ISO2: first.ISO2})
	}
	if lang != "en" && !offers(entries, lang) {
		s.Notes = append(s.Notes, Note{Kind: NoteNoLanguage, Country: first.Country, ISO2: first.ISO2, Lang: lang})
	}
	sort.SliceStable(s.Options, func(i, j int) bool {
		a, b := s.Options[i], s.Options[j]
		if a.tier != b.tier {
			return a.tier < b.tier
		}
		if a.State == Closed && !a.next.Equal(b.next) {
			return a.next.Before(b.next)
		}
		if (a.Entry.Subsection == "") != (b.Entry.Subsection == "") {
			return a.Entry.Subsection == ""
		}
		return a.position < b.position
	})
	for i := range s.Options {
		s.Options[i].Rank = i + 1
	}
	return s, nil
}

func offers(entries []*Entry, lang string) bool {
	for _, e := range entries {
		for _, h := range e.Hours {
			for _, l := range h.Langs {
				if l == lang {
					return true
				}
			}
		}
	}
	return false
}

// option works out one line's state at 'at' and why.
func (d *Directory) option(e *Entry, h Hours, plan, lang string, at time.Time, countryLoc *time.Location) Option {
	o := Option{Entry: e, Country: e.Name(), ISO2: e.ISO2, Hours: h}
	want := plan
	if h.Plan != "" {
		want = h.Plan
	}
	for _, n := range e.Numbers {
		if want == "" || n.Plan == "" || n.Plan == want {
			o.Numbers = append(o.Numbers, n)
		}
	}
	sort.SliceStable(o.Numbers, func(i, j int) bool { return o.Numbers[i].Kind == "primary" && o.Numbers[j].Kind != "primary" })
	switch {
	case contains(h.Langs, lang):
		o.LangFit = "asked"
	case contains(h.Langs, "en"):
		o.LangFit = "english"
	case len(h.Langs) == 0:
		o.LangFit = "unstated"
	default:
		o.LangFit = "other"
	}
	label := h.Language
	if label == "" {
		label = "language not stated"
	}
	what := fmt.Sprintf("%s, %s", label, strings.TrimSuffix(describe(h), "."))
	if h.Schedule == nil {
		o.State = Unknown
		o.tier = 5
		o.Why = fmt.Sprintf("hours unclear (%s): the page says %q; %s", label, h.Raw, h.TextReason)
		return o
	}
	loc := countryLoc
	if h.Schedule.Zone != "" {
		if l, err := time.LoadLocation(h.Schedule.Zone); err == nil {
			loc = l
		}
	}
	open, until, hol := openAt(e.ISO2, h.Schedule, at, loc)
	o.Holiday = hol
	if open {
		o.State = Open
		o.tier = map[string]int{"asked": 0, "english": 1, "unstated": 2, "other": 3}[o.LangFit]
		switch {
		case h.Schedule.Always:
			o.Why = "open now, 24 hours: " + what
		default:
			o.until = until
			o.Until = until.Format(time.RFC3339)
			o.Why = fmt.Sprintf("open now until %s: %s", until.In(at.Location()).Format("Mon 15:04"), what)
		}
		return o
	}
	o.State = Closed
	o.tier = 4
	next := nextOpen(e.ISO2, h.Schedule, at, loc)
	reason := "closed now"
	if hol != "" {
		reason = fmt.Sprintf("closed now: %s is a public holiday", hol)
	}
	if next.IsZero() {
		o.Why = fmt.Sprintf("%s: %s; no opening found in the next two weeks", reason, what)
		return o
	}
	o.next = next
	o.Next = next.Format(time.RFC3339)
	o.Why = fmt.Sprintf("%s: %s; %s", reason, what, OpensIn(at, next))
	return o
}

// OpensIn says when next comes, seen from at, in at's zone: "opens Mon
// 09:00, in 2 days", "opens 09:00, in 3h".
func OpensIn(at, next time.Time) string {
	n := next.In(at.Location())
	d := next.Sub(at)
	ay, am, ad := at.Date()
	ny, nm, nd := n.Date()
	days := int(time.Date(ny, nm, nd, 0, 0, 0, 0, time.UTC).Sub(time.Date(ay, am, ad, 0, 0, 0, 0, time.UTC)).Hours() / 24)
	switch {
	case days == 0 && d < time.Hour:
		return fmt.Sprintf("opens %s, in %dm", n.Format("15:04"), int(d.Minutes()+0.5))
	case days == 0:
		return fmt.Sprintf("opens %s, in %s", n.Format("15:04"), hm(d))
	case days == 1:
		return fmt.Sprintf("opens %s, tomorrow", n.Format("Mon 15:04"))
	case days < 7:
		return fmt.Sprintf("opens %s, in %d days", n.Format("Mon 15:04"), days)
	}
	return fmt.Sprintf("opens %s, in %d days", n.Format("Mon 2 Jan 15:04"), days)
}

func hm(d time.Duration) string {
	h, m := int(d.Hours()), int(d.Minutes())%60
	if m == 0 {
		return fmt.Sprintf("%dh", h)
	}
	return fmt.Sprintf("%dh %dm", h, m)
}

func contains(xs []string, x string) bool {
	for _, v := range xs {
		if v == x {
			return true
		}
	}
	return false
}

// describe writes a line's hours for people: "7 days a week, 24 hours a
// day", "Monday through Friday, 9:00-17:00 (Asia/Tokyo), closed on public
// holidays".
func describe(h Hours) string {
	if h.Schedule == nil {
		return h.Raw
	}
	var b strings.Builder
	if h.Days != "" {
		b.WriteString(h.Days + ", ")
	}
	b.WriteString(h.Time)
	if h.Schedule.ClosedOnHolidays {
		b.WriteString(", closed on weekends and public holidays")
	} else if h.Note != "" {
		b.WriteString(" [" + strings.Trim(h.Note, "()") + "]")
	}
	return b.String()
}

// Describe is describe for callers outside the package.
func (h Hours) Describe() string { return describe(h) }

// minuteOfWeek is t's wall-clock minute after Sunday 00:00.
func minuteOfWeek(t time.Time) int {
	return int(t.Weekday())*day + t.Hour()*60 + t.Minute()
}

// openAt reports whether s is open at t (read in loc), until when, and the
// public holiday that closed it, if one did.
func openAt(iso2 string, s *Schedule, t time.Time, loc *time.Location) (bool, time.Time, string) {
	lt := t.In(loc)
	if s.Always {
		return true, time.Time{}, ""
	}
	if s.ClosedOnHolidays {
		if name, _ := holiday(iso2, lt); name != "" {
			return false, time.Time{}, name
		}
	}
	m := minuteOfWeek(lt)
	for _, sp := range s.Spans {
		for _, shift := range []int{0, -week} {
			if sp.Start+shift <= m && m < sp.End+shift {
				end := sp.End + shift - m
				return true, wall(lt, end), ""
			}
		}
	}
	return false, time.Time{}, ""
}

// wall adds mins of wall-clock time to t, so that spans stay in local
// hours across a DST change.
func wall(t time.Time, mins int) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute()+mins, 0, 0, t.Location())
}

// nextOpen is the next time s opens after t, within two weeks, or zero.
func nextOpen(iso2 string, s *Schedule, t time.Time, loc *time.Location) time.Time {
	lt := t.In(loc)
	midnight := time.Date(lt.Year(), lt.Month(), lt.Day(), 0, 0, 0, 0, loc)
	var best time.Time
	for dd := -1; dd <= 14; dd++ {
		dayStart := time.Date(midnight.Year(), midnight.Month(), midnight.Day()+dd, 0, 0, 0, 0, loc)
		wd := int(dayStart.Weekday())
		for _, sp := range s.Spans {
			if sp.Start/day != wd {
				continue
			}
			cand := time.Date(dayStart.Year(), dayStart.Month(), dayStart.Day(), 0, sp.Start%day, 0, 0, loc)
			if !cand.After(t) {
				continue
			}
			if s.ClosedOnHolidays {
				if name, _ := holiday(iso2, cand); name != "" {
					continue
				}
			}
			if best.IsZero() || cand.Before(best) {
				best = cand
			}
		}
		if !best.IsZero() {
			return best
		}
	}
	return best
}
