package cases

import (
	"path/filepath"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

func TestParsePromise(t *testing.T) {
	tokyo, _ := time.LoadLocation("Asia/Tokyo")
	ny, _ := time.LoadLocation("America/New_York")
	evening := time.Date(2026, 11, 26, 20, 57, 0, 0, tokyo)
	tests := []struct {
		name string
		in   string
		base time.Time
		loc  *time.Location
		want string // RFC 3339, "" for an error
	}{
		{"bare clock already past today is tomorrow", "09:00", evening, tokyo, "2026-11-27T09:00:00+09:00"},
		{"bare clock later today is today", "21:30", evening, tokyo, "2026-11-26T21:30:00+09:00"},
		{"the same minute is the next day", "20:57", evening, tokyo, "2026-11-27T20:57:00+09:00"},
		{"relative counts from the call", "+2h", evening, tokyo, "2026-11-26T22:57:00+09:00"},
		{"relative days", "+1d", evening, tokyo, "2026-11-27T20:57:00+09:00"},
		{"tomorrow with a time", "tomorrow 10:00", evening, tokyo, "2026-11-27T10:00:00+09:00"},
		{"year end: tomorrow is next year", "tomorrow 09:00", time.Date(2026, 12, 31, 18, 0, 0, 0, tokyo), tokyo, "2027-01-01T09:00:00+09:00"},
		{"negative relative reads as given (the caller refuses it)", "-2h", evening, tokyo, "2026-11-26T18:57:00+09:00"},
		{"absolute", "2026-11-30 10:00", evening, tokyo, "2026-11-30T10:00:00+09:00"},
		// 02:30 on 14 March 2027 does not exist in New York: refused, not moved.
		{"next occurrence skipped by DST", "02:30", time.Date(2027, 3, 13, 22, 0, 0, 0, ny), ny, ""},
		{"nonsense", "soon", evening, tokyo, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParsePromise(tt.in, tt.base, tt.loc)
			if tt.want == "" {
				if err == nil {
					t.Fatalf("ParsePromise(%q) = %v, want an error", tt.in, got)
				}
				return
			}
			if err != nil || got.Format(time.RFC3339) != tt.want {
				t.Fatalf("ParsePromise(%q) = %v, %v; want %s", tt.in, got.Format(time.RFC3339), err, tt.want)
			}
		})
	}
}

func TestOwnActionsAreNotContact(t *testing.T) {
	now := time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)
	c := New(Case{Domain: "contoso.example", Admin: "a@contoso.example"}, "", now)
	if err := c.AddContact(Contact{Kind: KindCheck, Summary: "DNS TXT visible"}, now.Add(3*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if err := c.AddContact(Contact{Kind: KindNote, Summary: "note"}, now.Add(3*time.Hour)); err != nil {
		t.Fatal(err)
	}
	s := c.Summarize()
	if !s.LastContact.IsZero() || s.Contacts != 0 {
		t.Fatalf("own actions counted as contact: last %v, contacts %d", s.LastContact, s.Contacts)
	}
	if st := Stall(&s, now.Add(3*time.Hour), DefaultLimits, nil); !st.Stalled {
		t.Fatalf("a DNS check un-stalled the case: %+v", st)
	}
	if err := c.AddContact(Contact{Kind: KindCheck, Summary: "x", Channel: "fax"}, now); err == nil {
		t.Error("a check with an unknown channel was accepted")
	}
	if err := c.AddContact(Contact{Channel: ChannelPhone, Direction: DirOut, Summary: "called"}, now.Add(3*time.Hour)); err != nil {
		t.Fatal(err)
	}
	s = c.Summarize()
	if st := Stall(&s, now.Add(3*time.Hour), DefaultLimits, nil); st.Stalled || s.Contacts != 1 {
		t.Fatalf("a call did not reset the stall clock: %+v, contacts %d", st, s.Contacts)
	}
}

func TestEditDeleteKeepHistory(t *testing.T) {
	now := time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)
	c := New(Case{Domain: "contoso.example", Admin: "a@contoso.example"}, "", now)
	for _, s := range []string{"first", "second", "third"} {
		if err := c.AddContact(Contact{Channel: ChannelPhone, Direction: DirOut, Summary: s}, now); err != nil {
			t.Fatal(err)
		}
	}
	if err := c.EditEntry(2, func(e *Contact) error { e.Summary = ""; return nil }, now); err == nil {
		t.Fatal("an edit to an empty summary was accepted")
	}
	if len(c.LogChanges) != 0 || c.Entry(2).Summary != "second" {
		t.Fatal("a refused edit changed the case")
	}
	if err := c.EditEntry(2, func(e *Contact) error { e.Summary = "second, corrected"; return nil }, now); err != nil {
		t.Fatal(err)
	}
	if err := c.DeleteEntry(3, now); err != nil {
		t.Fatal(err)
	}
	if err := c.DeleteEntry(3, now); err == nil {
		t.Fatal("deleting a deleted entry succeeded")
	}
	if len(c.Contacts) != 2 || c.Entry(2).Summary != "second, corrected" {
		t.Fatalf("contacts = %+v", c.Contacts)
	}
	if len(c.LogChanges) != 2 || c.LogChanges[0].Before.Summary != "second" || c.LogChanges[1].Action != "delete" || c.LogChanges[1].Before.Summary != "third" {
		t.Fatalf("log changes = %+v", c.LogChanges)
	}
	if err := c.AddContact(Contact{Channel: ChannelPhone, Direction: DirOut, Summary: "fourth"}, now); err != nil {
		t.Fatal(err)
	}
	if c.Entry(4) == nil {
		t.Fatal("the new entry reused a deleted entry's number")
	}
}

// A database written before the plan existed (summary version 1), before
// the region (2) or before the customer (3) is still read, and a case's
// next write upgrades its summary.
func TestSummaryVersion1StillRead(t *testing.T) {
	s := Summary{Number: 7, TrackingID: "2411250040001234", Domain: "contoso.example", Admin: "a@contoso.example",
		Country: "JP", Stage: StageTicketOpen, StageSince: time.Unix(1700000000, 0).UTC(), Contacts: 3, OpenChecks: 1}
	b := encodeSummary(&s)
	// Version 1 is version 4 without the trailing plan, region and
	// customer (empty: one length byte each); version 2 without the region
	// and customer, version 3 without the customer.
	v1 := append([]byte{1}, b[1:len(b)-3]...)
	v2 := append([]byte{2}, b[1:len(b)-2]...)
	v3 := append([]byte{3}, b[1:len(b)-1]...)
	var got3 Summary
	if err := decodeSummary(v3, &got3, false); err != nil || got3.Number != 7 || got3.Customer != "" {
		t.Fatalf("v3 decoded as %+v, %v", got3, err)
	}
	var got2 Summary
	if err := decodeSummary(v2, &got2, false); err != nil || got2.Number != 7 || got2.Region != "" {
		t.Fatalf("v2 decoded as %+v, %v", got2, err)
	}
	var got Summary
	if err := decodeSummary(v1, &got, false); err != nil {
		t.Fatal(err)
	}
	if got.Number != 7 || got.Country != "JP" || got.Contacts != 3 || got.OpenChecks != 1 || got.Plan != "" {
		t.Fatalf("v1 decoded as %+v", got)
	}
	s.Plan, s.Region, s.Customer = PlanOther, "NSW", "Contoso Ltd"
	if err := decodeSummary(encodeSummary(&s), &got, false); err != nil || got.Plan != PlanOther || got.Region != "NSW" || got.Customer != "Contoso Ltd" {
		t.Fatalf("v4 plan, region, customer = %q, %q, %q, %v", got.Plan, got.Region, got.Customer, err)
	}

	path := filepath.Join(t.TempDir(), "old.db")
	st, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	c := New(Case{TrackingID: "2411250040001234", Domain: "contoso.example", Admin: "a@contoso.example", Country: "JP"}, "", time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC))
	if err := st.Create(c); err != nil {
		t.Fatal(err)
	}
	// Rewrite its summary as an older mscase would have.
	if err := st.DB().Update(func(tx *bolt.Tx) error {
		sum := c.Summarize()
		old := encodeSummary(&sum)
		return tx.Bucket(bucketSummaries).Put(itob(c.Number), append([]byte{1}, old[1:len(old)-3]...))
	}); err != nil {
		t.Fatal(err)
	}
	sums, err := st.Summaries()
	if err != nil || len(sums) != 1 || sums[0].TrackingID != "2411250040001234" {
		t.Fatalf("summaries of an old file: %+v, %v", sums, err)
	}
	if _, err := st.Update("1", func(c *Case) error { c.Plan, c.Customer = PlanOther, "Fabrikam"; return nil }); err != nil {
		t.Fatal(err)
	}
	if sums, _ = st.Summaries(); sums[0].Plan != PlanOther || sums[0].Customer != "Fabrikam" {
		t.Fatalf("plan, customer after update = %q, %q", sums[0].Plan, sums[0].Customer)
	}
	st.Close()
}
