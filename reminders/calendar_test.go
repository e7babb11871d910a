package reminders

import (
	"testing"
	"time"
)

func TestCalendarAdd(t *testing.T) {
	tests := []struct {
		name, cfg, country, from, d, want string
	}{
		{"two days from Friday 17:00 over a Monday holiday (JP)", "", "JP", "2027-01-08T17:00:00+09:00", "2d", "2027-01-13T17:00:00+09:00"},
		{"two days from Friday 17:00 over a Monday holiday (US)", "", "US", "2027-01-15T17:00:00-05:00", "2d", "2027-01-20T17:00:00-05:00"},
		{"two working hours from Friday 17:00 end on Monday", "", "JP", "2026-11-27T17:00:00+09:00", "2h", "2026-11-30T10:00:00+09:00"},
		{"hours that fit the day", "", "JP", "2026-11-25T10:00:00+09:00", "2h", "2026-11-25T12:00:00+09:00"},
		{"exactly to closing time", "", "JP", "2026-11-25T16:00:00+09:00", "2h", "2026-11-25T18:00:00+09:00"},
		{"a start on Saturday counts from Monday's opening", "", "JP", "2026-11-28T11:00:00+09:00", "1d", "2026-12-01T09:00:00+09:00"},
		{"a start after hours counts from the next opening", "", "JP", "2026-11-25T20:00:00+09:00", "1d", "2026-11-27T09:00:00+09:00"},
		{"days and hours", "", "JP", "2026-11-25T17:00:00+09:00", "1d2h", "2026-11-27T10:00:00+09:00"},
		{"over the year-end closure", "", "JP", "2026-12-28T12:00:00+09:00", "1d", "2027-01-04T12:00:00+09:00"},
		{"across the US DST change, local time kept", "", "US", "2027-03-12T10:00:00-05:00", "1d", "2027-03-15T10:00:00-04:00"},
		{"own working hours", `working_hours = "08:00-12:00"`, "JP", "2026-11-25T11:00:00+09:00", "2h", "2026-11-26T09:00:00+09:00"},
		{"own closure range", `closures = ["2026-11-26..2026-11-27"]`, "JP", "2026-11-25T10:00:00+09:00", "1d", "2026-11-30T10:00:00+09:00"},
		{"country closures only for that country", "[countries.JP]\nclosures = [\"2026-11-26\"]", "US", "2026-11-24T10:00:00-05:00", "1d", "2026-11-25T10:00:00-05:00"},
		{"another weekend", `weekend = ["fri", "sat"]`, "JP", "2026-11-26T10:00:00+09:00", "1d", "2026-11-29T10:00:00+09:00"},
		{"a country without a calendar has only weekends", "", "KW", "2026-11-27T10:00:00+03:00", "1d", "2026-11-30T10:00:00+03:00"},
		{"the generated table's holidays (Portugal Day, Thursday)", "", "PT", "2027-06-09T10:00:00+01:00", "1d", "2027-06-11T10:00:00+01:00"},
		{"China's make-up working day (Saturday 14 Feb 2026) counts", "", "CN", "2026-02-13T10:00:00+08:00", "1d", "2026-02-14T10:00:00+08:00"},
		{"China's announced Spring Festival break (15-23 Feb 2026)", "", "CN", "2026-02-14T10:00:00+08:00", "1d", "2026-02-24T10:00:00+08:00"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := policy(t, tc.cfg)
			d, err := ParseLimit(tc.d)
			if err != nil {
				t.Fatal(err)
			}
			got := p.Calendar(tc.country).Add(at(t, tc.from), d)
			if got.Format(time.RFC3339) != tc.want {
				t.Fatalf("Add(%s, %s) = %s, want %s", tc.from, tc.d, got.Format(time.RFC3339), tc.want)
			}
		})
	}
}

func TestCalendarZones(t *testing.T) {
	p := policy(t, "country = \"DE\"\n[countries.US]\ntime_zone = \"America/Los_Angeles\"\n")
	for country, want := range map[string]string{"JP": "Asia/Tokyo", "US": "America/Los_Angeles", "": "Europe/Berlin", "DE": "Europe/Berlin", "GB": "Europe/London", "AU": "Australia/Sydney", "XK": "UTC"} {
		if got := p.Calendar(country).Loc.String(); got != want {
			t.Errorf("zone of %q = %s, want %s", country, got, want)
		}
	}
	if p.Calendar("JP") != p.Calendar("JP") {
		t.Error("calendar not shared between cases of one country")
	}
	for _, c := range []string{"JP", "US", "GB", "DE", "FR", "AU", "CA"} {
		if !HolidaysKnown(c) {
			t.Errorf("holidays of %s not built in", c)
		}
	}
	if HolidaysKnown("KW") {
		t.Error("KW should be reported as unknown")
	}
}

func TestCalendarWorkdays(t *testing.T) {
	p := policy(t, "")
	jp, us, gb := p.Calendar("JP"), p.Calendar("US"), p.Calendar("GB")
	tests := []struct {
		cal  *Calendar
		day  string
		work bool
	}{
		{jp, "2026-11-23T12:00:00+09:00", false}, // Labor Thanksgiving Day
		{jp, "2026-11-24T12:00:00+09:00", true},
		{jp, "2026-12-29T12:00:00+09:00", false}, // year-end closure
		{jp, "2027-01-04T12:00:00+09:00", true},
		{jp, "2027-05-04T12:00:00+09:00", false}, // Greenery Day
		{jp, "2037-09-22T12:00:00+09:00", false}, // citizens' holiday, past rickar/cal's 2032
		{jp, "2037-09-24T12:00:00+09:00", true},
		{us, "2026-11-26T12:00:00-05:00", false}, // Thanksgiving
		{us, "2026-12-29T12:00:00-05:00", true},  // no year-end closure outside Japan
		{gb, "2026-12-28T12:00:00Z", false},      // Boxing Day observed
	}
	for _, tc := range tests {
		if got := tc.cal.IsWorkday(at(t, tc.day)); got != tc.work {
			t.Errorf("%s %s workday = %v, want %v", tc.cal.Country, tc.day, got, tc.work)
		}
	}
}

// TestRepeatMatchesWalking checks the counted stall repeats against walking
// every repeat, for many starts and instants across weekends, holidays, the
// year end and a DST change.
func TestRepeatMatchesWalking(t *testing.T) {
	p := policy(t, "")
	base := at(t, "2026-12-20T07:13:00Z")
	for _, country := range []string{"JP", "US", "GB"} {
		c := p.Calendar(country)
		for _, lim := range []string{"2h", "90m", "7h", "1d", "2d", "3d", "1d4h"} {
			d, _ := ParseLimit(lim)
			for i := 0; i < 300; i++ {
				from := base.Add(time.Duration(i*i*7919%(90*24*60)) * time.Minute)
				now := from.Add(time.Duration(i*104729%(40*24*60)) * time.Minute)
				first := c.Add(from, d)
				if first.After(now) {
					continue
				}
				want, wk := first, 1
				for {
					next := c.Add(want, d)
					if next.After(now) {
						break
					}
					want, wk = next, wk+1
				}
				got, gk := repeat(c, first, d, now)
				if !got.Equal(want) || gk != wk {
					t.Fatalf("%s %s from %s now %s: repeat = %s (#%d), walking = %s (#%d)", country, lim, from, now, got, gk, want, wk)
				}
			}
		}
	}
}
