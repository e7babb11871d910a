package calendar

import (
	"encoding/json"
	"io/fs"
	"os"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/mscase/mscase/data"
)

// directoryCodes are the ISO codes of the bundled support directory.
func directoryCodes(t *testing.T) []string {
	t.Helper()
	b, err := fs.ReadFile(data.FS, "ms365-support-phones.json")
	if err != nil {
		t.Fatal(err)
	}
	var dir struct {
		Entries []struct {
			ISO2 string `json:"iso2"`
		} `json:"entries"`
	}
	if err := json.Unmarshal(b, &dir); err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	var out []string
	for _, e := range dir.Entries {
		if !seen[e.ISO2] {
			seen[e.ISO2] = true
			out = append(out, e.ISO2)
		}
	}
	if len(out) < 230 {
		t.Fatalf("only %d codes in the directory", len(out))
	}
	return out
}

// TestEveryDirectoryCountryHasACalendar: every ISO code of the directory
// has public holidays for 2025-2040 with a source, or is listed in
// no-calendar.tsv with the reason; never both.
func TestEveryDirectoryCountryHasACalendar(t *testing.T) {
	r, err := Bundled()
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Check(); err != nil {
		t.Fatal(err)
	}
	with := 0
	for _, cc := range directoryCodes(t) {
		why := r.NoCalendar(cc)
		switch {
		case r.Known(cc) && why != "":
			t.Errorf("%s has holidays (%s) but no-calendar.tsv says: %s", cc, r.Source(cc), why)
		case !r.Known(cc) && why == "":
			t.Errorf("%s has no holidays and no-calendar.tsv gives no reason", cc)
		case r.Known(cc):
			with++
			for y := 2025; y <= 2040; y++ {
				if !r.Covers(cc, y) {
					t.Errorf("%s: %d not covered", cc, y)
				}
				hs := r.Holidays(cc, "", y)
				if len(hs) == 0 && cc != "BQ" {
					t.Errorf("%s %d: no holidays", cc, y)
				}
				for _, h := range hs {
					if h.Source == "" || h.Name == "" || h.Day.Year() != y {
						t.Errorf("%s %d: bad holiday %+v", cc, y, h)
					}
				}
			}
		}
	}
	if with < 195 {
		t.Errorf("only %d directory countries have holidays", with)
	}
}

// TestTableFresh fails when the current year plus three passes the last
// year of the generated table: run tools/holidays/generate.mjs to renew it.
func TestTableFresh(t *testing.T) {
	r := MustBundled()
	if r.Table.Version == "" || r.Table.Generated == "" || r.Table.Dataset == "" {
		t.Fatalf("table header incomplete: %+v", r.Table)
	}
	if y := time.Now().Year() + 3; y > r.Table.Last {
		t.Fatalf("the holiday table ends in %d and %d is less than three years away: regenerate it (tools/holidays)", r.Table.Last, y)
	}
	if r.Table.First > 2025 || r.Table.Last < 2040 {
		t.Fatalf("table covers %d-%d, want at least 2025-2040", r.Table.First, r.Table.Last)
	}
}

func TestTableSmall(t *testing.T) {
	info, err := fs.Stat(data.FS, TablePath)
	if err != nil {
		t.Fatal(err)
	}
	if info.Size() > 3<<20 {
		t.Fatalf("%s is %d bytes: keep it under 3 MB", TablePath, info.Size())
	}
}

func TestRegions(t *testing.T) {
	r := MustBundled()
	tests := []struct {
		country, region, day string
		holiday              bool
	}{
		{"AU", "", "2027-01-26", true},     // Australia Day, everywhere
		{"AU", "ACT", "2027-03-08", true},  // Canberra Day, the ACT only
		{"AU", "NSW", "2027-03-08", false}, // not in NSW
		{"AU", "", "2027-03-08", false},    // not national
		{"DE", "BY", "2027-01-06", true},   // Epiphany in Bavaria
		{"DE", "", "2027-01-06", false},    // not national
		{"US", "", "2027-07-05", true},     // Independence Day observed (rickar/cal)
		{"US", "MA", "2027-04-19", true},   // Patriots' Day in Massachusetts (date-holidays region)
		{"US", "", "2027-04-19", false},    // not national
		{"PT", "", "2027-06-10", true},     // Portugal Day (date-holidays)
		{"IN", "", "2027-01-26", true},     // Republic Day
		{"CN", "", "2026-02-20", true},     // announced Spring Festival break
		{"CN", "", "2027-02-06", true},     // the generated table for later years
		{"JP", "", "2037-09-22", true},     // computed by the law
		{"JP", "", "2037-09-24", false},
	}
	for _, tc := range tests {
		d, _ := ParseDay(tc.day)
		got := false
		for _, h := range r.Holidays(tc.country, tc.region, d.Year()) {
			got = got || h.Day == d
		}
		if got != tc.holiday {
			t.Errorf("%s/%s %s: holiday = %v, want %v", tc.country, tc.region, tc.day, got, tc.holiday)
		}
	}
	if _, err := r.CheckRegion("AU", "nsw"); err != nil {
		t.Errorf("nsw: %v", err)
	}
	if _, err := r.CheckRegion("AU", "XX"); err == nil {
		t.Error("AU/XX accepted")
	}
	if _, err := r.CheckRegion("PT", "XX"); err == nil {
		t.Error("PT/XX accepted")
	}
}

// TestMakeUpDays: China's make-up working days are working days in the
// calendar although they fall on a weekend; the breaks around them follow.
func TestMakeUpDays(t *testing.T) {
	c := New(Spec{Country: "CN", Weekend: []time.Weekday{time.Saturday, time.Sunday}})
	day := func(s string) Day { d, _ := ParseDay(s); return d }
	if !c.Work(day("2026-02-14")) || !c.Work(day("2026-02-28")) || !c.Work(day("2026-01-04")) {
		t.Error("make-up Saturdays 14 and 28 Feb / Sunday 4 Jan 2026 are not working days")
	}
	if r := c.Reason(day("2026-02-14")); r.Why != MakeUpDay {
		t.Errorf("reason = %+v", r)
	}
	b, ok := c.BreakAfter(day("2026-02-14"))
	if !ok || b.First != day("2026-02-15") || b.Last != day("2026-02-23") || b.Days() != 9 {
		t.Errorf("Spring Festival break = %v..%v (%v)", b.First, b.Last, ok)
	}
	if c.Work(day("2026-02-21")) {
		t.Error("Saturday in the Spring Festival break is a working day")
	}
}

func TestParseTableErrors(t *testing.T) {
	for name, src := range map[string]string{
		"no header": "PT\t\tp\tX\t\t20270610\n",
		"bad kind":  "#@ version\t1\n#@ generated\t2026-01-01\n#@ years\t2025-2040\nPT\t\tq\tX\t\t20270610\n",
		"bad date":  "#@ version\t1\n#@ generated\t2026-01-01\n#@ years\t2025-2040\nPT\t\tp\tX\t\t2027061\n",
		"fields":    "#@ version\t1\n#@ generated\t2026-01-01\n#@ years\t2025-2040\nPT\tp\tX\n",
	} {
		r, err := Load(fstest.MapFS{TablePath: {Data: []byte(src)}})
		if err == nil {
			err = r.Check()
		}
		if err == nil {
			t.Errorf("%s: no error", name)
		}
	}
	r, err := Load(fstest.MapFS{})
	if err != nil || r.Known("PT") || !r.Known("JP") || !r.Known("US") {
		t.Errorf("empty FS: %v, PT %v", err, r.Known("PT"))
	}
}

// TestRickarVersion keeps RickarVersion (printed by `calendar source`) in
// step with go.mod.
func TestRickarVersion(t *testing.T) {
	b, err := os.ReadFile("../go.mod")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), RickarVersion+"\n") {
		t.Fatalf("go.mod does not require %s: update RickarVersion and re-run the cross-check", RickarVersion)
	}
}

// FuzzParseTable: the table parser never panics, and a table it accepts
// answers questions without panicking either.
func FuzzParseTable(f *testing.F) {
	head := "#@ version\t1\n#@ generated\t2026-01-01\n#@ years\t2025-2040\n"
	f.Add(head + "@country\tPT\tPortugal\tpt\nPT\t\tp\tPortugal Day\tDia de Portugal\t20270610 20280610\n")
	f.Add(head + "@region\tAU\tNSW\tNew South Wales\nAU\tNSW\ts\tX\t\t20271227\nCN\t\tw\tMake-up\t调休\t20260214\n")
	f.Add(head + "PT\t\tp\tX\t\t20271332\n")
	f.Add("PT\t\tq\n\n#\n#@ years\t-\n")
	f.Fuzz(func(t *testing.T, src string) {
		for _, path := range []string{TablePath, AnnouncedPath} {
			r, err := Load(fstest.MapFS{path: {Data: []byte(src)}})
			if err != nil {
				continue
			}
			_ = r.Check()
			for _, cc := range []string{"PT", "AU", "CN"} {
				_ = r.Holidays(cc, "NSW", 2027)
				_ = r.Workdays(cc, "", 2026)
				_ = r.Regions(cc)
			}
		}
	})
}
