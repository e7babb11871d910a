package cases

import (
	"errors"
	"strings"
	"testing"
	"time"
	_ "time/tzdata" // named zones on any test machine
)

func TestParseTrackingID(t *testing.T) {
	tests := []struct {
		in, want string
		ok       bool
	}{
		{"2411250040001234", "2411250040001234", true},
		{" #2411250040001234 ", "2411250040001234", true},
		{"2411 2500 4000 1234", "2411250040001234", true},
		{"TrackingID#2403070040015890", "2403070040015890", true},
		{"116100514761395", "116100514761395", true}, // 15 digits, 2016
		{"12175139", "12175139", true},               // 8 digits, 2018
		{"1234567", "1234567", true},
		{"1-1234567890123", "1-1234567890123", true},
		{"123456", "", false},
		{"123456789012345678901", "", false},
		{"12ab", "", false},
		{"1-123", "", false},
		{"", "", false},
		{"24112500400O1234", "", false}, // letter O
	}
	for _, tt := range tests {
		got, err := ParseTrackingID(tt.in)
		if (err == nil) != tt.ok || got != tt.want {
			t.Errorf("ParseTrackingID(%q) = %q, %v; want %q ok=%v", tt.in, got, err, tt.want, tt.ok)
		}
		var ie *InputError
		if err != nil && !errors.As(err, &ie) {
			t.Errorf("ParseTrackingID(%q): error %T is not an InputError", tt.in, err)
		}
	}
	_, err := ParseTrackingID("12ab")
	if want := `tracking ID "12ab": expected digits like 2411250040001234 (7 to 20 digits, or the older form 1-1234567890123)`; err.Error() != want {
		t.Errorf("message = %q, want %q", err, want)
	}
}

func TestParseFields(t *testing.T) {
	tests := []struct {
		name  string
		parse func(string) (string, error)
		in    string
		want  string
		ok    bool
	}{
		{"guid upper", ParseTenantID, "72F988BF-86F1-41AF-91AB-2D7CD011DB47", "72f988bf-86f1-41af-91ab-2d7cd011db47", true},
		{"guid braces", ParseTenantID, "{72f988bf-86f1-41af-91ab-2d7cd011db47}", "72f988bf-86f1-41af-91ab-2d7cd011db47", true},
		{"guid short", ParseTenantID, "72f988bf-86f1-41af-91ab", "", false},
		{"domain", ParseDomain, "Contoso.onmicrosoft.com", "contoso.onmicrosoft.com", true},
		{"domain trailing dot", ParseDomain, "contoso.co.jp.", "contoso.co.jp", true},
		{"domain idn", ParseDomain, "例え.jp", "xn--r8jz45g.jp", true},
		{"domain one label", ParseDomain, "localhost", "", false},
		{"domain space", ParseDomain, "bad domain.com", "", false},
		{"domain underscore", ParseDomain, "bad_domain.com", "", false},
		{"domain numeric tld", ParseDomain, "10.0.0.1", "", false},
		{"upn", ParseUPN, "admin@contoso.co.jp", "admin@contoso.co.jp", true},
		{"upn idn", ParseUPN, "admin@例え.jp", "admin@xn--r8jz45g.jp", true},
		{"upn no at", ParseUPN, "admin", "", false},
		{"upn two dots", ParseUPN, "a..b@contoso.com", "", false},
		{"country", ParseCountry, "jp", "JP", true},
		{"country kosovo", ParseCountry, "XK", "XK", true},
		{"country namibia", ParseCountry, "NA", "NA", true},
		{"country name", ParseCountry, "Japan", "", false},
		{"country unknown", ParseCountry, "ZZ", "", false},
		{"lang", ParseLang, "JA", "ja", true},
		{"lang region", ParseLang, "pt_BR", "pt-BR", true},
		{"lang bad", ParseLang, "日本語", "", false},
		{"severity", ParseSeverity, "a", "A", true},
		{"severity bad", ParseSeverity, "D", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.parse(tt.in)
			if (err == nil) != tt.ok || got != tt.want {
				t.Errorf("parse(%q) = %q, %v; want %q ok=%v", tt.in, got, err, tt.want, tt.ok)
			}
		})
	}
	if got := DisplayDomain("xn--r8jz45g.jp"); got != "例え.jp" {
		t.Errorf("DisplayDomain = %q", got)
	}
}

func TestParseTime(t *testing.T) {
	tokyo, _ := time.LoadLocation("Asia/Tokyo")
	now := time.Date(2026, 11, 25, 10, 0, 0, 0, tokyo)
	tests := []struct {
		in   string
		want time.Time
		ok   bool
	}{
		{"2026-11-26T18:00:00+09:00", time.Date(2026, 11, 26, 18, 0, 0, 0, tokyo), true},
		{"2026-11-26 18:00", time.Date(2026, 11, 26, 18, 0, 0, 0, tokyo), true},
		{"18:00", time.Date(2026, 11, 25, 18, 0, 0, 0, tokyo), true},
		{"2026-11-30", time.Date(2026, 11, 30, 0, 0, 0, 0, tokyo), true},
		{"-30m", now.Add(-30 * time.Minute), true},
		{"-2h", now.Add(-2 * time.Hour), true},
		{"-1d", now.Add(-24 * time.Hour), true},
		{"+1d", now.Add(24 * time.Hour), true},
		{"now", now, true},
		{"25:00", time.Time{}, false},
		{"-99999999999999999999d", time.Time{}, false}, // overflow
		{"-200000d", time.Time{}, false},               // beyond ten years
		{"-3650d", now.Add(-3650 * 24 * time.Hour), true},
		{"9999-12-31T23:59:59Z", time.Time{}, false},
		{"1999-12-31T23:59:59Z", time.Time{}, false},
		{"0001-01-01T00:00:00Z", time.Time{}, false},
		{"tomorrow", time.Time{}, false},
		{"2026-13-01 10:00", time.Time{}, false},
	}
	for _, tt := range tests {
		got, err := ParseTime(tt.in, now, tokyo)
		if (err == nil) != tt.ok || !got.Equal(tt.want) {
			t.Errorf("ParseTime(%q) = %v, %v; want %v ok=%v", tt.in, got, err, tt.want, tt.ok)
		}
	}
}

// TestParseTimeDST: a local time skipped by the spring-forward change is
// refused, not silently moved; the repeated hour in autumn is accepted.
func TestParseTimeDST(t *testing.T) {
	ny, _ := time.LoadLocation("America/New_York")
	now := time.Date(2027, 3, 10, 9, 0, 0, 0, ny)
	if _, err := ParseTime("2027-03-14 02:30", now, ny); err == nil || !strings.Contains(err.Error(), "does not exist in America/New_York") {
		t.Errorf("2027-03-14 02:30 in New York: %v", err)
	}
	got, err := ParseTime("2027-03-14 03:30", now, ny)
	if err != nil || got.Format(time.RFC3339) != "2027-03-14T03:30:00-04:00" {
		t.Errorf("03:30 after the change: %v, %v", got, err)
	}
	if got, err := ParseTime("2027-11-07 01:30", now, ny); err != nil || got.Hour() != 1 {
		t.Errorf("the repeated hour: %v, %v", got, err)
	}
}

func TestTransitions(t *testing.T) {
	now := time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)
	tests := []struct {
		from, to Stage
		ok, back bool
	}{
		{StageLockedOut, StageTicketOpen, true, false},
		{StageTicketOpen, StageDPTReview, true, false},
		{StageDPTReview, StageVerifying, true, false},
		{StageVerifying, StageResetPending, true, false},
		{StageResetPending, StageRecovered, true, false},
		{StageRecovered, StageClosed, true, false},
		{StageDPTReview, StageTicketOpen, true, true},
		{StageResetPending, StageVerifying, true, true},
		{StageLockedOut, StageResetPending, false, false},
		{StageLockedOut, StageVerifying, false, false},
		{StageRecovered, StageLockedOut, false, false},
	}
	for _, tt := range tests {
		c := New(Case{Domain: "contoso.com", Admin: "a@contoso.com", Stage: tt.from}, "", now)
		err := c.MoveTo(tt.to, "n", now.Add(time.Hour))
		if (err == nil) != tt.ok {
			t.Errorf("%s → %s: err %v, want ok=%v", tt.from, tt.to, err, tt.ok)
			continue
		}
		if !tt.ok {
			var te *TransitionError
			if !errors.As(err, &te) || te.From != tt.from || te.To != tt.to {
				t.Errorf("%s → %s: error %v is not a TransitionError", tt.from, tt.to, err)
			}
			if c.Stage != tt.from || len(c.History) != 1 {
				t.Errorf("%s → %s: a refused move changed the case", tt.from, tt.to)
			}
			continue
		}
		last := c.History[len(c.History)-1]
		if c.Stage != tt.to || last.Back != tt.back || last.From != tt.from || !c.StageSince.Equal(now.Add(time.Hour)) {
			t.Errorf("%s → %s: stage %s, history %+v", tt.from, tt.to, c.Stage, last)
		}
	}
}

func TestRecoveredAttachesChecklistAndReopen(t *testing.T) {
	now := time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)
	c := New(Case{Domain: "contoso.com", Admin: "a@contoso.com", TrackingID: "2411250040001234"}, "", now)
	if c.Stage != StageTicketOpen {
		t.Fatalf("a case with a TrackingID starts in %s", c.Stage)
	}
	if err := c.MoveTo(StageRecovered, "", now); err != nil {
		t.Fatal(err)
	}
	if len(c.Checklist) != 5 {
		t.Fatalf("checklist has %d items", len(c.Checklist))
	}
	if err := c.CheckDone("mfa", true, now); err != nil {
		t.Fatal(err)
	}
	if err := c.CheckDone("nope", true, now); err == nil {
		t.Error("unknown checklist item accepted")
	}
	if s := c.Summarize(); s.OpenChecks != 4 {
		t.Errorf("OpenChecks = %d, want 4", s.OpenChecks)
	}
	if err := c.Close("done", now); err != nil {
		t.Fatal(err)
	}
	if err := c.AddContact(Contact{Channel: ChannelPhone, Direction: DirOut, Summary: "x"}, now); err == nil {
		t.Error("contact logged on a closed case")
	}
	if err := c.Reopen("again", now); err != nil || c.Stage != StageRecovered || c.Closed != nil {
		t.Errorf("reopen: %v, stage %s", err, c.Stage)
	}
}

func TestOpenPromise(t *testing.T) {
	t0 := time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)
	p := t0.Add(24 * time.Hour)
	c := New(Case{Domain: "contoso.com", Admin: "a@contoso.com"}, "", t0)
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(c.AddContact(Contact{At: t0, Channel: ChannelPhone, Direction: DirOut, Summary: "call", CallbackBy: &p}, t0.Add(3*time.Hour)))
	if got := c.OpenPromise(); got == nil || !got.Equal(p) {
		t.Fatalf("OpenPromise = %v, want %v", got, p)
	}
	// An outbound contact does not fulfil it; an inbound one does.
	must(c.AddContact(Contact{At: t0.Add(time.Hour), Channel: ChannelPhone, Direction: DirOut, Summary: "called again"}, t0.Add(3*time.Hour)))
	if c.OpenPromise() == nil {
		t.Fatal("outbound contact fulfilled the promise")
	}
	must(c.AddContact(Contact{At: t0.Add(2 * time.Hour), Channel: ChannelEmail, Direction: DirIn, Summary: "DPT wrote"}, t0.Add(3*time.Hour)))
	if c.OpenPromise() != nil {
		t.Fatal("inbound contact did not fulfil the promise")
	}
	// An entry logged late slots into time order.
	must(c.AddContact(Contact{At: t0.Add(30 * time.Minute), Channel: ChannelChat, Direction: DirOut, Summary: "late entry"}, t0.Add(3*time.Hour)))
	if c.Contacts[1].Summary != "late entry" {
		t.Errorf("late entry at position %v", c.Contacts)
	}
}

func TestFutureContactRefused(t *testing.T) {
	now := time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)
	c := New(Case{Domain: "contoso.com", Admin: "a@contoso.com"}, "", now)
	err := c.AddContact(Contact{At: now.Add(24 * time.Hour), Channel: ChannelPhone, Direction: DirOut, Summary: "x"}, now)
	if err == nil || !strings.Contains(err.Error(), "is in the future") || len(c.Contacts) != 0 {
		t.Errorf("a contact tomorrow: %v, %d contacts", err, len(c.Contacts))
	}
}

func TestStall(t *testing.T) {
	t0 := time.Date(2026, 11, 20, 17, 0, 0, 0, time.UTC) // a Friday
	promise := t0.Add(20 * time.Hour)
	snooze := t0.Add(100 * time.Hour)
	tests := []struct {
		name    string
		sum     Summary
		now     time.Time
		stalled bool
		overdue bool
	}{
		{"dpt within 2d", Summary{Stage: StageDPTReview, StageSince: t0}, t0.Add(47 * time.Hour), false, false},
		{"dpt at 2d", Summary{Stage: StageDPTReview, StageSince: t0}, t0.Add(48 * time.Hour), true, false},
		{"contact resets", Summary{Stage: StageDPTReview, StageSince: t0, LastContact: t0.Add(24 * time.Hour)}, t0.Add(60 * time.Hour), false, false},
		{"locked-out 2h", Summary{Stage: StageLockedOut, StageSince: t0}, t0.Add(2 * time.Hour), true, false},
		{"promise overdue", Summary{Stage: StageDPTReview, StageSince: t0, Promise: &promise}, t0.Add(21 * time.Hour), true, true},
		{"snoozed", Summary{Stage: StageDPTReview, StageSince: t0, SnoozedUntil: &snooze}, t0.Add(60 * time.Hour), false, false},
		{"closed", Summary{Stage: StageClosed, StageSince: t0}, t0.Add(600 * time.Hour), false, false},
	}
	for _, tt := range tests {
		st := Stall(&tt.sum, tt.now, DefaultLimits, nil)
		if st.Stalled != tt.stalled || st.PromiseOverdue != tt.overdue {
			t.Errorf("%s: stalled=%v overdue=%v, want %v %v (%+v)", tt.name, st.Stalled, st.PromiseOverdue, tt.stalled, tt.overdue, st)
		}
	}
	// A business-time AddFunc moves the deadline: the rule itself is shared.
	skipWeekend := func(from time.Time, d time.Duration) time.Time { return from.Add(d + 48*time.Hour) }
	s := Summary{Stage: StageDPTReview, StageSince: t0}
	if st := Stall(&s, t0.Add(60*time.Hour), DefaultLimits, skipWeekend); st.Stalled || !st.Deadline.Equal(t0.Add(96*time.Hour)) {
		t.Errorf("custom AddFunc ignored: %+v", st)
	}
}

func TestFormatLimit(t *testing.T) {
	tests := []struct {
		d    time.Duration
		want string
	}{
		{0, "0"}, {2 * time.Hour, "2h"}, {24 * time.Hour, "1d"}, {36 * time.Hour, "1d12h"}, {90 * time.Minute, "1h30m"}, {45 * time.Minute, "45m"},
	}
	for _, tt := range tests {
		if got := FormatLimit(tt.d); got != tt.want {
			t.Errorf("FormatLimit(%v) = %q, want %q", tt.d, got, tt.want)
		}
	}
}
