// Command gencases writes a "cases export" document with N lockout cases,
// each with five contact log entries, for the benchmarks under bench/.
// With -per K and -dir DIR it writes the cases K to a file instead
// (cases-00001.json, ...): an import on etcd is one transaction, and etcd
// takes about 40 cases in one at its defaults.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/mscase/mscase/cases"
)

func main() {
	n := flag.Int("n", 10000, "number of cases")
	logs := flag.Int("logs", 5, "contact log entries per case")
	per := flag.Int("per", 0, "cases per file, written under -dir (0: one document on standard output)")
	dir := flag.String("dir", "", "folder for the files of -per")
	flag.Parse()
	base := time.Date(2026, 11, 1, 9, 0, 0, 0, time.FixedZone("JST", 9*3600))
	stages := []cases.Stage{cases.StageLockedOut, cases.StageTicketOpen, cases.StageDPTReview, cases.StageVerifying, cases.StageResetPending, cases.StageRecovered}
	doc := struct {
		Format  string       `json:"format"`
		Version int          `json:"version"`
		Cases   []cases.Case `json:"cases"`
	}{"mscase-export", 1, make([]cases.Case, 0, *n)}
	for i := 1; i <= *n; i++ {
		at := base.Add(time.Duration(i) * time.Minute)
		c := cases.New(cases.Case{
			TrackingID: fmt.Sprintf("2611%012d", i),
			Domain:     fmt.Sprintf("tenant%d.onmicrosoft.com", i),
			Admin:      fmt.Sprintf("admin@tenant%d.onmicrosoft.com", i),
			Country:    []string{"JP", "US", "DE", "GB"}[i%4],
			Lang:       []string{"ja", "en", "de", "en"}[i%4],
			Title:      "MFA端末を紛失 / lost authenticator",
			Stage:      stages[i%len(stages)],
		}, "", at)
		c.Number = uint64(i)
		for j := 0; j < *logs; j++ {
			t := at.Add(time.Duration(j+1) * time.Hour)
			var p *time.Time
			if j == *logs-1 {
				pp := t.Add(24 * time.Hour)
				p = &pp
			}
			if err := c.AddContact(cases.Contact{At: t, Channel: cases.ChannelPhone, Direction: cases.DirOut, Address: "0120 996 680", Agent: "Sato",
				Summary: "called support with the TrackingID; the agent escalated to the Data Protection Team", CallbackBy: p}, t); err != nil {
				fmt.Fprintln(os.Stderr, err)
				os.Exit(1)
			}
		}
		doc.Cases = append(doc.Cases, *c)
	}
	if *per <= 0 {
		if err := json.NewEncoder(os.Stdout).Encode(doc); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		return
	}
	all := doc.Cases
	for i := 0; i < len(all); i += *per {
		doc.Cases = all[i:min(i+*per, len(all))]
		b, err := json.Marshal(doc)
		if err == nil {
			err = os.WriteFile(filepath.Join(*dir, fmt.Sprintf("cases-%05d.json", i / *per + 1)), b, 0o600)
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
	}
}
