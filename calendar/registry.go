package calendar

import (
	"errors"
	"fmt"
	"io/fs"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/mscase/mscase/data"
)

// TablePath is where the generated holiday table sits in the data FS;
// AnnouncedPath the hand-kept table of announced years.
// NoCalendarPath lists the directory's countries without holidays, and
// why.
const (
	TablePath      = "holidays/date-holidays.tsv"
	AnnouncedPath  = "holidays/announced.tsv"
	NoCalendarPath = "holidays/no-calendar.tsv"
)

// Registry knows the public holidays of every country it has a source for:
// Japan computed by the law, github.com/rickar/cal where it has the
// country, and the table generated from the npm package date-holidays for
// the rest (and for regions rickar/cal lacks).
type Registry struct {
	Table     TableInfo // the generated table
	Announced TableInfo // the announced years
	countries map[string]*tableCountry
	announced map[string]*tableCountry
	missing   map[string]string // country -> why it has no holidays
}

// TableInfo describes the generated table: the dataset, its version and
// when it was generated, its licence, and the years it covers.
type TableInfo struct {
	Dataset   string // "date-holidays (npm)"
	Version   string // "3.37.0"
	Generated string // 2026-11-26
	Licence   string
	Generator string // the script that wrote it
	First     int    // first year in the table
	Last      int    // last year in the table
}

// table is one parsed file.
type table struct {
	info      TableInfo
	countries map[string]*tableCountry
}

type tableCountry struct {
	// Loading only finds each country's lines (src); they are parsed on
	// first use: a command asks about one or two countries, and parsing the
	// whole table was a tenth of a piped `cases list`.
	src     []tableSeg
	nrec    int  // records in the file, set when loading
	hasWork bool // some record is of kind w, set when loading

	once    sync.Once
	name    string
	lang    string
	regions map[string]string // code -> name
	recs    []tableRec
	years   map[int]bool // years with at least one record
	err     error
}

// tableSeg is a run of a country's lines and the number of its first
// line in the file, for errors.
type tableSeg struct {
	line int
	text string
}

// parsed returns the country with its lines parsed, the first time it is
// asked.
func (c *tableCountry) parsed() *tableCountry {
	if c == nil {
		return nil
	}
	c.once.Do(func() {
		c.regions, c.years = map[string]string{}, map[int]bool{}
		for _, seg := range c.src {
			if err := c.parseSeg(seg); err != nil {
				c.err, c.recs = err, nil
				break
			}
		}
		c.src = nil
	})
	return c
}

// parseSeg parses one run of the country's lines: "@country" and
// "@region" lines and records (see parseTable).
func (c *tableCountry) parseSeg(seg tableSeg) error {
	var fa [6]string
	rest := seg.text
	for n := seg.line; rest != ""; n++ {
		var line string
		line, rest, _ = strings.Cut(rest, "\n")
		line = strings.TrimSuffix(line, "\r") // as bufio.ScanLines
		if line == "" || line[0] == '#' {
			continue
		}
		nf := 0
		for fields := line; ; nf++ {
			field, more, ok := strings.Cut(fields, "\t")
			if nf < len(fa) {
				fa[nf] = field
			}
			if !ok {
				nf++
				break
			}
			fields = more
		}
		f := fa[:min(nf, len(fa))]
		switch {
		case f[0] == "@country" && nf == 4:
			c.name, c.lang = f[2], f[3]
			continue
		case f[0] == "@region" && nf == 4:
			c.regions[f[2]] = f[3]
			continue
		case nf != 6:
			return fmt.Errorf("line %d: expected 6 tab-separated fields, got %d", n, nf)
		}
		rec := tableRec{region: f[1], name: f[3], local: f[4]}
		switch f[2] {
		case "p":
			rec.kind = KindNamed
		case "s":
			rec.kind = KindObserved
		case "w":
			rec.work = true
		default:
			return fmt.Errorf("line %d: kind %q: expected p, s or w", n, f[2])
		}
		for ds := range strings.FieldsSeq(f[5]) {
			d, err := parseCompact(ds)
			if err != nil {
				return fmt.Errorf("line %d: %w", n, err)
			}
			rec.days = append(rec.days, d)
			c.years[d.Year()] = true
		}
		c.recs = append(c.recs, rec)
	}
	return nil
}

type tableRec struct {
	region      string
	work        bool // a working day on a weekend (a make-up day), not a holiday
	kind        Kind
	name, local string
	days        []Day
}

var (
	bundledOnce sync.Once
	bundled     *Registry
	bundledErr  error
)

// Bundled is the registry of the table embedded in the binary (package
// data), loaded once.
func Bundled() (*Registry, error) {
	bundledOnce.Do(func() {
		bundled, bundledErr = load(func(path string) (string, error) {
			if path == TablePath {
				return data.HolidayTable, nil
			}
			b, err := fs.ReadFile(data.FS, path)
			return string(b), err
		})
	})
	return bundled, bundledErr
}

// MustBundled is Bundled for callers that cannot go on without it: the
// embedded table is checked by the tests, so failing to read it is a bug.
func MustBundled() *Registry {
	r, err := Bundled()
	if err != nil {
		panic(err)
	}
	return r
}

// Load reads the generated table (TablePath) and the announced years
// (AnnouncedPath) in fsys. A missing file leaves only Japan and
// rickar/cal's countries, and no announced years.
func Load(fsys fs.FS) (*Registry, error) {
	return load(func(path string) (string, error) {
		b, err := fs.ReadFile(fsys, path)
		return string(b), err
	})
}

// load is Load with the files read by read.
func load(read func(path string) (string, error)) (*Registry, error) {
	r := &Registry{}
	t, err := loadTable(read, TablePath)
	if err != nil {
		return nil, err
	}
	r.Table, r.countries = t.info, t.countries
	a, err := loadTable(read, AnnouncedPath)
	if err != nil {
		return nil, err
	}
	r.Announced, r.announced = a.info, a.countries
	// The announced years decide which table answers: parse them now
	// (a few lines), and check them.
	for _, c := range r.announced {
		if err := c.parsed().err; err != nil {
			return nil, fmt.Errorf("read holiday table %s: %w", AnnouncedPath, err)
		}
	}
	r.missing = map[string]string{}
	b, err := read(NoCalendarPath)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("read %s: %w", NoCalendarPath, err)
	}
	for _, l := range strings.Split(b, "\n") {
		if f := strings.Split(l, "\t"); len(f) == 3 && !strings.HasPrefix(l, "#") {
			r.missing[f[0]] = f[2]
		}
	}
	return r, nil
}

// Check parses every record of the tables and returns the first error: Load
// leaves the dates of a country until it is asked about.
func (r *Registry) Check() error {
	ccs := make([]string, 0, len(r.countries))
	for cc := range r.countries {
		ccs = append(ccs, cc)
	}
	sort.Strings(ccs)
	for _, cc := range ccs {
		if err := r.countries[cc].parsed().err; err != nil {
			return fmt.Errorf("holiday table %s, %s: %w", TablePath, cc, err)
		}
	}
	return nil
}

// NoCalendar says why country has no built-in holidays, when the
// directory lists it ("" otherwise).
func (r *Registry) NoCalendar(country string) string { return r.missing[country] }

func loadTable(read func(path string) (string, error), path string) (*table, error) {
	b, err := read(path)
	if errors.Is(err, fs.ErrNotExist) {
		return &table{countries: map[string]*tableCountry{}}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read holiday table: %w", err)
	}
	t, err := parseTable(b)
	if err != nil {
		return nil, fmt.Errorf("read holiday table %s: %w", path, err)
	}
	return t, nil
}

// parseTable reads a table: "#@ key<TAB>value" header lines, "#"
// comments, "@country<TAB>CC<TAB>name<TAB>lang",
// "@region<TAB>CC<TAB>code<TAB>name" and records
// "CC<TAB>region<TAB>kind<TAB>English<TAB>local<TAB>dates", dates being
// YYYYMMDD separated by spaces and kind p (holiday), s (substitute
// holiday) or w (a working day on a weekend).
//
// Every command that applies the stall rule reads the table (800 kB) at
// start, so here only the header is read and each country's lines are
// found, by their first field; a country's lines are parsed, and checked,
// when it is first asked about (tableCountry.parsed; Registry.Check parses
// them all).
func parseTable(src string) (*table, error) {
	t := &table{countries: map[string]*tableCountry{}}
	var cur *tableCountry // the country of the run being read
	var curCC string
	segStart := 0
	closeSeg := func(end int) {
		if cur != nil {
			cur.src[len(cur.src)-1].text = src[segStart:end]
		}
		cur = nil
	}
	n := 0
	for pos := 0; pos < len(src); {
		n++
		start := pos
		line := src[pos:]
		if i := strings.IndexByte(line, '\n'); i >= 0 {
			line, pos = line[:i], pos+i+1
		} else {
			pos = len(src)
		}
		// Most lines are records of the country being read: the prefix
		// and the kind are all this pass needs of them.
		if cur != nil && len(line) > len(curCC) && line[len(curCC)] == '\t' && line[:len(curCC)] == curCC {
			cur.nrec++
			if _, kind, _ := strings.Cut(line[len(curCC)+1:], "\t"); strings.HasPrefix(kind, "w") {
				cur.hasWork = true
			}
			continue
		}
		line = strings.TrimSuffix(line, "\r") // as bufio.ScanLines
		if line == "" {
			continue
		}
		if k, ok := strings.CutPrefix(line, "#@ "); ok {
			closeSeg(start)
			key, val, _ := strings.Cut(k, "\t")
			switch key {
			case "dataset":
				t.info.Dataset = val
			case "version":
				t.info.Version = val
			case "generated":
				t.info.Generated = val
			case "licence":
				t.info.Licence = val
			case "generator":
				t.info.Generator = val
			case "years":
				f, l, _ := strings.Cut(val, "-")
				t.info.First, _ = strconv.Atoi(f)
				t.info.Last, _ = strconv.Atoi(l)
			}
			continue
		}
		if line[0] == '#' {
			continue
		}
		// The country is the first field of a record, the second of an
		// "@" line.
		cc, rest, _ := strings.Cut(line, "\t")
		isRec := cc == "" || cc[0] != '@'
		if !isRec {
			cc, _, _ = strings.Cut(rest, "\t")
		}
		if cur == nil || cc != curCC {
			closeSeg(start)
			cur, curCC, segStart = t.countries[cc], cc, start
			if cur == nil {
				cur = &tableCountry{}
				t.countries[cc] = cur
			}
			cur.src = append(cur.src, tableSeg{line: n})
		}
		if isRec {
			cur.nrec++
			if _, kind, _ := strings.Cut(rest, "\t"); strings.HasPrefix(kind, "w") {
				cur.hasWork = true
			}
		}
	}
	closeSeg(len(src))
	if len(t.countries) > 0 && (t.info.Version == "" || t.info.Generated == "" || t.info.Last == 0) {
		return nil, errors.New("the header does not name the dataset version, generation date and years")
	}
	return t, nil
}

func parseCompact(s string) (Day, error) {
	if len(s) != 8 {
		return 0, fmt.Errorf("date %q: expected YYYYMMDD", s)
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		return 0, fmt.Errorf("date %q: expected YYYYMMDD", s)
	}
	y, m, d := n/10000, n/100%100, n%100
	if m < 1 || m > 12 || d < 1 || d > 31 {
		return 0, fmt.Errorf("date %q: expected YYYYMMDD", s)
	}
	return DateOf(y, timeMonth(m), d), nil
}

// Source names where a country's public holidays come from: "law"
// (Japan), "rickar/cal", "date-holidays", or "" when mscase has none.
func (r *Registry) Source(country string) string {
	switch {
	case country == "JP":
		return jpSource
	case rickarCountries()[country].national != nil:
		return rickarSource
	case r.countries[country] != nil && r.countries[country].nrec > 0:
		return TableSource
	}
	return ""
}

// TableSource is the Source of the generated table's countries.
const TableSource = "date-holidays"

// Known reports whether the public holidays of country are built in.
func (r *Registry) Known(country string) bool { return r.Source(country) != "" }

// Countries lists the countries with built-in public holidays, sorted.
func (r *Registry) Countries() []string {
	seen := map[string]bool{"JP": true}
	for c := range rickarCountries() {
		seen[c] = true
	}
	for c, tc := range r.countries {
		if tc.nrec > 0 {
			seen[c] = true
		}
	}
	out := make([]string, 0, len(seen))
	for c := range seen {
		out = append(out, c)
	}
	sort.Strings(out)
	return out
}

// Region is a state, province or other part of a country with public
// holidays of its own.
type Region struct {
	Code, Name, Source string
}

// Regions lists the regions of country that have holidays of their own.
func (r *Registry) Regions(country string) []Region {
	var out []Region
	if rc, ok := rickarCountries()[country]; ok && rc.regions != nil {
		for code := range rc.regions {
			name := ""
			if tc := r.countries[country].parsed(); tc != nil {
				name = tc.regions[code]
			}
			out = append(out, Region{Code: code, Name: name, Source: rickarSource})
		}
	} else if tc := r.countries[country].parsed(); tc != nil {
		for code, name := range tc.regions {
			out = append(out, Region{Code: code, Name: name, Source: TableSource})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Code < out[j].Code })
	return out
}

// RegionError is a region the country does not have.
type RegionError struct {
	Country, Region string
	Known           []string // the country's regions
}

func (e *RegionError) Error() string {
	if len(e.Known) == 0 {
		return fmt.Sprintf("region %q: %s has no regions with holidays of their own", e.Region, e.Country)
	}
	return fmt.Sprintf("region %q: expected one of %s's regions: %s", e.Region, e.Country, strings.Join(e.Known, " "))
}

// CheckRegion returns a *RegionError when country has no region code
// (compared without case); it returns the code as the registry spells it.
func (r *Registry) CheckRegion(country, region string) (string, error) {
	if region == "" {
		return "", nil
	}
	var known []string
	for _, g := range r.Regions(country) {
		if strings.EqualFold(g.Code, region) {
			return g.Code, nil
		}
		known = append(known, g.Code)
	}
	return "", &RegionError{Country: country, Region: region, Known: known}
}

// Holidays lists the public holidays of country in year y, national ones
// and, when region is set, that region's own; sorted by day. A day can
// appear more than once (two holidays on one day).
func (r *Registry) Holidays(country, region string, y int) []Holiday {
	var out []Holiday
	rc, isRickar := rickarCountries()[country]
	switch {
	case r.announcedYear(country, y):
		out = recHolidays(r.announced[country], "", y, false, AnnouncedSource)
		if region != "" {
			out = append(out, r.table(country, region, y, true)...)
		}
	case country == "JP":
		out = japan(y)
	case isRickar:
		out = rickarHolidays(rc.national, y, "")
		if names := tableSupplements[country]; names != nil {
			have := map[Day]bool{}
			for _, h := range out {
				have[h.Day] = true
			}
			for _, h := range r.table(country, "", y, false) {
				if !have[h.Day] && slices.Contains(names, h.Name) {
					out = append(out, h)
				}
			}
		}
		if list, ok := rc.regions[region]; ok && region != "" {
			national := map[*calHoliday]bool{}
			for _, h := range rc.national {
				national[h] = true
			}
			var own []*calHoliday
			for _, h := range list {
				if !national[h] {
					own = append(own, h)
				}
			}
			out = append(out, rickarHolidays(own, y, region)...)
		} else if region != "" {
			out = append(out, r.table(country, region, y, true)...)
		}
	default:
		out = r.table(country, "", y, false)
		if region != "" {
			out = append(out, r.table(country, region, y, true)...)
		}
	}
	// A region's list repeats national holidays under its own rule
	// (rickar/cal's NSW Anzac Day): keep the national one.
	national := map[string]bool{}
	for _, h := range out {
		if h.Region == "" {
			national[h.Day.String()+h.Name] = true
		}
	}
	kept := out[:0]
	for _, h := range out {
		if h.Region == "" || !national[h.Day.String()+h.Name] {
			kept = append(kept, h)
		}
	}
	out = kept
	sortHolidays(out)
	return out
}

// AnnouncedSource is the Source of holidays from the announced years.
const AnnouncedSource = "announced"

func (r *Registry) announcedYear(country string, y int) bool {
	a := r.announced[country].parsed()
	return a != nil && a.years[y]
}

// table lists the generated table's holidays of country in year y: the
// national ones (region ""), or only the region's own.
func (r *Registry) table(country, region string, y int, regional bool) []Holiday {
	return recHolidays(r.countries[country].parsed(), region, y, regional, TableSource)
}

// records is the parsed records, none for a nil country.
func (c *tableCountry) records() []tableRec {
	if c == nil {
		return nil
	}
	return c.recs
}

func recHolidays(tc *tableCountry, region string, y int, regional bool, source string) []Holiday {
	if tc == nil {
		return nil
	}
	var out []Holiday
	for _, rec := range tc.recs {
		if rec.work || rec.region != region || (regional && region == "") {
			continue
		}
		for _, d := range rec.days {
			if d.Year() == y {
				out = append(out, Holiday{Day: d, Name: rec.name, Local: rec.local, Kind: rec.kind, Region: rec.region, Source: source})
			}
		}
	}
	return out
}

// Workdays lists the days of year y that the country makes working days
// although they fall on a weekend (China's 调休, make-up days), as far as
// the sources have them.
func (r *Registry) Workdays(country, region string, y int) []Holiday {
	tc, source := r.countries[country], TableSource
	if r.announcedYear(country, y) {
		tc, source = r.announced[country], AnnouncedSource
	} else if tc == nil || !tc.hasWork {
		return nil // most countries have none: no need to parse their lines
	}
	tc = tc.parsed()
	if tc == nil {
		return nil
	}
	var out []Holiday
	for _, rec := range tc.recs {
		if !rec.work || (rec.region != "" && rec.region != region) {
			continue
		}
		for _, d := range rec.days {
			if d.Year() == y {
				out = append(out, Holiday{Day: d, Name: rec.name, Local: rec.local, Region: rec.region, Source: source})
			}
		}
	}
	sortHolidays(out)
	return out
}

// Lang is the language of the Local names of country's holidays ("ja"),
// or "".
func (r *Registry) Lang(country string) string {
	if country == "JP" {
		return "ja"
	}
	if tc := r.countries[country].parsed(); tc != nil && tc.lang != "" {
		return tc.lang
	}
	if tc := r.announced[country].parsed(); tc != nil {
		return tc.lang
	}
	return ""
}

// Covers reports whether the sources of country cover year y: the law and
// rickar/cal compute any year; the table stops at its last year.
func (r *Registry) Covers(country string, y int) bool {
	switch r.Source(country) {
	case jpSource, rickarSource:
		return true
	case TableSource:
		return y >= r.Table.First && y <= r.Table.Last
	}
	return false
}

// Name is h's name in language lang: the local name when lang is the
// country's language and the source has one, else the English name.
func (r *Registry) Name(h Holiday, country, lang string) string {
	if h.Local != "" && lang != "" && lang != "en" && r.Lang(country) == lang {
		return h.Local
	}
	return h.Name
}
