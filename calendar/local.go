package calendar

import (
	"math"
	"sync/atomic"
	"time"
)

// zoneSpan is a run of time in which the calendar's zone keeps one UTC
// offset: inside it, local time is Unix time plus off, with no zone
// lookup. Business-time arithmetic runs for every case of a list, and
// time.Time's In, Date and Hour each look the zone up.
type zoneSpan struct {
	from, to int64 // [from, to) in Unix seconds
	off      int64 // seconds east of UTC
}

// zoneCache holds the span looked up last; it is read without locking.
type zoneCache struct{ p atomic.Pointer[zoneSpan] }

// span returns the span holding Unix second sec, looking it up when the
// cached one does not.
func (zc *zoneCache) span(loc *time.Location, sec int64) *zoneSpan {
	if z := zc.p.Load(); z != nil && sec >= z.from && sec < z.to {
		return z
	}
	lt := time.Unix(sec, 0).In(loc)
	_, off := lt.Zone()
	z := &zoneSpan{from: math.MinInt64, to: math.MaxInt64, off: int64(off)}
	start, end := lt.ZoneBounds()
	if !start.IsZero() {
		z.from = start.Unix()
	}
	if !end.IsZero() {
		z.to = end.Unix()
	}
	zc.p.Store(z)
	return z
}

// local is the day of t in the calendar's zone and the seconds since that
// day's midnight (wall clock), as t.In(c.Loc) would give them.
func (c *Calendar) local(t time.Time) (Day, int64) {
	sec := t.Unix()
	w := sec + c.zone.span(c.Loc, sec).off
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
	if z == nil || !z.clear(w-z.off) {
		guess := w
		if z != nil {
			guess = w - z.off
		}
		z = c.zone.span(c.Loc, guess)
	}
	if u := w - z.off; z.clear(u) {
		return time.Unix(u, 0).In(c.Loc)
	}
	y, m, dd := d.Date()
	return time.Date(y, m, dd, 0, 0, int(s), 0, c.Loc)
}

// clearMargin is how far from an offset change atSec trusts the offset:
// no zone has moved by more than a day at once.
const clearMargin = 2 * 86400

// clear reports whether Unix second u is at least clearMargin inside z.
func (z *zoneSpan) clear(u int64) bool {
	return u >= z.from+clearMargin && u < z.to-clearMargin
}
