package main

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/mscase/mscase/cases"
)

// listCases is enough cases for the piped list to read them in two parts
// side by side (cases.Store.ViewSummaryParts) on a machine with two cores.
const listCases = 2100

// TestPipedListOrder: the piped list (lines written as the summaries are
// read, in parts side by side, then sorted by small keys) gives the rows
// in the order, and with the text, of the --wide list, which sorts whole
// rows.
func TestPipedListOrder(t *testing.T) {
	jst := time.FixedZone("JST", 9*3600)
	stages := []cases.Stage{cases.StageLockedOut, cases.StageTicketOpen, cases.StageDPTReview,
		cases.StageVerifying, cases.StageResetPending, cases.StageRecovered, cases.StageClosed}
	{
		{
			var cs []cases.Case
			for i := 1; i <= listCases; i++ {
				// Minutes apart, with repeats: equal deadlines are
				// ordered by number.
				at := time.Date(2026, 11, 2, 8, 0, 0, 0, jst).Add(time.Duration(i%97) * 37 * time.Minute)
				if i%50 == 0 {
					at = time.Date(2000, 1, 4, 10, 0, 0, 0, jst)
				}
				c := cases.New(cases.Case{TrackingID: fmt.Sprintf("2611%012d", i), Domain: fmt.Sprintf("t%d.onmicrosoft.com", i),
					Admin: "admin@example.com", Country: []string{"JP", "US", "DE", ""}[i%4], Title: "lost phone",
					Stage: stages[i%len(stages)]}, "", at)
				c.Number = uint64(i)
				if i%11 == 0 {
					s := time.Date(2026, 11, 30, 9, 0, 0, 0, jst)
					c.SnoozedUntil = &s
				}
				cs = append(cs, *c)
			}
			doc, err := json.Marshal(map[string]any{"format": "mscase-export", "version": 1, "cases": cs})
			if err != nil {
				t.Fatal(err)
			}
			dir := t.TempDir()
			file := filepath.Join(dir, "export.json")
			if err := os.WriteFile(file, doc, 0o600); err != nil {
				t.Fatal(err)
			}
			env := map[string]string{"MSCASE_DB": filepath.Join(dir, "cases.db"), "MSCASE_CONFIG": filepath.Join(dir, "none.toml")}
			if _, errOut, code := runCmd(t, env, "cases", "import", file); code != 0 {
				t.Fatalf("import: exit %d: %s", code, errOut)
			}
			for _, args := range [][]string{{"--all"}, {}, {"--stalled"}, {"--limit", "17"}} {
				piped, _, code := runCmd(t, env, append([]string{"cases", "list"}, args...)...)
				wide, _, code2 := runCmd(t, env, append([]string{"cases", "list", "--wide"}, args...)...)
				if code != 0 || code2 != 0 {
					t.Fatalf("%v: exit %d and %d", args, code, code2)
				}
				var cut []string
				for _, l := range strings.Split(strings.TrimSuffix(wide, "\n"), "\n") {
					cut = append(cut, l[:strings.LastIndexByte(l, '\t')])
				}
				if got, want := strings.TrimSuffix(piped, "\n"), strings.Join(cut, "\n"); got != want {
					t.Errorf("%v: piped rows differ from --wide's:\n%s\n---\n%s", args, got, want)
				}
				if len(args) == 1 && args[0] == "--all" {
					if n := strings.Count(piped, "\n"); n != listCases {
						t.Errorf("--all: %d rows, want %d", n, listCases)
					}
					if !strings.Contains(piped, "\tyes\t") || !strings.Contains(piped, "\tsnoozed\t") || !strings.Contains(piped, "\tclosed\t") {
						t.Errorf("--all: expected stalled, snoozed and closed rows:\n%s", piped)
					}
				}
			}
		}
	}
}

// TestActionOrder: the radix sort on packed keys and the comparisons it
// falls back to both give the order of a comparison sort, for keys that
// pack and for keys that do not (out of number order, deadlines centuries
// apart).
func TestActionOrder(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	base := time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC).Unix()
	for _, tc := range []struct {
		name    string
		spread  int64 // deadlines within this many seconds
		shuffle bool  // rows out of number order
	}{
		{"packs", 40 * 365 * 86400, false},
		{"whole seconds", 30 * 86400, false},
		{"equal deadlines", 3, false},
		{"far apart", 300 * 365 * 86400, false},
		{"out of order", 86400, true},
	} {
		keys := make([]actionPos, 3000)
		for i := range keys {
			k := &keys[i]
			k.num, k.rank = uint64(i+1), int32(r.IntN(4))
			if k.rank <= 1 {
				k.sec = base + r.Int64N(tc.spread)
				if r.IntN(3) == 0 && tc.name != "whole seconds" {
					k.nsec = int32(r.IntN(1e9))
				}
			}
		}
		if tc.shuffle {
			r.Shuffle(len(keys), func(i, j int) { keys[i], keys[j] = keys[j], keys[i] })
		}
		want := make([]uint32, len(keys))
		for i := range want {
			want[i] = uint32(i)
		}
		slices.SortFunc(want, func(i, j uint32) int { return keys[i].compare(&keys[j]) })
		if got := actionOrder(keys); !slices.Equal(got, want) {
			t.Errorf("%s: actionOrder differs from sorting by comparison", tc.name)
		}
	}
}
