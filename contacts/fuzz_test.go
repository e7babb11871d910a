package contacts

import (
	"strings"
	"testing"
	"time"

	"github.com/mscase/mscase/data"
)

// FuzzOverride reads any contacts.json the way Load does, then asks for a
// number in every country it names. A broken file gives warnings that
// name a line inside it and is ignored whole; a file that loads never
// makes Suggest offer a line without a number (callers show Numbers[0]).
// The seed corpus lives in testdata/fuzz/FuzzOverride and is replayed by
// plain `go test ./...`; bench/fuzz.sh runs it for longer.
func FuzzOverride(f *testing.F) {
	for _, s := range []string{
		`{"entries":[{"country":"Japan","iso2":"JP","phones":[{"number":"0120 628 860","kind":"primary","note":"(Other Plans)"}]}]}`,
		`{"entries":[{"country":"Japan","iso2":"JP","phones":[{"number":"0120 111 222","note":"(Office 365 Enterprise)"}],"hours":[{"support":"technical","language":"Japanese","days":"Monday to Friday","time":"9:00 AM to 5:30 PM"}]}]}`,
		`{"entries":[{"country":"Atlantis","iso2":"AQ","tz":"Antarctica/Troll","phones":[{"number":"+672 1"}],"hours":[{"support":"technical","time":"24 hours a day, 7 days a week"}]}]}`,
		`{"entries":[{"country":"Nepal","iso2":"NP","phones":[]}]}`,
		`{"entries":[{"country":"Japan","iso2":"jp","phones":null,"hours":[{"support":"billing","time":"25:00 to 26:00"}]}]}`,
		`{"entries":[{"country":"United States","iso2":"US","subsection":"x","hours":[{"support":"technical","days":"Saturday to Monday","time":"11 PM to 1 AM"}]}]}`,
		`{"entries":[{"country":"","iso2":"JP"}]}`,
		`{"entries":[{"country":"Japan","iso2":"XX","tz":"Mars/Base"}]}`,
		`{"entries":[{"country":"Japan","iso2":"JP","phones":[{"number":"0120-CALL-NOW"}]}]}`,
		`{"entries":[{"country":"Japan","iso2":"JP","unknown":1}]}`,
		`{"entries":[{"country":"\u001b]0;owned\u0007","iso2":"JP"}]}`,
		"{\n\"entries\": [\n{\"country\": 1}\n]\n}",
		`{"entries":`,
		`[]`,
		`null`,
	} {
		f.Add([]byte(s))
	}
	base, _, err := Load(data.FS, "")
	if err != nil {
		f.Fatal(err)
	}
	at := time.Date(2026, 11, 26, 1, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, b []byte) {
		over, warns := parseOverride("contacts.json", b)
		if len(warns) > 0 {
			lines := strings.Count(string(b), "\n") + 1
			for _, w := range warns {
				if w.Line < 0 || w.Line > lines {
					t.Fatalf("warning on line %d of a %d-line file: %s", w.Line, lines, w)
				}
			}
			return
		}
		d := *base
		d.Entries = append([]*Entry(nil), base.Entries...)
		d.merge(over, "contacts.json")
		for _, o := range over {
			for _, plan := range []string{"", PlanEnterprise, PlanOther} {
				for _, support := range []string{Technical, Billing} {
					sg, err := d.Suggest(Query{Country: o.entry.ISO2, At: at, Plan: plan, Support: support, Lang: "ja"})
					if err != nil {
						continue // a country name the lookup does not know, say
					}
					for _, op := range sg.Options {
						if len(op.Numbers) == 0 {
							t.Fatalf("%s plan %q %s: option %d (%s) has no number", o.entry.ISO2, plan, support, op.Rank, op.Why)
						}
					}
				}
			}
		}
	})
}
