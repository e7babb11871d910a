package calendar

import (
	"bufio"
	"flag"
	"fmt"
	"os"
	"sort"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite testdata/crosscheck.tsv, keeping the reasons of known differences")

const crosscheckFile = "testdata/crosscheck.tsv"

// difference is a day one source keeps as a national public holiday and
// the other does not.
type difference struct {
	country string
	day     Day
	only    string // the source that has it: rickar/cal or date-holidays
	name    string // its name there
}

func (d difference) group() string { return d.country + "\t" + d.only + "\t" + d.name }

// crossDifferences lists, for every country both rickar/cal and the
// generated table cover, every day of 2025-2040 one of them has as a
// national public holiday and the other does not.
func crossDifferences(r *Registry) []difference {
	var out []difference
	var countries []string
	for cc, rc := range rickarCountries() {
		if r.countries[cc] != nil && rc.national != nil {
			countries = append(countries, cc)
		}
	}
	sort.Strings(countries)
	for _, cc := range countries {
		for y := 2025; y <= 2040; y++ {
			a := map[Day]string{}
			for _, h := range rickarHolidays(rickarCountries()[cc].national, y, "") {
				if _, ok := a[h.Day]; !ok {
					a[h.Day] = h.Name
				}
			}
			b := map[Day]string{}
			for _, h := range r.table(cc, "", y, false) {
				if _, ok := b[h.Day]; !ok {
					b[h.Day] = h.Name
				}
			}
			for d, n := range a {
				if _, ok := b[d]; !ok {
					out = append(out, difference{cc, d, rickarSource, n})
				}
			}
			for d, n := range b {
				if _, ok := a[d]; !ok {
					out = append(out, difference{cc, d, TableSource, n})
				}
			}
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].country != out[j].country {
			return out[i].country < out[j].country
		}
		if out[i].day != out[j].day {
			return out[i].day < out[j].day
		}
		return out[i].only < out[j].only
	})
	return out
}

// readCrosscheck reads the committed differences: "CC date only name
// reason" per line; it returns the reason per day and per group.
func readCrosscheck(t *testing.T) (byDay map[string]string, byGroup map[string]string) {
	byDay, byGroup = map[string]string{}, map[string]string{}
	f, err := os.Open(crosscheckFile)
	if os.IsNotExist(err) {
		return
	}
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		l := sc.Text()
		if l == "" || strings.HasPrefix(l, "#") {
			continue
		}
		p := strings.Split(l, "\t")
		if len(p) != 5 {
			t.Fatalf("%s: bad line %q", crosscheckFile, l)
		}
		byDay[strings.Join(p[:4], "\t")] = p[4]
		byGroup[p[0]+"\t"+p[2]+"\t"+p[3]] = p[4]
	}
	return
}

const unexplained = "UNEXPLAINED"

// TestCrossCheckRickarAgainstTable lists every day on which rickar/cal and
// the generated date-holidays table disagree for a country both cover,
// 2025-2040, and requires testdata/crosscheck.tsv to list each one with a
// reason. -update rewrites the file, keeping the reasons of the holidays
// already explained and marking new ones UNEXPLAINED.
func TestCrossCheckRickarAgainstTable(t *testing.T) {
	diffs := crossDifferences(MustBundled())
	byDay, byGroup := readCrosscheck(t)
	if *update {
		var b strings.Builder
		b.WriteString("# Every day of 2025-2040 on which github.com/rickar/cal and the generated date-holidays table\n")
		b.WriteString("# disagree about a national public holiday, for the countries both cover (mscase uses\n")
		b.WriteString("# rickar/cal for those). Written by go test ./calendar -run CrossCheck -update; reasons by hand.\n")
		b.WriteString("# country\tdate\tonly in\tname there\treason\n")
		for _, d := range diffs {
			why := byGroup[d.group()]
			if why == "" {
				why = unexplained
			}
			fmt.Fprintf(&b, "%s\t%s\t%s\t%s\t%s\n", d.country, d.day, d.only, d.name, why)
		}
		if err := os.WriteFile(crosscheckFile, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
		byDay, byGroup = readCrosscheck(t)
	}
	seen := map[string]bool{}
	for _, d := range diffs {
		k := fmt.Sprintf("%s\t%s\t%s\t%s", d.country, d.day, d.only, d.name)
		seen[k] = true
		why, ok := byDay[k]
		switch {
		case !ok:
			t.Errorf("%s %s: only in %s (%s), not listed in %s", d.country, d.day, d.only, d.name, crosscheckFile)
		case why == unexplained || strings.TrimSpace(why) == "":
			t.Errorf("%s %s: only in %s (%s): no reason given", d.country, d.day, d.only, d.name)
		}
	}
	for k := range byDay {
		if !seen[k] {
			t.Errorf("%s lists %q, which no longer differs: run with -update", crosscheckFile, k)
		}
	}
	if len(diffs) == 0 {
		t.Fatal("no differences at all: the cross-check compared nothing")
	}
}
