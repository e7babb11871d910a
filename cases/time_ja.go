package cases

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/text/width"
)

// Japanese time input: ParseTime reads what a Japanese admin types, with
// half- or full-width digits, colons and spaces (１０：００):
//
//	今日 18:00, 明日 10時, 明日 10時30分, 明日 10時半, 明後日 9:00, 昨日 17時
//	11月30日 9:00, 2026年12月1日 10時
//	来週月曜 9:30, 金曜 17:00, 今週金曜日 17時
//	午前 / 午後 before the hour: 午後3時 is 15:00
//
// jaTime rewrites such an input as "2006-01-02 15:04" (or "2006-01-02" for
// a date alone), which ParseTime then reads as any other: the same range
// and the same check for a wall time the clocks skip.

var (
	reJADay = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`^(?:(今日|本日|明日|あした|明後日|あさって|昨日|きのう)|(来週|今週|再来週)?([日月火水木金土])曜(?:日)?|(?:([0-9]{4})年)?([0-9]{1,2})月([0-9]{1,2})日)`)
	})
	reJAClock = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`^(午前|午後)?\s*([0-9]{1,2})(?:時(?:([0-9]{1,2})分|(半))?|:([0-9]{2}))$`)
	})
)

var jaWeekdays = map[string]time.Weekday{"日": time.Sunday, "月": time.Monday, "火": time.Tuesday,
	"水": time.Wednesday, "木": time.Thursday, "金": time.Friday, "土": time.Saturday}

var jaRelDays = map[string]int{"今日": 0, "本日": 0, "明日": 1, "あした": 1, "明後日": 2, "あさって": 2, "昨日": -1, "きのう": -1}

// foldWidth turns full-width digits, colons and the ideographic space into
// their ASCII forms, leaving kana and kanji alone.
func foldWidth(s string) string { return width.Fold.String(s) }

// jaTime rewrites a Japanese date and time as "2006-01-02 15:04"; ok is
// false when v is not one, and err says what is wrong with one that is
// (a month 13, an hour 25).
func jaTime(v string, now time.Time, loc *time.Location) (out string, ok bool, err error) {
	v = strings.TrimSpace(foldWidth(v))
	n := now.In(loc)
	y, m, d := n.Date()
	rest := v
	dayGiven := false
	if g := reJADay().FindStringSubmatch(v); g != nil {
		dayGiven = true
		rest = strings.TrimSpace(v[len(g[0]):])
		switch {
		case g[1] != "":
			d += jaRelDays[g[1]]
		case g[3] != "":
			wd := jaWeekdays[g[3]]
			// Weeks start on Monday, as Japanese calendars at work count them.
			monday := d - (int(n.Weekday())+6)%7
			off := (int(wd) + 6) % 7
			switch g[2] {
			case "今週":
				d = monday + off
			case "来週":
				d = monday + 7 + off
			case "再来週":
				d = monday + 14 + off
			default: // the next such day, never today
				ahead := (int(wd) - int(n.Weekday()) + 7) % 7
				if ahead == 0 {
					ahead = 7
				}
				d += ahead
			}
		default:
			if g[4] != "" {
				y, _ = strconv.Atoi(g[4])
			}
			mm, _ := strconv.Atoi(g[5])
			dd, _ := strconv.Atoi(g[6])
			if mm < 1 || mm > 12 || dd < 1 || dd > 31 {
				return "", true, noSuchDate(mm, dd)
			}
			t := time.Date(y, time.Month(mm), dd, 12, 0, 0, 0, loc)
			if t.Day() != dd {
				return "", true, noSuchDate(mm, dd)
			}
			m, d = time.Month(mm), dd
		}
	}
	day := time.Date(y, m, d, 12, 0, 0, 0, loc)
	if rest == "" {
		if !dayGiven {
			return "", false, nil
		}
		return day.Format("2006-01-02"), true, nil
	}
	c := reJAClock().FindStringSubmatch(rest)
	if c == nil {
		if dayGiven {
			return "", true, &InputError{Want: fmt.Sprintf("%q is not a time of day like 10時, 10時30分 or 10:30", rest), Code: CodeTimeOfDay, Args: []string{strconv.Quote(rest)}}
		}
		return "", false, nil
	}
	if !dayGiven && c[5] != "" && c[1] == "" {
		return "", false, nil // "10:30" alone: the plain parser reads it
	}
	hh, _ := strconv.Atoi(c[2])
	mi := 0
	switch {
	case c[3] != "":
		mi, _ = strconv.Atoi(c[3])
	case c[4] != "":
		mi = 30
	case c[5] != "":
		mi, _ = strconv.Atoi(c[5])
	}
	switch c[1] {
	case "午前":
		if hh > 12 {
			return "", true, fmt.Errorf("午前%d時 is not a time: 午前 goes up to 12", hh)
		}
		if hh == 12 {
			hh = 0
		}
	case "午後":
		if hh > 12 {
			return "", true, fmt.Errorf("午後%d時 is not a time: 午後 goes up to 12", hh)
		}
		if hh < 12 {
			hh += 12
		}
	}
	if hh > 23 || mi > 59 {
		return "", true, &InputError{Want: fmt.Sprintf("%d:%02d is not a time of day", hh, mi), Code: CodeTimeOfDay, Args: []string{fmt.Sprintf("%d:%02d", hh, mi)}}
	}
	return fmt.Sprintf("%s %02d:%02d", day.Format("2006-01-02"), hh, mi), true, nil
}

// noSuchDate is jaTime's error for a month and day that do not exist; its
// Field and Value are ParseTime's to fill.
func noSuchDate(mm, dd int) error {
	d := fmt.Sprintf("%d月%d日", mm, dd)
	return &InputError{Want: "no such date: " + d, Code: CodeNoSuchDate, Args: []string{d}}
}
