package main

import (
	"time"

	"github.com/mscase/mscase/calendar"
)

// rfc3339 appends times in one location as RFC 3339, byte for byte what
// t.In(loc).AppendFormat(b, time.RFC3339) gives, for the piped list's
// two or three times a row. It keeps the span of Unix seconds over which
// the location's UTC offset stays the same (from one DST change to the
// next; for most zones, decades) and works the date out from the day
// number, so most times need no zone lookup.
type rfc3339 struct {
	loc      *time.Location
	from, to int64 // [from, to): Unix seconds with offset off
	off      int64
	suffix   []byte // "Z" or "+09:00"
	// The date text of the last days formatted, by day number modulo 4:
	// cases come in number order, and a row's times (stage since, last
	// touched, a promised callback) fall on a few neighbouring days.
	dates [4]struct {
		day  int64 // -1 << 62: none
		text [11]byte
	}
}

func newRFC3339(loc *time.Location) *rfc3339 {
	c := &rfc3339{loc: loc, from: 1, to: 0}
	for i := range c.dates {
		c.dates[i].day = -1 << 62
	}
	return c
}

func (c *rfc3339) append(b []byte, t time.Time) []byte {
	sec := t.Unix()
	if sec < c.from || sec >= c.to {
		c.fill(t)
	}
	wall := sec + c.off
	days, s := wall/86400, wall%86400
	if s < 0 {
		days, s = days-1, s+86400
	}
	e := &c.dates[days&3]
	if e.day != days {
		y, m, d := civil(days)
		if y < 1 || y > 9999 {
			return t.In(c.loc).AppendFormat(b, time.RFC3339)
		}
		date := append2(append2(e.text[:0], y/100), y%100)
		date = append(date, '-')
		date = append2(date, m)
		date = append(date, '-')
		date = append2(date, d)
		_ = append(date, 'T')
		e.day = days
	}
	b = append(b, e.text[:]...)
	b = append2(b, s/3600)
	b = append(b, ':')
	b = append2(b, s/60%60)
	b = append(b, ':')
	b = append2(b, s%60)
	return append(b, c.suffix...)
}

// fill sets the span of t's offset.
func (c *rfc3339) fill(t time.Time) {
	z := calendar.SpanAt(c.loc, t.Unix())
	c.from, c.to, c.off = z.From, z.To, z.Off
	c.suffix = t.In(c.loc).AppendFormat(c.suffix[:0], "Z07:00")
}

// civil is the proleptic Gregorian date of a day counted from 1970-01-01
// (Howard Hinnant's days_from_civil, inverted).
func civil(days int64) (y, m, d int64) {
	z := days + 719468
	era := z
	if era < 0 {
		era -= 146096
	}
	era /= 146097
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	d = doy - (153*mp+2)/5 + 1
	m = mp + 3
	if mp >= 10 {
		m = mp - 9
	}
	y = yoe + era*400
	if m <= 2 {
		y++
	}
	return y, m, d
}

func append2(b []byte, v int64) []byte {
	return append(b, byte('0'+v/10), byte('0'+v%10))
}
