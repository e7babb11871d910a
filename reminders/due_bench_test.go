package reminders

import (
	"fmt"
	"testing"
	"time"

	"github.com/mscase/mscase/cases"
)

// benchSummaries are n open cases like bench/remindercases writes: four
// countries, every open stage, opened in the last ten days, most stalled.
func benchSummaries(now time.Time, n int) []cases.Summary {
	stages := []cases.Stage{cases.StageLockedOut, cases.StageTicketOpen, cases.StageDPTReview, cases.StageVerifying, cases.StageResetPending, cases.StageRecovered}
	countries := []string{"JP", "US", "DE", "GB"}
	out := make([]cases.Summary, n)
	for i := range out {
		created := now.Add(-time.Duration(i%(10*24*60)) * time.Minute).Add(-time.Hour)
		s := cases.Summary{Number: uint64(i + 1), TrackingID: fmt.Sprintf("2611%012d", i), Domain: "tenant.onmicrosoft.com",
			Country: countries[i%4], Stage: stages[i%6], StageSince: created, Created: created, Updated: created,
			LastContact: created.Add(30 * time.Minute), Contacts: 1}
		if i%5 == 0 {
			p := created.Add(24 * time.Hour)
			s.Promise = &p
		}
		out[i] = s
	}
	return out
}

// BenchmarkDue100k is the decision over 100,000 open cases, nothing sent
// yet: the work of one `reminders check` after the database is read.
func BenchmarkDue100k(b *testing.B) {
	cfg := DefaultConfig()
	cfg.ZoneOf = testZone
	p, err := cfg.Policy(time.UTC)
	if err != nil {
		b.Fatal(err)
	}
	now := time.Date(2026, 11, 25, 10, 0, 0, 0, time.FixedZone("JST", 9*3600))
	sums := benchSummaries(now, 100000)
	b.ResetTimer()
	var n int
	for i := 0; i < b.N; i++ {
		n = len(Due(now, p, sums, nil))
	}
	b.ReportMetric(float64(n), "nudges")
}

// BenchmarkUpcoming100k is a week of upcoming nudges for 100,000 cases.
func BenchmarkUpcoming100k(b *testing.B) {
	cfg := DefaultConfig()
	cfg.ZoneOf = testZone
	p, _ := cfg.Policy(time.UTC)
	now := time.Date(2026, 11, 25, 10, 0, 0, 0, time.FixedZone("JST", 9*3600))
	sums := benchSummaries(now, 100000)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		Upcoming(now, now.Add(7*24*time.Hour), p, sums, nil)
	}
}
