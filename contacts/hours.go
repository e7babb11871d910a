package contacts

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Support lines.
const (
	Technical = "technical"
	Billing   = "billing"
)

// Hours is one hours line of the page, as written and as understood.
type Hours struct {
	Support  string   `json:"support"`  // "billing" or "technical"
	Language string   `json:"language"` // the page's label, "" when the page names none
	Langs    []string `json:"langs"`    // language codes the line serves: ["ja"], ["zh", "en"]
	Days     string   `json:"days"`
	Time     string   `json:"time"`
	Raw      string   `json:"raw"` // the exact line
	Note     string   `json:"note,omitempty"`
	Plan     string   `json:"plan,omitempty"`
	Online   bool     `json:"online,omitempty"` // online support through the admin center, not a phone line

	// Schedule is nil when the line is kept as text; TextReason says why.
	Schedule   *Schedule `json:"schedule,omitempty"`
	TextReason string    `json:"text_reason,omitempty"`
}

// Schedule is an hours line as weekly opening spans.
type Schedule struct {
	Always bool   `json:"always,omitempty"` // 24 hours a day, 7 days a week
	Spans  []Span `json:"spans,omitempty"`
	// Zone is the IANA zone the times are in when the line names one
	// ("ET", "Moscow", "London"); empty means the country's local time.
	Zone             string `json:"zone,omitempty"`
	ZoneLabel        string `json:"zone_label,omitempty"`
	ClosedOnHolidays bool   `json:"closed_on_holidays,omitempty"`
}

// Span is an opening from Start to End, in minutes after Sunday 00:00 local
// time. End may pass the end of the week (a Saturday night shift).
type Span struct {
	Start int `json:"start"`
	End   int `json:"end"`
}

const (
	day  = 24 * 60
	week = 7 * day
)

var langCodes = map[string][]string{
	"english": {"en"}, "french": {"fr"}, "spanish": {"es"}, "arabic": {"ar"}, "russian": {"ru"},
	"portuguese": {"pt"}, "german": {"de"}, "italian": {"it"}, "dutch": {"nl"},
	"chinese (mandarin)": {"zh"}, "mandarin": {"zh"}, "cantonese": {"yue", "zh"},
	"czech": {"cs"}, "polish": {"pl"}, "turkish": {"tr"}, "hebrew": {"he"},
	"bahasa indonesia": {"id"}, "japanese": {"ja"}, "korean": {"ko"}, "thai": {"th"}, "hungarian": {"hu"},
}

// languageCodes reads the languages a page label names.
func languageCodes(label string) []string {
	l := strings.ToLower(label)
	if c, ok := langCodes[l]; ok {
		return c
	}
	if strings.HasPrefix(l, "chinese and english") {
		return []string{"zh", "en"}
	}
	return nil
}

var (
	reRange = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`^(\S+(?: ?[AP]M)?)-(\S+(?: [AP]M)?)(?: (Local|ET|Moscow|London))?$`)
	})
	reThru = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^(\w+day) through (\w+day)$`) })
	zones  = map[string]string{"ET": "America/New_York", "Moscow": "Europe/Moscow", "London": "Europe/London"}
	days   = map[string]int{"sunday": 0, "monday": 1, "tuesday": 2, "wednesday": 3, "thursday": 4, "friday": 5, "saturday": 6}
)

// parseHours understands one hours line. Lines it cannot read with
// confidence keep their text and say why, rather than guess.
func parseHours(rh rawHours, anomalies []string) Hours {
	h := Hours{Support: rh.Support, Language: str(rh.Language), Days: str(rh.Days), Time: rh.Time,
		Raw: rh.Raw, Note: str(rh.Note)}
	h.Langs = languageCodes(h.Language)
	h.Plan = planOf(h.Note)
	h.Online = strings.Contains(strings.ToLower(h.Language), "online support")
	for _, a := range anomalies {
		if h.Time != "" && strings.Contains(a, `"`+h.Time+`"`) {
			h.TextReason = "the extraction flagged these hours as a probable typo (see the anomaly note); not guessing"
			return h
		}
	}
	if h.Days == "" {
		h.TextReason = "the page gives no days for this line"
		return h
	}
	s, err := parseSchedule(h.Days, h.Time)
	if err != nil {
		h.TextReason = err.Error()
		return h
	}
	s.ClosedOnHolidays = strings.Contains(strings.ToLower(h.Note), "public holidays")
	h.Schedule = s
	return h
}

// parseSchedule reads the days and time parts of a line.
func parseSchedule(daysText, timeText string) (*Schedule, error) {
	s := &Schedule{}
	var open []int // weekdays the line opens on
	dl := strings.ToLower(strings.TrimSpace(daysText))
	switch {
	case dl == "7 days a week":
		open = []int{0, 1, 2, 3, 4, 5, 6}
	case dl == "weekdays":
		open = []int{1, 2, 3, 4, 5}
	case dl == "between mon noon and sat noon":
		if timeText != "24 hours a day" {
			return nil, fmt.Errorf("cannot read %q together with %q", daysText, timeText)
		}
		s.Spans = []Span{{1*day + 12*60, 6*day + 12*60}}
		return s, nil
	default:
		m := reThru().FindStringSubmatch(dl)
		if m == nil {
			return nil, fmt.Errorf("cannot read the days %q", daysText)
		}
		from, ok1 := days[m[1]]
		to, ok2 := days[m[2]]
		if !ok1 || !ok2 {
			return nil, fmt.Errorf("cannot read the days %q", daysText)
		}
		for d := from; ; d = (d + 1) % 7 {
			open = append(open, d)
			if d == to {
				break
			}
		}
	}
	if timeText == "24 hours a day" {
		if len(open) == 7 {
			s.Always = true
			return s, nil
		}
		for _, d := range open {
			s.Spans = append(s.Spans, Span{d * day, d*day + day})
		}
		return s, nil
	}
	m := reRange().FindStringSubmatch(strings.TrimSpace(timeText))
	if m == nil {
		return nil, fmt.Errorf("cannot read the time %q", timeText)
	}
	start, err1 := clock(m[1])
	end, err2 := clock(m[2])
	if err1 != nil || err2 != nil {
		return nil, fmt.Errorf("cannot read the time %q", timeText)
	}
	if m[3] != "" && m[3] != "Local" {
		s.Zone, s.ZoneLabel = zones[m[3]], m[3]
	} else if m[3] == "Local" {
		s.ZoneLabel = "Local"
	}
	if end <= start {
		end += day // past midnight: "9 PM-5 AM"
	}
	for _, d := range open {
		s.Spans = append(s.Spans, Span{d*day + start, d*day + end})
	}
	return s, nil
}

// clock reads "9 AM", "8AM", "12 PM", "noon", "midnight", "9:00", "17:30"
// as minutes after midnight.
func clock(s string) (int, error) {
	s = strings.TrimSpace(strings.ToUpper(s))
	switch s {
	case "NOON":
		return 12 * 60, nil
	case "MIDNIGHT":
		return 0, nil
	}
	if t, err := time.Parse("15:04", s); err == nil {
		return t.Hour()*60 + t.Minute(), nil
	}
	ampm := ""
	if strings.HasSuffix(s, "AM") || strings.HasSuffix(s, "PM") {
		ampm = s[len(s)-2:]
		s = strings.TrimSpace(s[:len(s)-2])
	}
	if ampm == "" {
		return 0, fmt.Errorf("no AM or PM in %q", s)
	}
	hh, mm := s, "0"
	if i := strings.IndexByte(s, ':'); i >= 0 {
		hh, mm = s[:i], s[i+1:]
	}
	h, err := strconv.Atoi(hh)
	if err != nil || h < 1 || h > 12 {
		return 0, fmt.Errorf("bad hour %q", s)
	}
	m, err := strconv.Atoi(mm)
	if err != nil || m < 0 || m > 59 {
		return 0, fmt.Errorf("bad minute %q", s)
	}
	h %= 12
	if ampm == "PM" {
		h += 12
	}
	return h*60 + m, nil
}
