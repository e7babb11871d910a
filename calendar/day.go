package calendar

import (
	"fmt"
	"strings"
	"time"
)

// Day is a date without a zone, as a day number since 1970-01-01.
type Day int

// DateOf is the Day of a calendar date; out-of-range months and days
// normalise as in time.Date.
func DateOf(y int, m time.Month, d int) Day {
	if m < 1 || m > 12 || d < 1 || d > 28 {
		if m < 1 || m > 12 || d < 1 || d > daysIn(y, m) {
			return Day(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400)
		}
	}
	// Days from civil (H. Hinnant's algorithm): the holiday table holds
	// tens of thousands of dates, and time.Date is slow for that.
	if m <= 2 {
		y--
	}
	era := y
	if era < 0 {
		era -= 399
	}
	era /= 400
	yoe := y - era*400
	mp := (int(m) + 9) % 12
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return Day(era*146097 + doe - 719468)
}

func daysIn(y int, m time.Month) int {
	return time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// DayOf is the date of instant t in loc.
func DayOf(t time.Time, loc *time.Location) Day {
	y, m, d := t.In(loc).Date()
	return DateOf(y, m, d)
}

// ParseDay reads "2006-01-02".
func ParseDay(s string) (Day, error) {
	t, err := time.Parse("2006-01-02", strings.TrimSpace(s))
	if err != nil {
		return 0, fmt.Errorf("%q: expected a date like 2026-12-24", s)
	}
	return DateOf(t.Date()), nil
}

// Date is the year, month and day of d.
func (d Day) Date() (int, time.Month, int) { return time.Unix(int64(d)*86400, 0).UTC().Date() }

// Year is the year of d.
func (d Day) Year() int { y, _, _ := d.Date(); return y }

// Weekday is the day of the week of d.
func (d Day) Weekday() time.Weekday { return time.Weekday((int(d)%7 + 7 + 4) % 7) }

// String writes d as 2006-01-02.
func (d Day) String() string {
	y, m, dd := d.Date()
	return fmt.Sprintf("%04d-%02d-%02d", y, m, dd)
}

// Human writes the date for a person: "Fri 27 Nov".
func (d Day) Human() string {
	return time.Unix(int64(d)*86400, 0).UTC().Format("Mon 2 Jan")
}

// In is 00:00 of d in loc.
func (d Day) In(loc *time.Location) time.Time {
	y, m, dd := d.Date()
	return time.Date(y, m, dd, 0, 0, 0, 0, loc)
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

// Span is a run of whole days, From to To, both included: a closure (the
// admin does not work) or an extra working day (the admin works on a day
// that would be off).
type Span struct {
	From, To Day
	Name     string
}

// Contains reports whether d is in the span.
func (s Span) Contains(d Day) bool { return d >= s.From && d <= s.To }

// ParseSpan reads "2026-12-24" or a range "2026-12-28..2027-01-05".
func ParseSpan(s string) (Span, error) {
	bad := fmt.Errorf("%q: expected a date like 2026-12-24 or a range like 2026-12-28..2027-01-05", s)
	from, to, isRange := strings.Cut(strings.TrimSpace(s), "..")
	f, err := ParseDay(from)
	if err != nil {
		return Span{}, bad
	}
	t := f
	if isRange {
		if t, err = ParseDay(to); err != nil {
			return Span{}, bad
		}
	}
	if t < f {
		return Span{}, fmt.Errorf("%q: the range ends before it starts", s)
	}
	if t-f > 366 {
		return Span{}, fmt.Errorf("%q: a span of more than a year is not a closure or a working day", s)
	}
	return Span{From: f, To: t}, nil
}
