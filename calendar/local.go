package calendar

import (
	"math"
	"sync/atomic"
	"time"
)

// ZoneSpan is a run of time in which a zone keeps one UTC offset: inside
// it, local time is Unix time plus Off, with no zone lookup.
// Business-time arithmetic runs for every case of a list, and time.Time's
// In, Date and Hour each look the zone up; the list's time formatter uses
// spans too.
type ZoneSpan struct {
	From, To int64 // [From, To) in Unix seconds; the ends of time when the offset never changes
	Off      int64 // seconds east of UTC
}

// SpanAt is the span of loc that holds Unix second sec.
func SpanAt(loc *time.Location, sec int64) ZoneSpan {
	lt := time.Unix(sec, 0).In(loc)
	_, off := lt.Zone()
	z := ZoneSpan{From: math.MinInt64, To: math.MaxInt64, Off: int64(off)}
	start, end := lt.ZoneBounds()
	if !start.IsZero() {
		z.From = start.Unix()
	}
	if !end.IsZero() {
		z.To = end.Unix()
	}
	return z
}

// Holds reports whether Unix second sec lies in z.
func (z *ZoneSpan) Holds(sec int64) bool { return sec >= z.From && sec < z.To }

// zoneCache holds the span looked up last; it is read without locking.
type zoneCache struct{ p atomic.Pointer[ZoneSpan] }

// span returns the span holding Unix second sec, looking it up when the
// cached one does not.
func (zc *zoneCache) span(loc *time.Location, sec int64) *ZoneSpan {
	if z := zc.p.Load(); z != nil && z.Holds(sec) {
		return z
	}
	z := SpanAt(loc, sec)
	zc.p.Store(&z)
	return &z
}

// local is the day of t in the calendar's zone and the seconds since that
// day's midnight (wall clock), as t.In(c.Loc) would give them.
func (c *Calendar) local(t time.Time) (Day, int64) {
	sec := t.Unix()
	w := sec + c.zone.span(c.Loc, sec).Off
	d := w / 86400
	if w%86400 < 0 {
		d--
	}
	return Day(d), w - d*86400
}

// atSec is the instant of day d at s seconds after its midnight, wall
// clock, in the calendar's zone: time.Date's answer. Two days or more from
// an offset change, a wall time names exactly one instant, worked out from
// the cached offset; nearer one (where a wall time can be missing or come
// twice) time.Date decides.
func (c *Calendar) atSec(d Day, s int64) time.Time {
	w := int64(d)*86400 + s
	z := c.zone.p.Load()
	if z == nil || !z.clear(w-z.Off) {
		guess := w
		if z != nil {
			guess = w - z.Off
		}
		z = c.zone.span(c.Loc, guess)
	}
	if u := w - z.Off; z.clear(u) {
		return time.Unix(u, 0).In(c.Loc)
	}
	y, m, dd := d.Date()
	return time.Date(y, m, dd, 0, 0, int(s), 0, c.Loc)
}

// clearMargin is how far from an offset change atSec trusts the offset:
// no zone has moved by more than a day at once.
const clearMargin = 2 * 86400

// clear reports whether Unix second u is at least clearMargin inside z.
func (z *ZoneSpan) clear(u int64) bool {
	return u >= z.From+clearMargin && u < z.To-clearMargin
}
