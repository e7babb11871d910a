package contacts

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/mscase/mscase/safetext"
)

// File is the name of the bundled directory inside the data FS.
const File = "ms365-support-phones.json"

// PageURL is where Microsoft publishes the current version of the page.
const PageURL = "https://learn.microsoft.com/microsoft-365/admin/support-contact-info"

// PINWarning is what every answer to "who do I call" must say: support
// verifies callers from unregistered numbers with a code that a locked-out
// admin may never receive. It paraphrases the page's own PIN note.
const PINWarning = "If you call from a phone number that is not registered on your Microsoft 365 admin profile, " +
	"support verifies you with a code sent to the registered email or phone, which you may not receive while locked out. " +
	"Call from the number on the tenant's admin profile if you can, and have the tenant ID, the domain and the TrackingID ready."

// Source says where the directory's facts come from.
type Source struct {
	Repo      string `json:"repo"`
	Path      string `json:"path"`
	Commit    string `json:"commit"`
	Title     string `json:"title"`
	Retrieved string `json:"retrieved"` // YYYY-MM-DD: when the extraction was taken
	Entries   int    `json:"entries"`
	Override  string `json:"override,omitempty"` // the user's file, when one was applied
	Replaced  int    `json:"replaced,omitempty"` // bundled entries the user's file replaced
	Added     int    `json:"added,omitempty"`    // entries the user's file added
}

// URL is the source file at its commit.
func (s Source) URL() string {
	if s.Repo == "" || s.Commit == "" {
		return ""
	}
	return "https://github.com/" + s.Repo + "/blob/" + s.Commit + "/" + s.Path
}

// AgeDays is how many whole days before now the source was retrieved, or -1
// when the retrieval date is unknown.
func (s Source) AgeDays(now time.Time) int {
	t, err := time.Parse("2006-01-02", s.Retrieved)
	if err != nil {
		return -1
	}
	y, m, d := now.Date()
	today := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	return int(today.Sub(t).Hours() / 24)
}

// Directory is the loaded support phone directory.
type Directory struct {
	Source       Source
	GeneralNotes []string
	Entries      []*Entry // page order; user additions at the end
}

// Entry is one country section of the page (or China's 21Vianet subsection).
type Entry struct {
	Country          string   `json:"country"`
	ISO2             string   `json:"iso2"`
	Region           string   `json:"region"`
	Subsection       string   `json:"subsection,omitempty"`
	Numbers          []Number `json:"numbers"`
	DialInstructions string   `json:"dial_instructions,omitempty"`
	Hours            []Hours  `json:"hours"`
	Notes            []string `json:"notes,omitempty"` // the extraction's raw_notes, verbatim
	Zone             string   `json:"zone"`            // IANA zone for the page's local hours
	ZoneNote         string   `json:"zone_note,omitempty"`
	Override         bool     `json:"override,omitempty"` // from the user's contacts.json
}

// Name is the country as the page heads it, with the subsection when there
// is one: "China (Office 365 operated by 21Vianet)".
func (e *Entry) Name() string {
	if e.Subsection == "" {
		return e.Country
	}
	if strings.Contains(e.Subsection, "21Vianet") {
		return e.Country + " (Office 365 operated by 21Vianet only)"
	}
	return e.Country + " (" + e.Subsection + ")"
}

// NoPhone reports whether the page offers no telephone support at all.
func (e *Entry) NoPhone() bool { return len(e.Numbers) == 0 }

// Anomalies are the notes the extraction flagged as suspicious.
func (e *Entry) Anomalies() []string {
	var out []string
	for _, n := range e.Notes {
		if strings.HasPrefix(n, "anomaly:") {
			out = append(out, n)
		}
	}
	return out
}

// Plans lists the plans the entry distinguishes ("enterprise", "other"), or
// nothing when its numbers and hours apply to every plan.
func (e *Entry) Plans() []string {
	seen := map[string]bool{}
	var out []string
	add := func(p string) {
		if p != "" && !seen[p] {
			seen[p] = true
			out = append(out, p)
		}
	}
	for _, n := range e.Numbers {
		add(n.Plan)
	}
	for _, h := range e.Hours {
		add(h.Plan)
	}
	sort.Strings(out)
	return out
}

// Main is the number to show first: the first primary number that suits
// plan ("" for any).
func (e *Entry) Main(plan string) (Number, bool) {
	for _, n := range e.Numbers {
		if n.Kind == "primary" && (plan == "" || n.Plan == "" || n.Plan == plan) {
			return n, true
		}
	}
	if len(e.Numbers) > 0 {
		return e.Numbers[0], true
	}
	return Number{}, false
}

// Plan names, as --plan takes them.
const (
	PlanEnterprise = "enterprise"
	PlanOther      = "other"
)

// PlanLabel is the page's name for a plan.
func PlanLabel(p string) string {
	switch p {
	case PlanEnterprise:
		return "Office 365 Enterprise"
	case PlanOther:
		return "Other Plans"
	}
	return p
}

// planOf reads the plan a page note refers to.
func planOf(note string) string {
	switch {
	case strings.Contains(note, "Office 365 Enterprise"):
		return PlanEnterprise
	case strings.Contains(note, "Other Plans"):
		return PlanOther
	}
	return ""
}

// Warning is a problem with the user's override file. The file is then
// ignored as a whole: a half-applied override is worse than none.
type Warning struct {
	File  string
	Line  int    // 1-based, 0 when unknown
	Field string // e.g. "entries[1].phones[0].number"
	Msg   string
}

func (w Warning) String() string {
	var b strings.Builder
	b.WriteString(w.File)
	if w.Line > 0 {
		fmt.Fprintf(&b, ":%d", w.Line)
	}
	if w.Field != "" {
		b.WriteString(": " + w.Field)
	}
	b.WriteString(": " + w.Msg)
	return b.String()
}

// rawFile is the JSON shape of the bundled directory and of contacts.json.
type rawFile struct {
	Source struct {
		Repo      string `json:"repo"`
		Path      string `json:"path"`
		Commit    string `json:"commit"`
		Title     string `json:"title"`
		Retrieved string `json:"retrieved"`
	} `json:"source"`
	GeneralNotes []string   `json:"general_notes"`
	Entries      []rawEntry `json:"entries"`
}

type rawEntry struct {
	Country          string     `json:"country"`
	ISO2             string     `json:"iso2"`
	Section          string     `json:"section"`
	Subsection       *string    `json:"subsection"`
	Phones           []rawPhone `json:"phones"`
	DialInstructions *string    `json:"dial_instructions"`
	Hours            []rawHours `json:"hours"`
	RawNotes         []string   `json:"raw_notes"`
	TZ               string     `json:"tz"` // override files only: zone for a country mscase does not know
}

type rawPhone struct {
	Number string  `json:"number"`
	Kind   string  `json:"kind"`
	Note   *string `json:"note"`
}

type rawHours struct {
	Support  string  `json:"support"`
	Language *string `json:"language"`
	Days     *string `json:"days"`
	Time     string  `json:"time"`
	Raw      string  `json:"raw"`
	Note     *string `json:"note"`
}

func str(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

// Load reads the bundled directory (File in fsys) and merges the user's
// override file at overridePath, if it exists. A broken override file does
// not fail the load: it is ignored whole and explained in the warnings. An
// error means the bundled directory itself is unusable.
func Load(fsys fs.FS, overridePath string) (*Directory, []Warning, error) {
	b, err := fs.ReadFile(fsys, File)
	if err != nil {
		return nil, nil, fmt.Errorf("read bundled directory: %w", err)
	}
	var rf rawFile
	if err := json.Unmarshal(b, &rf); err != nil {
		return nil, nil, fmt.Errorf("parse bundled directory %s: %w", File, err)
	}
	d := &Directory{
		Source: Source{Repo: rf.Source.Repo, Path: rf.Source.Path, Commit: rf.Source.Commit,
			Title: rf.Source.Title, Retrieved: rf.Source.Retrieved, Entries: len(rf.Entries)},
		GeneralNotes: rf.GeneralNotes,
	}
	for i, re := range rf.Entries {
		e, err := buildEntry(re)
		if err != nil {
			return nil, nil, fmt.Errorf("bundled directory entry %d (%s): %w", i, re.Country, err)
		}
		d.Entries = append(d.Entries, e)
	}
	if overridePath == "" {
		return d, nil, nil
	}
	ob, err := os.ReadFile(overridePath)
	if errors.Is(err, fs.ErrNotExist) {
		return d, nil, nil
	}
	if err != nil {
		return d, []Warning{{File: overridePath, Msg: fmt.Sprintf("cannot read it (%v); using the bundled directory only", err)}}, nil
	}
	entries, warns := parseOverride(overridePath, ob)
	if len(warns) > 0 {
		warns = append(warns, Warning{File: overridePath, Msg: "ignored the whole file; using the bundled directory only"})
		return d, warns, nil
	}
	d.merge(entries, overridePath)
	return d, nil, nil
}

// merge applies override entries: one with the same code and name as a
// bundled entry replaces it (fields the override leaves out are kept), any
// other is added.
func (d *Directory) merge(over []overrideEntry, path string) {
	d.Source.Override = path
	for _, o := range over {
		replaced := false
		for i, e := range d.Entries {
			if e.ISO2 == o.entry.ISO2 && strings.EqualFold(e.Country, o.entry.Country) && e.Subsection == o.entry.Subsection {
				n := *o.entry
				if !o.hasPhones {
					n.Numbers = e.Numbers
				}
				if !o.hasHours {
					n.Hours = e.Hours
				}
				if !o.hasNotes {
					n.Notes = e.Notes
				}
				if !o.hasRegion {
					n.Region = e.Region
				}
				if n.DialInstructions == "" {
					n.DialInstructions = e.DialInstructions
				}
				d.Entries[i] = &n
				replaced = true
				d.Source.Replaced++
				break
			}
		}
		if !replaced {
			d.Entries = append(d.Entries, o.entry)
			d.Source.Added++
		}
	}
}

type overrideEntry struct {
	entry                                    *Entry
	hasPhones, hasHours, hasNotes, hasRegion bool
}

// parseOverride decodes and checks the whole user file before anything is
// applied, and places every problem on a line.
func parseOverride(path string, b []byte) ([]overrideEntry, []Warning) {
	warn := func(off int64, field, msg string) []Warning {
		return []Warning{{File: path, Line: lineAt(b, off), Field: field, Msg: msg}}
	}
	var rf rawFile
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&rf); err != nil {
		var se *json.SyntaxError
		var te *json.UnmarshalTypeError
		switch {
		case errors.As(err, &se):
			return nil, warn(se.Offset, "", "not valid JSON: "+se.Error())
		case errors.As(err, &te):
			return nil, warn(te.Offset, te.Field, fmt.Sprintf("expected %s, found %s", te.Type, te.Value))
		case strings.HasPrefix(err.Error(), "json: unknown field"):
			off := dec.InputOffset()
			name := strings.TrimPrefix(err.Error(), "json: unknown field ")
			if m := regexp.MustCompile(regexp.QuoteMeta(name) + `\s*:`).FindIndex(b); m != nil {
				off = int64(m[0])
			}
			return nil, warn(off, "", strings.TrimPrefix(err.Error(), "json: ")+` (expected the shape of the bundled file: {"entries": [{"country", "iso2", "phones", "hours", ...}]})`)
		}
		return nil, warn(dec.InputOffset(), "", err.Error())
	}
	// at finds where value (JSON-quoted) appears from off on, so that a
	// warning names the line of the field itself, not of its entry.
	at := func(off int64, value string) int64 {
		q, _ := json.Marshal(value)
		if i := bytes.Index(b[off:], q); i >= 0 {
			return off + int64(i)
		}
		return off
	}
	offsets := entryOffsets(b)
	var warns []Warning
	var out []overrideEntry
	for i, re := range rf.Entries {
		off := int64(0)
		if i < len(offsets) {
			off = offsets[i]
		}
		field := fmt.Sprintf("entries[%d]", i)
		re.ISO2 = strings.ToUpper(strings.TrimSpace(re.ISO2))
		if strings.TrimSpace(re.Country) == "" {
			warns = append(warns, warn(off, field+".country", "missing: name the country, e.g. \"Japan\"")...)
			continue
		}
		if _, ok := countries()[re.ISO2]; !ok && (len(re.ISO2) != 2 || re.TZ == "") {
			warns = append(warns, warn(at(off, re.ISO2), field+".iso2", safetext.Quote(re.ISO2)+" is not a country code mscase knows: expected an ISO 3166-1 alpha-2 code like JP, or add \"tz\" with an IANA zone")...)
			continue
		}
		if re.TZ != "" {
			if _, err := time.LoadLocation(re.TZ); err != nil {
				warns = append(warns, warn(at(off, re.TZ), field+".tz", safetext.Quote(re.TZ)+" is not an IANA time zone like Asia/Tokyo")...)
				continue
			}
		}
		for j, p := range re.Phones {
			if msg := checkNumber(p.Number); msg != "" {
				warns = append(warns, warn(at(off, p.Number), fmt.Sprintf("%s.phones[%d].number", field, j), safetext.Quote(p.Number)+": "+msg)...)
			}
			if p.Kind != "" && p.Kind != "primary" && p.Kind != "alternate" {
				warns = append(warns, warn(at(off, p.Kind), fmt.Sprintf("%s.phones[%d].kind", field, j), safetext.Quote(p.Kind)+": expected primary or alternate")...)
			}
		}
		for j, h := range re.Hours {
			if h.Support != "billing" && h.Support != "technical" {
				warns = append(warns, warn(at(off, h.Support), fmt.Sprintf("%s.hours[%d].support", field, j), safetext.Quote(h.Support)+": expected billing or technical")...)
			}
		}
		for j := range re.Phones {
			if re.Phones[j].Kind == "" {
				re.Phones[j].Kind = "primary"
			}
		}
		for j := range re.Hours {
			if re.Hours[j].Raw == "" {
				re.Hours[j].Raw = strings.TrimSpace(str(re.Hours[j].Language) + ": " + str(re.Hours[j].Days) + ", " + re.Hours[j].Time)
			}
		}
		e, err := buildEntry(re)
		if err != nil {
			warns = append(warns, warn(off, field, err.Error())...)
			continue
		}
		e.Override = true
		out = append(out, overrideEntry{entry: e, hasPhones: re.Phones != nil, hasHours: re.Hours != nil,
			hasNotes: re.RawNotes != nil, hasRegion: re.Section != ""})
	}
	return out, warns
}

// entryOffsets finds where each element of the top-level "entries" array
// starts, so that problems found after decoding still name a line.
func entryOffsets(b []byte) []int64 {
	dec := json.NewDecoder(bytes.NewReader(b))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return nil
	}
	for dec.More() {
		k, err := dec.Token()
		if err != nil {
			return nil
		}
		if k != "entries" {
			var skip json.RawMessage
			if dec.Decode(&skip) != nil {
				return nil
			}
			continue
		}
		if t, err := dec.Token(); err != nil || t != json.Delim('[') {
			return nil
		}
		var offs []int64
		for dec.More() {
			start := dec.InputOffset()
			var skip json.RawMessage
			if dec.Decode(&skip) != nil {
				return offs
			}
			// InputOffset is just past the previous token: step over the
			// separator and whitespace to the element itself.
			for start < int64(len(b)) && strings.ContainsRune(" \t\r\n,", rune(b[start])) {
				start++
			}
			offs = append(offs, start)
		}
		return offs
	}
	return nil
}

// lineAt is the 1-based line of byte offset off.
func lineAt(b []byte, off int64) int {
	if off > int64(len(b)) {
		off = int64(len(b))
	}
	if off < 0 {
		off = 0
	}
	return bytes.Count(b[:off], []byte("\n")) + 1
}

// buildEntry turns a JSON entry into an Entry, parsing its numbers and hours.
func buildEntry(re rawEntry) (*Entry, error) {
	e := &Entry{
		Country: strings.TrimSpace(re.Country), ISO2: strings.ToUpper(re.ISO2), Region: re.Section,
		Subsection: str(re.Subsection), DialInstructions: str(re.DialInstructions), Notes: re.RawNotes,
	}
	if c, ok := countries()[e.ISO2]; ok {
		e.Zone, e.ZoneNote = c.zone, c.several
	}
	if re.TZ != "" {
		e.Zone, e.ZoneNote = re.TZ, "from your contacts.json"
	}
	if e.Zone == "" {
		return nil, fmt.Errorf("no time zone known for %s", e.ISO2)
	}
	for _, p := range re.Phones {
		e.Numbers = append(e.Numbers, parseNumber(p.Number, p.Kind, str(p.Note), e.ISO2))
	}
	for _, rh := range re.Hours {
		e.Hours = append(e.Hours, parseHours(rh, e.Anomalies()))
	}
	return e, nil
}
