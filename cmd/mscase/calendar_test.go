package main

import (
	"bufio"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestCalendarShowJapaneseCitizensHolidays: for every year up to 2050,
// "calendar show JP --year Y --lang ja" lists every citizens' holiday
// (国民の休日; 休日 in holiday_jp) that the holiday_jp dataset lists for Y,
// by its Japanese name.
func TestCalendarShowJapaneseCitizensHolidays(t *testing.T) {
	f, err := os.Open(filepath.Join("..", "..", "calendar", "testdata", "holiday_jp.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	want := map[string][]string{} // year -> dates
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		date, name, _ := strings.Cut(sc.Text(), "\t")
		if name == "休日" {
			want[date[:4]] = append(want[date[:4]], date)
		}
	}
	if len(want) < 15 {
		t.Fatalf("only %d years with a citizens' holiday in holiday_jp.tsv", len(want))
	}
	dir := t.TempDir()
	env := map[string]string{"MSCASE_DB": filepath.Join(dir, "mscase.db"), "MSCASE_CONFIG": filepath.Join(dir, "config.toml")}
	for y, dates := range want {
		out, errOut, code := runCmd(t, env, "calendar", "show", "JP", "--year", y, "--lang", "ja")
		if code != 0 {
			t.Fatalf("calendar show JP --year %s: exit %d: %s", y, code, errOut)
		}
		for _, d := range dates {
			if !strings.Contains(out, d+"\t") || !strings.Contains(out, "\tcitizens\t国民の休日\t") {
				t.Errorf("%s: 国民の休日 on %s not listed:\n%s", y, d, out)
			}
		}
	}
	if _, err := os.Stat(env["MSCASE_DB"]); !os.IsNotExist(err) {
		t.Error("calendar show created the database")
	}
}
