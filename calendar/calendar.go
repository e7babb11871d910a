package calendar

import (
	"sync"
	"sync/atomic"
	"time"
)

// Spec says how to build a Calendar.
type Spec struct {
	Country        string // ISO code, "" for none
	Region         string // region code as the Registry spells it, "" for national holidays only
	Loc            *time.Location
	Open, Close    Clock
	Weekend        []time.Weekday
	Closures       []Span // the admin's days off
	Workdays       []Span // the admin's extra working days: they win over weekends and holidays, not over closures
	YearEndClosure bool   // 29 Dec to 3 Jan closed (Japanese companies)
	Holidays       *Registry
}

// Calendar is the business calendar of one country: its weekend, public
// holidays and make-up working days, the admin's closures and extra
// working days, working hours and time zone. It is safe for concurrent
// use; day lookups are cached.
type Calendar struct {
	Country string         // ISO code, "" when none is configured
	Region  string         // region whose holidays are added, "" for none
	Loc     *time.Location // the zone its nudge times and working hours are in
	Open    Clock          // working hours start
	Close   Clock          // working hours end

	reg      *Registry
	weekend  [7]bool
	closures []Span
	workdays []Span
	yearEnd  bool

	mu   sync.Mutex           // serialises fill and names
	days atomic.Pointer[span] // the cached days; read without locking
	zone zoneCache            // the zone's offset around the last time asked
	hols map[int][]Holiday    // holidays per year, for names
	work map[int][]Holiday    // make-up working days per year
}

// span is a cached run of days: which are off, and how many working days
// come before each, so business time between two instants costs O(1).
type span struct {
	lo  Day
	off []bool  // non-working days from lo on
	cum []int32 // cum[i]: working days in [lo, lo+i)
}

// New builds the calendar spec describes. Without working hours it works
// 09:00-18:00; without a zone, in UTC; without a registry, with the
// bundled one.
func New(spec Spec) *Calendar {
	c := &Calendar{Country: spec.Country, Region: spec.Region, Loc: spec.Loc, Open: spec.Open, Close: spec.Close,
		reg: spec.Holidays, closures: spec.Closures, workdays: spec.Workdays, yearEnd: spec.YearEndClosure,
		hols: map[int][]Holiday{}, work: map[int][]Holiday{}}
	if c.Loc == nil {
		c.Loc = time.UTC
	}
	if c.Close <= c.Open {
		c.Open, c.Close = 9*60, 18*60
	}
	if c.reg == nil {
		c.reg = MustBundled()
	}
	for _, d := range spec.Weekend {
		c.weekend[d] = true
	}
	return c
}

// HolidaysKnown reports whether the calendar includes the country's public
// holidays.
func (c *Calendar) HolidaysKnown() bool { return c.reg.Known(c.Country) }

// Source is where the calendar's public holidays come from ("law",
// "rickar/cal", "date-holidays"), "" when none are known.
func (c *Calendar) Source() string { return c.reg.Source(c.Country) }

// Registry is the holiday registry the calendar reads.
func (c *Calendar) Registry() *Registry { return c.reg }

// IsWorkday reports whether the date of t (in the calendar's zone) is a
// working day.
func (c *Calendar) IsWorkday(t time.Time) bool {
	d, _ := c.local(t)
	return c.Work(d)
}

// IsWorkdayOfWeek reports whether d is not a weekend day of the calendar
// (holidays aside).
func (c *Calendar) IsWorkdayOfWeek(d time.Weekday) bool { return !c.weekend[d] }

// Work reports whether d is a working day.
func (c *Calendar) Work(d Day) bool {
	sp := c.span(d)
	return !sp.off[d-sp.lo]
}

// WorkdaysBefore is the number of working days before d, counted from an
// arbitrary origin: differences between two days are what count.
func (c *Calendar) WorkdaysBefore(d Day) int {
	sp := c.span(d)
	return int(sp.cum[d-sp.lo])
}

// span returns cached days that include d, extending them when needed.
func (c *Calendar) span(d Day) *span {
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

// yearHolidays is the country's holidays of year y, cached; c.mu is held.
func (c *Calendar) yearHolidays(y int) []Holiday {
	h, ok := c.hols[y]
	if !ok {
		h = c.reg.Holidays(c.Country, c.Region, y)
		c.hols[y] = h
		c.work[y] = c.reg.Workdays(c.Country, c.Region, y)
	}
	return h
}

// fill builds the days of whole years around d and around the old span;
// c.mu is held.
func (c *Calendar) fill(d Day, old *span) *span {
	y := d.Year()
	first, last := y-1, y+1
	if old != nil {
		first, last = min(first, old.lo.Year()), max(last, (old.lo+Day(len(old.off))-1).Year())
	}
	lo, hi := DateOf(first, 1, 1), DateOf(last+1, 1, 1)
	off := make([]bool, hi-lo)
	for dd := lo; dd < hi; dd++ {
		off[dd-lo] = c.weekend[dd.Weekday()]
	}
	set := func(dd Day, v bool) {
		if dd >= lo && dd < hi {
			off[dd-lo] = v
		}
	}
	for yy := first; yy <= last; yy++ {
		// Make-up working days first: a holiday on the same day wins.
		c.yearHolidays(yy)
		for _, w := range c.work[yy] {
			set(w.Day, false)
		}
		for _, h := range c.hols[yy] {
			set(h.Day, true)
		}
	}
	if c.yearEnd {
		for yy := first - 1; yy <= last; yy++ {
			for dd := DateOf(yy, 12, 29); dd <= DateOf(yy+1, 1, 3); dd++ {
				set(dd, true)
			}
		}
	}
	for _, w := range c.workdays {
		for dd := w.From; dd <= w.To; dd++ {
			set(dd, false)
		}
	}
	for _, cl := range c.closures {
		for dd := cl.From; dd <= cl.To; dd++ {
			set(dd, true)
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

// Why says what kind of day a day is.
type Why string

// Reasons a day is, or is not, a working day.
const (
	Working       Why = ""
	Weekend       Why = "weekend"
	PublicHoliday Why = "holiday"
	Closure       Why = "closure"
	YearEnd       Why = "year-end closure"
	MakeUpDay     Why = "make-up working day" // a weekend day the country works
	ExtraWorkday  Why = "extra working day"   // a day the admin works
)

// Reason is why day d is or is not a working day, with the holidays on it
// (there can be several) or the closure's name.
type Reason struct {
	Why      Why
	Holidays []Holiday
	Name     string // the closure's or extra working day's name, if any
}

// Reason explains day d. It is slower than Work and meant for explaining
// breaks and listing the calendar.
func (c *Calendar) Reason(d Day) Reason {
	for _, cl := range c.closures {
		if cl.Contains(d) {
			return Reason{Why: Closure, Name: cl.Name}
		}
	}
	for _, w := range c.workdays {
		if w.Contains(d) {
			return Reason{Why: ExtraWorkday, Name: w.Name}
		}
	}
	c.mu.Lock()
	hs := c.yearHolidays(d.Year())
	ws := c.work[d.Year()]
	c.mu.Unlock()
	var on []Holiday
	for _, h := range hs {
		if h.Day == d {
			on = append(on, h)
		}
	}
	if len(on) > 0 {
		return Reason{Why: PublicHoliday, Holidays: on}
	}
	_, m, dd := d.Date()
	if c.yearEnd && ((m == 12 && dd >= 29) || (m == 1 && dd <= 3)) {
		return Reason{Why: YearEnd}
	}
	for _, w := range ws {
		if w.Day == d {
			return Reason{Why: MakeUpDay, Holidays: []Holiday{w}}
		}
	}
	if c.weekend[d.Weekday()] {
		return Reason{Why: Weekend}
	}
	return Reason{}
}

// Holidays lists the public holidays of year y the calendar keeps.
func (c *Calendar) Holidays(y int) []Holiday {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]Holiday(nil), c.yearHolidays(y)...)
}

// MakeUpDays lists the weekend days of year y the country works.
func (c *Calendar) MakeUpDays(y int) []Holiday {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.yearHolidays(y)
	return append([]Holiday(nil), c.work[y]...)
}

// Closures are the admin's closures in the calendar.
func (c *Calendar) Closures() []Span { return c.closures }

// ExtraWorkdays are the admin's extra working days in the calendar.
func (c *Calendar) ExtraWorkdays() []Span { return c.workdays }

// At is the instant of clock k on day d in the calendar's zone.
func (c *Calendar) At(d Day, k Clock) time.Time { return c.atSec(d, int64(k)*60) }

// NextWork is the first working day after d (within ten years).
func (c *Calendar) NextWork(d Day) Day {
	for i := 0; i < 3660; i++ {
		d++
		if c.Work(d) {
			return d
		}
	}
	return d
}

// PrevWork is the last working day before d (within ten years).
func (c *Calendar) PrevWork(d Day) Day {
	for i := 0; i < 3660; i++ {
		d--
		if c.Work(d) {
			return d
		}
	}
	return d
}

// NextOpen is the first working moment at or after t: t itself inside
// working hours of a working day, else the start of the next working hours.
func (c *Calendar) NextOpen(t time.Time) time.Time {
	d, s := c.local(t)
	if c.Work(d) {
		k := Clock(s / 60)
		if k < c.Open {
			return c.At(d, c.Open)
		}
		if k < c.Close {
			return t
		}
	}
	return c.At(c.NextWork(d), c.Open)
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
		day, s := c.local(t)
		for i := 0; i < days; i++ {
			day = c.NextWork(day)
		}
		t = c.atSec(day, s).Add(time.Duration(t.Nanosecond()))
	}
	return c.AddHours(t, d%(24*time.Hour))
}

// AddHours adds d of working hours to t, a moment inside working hours,
// however many days that takes.
func (c *Calendar) AddHours(t time.Time, d time.Duration) time.Time {
	day, _ := c.local(t)
	for d > 0 {
		left := c.At(day, c.Close).Sub(t)
		if d <= left {
			return t.Add(d)
		}
		d -= left
		day = c.NextWork(day)
		t = c.At(day, c.Open)
	}
	return t
}

// WorkingSince is the working time from a to b (a <= b): whole working
// days from the cached counts, plus the parts of the two days.
func (c *Calendar) WorkingSince(a, b time.Time) time.Duration {
	f := func(t time.Time) time.Duration {
		d, s := c.local(t)
		day := time.Duration(c.Close-c.Open) * time.Minute
		total := time.Duration(c.WorkdaysBefore(d)) * day
		if c.Work(d) {
			tod := time.Duration(s)*time.Second + time.Duration(t.Nanosecond())
			total += min(max(tod-time.Duration(c.Open)*time.Minute, 0), day)
		}
		return total
	}
	return f(b) - f(a)
}

// Break is a run of non-working days, First to Last, both included.
type Break struct {
	First, Last Day
}

// Days is the length of the break.
func (b Break) Days() int { return int(b.Last-b.First) + 1 }

// BreakAfter is the run of non-working days right after day d, if d+1 is
// not a working day.
func (c *Calendar) BreakAfter(d Day) (Break, bool) {
	if c.Work(d + 1) {
		return Break{}, false
	}
	return Break{First: d + 1, Last: c.NextWork(d) - 1}, true
}

// BreakBefore is the run of non-working days right before day d, if d-1 is
// not a working day.
func (c *Calendar) BreakBefore(d Day) (Break, bool) {
	if c.Work(d - 1) {
		return Break{}, false
	}
	return Break{First: c.PrevWork(d) + 1, Last: d - 1}, true
}
