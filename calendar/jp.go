package calendar

import (
	"math"
	"time"
)

// Japan's national holidays follow the Act on National Holidays (国民の祝日に
// 関する法律, Act No. 178 of 1948) and its amendments, computed here rather
// than listed, so that years no library has written down yet are right:
//
//   - the named holidays, with the dates the amendments gave them (Happy
//     Monday from 2000 and 2003, Showa Day from 2007, Mountain Day from 2016,
//     the Emperor's Birthday on 23 February from 2020, the Olympic moves of
//     2020 and 2021) and the one-off days the special acts declared;
//   - the equinox days by the usual approximation of the astronomical
//     equinox (the Cabinet Office announces each year's in February of the
//     year before; the formula has matched every announcement since 1980);
//   - the substitute holiday (振替休日, article 3.2): from 12 April 1973 a
//     holiday on a Sunday moves to the next day that is not a holiday (until
//     2006 only to the Monday);
//   - the citizens' holiday (国民の休日, article 3.3): from 27 December 1985
//     a day between two national holidays is a holiday too (until 2006 not
//     when it is a Sunday or already a substitute holiday).
const jpSource = "law"

// JapanLaw is the law Japan's holidays are computed by, for `calendar
// source`.
const JapanLaw = "国民の祝日に関する法律 (Act on National Holidays, Act No. 178 of 1948, as amended), computed"

// jpNamed is one of the named national holidays (国民の祝日).
type jpNamed struct {
	ja, en string
	date   func(y int) (time.Month, int, bool)
}

func fixed(m time.Month, d, from, to int) func(int) (time.Month, int, bool) {
	return func(y int) (time.Month, int, bool) { return m, d, y >= from && y <= to }
}

// nthMonday is the day of the month of the nth Monday of month m in year y.
func nthMonday(y int, m time.Month, n int) int {
	first := DateOf(y, m, 1).Weekday()
	return 1 + (int(time.Monday)-int(first)+7)%7 + 7*(n-1)
}

func happyMonday(m time.Month, n, from, to int) func(int) (time.Month, int, bool) {
	return func(y int) (time.Month, int, bool) { return m, nthMonday(y, m, n), y >= from && y <= to }
}

// vernalEquinox and autumnalEquinox are the day in March and September of
// the equinox in Japan, valid 1900-2099.
func vernalEquinox(y int) int {
	if y < 1980 {
		return int(math.Floor(20.8357+0.242194*float64(y-1980))) - (y-1983)/4
	}
	return int(math.Floor(20.8431+0.242194*float64(y-1980))) - (y-1980)/4
}

func autumnalEquinox(y int) int {
	if y < 1980 {
		return int(math.Floor(23.2588+0.242194*float64(y-1980))) - (y-1983)/4
	}
	return int(math.Floor(23.2488+0.242194*float64(y-1980))) - (y-1980)/4
}

var jpNamedHolidays = []jpNamed{
	{"元日", "New Year's Day", fixed(time.January, 1, 1949, 9999)},
	{"成人の日", "Coming of Age Day", fixed(time.January, 15, 1949, 1999)},
	{"成人の日", "Coming of Age Day", happyMonday(time.January, 2, 2000, 9999)},
	{"建国記念の日", "National Foundation Day", fixed(time.February, 11, 1967, 9999)},
	{"天皇誕生日", "The Emperor's Birthday", fixed(time.February, 23, 2020, 9999)},
	{"春分の日", "Vernal Equinox Day", func(y int) (time.Month, int, bool) { return time.March, vernalEquinox(y), y >= 1949 }},
	{"天皇誕生日", "The Emperor's Birthday", fixed(time.April, 29, 1949, 1988)},
	{"みどりの日", "Greenery Day", fixed(time.April, 29, 1989, 2006)},
	{"昭和の日", "Showa Day", fixed(time.April, 29, 2007, 9999)},
	{"憲法記念日", "Constitution Memorial Day", fixed(time.May, 3, 1949, 9999)},
	{"みどりの日", "Greenery Day", fixed(time.May, 4, 2007, 9999)},
	{"こどもの日", "Children's Day", fixed(time.May, 5, 1949, 9999)},
	{"海の日", "Marine Day", fixed(time.July, 20, 1996, 2002)},
	{"海の日", "Marine Day", func(y int) (time.Month, int, bool) {
		switch y {
		case 2020:
			return time.July, 23, true
		case 2021:
			return time.July, 22, true
		}
		return time.July, nthMonday(y, time.July, 3), y >= 2003
	}},
	{"山の日", "Mountain Day", func(y int) (time.Month, int, bool) {
		switch y {
		case 2020:
			return time.August, 10, true
		case 2021:
			return time.August, 8, true
		}
		return time.August, 11, y >= 2016
	}},
	{"敬老の日", "Respect for the Aged Day", fixed(time.September, 15, 1966, 2002)},
	{"敬老の日", "Respect for the Aged Day", happyMonday(time.September, 3, 2003, 9999)},
	{"秋分の日", "Autumnal Equinox Day", func(y int) (time.Month, int, bool) { return time.September, autumnalEquinox(y), y >= 1948 }},
	{"体育の日", "Health and Sports Day", fixed(time.October, 10, 1966, 1999)},
	{"体育の日", "Health and Sports Day", happyMonday(time.October, 2, 2000, 2019)},
	{"スポーツの日", "Sports Day", func(y int) (time.Month, int, bool) {
		switch y {
		case 2020:
			return time.July, 24, true
		case 2021:
			return time.July, 23, true
		}
		return time.October, nthMonday(y, time.October, 2), y >= 2022
	}},
	{"文化の日", "Culture Day", fixed(time.November, 3, 1948, 9999)},
	{"勤労感謝の日", "Labor Thanksgiving Day", fixed(time.November, 23, 1948, 9999)},
	{"天皇誕生日", "The Emperor's Birthday", fixed(time.December, 23, 1989, 2018)},
	// One-off holidays declared by special acts.
	{"皇太子明仁親王の結婚の儀", "Wedding of Crown Prince Akihito", fixed(time.April, 10, 1959, 1959)},
	{"大喪の礼", "Funeral of Emperor Showa", fixed(time.February, 24, 1989, 1989)},
	{"即位礼正殿の儀", "Enthronement Ceremony of Emperor Akihito", fixed(time.November, 12, 1990, 1990)},
	{"結婚の儀", "Wedding of Crown Prince Naruhito", fixed(time.June, 9, 1993, 1993)},
	{"天皇の即位の日", "Enthronement of Emperor Naruhito", fixed(time.May, 1, 2019, 2019)},
	{"即位礼正殿の儀", "Enthronement Ceremony of Emperor Naruhito", fixed(time.October, 22, 2019, 2019)},
}

// Japanese names of the computed holidays.
const (
	jaSubstitute = "振替休日"
	jaCitizens   = "国民の休日"
)

// japan lists Japan's national holidays of year y, in date order: the
// named ones, substitute holidays and citizens' holidays.
func japan(y int) []Holiday {
	named := map[Day]jpNamed{}
	for _, h := range jpNamedHolidays {
		if m, d, ok := h.date(y); ok {
			named[DateOf(y, m, d)] = h
		}
	}
	// The rules look one day across the year's edges: a holiday on 31
	// December (none so far) would move a substitute into January.
	isNamed := func(d Day) bool { _, ok := named[d]; return ok }
	out := map[Day]Holiday{}
	for d, h := range named {
		out[d] = Holiday{Day: d, Name: h.en, Local: h.ja, Kind: KindNamed}
	}
	substitute := map[Day]bool{}
	if y >= 1973 {
		for d, h := range named {
			if d.Weekday() != time.Sunday || d < DateOf(1973, time.April, 12) {
				continue
			}
			s := d + 1
			if y >= 2007 {
				for isNamed(s) {
					s++
				}
			} else if isNamed(s) {
				continue
			}
			// Named after the holiday it stands in for: the one on
			// the Sunday.
			substitute[s] = true
			out[s] = Holiday{Day: s, Name: "Substitute holiday for " + h.en, Local: h.ja + " " + jaSubstitute, Kind: KindSubstitute, Of: h.en}
		}
	}
	if y >= 1986 {
		for d := range named {
			c := d + 1
			if !isNamed(c+1) || isNamed(c) || c.Year() != y {
				continue
			}
			if y < 2007 && (c.Weekday() == time.Sunday || substitute[c]) {
				continue
			}
			out[c] = Holiday{Day: c, Name: "Citizens' holiday", Local: jaCitizens, Kind: KindCitizens}
		}
	}
	list := make([]Holiday, 0, len(out))
	for _, h := range out {
		if h.Day.Year() == y {
			h.Source = jpSource
			list = append(list, h)
		}
	}
	sortHolidays(list)
	return list
}
