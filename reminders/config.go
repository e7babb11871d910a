package reminders

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/BurntSushi/toml"
	"github.com/mscase/mscase/calendar"
	"github.com/mscase/mscase/cases"
)

// Config is the configuration file (config.toml). A missing file means
// DefaultConfig; a field left out of the file keeps its default.
type Config struct {
	// Country is the admin's country (ISO code): the calendar of cases
	// that name no country.
	Country string `toml:"country" json:"country"`
	// Plan is the tenant plan new cases take when --plan is not given:
	// "enterprise" (Office 365 Enterprise), "other" (Other Plans) or ""
	// (not known). Where the support page lists numbers per plan, it
	// picks the number to call.
	Plan string `toml:"plan" json:"plan"`
	// Language is the language mscase speaks to the admin ("en", "ja")
	// when neither --lang nor MSCASE_LANG says; empty means the locale
	// (LC_ALL, LC_MESSAGES, LANG).
	Language string `toml:"language,omitempty" json:"language,omitempty"`
	// TimeZone is the IANA zone of that calendar; empty means the
	// country's main zone, else the local zone.
	TimeZone     string   `toml:"time_zone" json:"time_zone"`
	WorkingHours string   `toml:"working_hours" json:"working_hours"` // "09:00-18:00"
	Weekend      []string `toml:"weekend" json:"weekend"`             // day names: "sat", "sun"
	// JPYearEndClosure closes Japanese calendars from 29 Dec to 3 Jan.
	JPYearEndClosure *bool `toml:"jp_year_end_closure" json:"jp_year_end_closure"`
	// Closures are the admin's own days off, for every calendar:
	// "2026-12-24" or "2026-12-28..2027-01-05".
	Closures []string `toml:"closures" json:"closures"`
	// Workdays are the admin's extra working days (a Saturday worked, a
	// public holiday the company ignores), for every calendar.
	Workdays []string `toml:"workdays,omitempty" json:"workdays,omitempty"`
	// Schedule is the cron schedule of `reminders run`: five fields,
	// "@every 10m", with an optional "CRON_TZ=Zone " prefix.
	Schedule    string                   `toml:"schedule" json:"schedule"`
	Nudge       NudgeTimes               `toml:"nudge" json:"nudge"`
	StallLimits StallLimits              `toml:"stall_limits" json:"stall_limits"`
	Countries   map[string]CountryConfig `toml:"countries,omitempty" json:"countries,omitempty"`
	Channels    []ChannelConfig          `toml:"channel,omitempty" json:"channels"`
	// Store, Name and Etcd are team mode, read by cmd: the shared store's
	// URL (etcd://host:2379,host2:2379/prefix), the name that signs log
	// entries, and how to reach the cluster.
	Store string      `toml:"store,omitempty" json:"store,omitempty"`
	Name  string      `toml:"name,omitempty" json:"name,omitempty"`
	Etcd  *EtcdConfig `toml:"etcd,omitempty" json:"etcd,omitempty"`

	// ZoneOf gives a country's main IANA zone ("" when unknown). The
	// caller supplies it from the support directory's country table, the
	// one list of countries mscase keeps; nil means every calendar without
	// a configured zone uses the local zone.
	ZoneOf func(country string) string `toml:"-" json:"-"`
}

// NudgeTimes are the local times of the break nudges.
type NudgeTimes struct {
	BeforeBreak string `toml:"before_break" json:"before_break"` // last working day before a break
	AfterBreak  string `toml:"after_break" json:"after_break"`   // first working day after it
}

// StallLimits are the business-time stall limits per stage: "2h" is two
// working hours, "2d" two working days, "0" none.
type StallLimits struct {
	LockedOut    string `toml:"locked-out" json:"locked-out"`
	TicketOpen   string `toml:"ticket-open" json:"ticket-open"`
	DPTReview    string `toml:"dpt-review" json:"dpt-review"`
	Verifying    string `toml:"verifying" json:"verifying"`
	ResetPending string `toml:"reset-pending" json:"reset-pending"`
	Recovered    string `toml:"recovered" json:"recovered"`
}

// CountryConfig overrides the calendar of cases in one country. Closures
// here add to the global ones; for a country whose public holidays are not
// built in, list them here.
type CountryConfig struct {
	TimeZone       string   `toml:"time_zone,omitempty" json:"time_zone,omitempty"`
	WorkingHours   string   `toml:"working_hours,omitempty" json:"working_hours,omitempty"`
	Weekend        []string `toml:"weekend,omitempty" json:"weekend,omitempty"`
	YearEndClosure *bool    `toml:"year_end_closure,omitempty" json:"year_end_closure,omitempty"`
	Closures       []string `toml:"closures,omitempty" json:"closures,omitempty"`
	Workdays       []string `toml:"workdays,omitempty" json:"workdays,omitempty"`
	// Region adds a region's public holidays to the country's ("NSW").
	Region string `toml:"region,omitempty" json:"region,omitempty"`
}

// DefaultSchedule is every five minutes.
const DefaultSchedule = "*/5 * * * *"

// DefaultConfig is the configuration when there is no file.
func DefaultConfig() Config {
	yes := true
	return Config{
		WorkingHours:     "09:00-18:00",
		Weekend:          []string{"sat", "sun"},
		JPYearEndClosure: &yes,
		Closures:         []string{},
		Schedule:         DefaultSchedule,
		Nudge:            NudgeTimes{BeforeBreak: "15:00", AfterBreak: "09:30"},
		StallLimits: StallLimits{
			LockedOut:    cases.FormatLimit(cases.DefaultLimits[cases.StageLockedOut]),
			TicketOpen:   cases.FormatLimit(cases.DefaultLimits[cases.StageTicketOpen]),
			DPTReview:    cases.FormatLimit(cases.DefaultLimits[cases.StageDPTReview]),
			Verifying:    cases.FormatLimit(cases.DefaultLimits[cases.StageVerifying]),
			ResetPending: cases.FormatLimit(cases.DefaultLimits[cases.StageResetPending]),
			Recovered:    cases.FormatLimit(cases.DefaultLimits[cases.StageRecovered]),
		},
		Channels: []ChannelConfig{},
	}
}

// EtcdConfig says how to reach the etcd cluster of team mode: TLS files and
// the etcd user, whose password comes from one of the secret sources
// (password_env, password_file, password_keyring, or inline in a 0600
// file), never the command line.
type EtcdConfig struct {
	CAFile          string `toml:"ca_file,omitempty" json:"ca_file,omitempty"`
	CertFile        string `toml:"cert_file,omitempty" json:"cert_file,omitempty"`
	KeyFile         string `toml:"key_file,omitempty" json:"key_file,omitempty"`
	User            string `toml:"user,omitempty" json:"user,omitempty"`
	Password        string `toml:"password,omitempty" json:"-"`
	PasswordEnv     string `toml:"password_env,omitempty" json:"password_env,omitempty"`
	PasswordFile    string `toml:"password_file,omitempty" json:"password_file,omitempty"`
	PasswordKeyring bool   `toml:"password_keyring,omitempty" json:"password_keyring,omitempty"`
}

// ConfigError is a bad configuration file: where and what.
type ConfigError struct {
	Path string
	Line int // 0 when unknown
	Msg  string

	key []string // the setting that failed, to find its line
	nth int      // which [[table]] of an array of tables, from 1
}

func (e *ConfigError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("config %s line %d: %s", e.Path, e.Line, e.Msg)
	}
	return fmt.Sprintf("config %s: %s", e.Path, e.Msg)
}

// ParseConfig reads a configuration file's content. Every setting is
// checked, so a config that parses can always build its Policy; the error
// names the line.
func ParseConfig(path string, src []byte) (*Config, error) {
	cfg := DefaultConfig()
	cfg.Closures, cfg.Channels = nil, nil
	md, err := toml.NewDecoder(bytes.NewReader(src)).Decode(&cfg)
	if err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			return nil, &ConfigError{Path: path, Line: pe.Position.Line, Msg: pe.Message}
		}
		if m := reTOMLLine().FindStringSubmatch(err.Error()); m != nil {
			line, _ := strconv.Atoi(m[1])
			return nil, &ConfigError{Path: path, Line: line, Msg: m[2] + ": " + m[3]}
		}
		return nil, &ConfigError{Path: path, Msg: strings.TrimPrefix(err.Error(), "toml: ")}
	}
	if und := md.Undecoded(); len(und) > 0 {
		k := und[0]
		return nil, &ConfigError{Path: path, Line: lineOf(src, k), Msg: fmt.Sprintf("unknown setting %q (see \"mscase config init\" for the ones there are)", k.String())}
	}
	if cfg.Closures == nil {
		cfg.Closures = []string{}
	}
	if cfg.Channels == nil {
		cfg.Channels = []ChannelConfig{}
	}
	if err := cfg.check(); err != nil {
		var ce *ConfigError
		if errors.As(err, &ce) {
			ce.Path = path
			if ce.Line == 0 {
				ce.Line = lineOfKey(src, ce.key, ce.nth)
			}
			return nil, ce
		}
		return nil, err
	}
	return &cfg, nil
}

func bad(key []string, format string, args ...any) error {
	return &ConfigError{Msg: strings.Join(key, ".") + ": " + fmt.Sprintf(format, args...), key: key}
}

// check validates every setting.
func (c *Config) check() error {
	if c.Country != "" {
		v, err := cases.ParseCountry(c.Country)
		if err != nil {
			return bad([]string{"country"}, "%q: expected an ISO 3166-1 alpha-2 code like JP, US or DE", c.Country)
		}
		c.Country = v
	}
	if v, err := cases.ParsePlan(c.Plan); err != nil {
		return bad([]string{"plan"}, "%q: expected \"enterprise\" (Office 365 Enterprise), \"other\" (Other Plans) or \"\" (not known)", c.Plan)
	} else {
		c.Plan = v
	}
	if _, err := loadZone(c.TimeZone); err != nil {
		return bad([]string{"time_zone"}, "%v", err)
	}
	if _, _, err := parseHours(c.WorkingHours); err != nil {
		return bad([]string{"working_hours"}, "%v", err)
	}
	if _, err := parseWeekend(c.Weekend); err != nil {
		return bad([]string{"weekend"}, "%v", err)
	}
	for _, s := range c.Closures {
		if _, err := ParseClosure(s); err != nil {
			return bad([]string{"closures"}, "%v", err)
		}
	}
	for _, s := range c.Workdays {
		if _, err := ParseWorkday(s); err != nil {
			return bad([]string{"workdays"}, "%v", err)
		}
	}
	if _, err := ParseSchedule(c.Schedule); err != nil {
		return bad([]string{"schedule"}, "%v", err)
	}
	if _, err := ParseClock(c.Nudge.BeforeBreak); err != nil {
		return bad([]string{"nudge", "before_break"}, "%v", err)
	}
	if _, err := ParseClock(c.Nudge.AfterBreak); err != nil {
		return bad([]string{"nudge", "after_break"}, "%v", err)
	}
	for st, v := range c.StallLimits.fields() {
		if _, err := ParseLimit(*v); err != nil {
			return bad([]string{"stall_limits", string(st)}, "%v", err)
		}
	}
	norm := map[string]CountryConfig{}
	for code, cc := range c.Countries {
		v, err := cases.ParseCountry(code)
		if err != nil {
			return bad([]string{"countries", code}, "expected an ISO 3166-1 alpha-2 code like JP, US or DE")
		}
		key := []string{"countries", code}
		if _, err := loadZone(cc.TimeZone); err != nil {
			return bad(append(key, "time_zone"), "%v", err)
		}
		if cc.WorkingHours != "" {
			if _, _, err := parseHours(cc.WorkingHours); err != nil {
				return bad(append(key, "working_hours"), "%v", err)
			}
		}
		if cc.Weekend != nil {
			if _, err := parseWeekend(cc.Weekend); err != nil {
				return bad(append(key, "weekend"), "%v", err)
			}
		}
		for _, s := range cc.Closures {
			if _, err := ParseClosure(s); err != nil {
				return bad(append(key, "closures"), "%v", err)
			}
		}
		for _, s := range cc.Workdays {
			if _, err := ParseWorkday(s); err != nil {
				return bad(append(key, "workdays"), "%v", err)
			}
		}
		if cc.Region != "" {
			r, err := calendar.MustBundled().CheckRegion(v, cc.Region)
			if err != nil {
				return bad(append(key, "region"), "%v", err)
			}
			cc.Region = r
		}
		norm[v] = cc
	}
	if len(norm) > 0 {
		c.Countries = norm
	}
	for i, ch := range c.Channels {
		switch strings.ToLower(ch.Type) {
		case "stdout", "desktop", "webhook", "email", "exec":
		default:
			return &ConfigError{Msg: fmt.Sprintf("channel %d (%s): type %q: expected stdout, desktop, webhook, email or exec", i+1, nameOr(ch), ch.Type), key: []string{"channel", "type"}, nth: i + 1}
		}
	}
	return nil
}

func (l *StallLimits) fields() map[cases.Stage]*string {
	return map[cases.Stage]*string{
		cases.StageLockedOut: &l.LockedOut, cases.StageTicketOpen: &l.TicketOpen,
		cases.StageDPTReview: &l.DPTReview, cases.StageVerifying: &l.Verifying,
		cases.StageResetPending: &l.ResetPending, cases.StageRecovered: &l.Recovered,
	}
}

func loadZone(name string) (*time.Location, error) {
	if name == "" {
		return nil, nil
	}
	l, err := time.LoadLocation(name)
	if err != nil || strings.EqualFold(name, "local") {
		return nil, fmt.Errorf("%q: expected an IANA time zone like Asia/Tokyo or America/New_York", name)
	}
	return l, nil
}

func parseHours(s string) (Clock, Clock, error) {
	from, to, ok := strings.Cut(s, "-")
	bad := fmt.Errorf("%q: expected working hours like 09:00-18:00", s)
	if !ok {
		return 0, 0, bad
	}
	o, err1 := ParseClock(strings.TrimSpace(from))
	c, err2 := ParseClock(strings.TrimSpace(to))
	if err1 != nil || err2 != nil {
		return 0, 0, bad
	}
	if c <= o {
		return 0, 0, fmt.Errorf("%q: the working day must end after it starts", s)
	}
	return o, c, nil
}

var dayNames = map[string]time.Weekday{
	"sun": time.Sunday, "mon": time.Monday, "tue": time.Tuesday, "wed": time.Wednesday,
	"thu": time.Thursday, "fri": time.Friday, "sat": time.Saturday,
}

func parseWeekend(days []string) ([]time.Weekday, error) {
	var out []time.Weekday
	for _, d := range days {
		k := strings.ToLower(strings.TrimSpace(d))
		if len(k) > 3 {
			k = k[:3]
		}
		w, ok := dayNames[k]
		if !ok {
			return nil, fmt.Errorf("%q: expected day names like sat, sun", d)
		}
		out = append(out, w)
	}
	if len(out) >= 7 {
		return nil, fmt.Errorf("every day of the week is a weekend day: nothing would ever be a working day")
	}
	return out, nil
}

// reTOMLLine reads the line out of the decoder's type errors, which are
// not ParseErrors: `toml: line 3 (last key "country"): incompatible types…`.
var reTOMLLine = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^toml: line ([0-9]+) \(last key "([^"]*)"\): (.*)$`) })

var reLimit = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^(?:([0-9]+)d)?(?:([0-9]+)h)?(?:([0-9]+)m)?$`) })

// ParseLimit reads a business-time limit: "2d", "4h", "1d4h", "90m", or
// "0" for none.
func ParseLimit(s string) (time.Duration, error) {
	v := strings.TrimSpace(s)
	if v == "0" {
		return 0, nil
	}
	m := reLimit().FindStringSubmatch(v)
	if m == nil || v == "" {
		return 0, fmt.Errorf("%q: expected business time like 2h, 1d or 1d4h (0 for none)", s)
	}
	var d time.Duration
	for i, unit := range []time.Duration{24 * time.Hour, time.Hour, time.Minute} {
		if m[i+1] != "" {
			n, err := strconv.Atoi(m[i+1])
			if err != nil || n > int(MaxLimit/unit) {
				return 0, fmt.Errorf("%q: longer than %s of business time", s, cases.FormatLimit(MaxLimit))
			}
			d += time.Duration(n) * unit
		}
	}
	if d > MaxLimit {
		return 0, fmt.Errorf("%q: longer than %s of business time", s, cases.FormatLimit(MaxLimit))
	}
	return d, nil
}

// MaxLimit is the longest stall limit: a year of working days is already
// "never"; more is a typing mistake (and 99999999999999999999d overflowed
// to a negative duration).
const MaxLimit = 365 * 24 * time.Hour

// lineOf finds the line of a decoded key in src.
func lineOf(src []byte, k toml.Key) int { return lineOfKey(src, []string(k), 0) }

// lineOfKey finds the line where key (table path + name) is set: the first
// "name =" line inside the table (the nth one of an array of tables, when
// nth > 0), or the table header itself.
func lineOfKey(src []byte, key []string, nth int) int {
	if len(key) == 0 {
		return 0
	}
	table := strings.Join(key[:len(key)-1], ".")
	name := key[len(key)-1]
	cur := ""
	header, seen := 0, 0
	sc := bufio.NewScanner(bytes.NewReader(src))
	for n := 1; sc.Scan(); n++ {
		l := strings.TrimSpace(sc.Text())
		if strings.HasPrefix(l, "[") {
			h := strings.Trim(strings.SplitN(l, "#", 2)[0], "[] \t")
			cur = strings.ReplaceAll(strings.ReplaceAll(h, `"`, ""), " ", "")
			if cur == table {
				seen++
			}
			if cur == strings.Join(key, ".") && header == 0 {
				header = n
			}
			continue
		}
		if cur != table || (nth > 0 && seen != nth) {
			continue
		}
		k, _, ok := strings.Cut(l, "=")
		if ok && strings.Trim(strings.TrimSpace(k), `"'`) == name {
			return n
		}
	}
	return header
}

// zoneFor resolves the zone of a calendar: the named zone, else the
// country's main zone, else local.
func (c *Config) zoneFor(name, country string, local *time.Location) *time.Location {
	if l, err := loadZone(name); err == nil && l != nil {
		return l
	}
	if c.ZoneOf == nil || country == "" {
		return orUTC(local)
	}
	if z := c.ZoneOf(country); z != "" {
		if l, err := time.LoadLocation(z); err == nil {
			return l
		}
	}
	return orUTC(local)
}

func orUTC(l *time.Location) *time.Location {
	if l == nil {
		return time.UTC
	}
	return l
}

// Zone is the effective zone of the default calendar.
func (c *Config) Zone(local *time.Location) *time.Location {
	return c.zoneFor(c.TimeZone, c.Country, local)
}

// Limits are the stall limits as business time.
func (c *Config) Limits() cases.Limits {
	out := cases.Limits{}
	l := c.StallLimits
	for st, v := range l.fields() {
		if d, err := ParseLimit(*v); err == nil && d > 0 {
			out[st] = d
		}
	}
	return out
}

// Warnings are settings that work but deserve a look: countries whose
// public holidays mscase does not know. countries adds the countries of
// open cases.
func (c *Config) Warnings(countries []string) []string {
	seen := map[string]bool{}
	var out []string
	all := append([]string{c.Country}, countries...)
	for code := range c.Countries {
		all = append(all, code)
	}
	sort.Strings(all[1:])
	for _, code := range all {
		if code == "" || seen[code] {
			continue
		}
		seen[code] = true
		if !HolidaysKnown(code) && len(c.Countries[code].Closures) == 0 {
			out = append(out, NoCalendarWarning(code))
		}
	}
	return out
}

// Masked is a copy of c with channel secrets hidden: a URL keeps only its
// scheme and host, a password shows as ****.
func (c *Config) Masked() Config {
	m := *c
	m.Channels = make([]ChannelConfig, len(c.Channels))
	for i, ch := range c.Channels {
		m.Channels[i] = ch.Masked()
	}
	return m
}

// Policy builds the decision rules from the configuration. local is the
// machine's zone, the fallback for countries without a known zone.
func (c *Config) Policy(local *time.Location) (*Policy, error) {
	before, err := ParseClock(c.Nudge.BeforeBreak)
	if err != nil {
		return nil, fmt.Errorf("nudge.before_break: %w", err)
	}
	after, err := ParseClock(c.Nudge.AfterBreak)
	if err != nil {
		return nil, fmt.Errorf("nudge.after_break: %w", err)
	}
	p := &Policy{
		Limits:      c.Limits(),
		BeforeBreak: before,
		AfterBreak:  after,
		LateAfter:   DefaultLateAfter,
	}
	spec := func(country string) CalendarSpec {
		cc := c.Countries[country]
		zone := cc.TimeZone
		if zone == "" && country == c.Country {
			zone = c.TimeZone
		}
		hours := c.WorkingHours
		if cc.WorkingHours != "" {
			hours = cc.WorkingHours
		}
		o, cl, _ := parseHours(hours)
		wk := c.Weekend
		if cc.Weekend != nil {
			wk = cc.Weekend
		}
		days, _ := parseWeekend(wk)
		var closures, workdays []Closure
		for _, s := range append(append([]string(nil), c.Closures...), cc.Closures...) {
			if x, err := ParseClosure(s); err == nil {
				closures = append(closures, x)
			}
		}
		for _, s := range append(append([]string(nil), c.Workdays...), cc.Workdays...) {
			if x, err := ParseWorkday(s); err == nil {
				workdays = append(workdays, x)
			}
		}
		yearEnd := country == "JP" && (c.JPYearEndClosure == nil || *c.JPYearEndClosure)
		if cc.YearEndClosure != nil {
			yearEnd = *cc.YearEndClosure
		}
		loc := c.zoneFor(zone, country, local)
		if country == "" {
			loc = c.zoneFor(c.TimeZone, "", local)
		}
		return CalendarSpec{Country: country, Region: cc.Region, Loc: loc, Open: o, Close: cl, Weekend: days,
			Closures: closures, Workdays: workdays, YearEndClosure: yearEnd}
	}
	p.spec = spec
	p.Default = NewCalendar(spec(c.Country))
	p.cals.Store(&map[calKey]*Calendar{{country: c.Country}: p.Default})
	p.rulesFn = func() string { return c.rules(local) }
	return p, nil
}

// wakeRules is bumped whenever Due or Upcoming change what they decide, so
// that wake instants worked out by an older build are not trusted.
const wakeRules = "due-rules-1"

// rules names everything a Policy decides with: the configuration, the
// local zone and the rules' own version. Wake instants carry it
// (cases.Store.SetWakes).
func (c *Config) rules(local *time.Location) string {
	b, _ := json.Marshal(c)
	h := sha256.New()
	fmt.Fprintf(h, "%s\n%s\n", wakeRules, local)
	h.Write(b)
	for _, cc := range append(CountriesWithHolidays(), c.Country) {
		if c.ZoneOf != nil {
			fmt.Fprintf(h, "%s=%s;", cc, c.ZoneOf(cc))
		}
	}
	return hex.EncodeToString(h.Sum(nil)[:16])
}

// StarterConfig is the commented file `mscase config init` writes: every
// setting at its default, with country filled in when known, commented in
// English.
func StarterConfig(country string) []byte { return StarterConfigFrom(StarterTemplate, country) }

// StarterConfigFrom is StarterConfig with the file's text from template:
// StarterTemplate's settings, in the same order, with comments in another
// language (the message catalogs hold one per language).
func StarterConfigFrom(template, country string) []byte {
	var b strings.Builder
	def := DefaultConfig()
	countryLine := `# country = "JP"`
	if country != "" {
		countryLine = fmt.Sprintf("country = %q", country)
	}
	fmt.Fprintf(&b, template, len(CountriesWithHolidays()), countryLine, def.WorkingHours, def.Schedule,
		def.Nudge.BeforeBreak, def.Nudge.AfterBreak,
		def.StallLimits.LockedOut, def.StallLimits.TicketOpen, def.StallLimits.DPTReview,
		def.StallLimits.Verifying, def.StallLimits.ResetPending, def.StallLimits.Recovered)
	return []byte(b.String())
}

// StarterTemplate is the English text of the starter file, a Printf format
// filled by StarterConfigFrom: the number of countries with holidays, the
// country line, working hours, schedule, the nudge times and the stall
// limits.
const StarterTemplate = `# mscase configuration. Every setting shows its default; delete what you
# do not change. "mscase config show" prints what is in effect.

# Your country (ISO code): its public holidays and working days are the
# calendar of cases that name no --country. Cases with a --country follow
# that country's calendar and main time zone. Public holidays are built in
# for %d countries ("mscase calendar show XX" lists them); for the others
# list the holidays as closures under [countries.XX].
%s

# The tenant's plan for new cases without --plan, as the support page's
# headings split them: "enterprise" (Office 365 Enterprise) or "other"
# (Other Plans, e.g. Microsoft 365 Business Basic/Standard/Premium).
# Where the page lists numbers per plan (Japan) it picks the number to call.
# See "mscase cases new --help" for how to tell. Empty means not known.
plan = ""

# IANA time zone of your calendar; empty means the country's main zone,
# else this machine's zone.
time_zone = ""

# Working hours and days. Stall limits count only this time.
working_hours = %q
weekend = ["sat", "sun"]

# Japanese companies often close from 29 Dec to 3 Jan.
jp_year_end_closure = true

# Your own days off, for every calendar: dates or ranges.
# closures = ["2026-12-24", "2027-08-12..2027-08-16"]
closures = []
# Days you work although they are weekends or public holidays.
# workdays = ["2027-01-09"]

# When "mscase reminders run" checks: cron fields, "@every 10m", or
# "CRON_TZ=Asia/Tokyo 0 9-18 * * 1-5".
schedule = %q

[nudge]
# On the last working day before a weekend or holiday (and two working
# days before breaks of three days or more).
before_break = %q
# On the first working day after a break, unless a contact was logged.
after_break = %q

# How long a case may stay quiet in each stage, in business time:
# "2h" = two working hours, "2d" = two working days, "0" = never stalls.
[stall_limits]
locked-out = %q
ticket-open = %q
dpt-review = %q
verifying = %q
reset-pending = %q
recovered = %q

# Another calendar for cases in one country:
# [countries.US]
# time_zone = "America/Los_Angeles"
# working_hours = "08:00-17:00"
# closures = ["2026-11-27"]
# region = "CA"             # add a state's own public holidays
#                           # ("mscase calendar show US" lists the regions)

# Where nudges go. They must reach you while your Microsoft 365 tenant is
# locked: not a mailbox or Teams of that tenant. Without a channel, nudges
# are printed. A channel that cannot be set up is an error, never skipped.
#
# Each secret (url, token, password) comes from one of:
#   url_file = "ntfy-url"      a file only you can read (chmod 600), relative
#                              to this folder; works under every service
#   url_keyring = true         the OS keychain: "mscase config secret set NAME"
#   url_env = "MSCASE_NTFY_URL"  an environment variable: "reminders install"
#                              copies it into the service's own 0600 file
#   url = "https://..."        this file itself, when only you can read it
#
# [[channel]]
# name = "phone"
# type = "webhook"          # stdout, desktop, webhook, email, exec
# format = "ntfy"           # slack, discord, teams, ntfy, json
# url_file = "ntfy-url"
# token_file = "ntfy-token" # optional: an ntfy access token (Bearer)
#
# [[channel]]
# name = "personal mail"
# type = "email"
# smtp_host = "smtp.fastmail.com"
# smtp_port = 587
# username = "me@fastmail.com"
# password_file = "smtp-password"
# from = "me@fastmail.com"
# to = ["me@fastmail.com"]
#
# An exec channel runs a program with the nudge in MSCASE_* variables and
# as JSON on standard input. Never put a token, key or password in
# command: every user of this machine can read program arguments (ps).
# Secrets reach the program through the environment only: it inherits
# mscase's (set them where "mscase reminders run" is started).
# [[channel]]
# name = "script"
# type = "exec"
# command = ["/usr/local/bin/notify-me", "--urgent"]
`

// MaskScrub replaces every secret in s with its masked form: a URL by its
// scheme and host, anything else by ****. Secrets shorter than four
// characters are left alone (they would mask ordinary words).
func MaskScrub(s string, secrets ...string) string {
	for _, sec := range secrets {
		if len(sec) < 4 {
			continue
		}
		m := "****"
		if strings.Contains(sec, "://") {
			m = MaskSecret(sec)
		}
		s = strings.ReplaceAll(s, sec, m)
	}
	return maskEncoded(s, secrets)
}
