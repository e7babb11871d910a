package reminders

import (
	"fmt"
	"strings"

	"github.com/mscase/mscase/calendar"
)

// The business calendar lives in package calendar; these names keep the
// reminders' configuration and decisions reading as before.
type (
	// Calendar is calendar.Calendar.
	Calendar = calendar.Calendar
	// CalendarSpec is calendar.Spec.
	CalendarSpec = calendar.Spec
	// Clock is calendar.Clock.
	Clock = calendar.Clock
	// Closure is a span of days off: calendar.Span.
	Closure = calendar.Span
)

// NewCalendar is calendar.New.
func NewCalendar(spec CalendarSpec) *Calendar { return calendar.New(spec) }

// ParseClock is calendar.ParseClock.
func ParseClock(s string) (Clock, error) { return calendar.ParseClock(s) }

// ParseClosure reads "2026-12-24" or a range "2026-12-28..2027-01-05".
func ParseClosure(s string) (Closure, error) {
	c, err := calendar.ParseSpan(s)
	c.Name = "closure"
	return c, err
}

// ParseWorkday reads an extra working day: a date or a range.
func ParseWorkday(s string) (calendar.Span, error) {
	c, err := calendar.ParseSpan(s)
	c.Name = "extra working day"
	return c, err
}

// HolidaysKnown reports whether public holidays of country are built in.
// For other countries the user lists them as closures.
func HolidaysKnown(country string) bool { return calendar.MustBundled().Known(country) }

// CountriesWithHolidays lists the countries whose public holidays are built
// in, sorted.
func CountriesWithHolidays() []string { return calendar.MustBundled().Countries() }

// NoCalendarWarning is the warning for a country without built-in public
// holidays.
func NoCalendarWarning(country string) string {
	why := calendar.MustBundled().NoCalendar(country)
	if why == "" {
		why = "no holiday source has it"
	}
	return fmt.Sprintf("public holidays of %s are not built in (%s): mscase counts only weekends there; list its holidays as closures under [countries.%s]",
		country, why, country)
}

// brk is a run of non-working days and how a nudge names it.
type brk struct {
	first, last calendar.Day // non-working days, both included
	about       string
	facts       *Break
}

func (b brk) days() int { return int(b.last-b.first) + 1 }

func breakAfter(c *Calendar, d calendar.Day) (brk, bool) {
	b, ok := c.BreakAfter(d)
	if !ok {
		return brk{}, false
	}
	return brk{first: b.First, last: b.Last, about: describe(c, b), facts: breakFacts(c, b)}, true
}

func breakBefore(c *Calendar, d calendar.Day) (brk, bool) {
	b, ok := c.BreakBefore(d)
	if !ok {
		return brk{}, false
	}
	return brk{first: b.First, last: b.Last, about: describe(c, b), facts: breakFacts(c, b)}, true
}

// describe names a break: "the weekend (…)", "the holiday (…)" or "the
// 5-day break (Sat 1 May – Wed 5 May: Constitution Memorial Day, …)".
func describe(c *Calendar, b calendar.Break) string {
	var names []string
	seen := map[string]bool{}
	add := func(n string) {
		if n != "" && !seen[n] {
			seen[n] = true
			names = append(names, n)
		}
	}
	for d := b.First; d <= b.Last && d-b.First < 40; d++ {
		r := c.Reason(d)
		switch r.Why {
		case calendar.PublicHoliday:
			for _, h := range r.Holidays {
				add(h.Name)
			}
		case calendar.Closure:
			add(r.Name)
		case calendar.YearEnd:
			add("year-end closure")
		}
	}
	span := b.First.Human()
	if b.Last != b.First {
		span += " – " + b.Last.Human()
	}
	if len(names) == 0 {
		return "the weekend (" + span + ")"
	}
	if b.Days() == 1 {
		return fmt.Sprintf("the holiday (%s: %s)", span, strings.Join(names, ", "))
	}
	return fmt.Sprintf("the %d-day break (%s: %s)", b.Days(), span, strings.Join(names, ", "))
}
