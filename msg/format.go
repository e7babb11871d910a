package msg

import (
	"fmt"
	"time"
)

var jaWeekday = [...]string{"日", "月", "火", "水", "木", "金", "土"}

// Weekday is the short name of a weekday: "Wed", "水".
func (p *Printer) Weekday(d time.Weekday) string {
	if p.JA() {
		return jaWeekday[d]
	}
	return d.String()[:3]
}

// Date is a day with its weekday: "Wed 28 Apr 2027", "2027年4月28日(水)".
func (p *Printer) Date(t time.Time) string {
	if p.JA() {
		return fmt.Sprintf("%d年%d月%d日(%s)", t.Year(), int(t.Month()), t.Day(), jaWeekday[t.Weekday()])
	}
	return t.Format("Mon 2 Jan 2006")
}

// DateTime is a day and a time of day: "Wed 28 Apr 2027 15:00",
// "2027年4月28日(水) 15:00".
func (p *Printer) DateTime(t time.Time) string {
	return p.Date(t) + " " + t.Format("15:04")
}

// DateTimeZone is DateTime with the zone's abbreviation: "Wed 28 Apr
// 15:00 JST" is what a nudge read on a phone in another zone needs.
func (p *Printer) DateTimeZone(t time.Time) string {
	return p.DateTime(t) + " " + t.Format("MST")
}

// Clock is a time of day with the zone: "17:00 JST".
func (p *Printer) Clock(t time.Time) string { return t.Format("15:04 MST") }

// Rel writes t relative to now for people. Past: "5 minutes ago", "2 days
// ago" (2日前); future within a day: "in 3 hours" (3時間後) on the same
// day as "today 18:00" (今日 18:00); later: the weekday and time within a
// week, else the date.
func (p *Printer) Rel(t, now time.Time) string {
	d := now.Sub(t)
	if d >= 0 {
		switch {
		case d < time.Minute:
			return p.T("time.just_now")
		case d < time.Hour:
			return p.N("time.minutes_ago", int(d/time.Minute))
		case d < 24*time.Hour:
			return p.N("time.hours_ago", int(d/time.Hour))
		case d < 60*24*time.Hour:
			return p.N("time.days_ago", int(d/(24*time.Hour)))
		}
		if p.JA() {
			return fmt.Sprintf("%d年%d月%d日", t.Year(), int(t.Month()), t.Day())
		}
		return t.Format("2 Jan 2006")
	}
	ty, tm, td := t.Date()
	ny, nm, nd := now.Date()
	if p.JA() {
		switch {
		case ty == ny && tm == nm && td == nd:
			return "今日 " + t.Format("15:04")
		case -d < 24*time.Hour:
			return p.N("time.hours_later", int(-d/time.Hour)) + " " + t.Format("15:04")
		case -d < 6*24*time.Hour:
			return fmt.Sprintf("%d月%d日(%s) %s", int(tm), td, jaWeekday[t.Weekday()], t.Format("15:04"))
		}
		return p.DateTime(t)
	}
	switch {
	case ty == ny && tm == nm && td == nd:
		return "today " + t.Format("15:04")
	case -d < 6*24*time.Hour:
		return t.Format("Mon 15:04")
	case ty == ny:
		return t.Format("Mon 2 Jan 15:04")
	}
	return t.Format("Mon 2 Jan 2006 15:04")
}

// Duration writes a span compactly: "45m", "5h", "2d 3h" in English,
// "45分", "5時間", "1日4時間" in Japanese.
func (p *Printer) Duration(d time.Duration) string {
	if d < 0 {
		d = -d
	}
	u := [3]string{"d", "h", "m"}
	sep := " "
	if p.JA() {
		u, sep = [3]string{"日", "時間", "分"}, ""
	}
	switch {
	case d < time.Hour:
		return fmt.Sprintf("%d%s", d/time.Minute, u[2])
	case d < 24*time.Hour:
		return fmt.Sprintf("%d%s", d/time.Hour, u[1])
	}
	days, hours := d/(24*time.Hour), (d%(24*time.Hour))/time.Hour
	if hours == 0 {
		return fmt.Sprintf("%d%s", days, u[0])
	}
	return fmt.Sprintf("%d%s%s%d%s", days, u[0], sep, hours, u[1])
}
