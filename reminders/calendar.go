package reminders

import (
	"fmt"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/mscase/mscase/cases"
	"github.com/rickar/cal/v2"
	"github.com/rickar/cal/v2/ar"
	austria "github.com/rickar/cal/v2/at"
	"github.com/rickar/cal/v2/au"
	"github.com/rickar/cal/v2/be"
	"github.com/rickar/cal/v2/bg"
	"github.com/rickar/cal/v2/br"
	"github.com/rickar/cal/v2/ca"
	"github.com/rickar/cal/v2/ch"
	"github.com/rickar/cal/v2/cz"
	"github.com/rickar/cal/v2/de"
	"github.com/rickar/cal/v2/dk"
	"github.com/rickar/cal/v2/es"
	"github.com/rickar/cal/v2/fr"
	"github.com/rickar/cal/v2/gb"
	"github.com/rickar/cal/v2/gr"
	"github.com/rickar/cal/v2/hr"
	"github.com/rickar/cal/v2/ie"
	"github.com/rickar/cal/v2/it"
	"github.com/rickar/cal/v2/jp"
	"github.com/rickar/cal/v2/lt"
	"github.com/rickar/cal/v2/lv"
	"github.com/rickar/cal/v2/mw"
	"github.com/rickar/cal/v2/nl"
	"github.com/rickar/cal/v2/no"
	"github.com/rickar/cal/v2/nz"
	"github.com/rickar/cal/v2/pl"
	"github.com/rickar/cal/v2/ro"
	"github.com/rickar/cal/v2/ru"
	"github.com/rickar/cal/v2/se"
	"github.com/rickar/cal/v2/si"
	"github.com/rickar/cal/v2/sk"
	"github.com/rickar/cal/v2/ua"
	"github.com/rickar/cal/v2/us"
	"github.com/rickar/cal/v2/za"
)

// countryHolidays are the national public holidays github.com/rickar/cal
// knows. Where it only has regional lists (Australia) the capital's state
// stands in: NSW for Australia.
var countryHolidays = map[string][]*cal.Holiday{
	"AR": ar.Holidays, "AT": austria.Holidays, "AU": au.HolidaysNSW, "BE": be.Holidays,
	"BG": bg.Holidays, "BR": br.Holidays, "CA": ca.Holidays, "CH": ch.Holidays,
	"CZ": cz.Holidays, "DE": de.Holidays, "DK": dk.Holidays, "ES": es.Holidays,
	"FR": fr.Holidays, "GB": gb.Holidays, "GR": gr.Holidays, "HR": hr.Holidays,
	"IE": ie.Holidays, "IT": it.Holidays, "JP": jp.Holidays, "LT": lt.Holidays,
	"LV": lv.Holidays, "MW": mw.Holidays, "NL": nl.Holidays, "NO": no.Holidays,
	"NZ": nz.Holidays, "PL": pl.Holidays, "RO": ro.Holidays, "RU": ru.Holidays,
	"SE": se.Holidays, "SI": si.Holidays, "SK": sk.Holidays, "UA": ua.Holidays,
	"US": us.Holidays, "ZA": za.Holidays,
}

// HolidaysKnown reports whether public holidays of country are built in.
// For other countries the user lists them as closures.
func HolidaysKnown(country string) bool { _, ok := countryHolidays[country]; return ok }

// CountriesWithHolidays lists the countries whose public holidays are built
// in, sorted.
func CountriesWithHolidays() []string {
	out := make([]string, 0, len(countryHolidays))
	for c := range countryHolidays {
		out = append(out, c)
	}
	sort.Strings(out)
	return out
}

// Clock is a time of day in minutes after midnight; 24:00 is 1440.
type Clock int

// ParseClock reads "HH:MM" (00:00 to 24:00).
func ParseClock(s string) (Clock, error) {
	var h, m int
	if len(s) != 5 || s[2] != ':' {
		return 0, fmt.Errorf("%q: expected HH:MM like 09:30", s)
	}
	if _, err := fmt.Sscanf(s, "%02d:%02d", &h, &m); err != nil || h > 24 || m > 59 || (h == 24 && m != 0) {
		return 0, fmt.Errorf("%q: expected HH:MM like 09:30", s)
	}
	return Clock(h*60 + m), nil
}

// String writes the clock as HH:MM.
func (c Clock) String() string { return fmt.Sprintf("%02d:%02d", int(c)/60, int(c)%60) }

// Closure is a span of whole days (From to To, both included) on which the
// admin does not work: a company closure, or a public holiday of a country
// the calendar does not know.
type Closure struct {
	From, To civil
	Name     string
}

// civil is a date without a zone, as a day number since 1970-01-01.
type civil int

func civilOf(y int, m time.Month, d int) civil {
	return civil(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400)
}

// dayOf is the date of instant t in loc.
func dayOf(t time.Time, loc *time.Location) civil {
	y, m, d := t.In(loc).Date()
	return civilOf(y, m, d)
}

func (d civil) date() (int, time.Month, int) { return time.Unix(int64(d)*86400, 0).UTC().Date() }

func (d civil) weekday() time.Weekday { return time.Weekday((int(d)%7 + 7 + 4) % 7) }

func (d civil) String() string {
	y, m, dd := d.date()
	return fmt.Sprintf("%04d-%02d-%02d", y, m, dd)
}

// human writes the date for a person: "Fri 27 Nov".
func (d civil) human() string {
	return time.Unix(int64(d)*86400, 0).UTC().Format("Mon 2 Jan")
}

// ParseClosure reads "2026-12-24" or a range "2026-12-28..2027-01-05".
func ParseClosure(s string) (Closure, error) {
	bad := fmt.Errorf("%q: expected a date like 2026-12-24 or a range like 2026-12-28..2027-01-05", s)
	from, to, isRange := strings.Cut(strings.TrimSpace(s), "..")
	f, err := time.Parse("2006-01-02", strings.TrimSpace(from))
	if err != nil {
		return Closure{}, bad
	}
	t := f
	if isRange {
		if t, err = time.Parse("2006-01-02", strings.TrimSpace(to)); err != nil {
			return Closure{}, bad
		}
	}
	c := Closure{From: civilOf(f.Date()), To: civilOf(t.Date()), Name: "closure"}
	if c.To < c.From {
		return Closure{}, fmt.Errorf("%q: the range ends before it starts", s)
	}
	if c.To-c.From > 366 {
		return Closure{}, fmt.Errorf("%q: a closure of more than a year leaves no working days", s)
	}
	return c, nil
}

// Calendar is the business calendar of one country: its weekend, public
// holidays, the admin's closures, working hours and time zone. It is safe
// for concurrent use; day lookups are cached.
type Calendar struct {
	Country string         // ISO code, "" when none is configured
	Loc     *time.Location // the zone its nudge times and working hours are in
	Open    Clock          // working hours start
	Close   Clock          // working hours end

	weekend       [7]bool
	holidays      []*cal.Holiday
	holidaysKnown bool
	closures      []Closure
	yearEnd       bool // 29 Dec to 3 Jan closed

	mu   sync.Mutex           // serialises fill
	days atomic.Pointer[span] // the cached days; read without locking
}

// span is a cached run of days: which are off, and how many working days
// come before each, so business time between two instants costs O(1).
type span struct {
	lo  civil
	off []bool  // non-working days from lo on
	cum []int32 // cum[i]: working days in [lo, lo+i)
}

// CalendarSpec says how to build a Calendar.
type CalendarSpec struct {
	Country        string
	Loc            *time.Location
	Open, Close    Clock
	Weekend        []time.Weekday
	Closures       []Closure
	YearEndClosure bool
}

// NewCalendar builds the calendar spec describes, with the public holidays
// of spec.Country when they are built in.
func NewCalendar(spec CalendarSpec) *Calendar {
	c := &Calendar{Country: spec.Country, Loc: spec.Loc, Open: spec.Open, Close: spec.Close,
		closures: spec.Closures, yearEnd: spec.YearEndClosure}
	if c.Loc == nil {
		c.Loc = time.UTC
	}
	if c.Close <= c.Open {
		c.Open, c.Close = 9*60, 18*60
	}
	for _, d := range spec.Weekend {
		c.weekend[d] = true
	}
	if h, ok := countryHolidays[spec.Country]; ok {
		c.holidaysKnown = true
		for _, x := range h {
			if x.Type != cal.ObservanceOther {
				c.holidays = append(c.holidays, x)
			}
		}
	}
	return c
}

// HolidaysKnown reports whether the calendar includes the country's public
// holidays.
func (c *Calendar) HolidaysKnown() bool { return c.holidaysKnown }

// IsWorkday reports whether the date of t (in the calendar's zone) is a
// working day.
func (c *Calendar) IsWorkday(t time.Time) bool { return c.work(dayOf(t, c.Loc)) }

// IsWorkdayOfWeek reports whether d is not a weekend day of the calendar
// (holidays aside).
func (c *Calendar) IsWorkdayOfWeek(d time.Weekday) bool { return !c.weekend[d] }

func (c *Calendar) work(d civil) bool {
	sp := c.span(d)
	return !sp.off[d-sp.lo]
}

// workdaysBefore is the number of working days before d, counted from an
// arbitrary origin: differences between two days are what count.
func (c *Calendar) workdaysBefore(d civil) int {
	sp := c.span(d)
	return int(sp.cum[d-sp.lo])
}

// span returns cached days that include d, extending them when needed.
func (c *Calendar) span(d civil) *span {
	if sp := c.days.Load(); sp != nil && d >= sp.lo && int(d-sp.lo) < len(sp.off) {
		return sp
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if sp := c.days.Load(); sp != nil && d >= sp.lo && int(d-sp.lo) < len(sp.off) {
		return sp
	}
	sp := c.fill(d, c.days.Load())
	c.days.Store(sp)
	return sp
}

// fill builds the days of whole years around d and around the old span.
func (c *Calendar) fill(d civil, old *span) *span {
	y, _, _ := d.date()
	first, last := y-1, y+1
	if old != nil {
		fy, _, _ := old.lo.date()
		ly, _, _ := (old.lo + civil(len(old.off)) - 1).date()
		first, last = min(first, fy), max(last, ly)
	}
	lo := civilOf(first, 1, 1)
	hi := civilOf(last+1, 1, 1)
	off := make([]bool, hi-lo)
	for dd := lo; dd < hi; dd++ {
		off[dd-lo] = c.weekend[dd.weekday()]
	}
	mark := func(dd civil) {
		if dd >= lo && dd < hi {
			off[dd-lo] = true
		}
	}
	for yy := first - 1; yy <= last+1; yy++ {
		for _, h := range c.holidays {
			act, obs := h.Calc(yy)
			if !act.IsZero() {
				mark(civilOf(act.Date()))
			}
			if !obs.IsZero() {
				mark(civilOf(obs.Date()))
			}
		}
		if c.yearEnd {
			for dd := civilOf(yy, 12, 29); dd <= civilOf(yy+1, 1, 3); dd++ {
				mark(dd)
			}
		}
	}
	for _, cl := range c.closures {
		for dd := cl.From; dd <= cl.To; dd++ {
			mark(dd)
		}
	}
	cum := make([]int32, len(off))
	var n int32
	for i, o := range off {
		cum[i] = n
		if !o {
			n++
		}
	}
	return &span{lo: lo, off: off, cum: cum}
}

// offReason says why day d is not a working day ("" when it is one). It is
// slow and only used to explain breaks.
func (c *Calendar) offReason(d civil) string {
	y, m, dd := d.date()
	for _, cl := range c.closures {
		if d >= cl.From && d <= cl.To {
			return cl.Name
		}
	}
	if c.yearEnd && ((m == 12 && dd >= 29) || (m == 1 && dd <= 3)) {
		if h := c.holidayName(y, m, dd); h != "" {
			return h
		}
		return "year-end closure"
	}
	if h := c.holidayName(y, m, dd); h != "" {
		return h
	}
	if c.weekend[d.weekday()] {
		return "weekend"
	}
	return ""
}

func (c *Calendar) holidayName(y int, m time.Month, d int) string {
	for yy := y - 1; yy <= y+1; yy++ {
		for _, h := range c.holidays {
			act, obs := h.Calc(yy)
			for _, t := range []time.Time{act, obs} {
				if t.IsZero() {
					continue
				}
				if ty, tm, td := t.Date(); ty == y && tm == m && td == d {
					return h.Name
				}
			}
		}
	}
	return ""
}

// at is the instant of clock k on day d in the calendar's zone.
func (c *Calendar) at(d civil, k Clock) time.Time {
	y, m, dd := d.date()
	return time.Date(y, m, dd, int(k)/60, int(k)%60, 0, 0, c.Loc)
}

func (c *Calendar) nextWork(d civil) civil {
	for i := 0; i < 3660; i++ {
		d++
		if c.work(d) {
			return d
		}
	}
	return d
}

func (c *Calendar) prevWork(d civil) civil {
	for i := 0; i < 3660; i++ {
		d--
		if c.work(d) {
			return d
		}
	}
	return d
}

// NextOpen is the first working moment at or after t: t itself inside
// working hours of a working day, else the start of the next working hours.
func (c *Calendar) NextOpen(t time.Time) time.Time {
	lt := t.In(c.Loc)
	d := dayOf(lt, c.Loc)
	if c.work(d) {
		k := Clock(lt.Hour()*60 + lt.Minute())
		if k < c.Open {
			return c.at(d, c.Open)
		}
		if k < c.Close {
			return t
		}
	}
	return c.at(c.nextWork(d), c.Open)
}

// Add adds d of business time to from, counting only working hours of
// working days: whole days of d step whole working days keeping the time of
// day, the rest counts working hours. A start outside working hours first
// moves to the next opening. It has the shape of cases.AddFunc, so
// cases.Stall counts stall limits in business time with it: a case touched
// on Friday 17:00 before a Monday holiday, with a limit of two days, stalls
// on Wednesday 17:00.
func (c *Calendar) Add(from time.Time, d time.Duration) time.Time {
	if d <= 0 {
		return from
	}
	t := c.NextOpen(from).In(c.Loc)
	if days := int(d / (24 * time.Hour)); days > 0 {
		day := dayOf(t, c.Loc)
		for i := 0; i < days; i++ {
			day = c.nextWork(day)
		}
		y, m, dd := day.date()
		t = time.Date(y, m, dd, t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), c.Loc)
	}
	return c.addHours(t, d%(24*time.Hour))
}

// addHours adds d of working hours to t, a moment inside working hours,
// however many days that takes.
func (c *Calendar) addHours(t time.Time, d time.Duration) time.Time {
	day := dayOf(t, c.Loc)
	for d > 0 {
		left := c.at(day, c.Close).Sub(t)
		if d <= left {
			return t.Add(d)
		}
		d -= left
		day = c.nextWork(day)
		t = c.at(day, c.Open)
	}
	return t
}

// workingSince is the working time from a to b (a <= b): whole working
// days from the cached counts, plus the parts of the two days.
func (c *Calendar) workingSince(a, b time.Time) time.Duration {
	f := func(t time.Time) time.Duration {
		lt := t.In(c.Loc)
		d := dayOf(lt, c.Loc)
		day := time.Duration(c.Close-c.Open) * time.Minute
		total := time.Duration(c.workdaysBefore(d)) * day
		if c.work(d) {
			tod := time.Duration(lt.Hour())*time.Hour + time.Duration(lt.Minute())*time.Minute +
				time.Duration(lt.Second())*time.Second + time.Duration(lt.Nanosecond())
			total += min(max(tod-time.Duration(c.Open)*time.Minute, 0), day)
		}
		return total
	}
	return f(b) - f(a)
}

var _ cases.AddFunc = (*Calendar)(nil).Add

// brk is a run of non-working days.
type brk struct {
	first, last civil // non-working days, both included
	about       string
}

func (b brk) days() int { return int(b.last-b.first) + 1 }

// breakAfter is the run of non-working days right after working day d, if
// d+1 is not a working day.
func (c *Calendar) breakAfter(d civil) (brk, bool) {
	if c.work(d + 1) {
		return brk{}, false
	}
	b := brk{first: d + 1, last: c.nextWork(d) - 1}
	b.about = c.describe(b)
	return b, true
}

// breakBefore is the run of non-working days right before day d, if d-1 is
// not a working day.
func (c *Calendar) breakBefore(d civil) (brk, bool) {
	if c.work(d - 1) {
		return brk{}, false
	}
	b := brk{first: c.prevWork(d) + 1, last: d - 1}
	b.about = c.describe(b)
	return b, true
}

// describe names a break: "the weekend (…)", "the holiday (…)" or "the
// 5-day break (Sat 1 May – Wed 5 May: Constitution Memorial Day, …)".
func (c *Calendar) describe(b brk) string {
	var names []string
	seen := map[string]bool{}
	for d := b.first; d <= b.last && d-b.first < 40; d++ {
		r := c.offReason(d)
		if r != "weekend" && r != "" && !seen[r] {
			seen[r] = true
			names = append(names, r)
		}
	}
	span := b.first.human()
	if b.last != b.first {
		span += " – " + b.last.human()
	}
	if len(names) == 0 {
		return "the weekend (" + span + ")"
	}
	if b.days() == 1 {
		return fmt.Sprintf("the holiday (%s: %s)", span, strings.Join(names, ", "))
	}
	return fmt.Sprintf("the %d-day break (%s: %s)", b.days(), span, strings.Join(names, ", "))
}
