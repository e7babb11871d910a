package calendar

import (
	"math/rand/v2"
	"testing"
	"time"
)

// The business-time arithmetic works local times out from a cached UTC
// offset instead of asking the time package each time. These tests hold
// it to what the time package says, around offset changes included.

// refAt, refNextOpen, refAddHours and refAdd are the arithmetic written
// with time.Date and Time.In only, as it was before the cache.
func refAt(c *Calendar, d Day, k Clock) time.Time {
	y, m, dd := d.Date()
	return time.Date(y, m, dd, int(k)/60, int(k)%60, 0, 0, c.Loc)
}

func refNextOpen(c *Calendar, t time.Time) time.Time {
	lt := t.In(c.Loc)
	d := DayOf(lt, c.Loc)
	if c.Work(d) {
		k := Clock(lt.Hour()*60 + lt.Minute())
		if k < c.Open {
			return refAt(c, d, c.Open)
		}
		if k < c.Close {
			return t
		}
	}
	return refAt(c, c.NextWork(d), c.Open)
}

func refAddHours(c *Calendar, t time.Time, d time.Duration) time.Time {
	day := DayOf(t, c.Loc)
	for d > 0 {
		left := refAt(c, day, c.Close).Sub(t)
		if d <= left {
			return t.Add(d)
		}
		d -= left
		day = c.NextWork(day)
		t = refAt(c, day, c.Open)
	}
	return t
}

func refAdd(c *Calendar, from time.Time, d time.Duration) time.Time {
	if d <= 0 {
		return from
	}
	t := refNextOpen(c, from).In(c.Loc)
	if days := int(d / (24 * time.Hour)); days > 0 {
		day := DayOf(t, c.Loc)
		for i := 0; i < days; i++ {
			day = c.NextWork(day)
		}
		y, m, dd := day.Date()
		t = time.Date(y, m, dd, t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), c.Loc)
	}
	return refAddHours(c, t, d%(24*time.Hour))
}

func TestLocalArithmeticMatchesTimePackage(t *testing.T) {
	zones := []string{"UTC", "Asia/Tokyo", "America/New_York", "Europe/London", "Europe/Berlin",
		"Australia/Lord_Howe", "America/Sao_Paulo", "Pacific/Apia", "Asia/Kolkata", "America/St_Johns"}
	// Working hours that straddle the small hours, where offsets change.
	hours := [][2]Clock{{9 * 60, 18 * 60}, {0, 24 * 60}, {60, 4 * 60}, {8*60 + 30, 17*60 + 45}}
	limits := []time.Duration{0, 30 * time.Minute, 2 * time.Hour, 9 * time.Hour, 24 * time.Hour, 36 * time.Hour, 5 * 24 * time.Hour}
	r := rand.New(rand.NewPCG(1, 2))
	for _, zn := range zones {
		loc, err := time.LoadLocation(zn)
		if err != nil {
			t.Fatal(err)
		}
		for _, h := range hours {
			c := New(Spec{Country: "US", Loc: loc, Open: h[0], Close: h[1], Weekend: []time.Weekday{time.Saturday, time.Sunday}})
			// Random instants from 2009 to 2031 (Samoa skipped a day in
			// 2011), and instants every 20 minutes around each offset
			// change of 2026 and 2027.
			var ts []time.Time
			for range 400 {
				ts = append(ts, time.Unix(1230768000+r.Int64N(700_000_000), r.Int64N(1e9)))
			}
			for z := time.Date(2026, 1, 1, 0, 0, 0, 0, loc); z.Year() < 2028; {
				_, end := z.ZoneBounds()
				if end.IsZero() {
					break
				}
				for m := -36 * 3; m <= 36*3; m++ {
					ts = append(ts, end.Add(time.Duration(m)*20*time.Minute))
				}
				z = end
			}
			for _, tt := range ts {
				d, s := c.local(tt)
				lt := tt.In(loc)
				if d != DayOf(tt, loc) || s != int64(lt.Hour()*3600+lt.Minute()*60+lt.Second()) {
					t.Fatalf("%s: local(%v) = %v %d", zn, tt, d, s)
				}
				if got, want := c.NextOpen(tt), refNextOpen(c, tt); !got.Equal(want) || got.Location() != want.Location() {
					t.Fatalf("%s %v: NextOpen(%v) = %v, want %v", zn, h, tt, got, want)
				}
				for _, k := range []Clock{0, h[0], h[1], 150} {
					if got, want := c.At(d, k), refAt(c, d, k); got != want {
						t.Fatalf("%s: At(%v, %d) = %v, want %v", zn, d, k, got, want)
					}
				}
				for _, lim := range limits {
					if got, want := c.Add(tt, lim), refAdd(c, tt, lim); got != want {
						t.Fatalf("%s %v: Add(%v, %v) = %v, want %v", zn, h, tt, lim, got, want)
					}
				}
			}
		}
	}
}
