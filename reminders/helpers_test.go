package reminders

import (
	"testing"
	"time"
	_ "time/tzdata" // country zones on any test machine

	"github.com/mscase/mscase/cases"
)

// policy builds the Policy of a config file's content; local is UTC so
// tests never depend on the machine's zone.
func policy(t *testing.T, src string) *Policy {
	t.Helper()
	cfg, err := ParseConfig("test.toml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	cfg.ZoneOf = testZone
	p, err := cfg.Policy(time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// testZone stands in for the support directory's country table, which
// cmd passes as Config.ZoneOf.
func testZone(country string) string {
	return map[string]string{"JP": "Asia/Tokyo", "US": "America/New_York", "DE": "Europe/Berlin", "GB": "Europe/London",
		"FR": "Europe/Paris", "AU": "Australia/Sydney", "CA": "America/Toronto", "KR": "Asia/Seoul", "AE": "Asia/Dubai",
		"PT": "Europe/Lisbon", "KW": "Asia/Kuwait", "CN": "Asia/Shanghai"}[country]
}

// at parses an RFC 3339 instant.
func at(t testing.TB, s string) time.Time {
	t.Helper()
	v, err := time.Parse(time.RFC3339, s)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func ptr(t time.Time) *time.Time { return &t }

// summary is an open case in country and stage, created and last touched
// at since, with one contact so that locked-out cases are not call-now.
func summary(n uint64, country string, stage cases.Stage, since time.Time) cases.Summary {
	return cases.Summary{Number: n, TrackingID: "2411250040001234", Domain: "contoso.co.jp", Admin: "admin@contoso.co.jp",
		Country: country, Stage: stage, StageSince: since, Created: since, Updated: since, LastContact: since, Contacts: 1}
}

// kinds lists the kinds of ns with their due instants, for messages.
func kinds(ns []Nudge) map[Kind]time.Time {
	out := map[Kind]time.Time{}
	for _, n := range ns {
		out[n.Kind] = n.Due
	}
	return out
}
