// Command remindercases fills a database with N open lockout cases for the
// reminders benchmark (bench/reminders.sh), writing through cases.Store in
// batches. The cases spread over four countries and every open stage, were
// opened in the ten days before -now, and have a contact or two; every
// fifth has an open promised callback. Most are stalled by -now, so
// `reminders check --dry-run` has a nudge or more for nearly every case:
// the worst case for its speed.
package main

import (
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/mscase/mscase/cases"
)

func main() {
	n := flag.Int("n", 100000, "number of open cases")
	db := flag.String("db", "", "database file (created)")
	nowFlag := flag.String("now", "2026-11-25T10:00:00+09:00", "the benchmark's current time (RFC 3339)")
	touch := flag.Bool("touch", false, "rewrite case 1 of an existing database unchanged: the write brings its indexes to this build's layout")
	flag.Parse()
	if *db == "" {
		fmt.Fprintln(os.Stderr, "usage: remindercases -db FILE [-n N] [-now TIME]")
		os.Exit(2)
	}
	now, err := time.Parse(time.RFC3339, *nowFlag)
	if err != nil {
		fmt.Fprintln(os.Stderr, "-now:", err)
		os.Exit(2)
	}
	st, err := cases.Open(*db, cases.Options{})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	defer st.Close()
	if *touch {
		if _, err := st.Update("1", func(*cases.Case) error { return nil }); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		return
	}
	stages := []cases.Stage{cases.StageLockedOut, cases.StageTicketOpen, cases.StageDPTReview, cases.StageVerifying, cases.StageResetPending, cases.StageRecovered}
	countries := []string{"JP", "US", "DE", "GB"}
	const batch = 10000
	var buf []cases.Case
	for i := 1; i <= *n; i++ {
		created := now.Add(-time.Duration(i%(10*24*60)) * time.Minute).Add(-time.Hour)
		c := cases.New(cases.Case{
			TrackingID: fmt.Sprintf("2611%012d", i),
			Domain:     fmt.Sprintf("tenant%d.onmicrosoft.com", i),
			Admin:      fmt.Sprintf("admin@tenant%d.onmicrosoft.com", i),
			Country:    countries[i%len(countries)],
			Stage:      stages[i%len(stages)],
		}, "", created)
		c.Number = uint64(i)
		for j := 0; j < 1+i%2; j++ {
			at := created.Add(time.Duration(j+1) * 30 * time.Minute)
			var p *time.Time
			if i%5 == 0 {
				pp := at.Add(24 * time.Hour)
				p = &pp
			}
			if err := c.AddContact(cases.Contact{At: at, Channel: cases.ChannelPhone, Direction: cases.DirOut,
				Summary: "called support with the TrackingID", CallbackBy: p}, at); err != nil {
				fmt.Fprintln(os.Stderr, err)
				os.Exit(1)
			}
		}
		buf = append(buf, *c)
		if len(buf) == batch || i == *n {
			if _, _, err := st.Import(buf, false); err != nil {
				fmt.Fprintln(os.Stderr, err)
				os.Exit(1)
			}
			buf = buf[:0]
		}
	}
}
