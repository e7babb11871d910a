package calendar

import (
	"sort"
	"sync"
	"time"

	"github.com/rickar/cal/v2"
	"github.com/rickar/cal/v2/ar"
	austria "github.com/rickar/cal/v2/at"
	"github.com/rickar/cal/v2/au"
	"github.com/rickar/cal/v2/be"
	"github.com/rickar/cal/v2/bg"
	"github.com/rickar/cal/v2/br"
	"github.com/rickar/cal/v2/ca"
	"github.com/rickar/cal/v2/ch"
	"github.com/rickar/cal/v2/cz"
	"github.com/rickar/cal/v2/de"
	"github.com/rickar/cal/v2/dk"
	"github.com/rickar/cal/v2/es"
	"github.com/rickar/cal/v2/fr"
	"github.com/rickar/cal/v2/gb"
	"github.com/rickar/cal/v2/gr"
	"github.com/rickar/cal/v2/hr"
	"github.com/rickar/cal/v2/ie"
	"github.com/rickar/cal/v2/it"
	"github.com/rickar/cal/v2/lt"
	"github.com/rickar/cal/v2/lv"
	"github.com/rickar/cal/v2/mw"
	"github.com/rickar/cal/v2/nl"
	"github.com/rickar/cal/v2/no"
	"github.com/rickar/cal/v2/nz"
	"github.com/rickar/cal/v2/pl"
	"github.com/rickar/cal/v2/ro"
	"github.com/rickar/cal/v2/ru"
	"github.com/rickar/cal/v2/se"
	"github.com/rickar/cal/v2/si"
	"github.com/rickar/cal/v2/sk"
	"github.com/rickar/cal/v2/ua"
	"github.com/rickar/cal/v2/us"
	"github.com/rickar/cal/v2/za"
)

// Kind says what sort of day off a holiday is.
type Kind string

// Kinds of Holiday.
const (
	KindNamed      Kind = "named"      // a holiday of its own
	KindObserved   Kind = "observed"   // a holiday moved off a weekend
	KindSubstitute Kind = "substitute" // Japan's 振替休日
	KindCitizens   Kind = "citizens"   // Japan's 国民の休日
)

// Holiday is one public holiday on one day.
type Holiday struct {
	Day    Day
	Name   string // English name ("Substitute holiday for Children's Day")
	Local  string // name in the country's language, "" when the source has none
	Kind   Kind
	Of     string // for observed and substitute days: the English name of the holiday moved
	Region string // "" for a national holiday, else the region's code ("NSW")
	Source string // the dataset: "law", "rickar/cal" or "date-holidays"
}

func sortHolidays(hs []Holiday) {
	sort.SliceStable(hs, func(i, j int) bool {
		if hs[i].Day != hs[j].Day {
			return hs[i].Day < hs[j].Day
		}
		return hs[i].Region < hs[j].Region
	})
}

// rickar is github.com/rickar/cal's national and regional lists, for the
// countries it has. Japan is left out: its holidays are computed by the
// law (rickar/cal hard-codes the citizens' holiday up to 2032 only).
type rickarCountry struct {
	national []*cal.Holiday
	regions  map[string][]*cal.Holiday
}

// rickarCountries is worked out on first use, not at every start: the
// Australian national list takes a walk over every state's holidays.
var rickarCountries = sync.OnceValue(func() map[string]rickarCountry {
	m := rickarTable()
	australiaNational(m)
	// Countries rickar/cal has out of date: the law changed after its
	// last release and the generated table follows the change (see
	// testdata/crosscheck.tsv for each day).
	for cc := range tableFirst {
		delete(m, cc)
	}
	return m
})

func rickarTable() map[string]rickarCountry {
	return map[string]rickarCountry{
		"AR": {national: ar.Holidays}, "AT": {national: austria.Holidays}, "BE": {national: be.Holidays},
		"BG": {national: bg.Holidays}, "BR": {national: br.Holidays}, "CA": {national: ca.Holidays},
		"CZ": {national: cz.Holidays}, "DK": {national: dk.Holidays}, "ES": {national: es.Holidays},
		"FR": {national: fr.Holidays}, "GB": {national: gb.Holidays}, "GR": {national: gr.Holidays},
		"HR": {national: hr.Holidays}, "IE": {national: ie.Holidays}, "IT": {national: it.Holidays},
		"LT": {national: lt.Holidays}, "LV": {national: lv.Holidays}, "MW": {national: mw.Holidays},
		"NL": {national: nl.Holidays}, "NO": {national: no.Holidays}, "NZ": {national: nz.Holidays},
		"PL": {national: pl.Holidays}, "RO": {national: ro.Holidays}, "RU": {national: ru.Holidays},
		"SE": {national: se.Holidays}, "SI": {national: si.Holidays}, "SK": {national: sk.Holidays},
		"UA": {national: ua.Holidays}, "US": {national: us.Holidays}, "ZA": {national: za.Holidays},
		"AU": {regions: map[string][]*cal.Holiday{
			"ACT": au.HolidaysACT, "NSW": au.HolidaysNSW, "NT": au.HolidaysNT, "QLD": au.HolidaysQLD,
			"SA": au.HolidaysSA, "TAS": au.HolidaysTAS, "VIC": au.HolidaysVIC, "WA": au.HolidaysWA}},
		"DE": {national: de.Holidays, regions: map[string][]*cal.Holiday{
			"BW": de.HolidaysBW, "BY": de.HolidaysBY, "BE": de.HolidaysBE, "BB": de.HolidaysBB,
			"HB": de.HolidaysHB, "HH": de.HolidaysHH, "HE": de.HolidaysHE, "MV": de.HolidaysMV,
			"NI": de.HolidaysNI, "NW": de.HolidaysNW, "RP": de.HolidaysRP, "SL": de.HolidaysSL,
			"SN": de.HolidaysSN, "ST": de.HolidaysST, "SH": de.HolidaysSH, "TH": de.HolidaysTH}},
		"CH": {national: ch.Holidays, regions: map[string][]*cal.Holiday{
			"ZH": ch.HolidaysZH, "BE": ch.HolidaysBE, "LU": ch.HolidaysLU, "UR": ch.HolidaysUR,
			"SZ": ch.HolidaysSZ, "OW": ch.HolidaysOW, "NW": ch.HolidaysNW, "GL": ch.HolidaysGL,
			"ZG": ch.HolidaysZG, "FR": ch.HolidaysFR, "SO": ch.HolidaysSO, "BS": ch.HolidaysBS,
			"BL": ch.HolidaysBL, "SH": ch.HolidaysSH, "AR": ch.HolidaysAR, "AI": ch.HolidaysAI,
			"SG": ch.HolidaysSG, "GR": ch.HolidaysGR, "AG": ch.HolidaysAG, "TG": ch.HolidaysTG,
			"VD": ch.HolidaysVD, "TI": ch.HolidaysTI, "VS": ch.HolidaysVS, "NE": ch.HolidaysNE,
			"GE": ch.HolidaysGE, "JU": ch.HolidaysJU}},
	}
}

// australiaNational sets Australia's national list: rickar/cal has none.
// The national holidays are the ones every state and territory keeps on
// the same day (ACT and WA keep Anzac Day under a rule of their own; the
// Queen's Birthday moves from state to state).
func australiaNational(m map[string]rickarCountry) {
	for _, cc := range []string{"AU"} {
		rc := m[cc]
		key := func(h *cal.Holiday) string {
			a, _ := h.Calc(2030)
			b, _ := h.Calc(2031)
			return h.Name + a.Format("0102") + b.Format("0102")
		}
		count := map[string]int{}
		for _, hs := range rc.regions {
			seen := map[string]bool{}
			for _, h := range hs {
				if k := key(h); !seen[k] {
					seen[k] = true
					count[k]++
				}
			}
		}
		var national []*cal.Holiday
		for _, h := range rc.regions[firstRegion(rc)] {
			if count[key(h)] == len(rc.regions) {
				national = append(national, h)
			}
		}
		rc.national = national
		m[cc] = rc
	}
}

func firstRegion(rc rickarCountry) string {
	var first string
	for code := range rc.regions {
		if first == "" || code < first {
			first = code
		}
	}
	return first
}

// tableFirst are the countries whose holidays come from the generated
// table although rickar/cal has them: Ukraine's 2023 law moved Christmas to
// 25 December, Defenders Day to 1 October and added Statehood Day, which
// rickar/cal v2.1.13 does not know; Slovakia's consolidation acts removed
// days off that rickar/cal still keeps; rickar/cal's Swiss national list
// holds cantonal days (Berchtoldstag, Josefstag…).
var tableFirst = map[string]string{
	"CH": "rickar/cal's Swiss national list holds cantonal holidays",
	"UA": "rickar/cal v2.1.13 predates Ukraine's 2023 holiday law",
	"SK": "rickar/cal v2.1.13 predates Slovakia's consolidation acts that removed days off",
}

// tableSupplements are holidays the generated table has and rickar/cal
// v2.1.13 lacks, added to rickar/cal's national lists because a law made
// them public holidays after rickar/cal's data was written.
var tableSupplements = map[string][]string{
	"AR": {"Good Friday"},                                                                 // rickar/cal v2.1.13 puts Viernes Santo on Holy Thursday (Easter offset -3)
	"AU": {"Boxing Day", "Boxing Day (substitute day)", "Christmas Day (substitute day)"}, // off everywhere; SA calls 26 Dec Proclamation Day
	"BR": {"Black Awareness Day"},                                                         // national holiday by Law 14.759 of 2023
	"IT": {"National Day of Saint Francis of Assisi"},                                     // national holiday again from 2026
	"MW": {"Eid al Fitri", "Eid al Fitri (substitute day)"},                               // public holiday rickar/cal lacks
	"NZ": {"Matariki"},                                                                    // Te Kāhui o Matariki Public Holiday Act 2022
	"PL": {"Christmas Eve"},                                                               // a day off from 2025
	"RO": {"Epiphany", "Saint John the Baptist"},                                          // days off from 2024
	"RU": {"New Year Holiday"},                                                            // 1-8 January off by Labour Code art. 112
}

const rickarSource = "rickar/cal"

// RickarVersion is the github.com/rickar/cal release mscase builds with
// (go.mod holds the same; TestRickarVersion keeps them in step).
const RickarVersion = "github.com/rickar/cal/v2 v2.1.13"

// rickarHolidays lists the public holidays of list in year y: each on its
// day, and again on the day it is observed when that differs.
func rickarHolidays(list []*cal.Holiday, y int, region string) []Holiday {
	var out []Holiday
	// A holiday of the next or last year can be observed in this one (New
	// Year's Day on a Saturday, observed on 31 December).
	for yy := y - 1; yy <= y+1; yy++ {
		for _, h := range list {
			if h.Type == cal.ObservanceOther {
				continue
			}
			act, obs := h.Calc(yy)
			if !act.IsZero() && act.Year() == y {
				out = append(out, Holiday{Day: DateOf(act.Date()), Name: h.Name, Kind: KindNamed, Region: region, Source: rickarSource})
			}
			if !obs.IsZero() && obs.Year() == y && !sameDate(act, obs) {
				out = append(out, Holiday{Day: DateOf(obs.Date()), Name: h.Name + " (observed)", Kind: KindObserved, Of: h.Name, Region: region, Source: rickarSource})
			}
		}
	}
	return out
}

func sameDate(a, b time.Time) bool {
	ay, am, ad := a.Date()
	by, bm, bd := b.Date()
	return ay == by && am == bm && ad == bd
}

type calHoliday = cal.Holiday

func timeMonth(m int) time.Month { return time.Month(m) }
