package cases

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
)

// Sign names the author of what a change added, and only of that: the
// entries and stage changes already there keep their author, or none.
func TestSignOnlyWhatWasAdded(t *testing.T) {
	now := time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)
	alice := Who{Author: "alice", Machine: "laptop-a"}
	bob := Who{Author: "bob", Machine: "desk-b"}
	c := New(Case{Domain: "contoso.example", Admin: "a@contoso.example"}, "", now)
	c.Sign(Mark{}, alice)
	// An entry from before authors were kept.
	if err := c.AddContact(Contact{Channel: ChannelPhone, Direction: DirOut, Summary: "old call"}, now); err != nil {
		t.Fatal(err)
	}
	m := c.Mark()
	if err := c.AddContact(Contact{Channel: ChannelPhone, Direction: DirOut, Summary: "bob's call"}, now.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if err := c.MoveTo(StageDPTReview, "", now.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if err := c.EditEntry(1, func(e *Contact) error { e.Summary = "old call, corrected"; return nil }, now.Add(2*time.Hour)); err != nil {
		t.Fatal(err)
	}
	c.Sign(m, bob)

	tests := []struct {
		name string
		got  [2]string
		want Who
	}{
		{"first stage entry", [2]string{c.History[0].Author, c.History[0].Machine}, alice},
		{"entry from before authors", [2]string{c.Entry(1).Author, c.Entry(1).Machine}, Who{}},
		{"bob's entry", [2]string{c.Entry(2).Author, c.Entry(2).Machine}, bob},
		{"bob's stage change", [2]string{c.History[1].Author, c.History[1].Machine}, bob},
		{"bob's correction", [2]string{c.LogChanges[0].Author, c.LogChanges[0].Machine}, bob},
	}
	for _, tt := range tests {
		if tt.got != [2]string{tt.want.Author, tt.want.Machine} {
			t.Errorf("%s: signed %q, want %+v", tt.name, tt.got, tt.want)
		}
	}

	// Nobody known: nothing is signed, and the record has no empty keys.
	d := New(Case{Domain: "contoso.example", Admin: "a@contoso.example"}, "", now)
	d.Sign(Mark{}, Who{})
	rec, _, err := Encode(d)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(rec), `"author"`) || strings.Contains(string(rec), `"machine"`) {
		t.Errorf("unsigned record holds author keys: %s", rec)
	}
}

// A record written before authors and customers were kept reads with them
// empty, and one with them keeps them through a decode and re-encode byte
// for byte (export and import, store copy).
func TestAuthorAndCustomerRoundTrip(t *testing.T) {
	old := `{"number":1,"domain":"contoso.example","admin":"a@contoso.example","stage":"ticket-open","stage_since":"2026-11-25T10:00:00Z","created":"2026-11-25T10:00:00Z","updated":"2026-11-25T10:00:00Z","contacts":[{"seq":1,"at":"2026-11-25T10:00:00Z","channel":"phone","direction":"out","summary":"call","logged":"2026-11-25T10:00:00Z"}],"history":[{"at":"2026-11-25T10:00:00Z","to":"ticket-open"}]}`
	c, err := Decode([]byte(old))
	if err != nil {
		t.Fatal(err)
	}
	if c.Customer != "" || c.Contacts[0].Author != "" || c.History[0].Machine != "" {
		t.Fatalf("old record read with author or customer: %+v", c)
	}
	rec, _, err := Encode(c)
	if err != nil || string(rec) != old {
		t.Fatalf("old record re-encoded differently:\n%s\n%s (%v)", rec, old, err)
	}
	c.Customer = "Contoso Ltd"
	c.Sign(Mark{}, Who{Author: "佐藤", Machine: "kanri-pc"})
	rec, sum, err := Encode(c)
	if err != nil {
		t.Fatal(err)
	}
	again, err := Decode(rec)
	if err != nil {
		t.Fatal(err)
	}
	rec2, sum2, _ := Encode(again)
	if string(rec2) != string(rec) || string(sum2) != string(sum) {
		t.Fatalf("re-encode differs:\n%s\n%s", rec, rec2)
	}
	var m map[string]any
	_ = json.Unmarshal(rec, &m)
	if m["customer"] != "Contoso Ltd" || !strings.Contains(string(rec), `"author":"佐藤","machine":"kanri-pc"`) {
		t.Errorf("new fields missing from the record: %s", rec)
	}
	var s Summary
	if err := DecodeSummary(sum, &s); err != nil || s.Customer != "Contoso Ltd" {
		t.Errorf("summary customer = %q, %v", s.Customer, err)
	}
}
