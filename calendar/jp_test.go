package calendar

import (
	"bufio"
	"os"
	"strings"
	"testing"
	"time"
)

// holidayJP reads testdata/holiday_jp.tsv: date -> name.
func holidayJP(t *testing.T) map[Day]string {
	t.Helper()
	f, err := os.Open("testdata/holiday_jp.tsv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	out := map[Day]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		l := sc.Text()
		if strings.HasPrefix(l, "#") || strings.HasPrefix(l, "date\t") || l == "" {
			continue
		}
		ds, name, ok := strings.Cut(l, "\t")
		if !ok {
			t.Fatalf("bad line %q", l)
		}
		d, err := ParseDay(ds)
		if err != nil {
			t.Fatal(err)
		}
		out[d] = name
	}
	if len(out) < 1300 {
		t.Fatalf("holiday_jp.tsv: only %d days read", len(out))
	}
	return out
}

// holidayJPName is the name holiday_jp gives a computed holiday.
func holidayJPName(h Holiday) string {
	switch h.Kind {
	case KindCitizens:
		return "休日"
	case KindSubstitute:
		// The Cabinet Office lists a substitute holiday as just 休日.
		// holiday_jp adds a holiday's name: in years taken from the
		// Cabinet Office the Sunday's (2020-05-06 憲法記念日 振替休日),
		// in computed years the day before's (2026-05-06 こどもの日
		// 振替休日). mscase names the Sunday's throughout, so only the
		// kind is compared.
		return "振替休日"
	}
	switch h.Local {
	case "天皇の即位の日", "即位礼正殿の儀":
		if h.Day.Year() == 2019 {
			// The 2019 special act made these days holidays
			// (休日), treated like national holidays.
			return "休日（祝日扱い）"
		}
	case "体育の日":
		if h.Day.Year() == 2019 {
			// The last Health and Sports Day: holiday_jp notes the
			// rename that took effect in 2020.
			return "体育の日（スポーツの日）"
		}
	}
	return h.Local
}

// TestJapanMatchesHolidayJP compares the law as computed with the holiday_jp
// dataset, day by day and name by name, for every year the dataset has
// (1970-2050): the acceptance asks for 2022-2050, the law's history is
// right back to 1970.
func TestJapanMatchesHolidayJP(t *testing.T) {
	want := holidayJP(t)
	got := map[Day]Holiday{}
	for y := 1970; y <= 2050; y++ {
		for _, h := range japan(y) {
			if _, dup := got[h.Day]; dup {
				t.Errorf("%s: two holidays on one day", h.Day)
			}
			got[h.Day] = h
		}
	}
	diff := 0
	for d, name := range want {
		h, ok := got[d]
		switch {
		case !ok:
			t.Errorf("%s %s: holiday_jp has it, the law as computed does not", d, name)
			diff++
		case h.Kind == KindSubstitute && !strings.HasSuffix(name, " 振替休日"):
			t.Errorf("%s: a substitute holiday, holiday_jp says %q", d, name)
		case h.Kind != KindSubstitute && holidayJPName(h) != name:
			t.Errorf("%s: named %q, holiday_jp says %q", d, holidayJPName(h), name)
		}
	}
	for d, h := range got {
		if _, ok := want[d]; !ok {
			t.Errorf("%s %s: computed, not in holiday_jp", d, h.Local)
			diff++
		}
	}
	if diff != 0 {
		t.Errorf("%d differing days", diff)
	}
}

// TestJapanNamedDates checks days that matter by themselves.
func TestJapanNamedDates(t *testing.T) {
	tests := []struct {
		day  string
		kind Kind
		ja   string
	}{
		{"2026-09-22", KindCitizens, "国民の休日"}, // between 敬老の日 (21) and 秋分の日 (23)
		{"2032-09-21", KindCitizens, "国民の休日"}, // the last one rickar/cal knows
		{"2037-09-22", KindCitizens, "国民の休日"}, // after it: only the law knows
		{"2043-09-22", KindCitizens, "国民の休日"},
		{"2049-09-21", KindCitizens, "国民の休日"},
		{"2027-03-22", KindSubstitute, "春分の日 振替休日"},  // equinox on Sunday 21 March
		{"2026-05-06", KindSubstitute, "憲法記念日 振替休日"}, // 3 May on Sunday: 4 and 5 are holidays, so 6
		{"2037-05-06", KindSubstitute, "憲法記念日 振替休日"},
		{"2050-03-20", KindNamed, "春分の日"},
		{"2050-09-23", KindNamed, "秋分の日"},
	}
	for _, tc := range tests {
		d, _ := ParseDay(tc.day)
		var found *Holiday
		for _, h := range japan(d.Year()) {
			if h.Day == d {
				found = &h
			}
		}
		if found == nil {
			t.Errorf("%s: no holiday, want %s", tc.day, tc.ja)
			continue
		}
		if found.Kind != tc.kind || found.Local != tc.ja {
			t.Errorf("%s: %s %q, want %s %q", tc.day, found.Kind, found.Local, tc.kind, tc.ja)
		}
	}
	// The Friday before Golden Week 2027 is a working day; the week after
	// the 2026 Silver Week's Tuesday is one too.
	c := New(Spec{Country: "JP", Loc: time.UTC, Weekend: []time.Weekday{time.Saturday, time.Sunday}, Holidays: &Registry{}})
	for day, work := range map[string]bool{"2027-04-30": true, "2027-04-29": false, "2026-09-22": false, "2026-09-24": true, "2037-09-22": false} {
		d, _ := ParseDay(day)
		if c.Work(d) != work {
			t.Errorf("%s working day = %v, want %v", day, c.Work(d), work)
		}
	}
}

func TestDateOfMatchesTime(t *testing.T) {
	for y := 1890; y <= 2210; y += 7 {
		for m := time.Month(0); m <= 13; m++ {
			for d := -1; d <= 32; d++ {
				want := Day(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400)
				if got := DateOf(y, m, d); got != want {
					t.Fatalf("DateOf(%d, %d, %d) = %d, want %d", y, m, d, got, want)
				}
			}
		}
	}
}
