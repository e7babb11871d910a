package cases

import (
	"fmt"
	"strings"
	"time"
)

// Validate checks every field of c. Domain, admin and tenant ID must already
// be in their stored form (the Parse functions give it).
func (c *Case) Validate() error {
	if c.TrackingID != "" {
		if v, err := ParseTrackingID(c.TrackingID); err != nil || v != c.TrackingID {
			return &InputError{Field: "tracking ID", Value: c.TrackingID, Want: "expected digits like 2411250040001234", Code: CodeTrackingID}
		}
	}
	if c.TenantID != "" {
		if v, err := ParseTenantID(c.TenantID); err != nil || v != c.TenantID {
			return &InputError{Field: "tenant ID", Value: c.TenantID, Want: "expected a lower-case GUID like 12345678-aaaa-4bbb-8ccc-1234567890ab (yours is in the sign-in metadata: mscase tenant lookup DOMAIN)", Code: CodeTenantID}
		}
	}
	if v, err := ParseDomain(c.Domain); err != nil || v != c.Domain {
		return &InputError{Field: "domain", Value: c.Domain, Want: "expected a DNS name like contoso.onmicrosoft.com", Code: CodeDomain}
	}
	if _, err := ParseUPN(c.Admin); err != nil {
		return err
	}
	if c.Phone != "" {
		if _, err := ParsePhone(c.Phone); err != nil {
			return err
		}
	}
	if c.Region != "" {
		if c.Country == "" {
			return &InputError{Field: "region", Value: c.Region, Want: "a region needs a country: pass --country too"}
		}
		if !validRegion(c.Region) {
			return &InputError{Field: "region", Value: c.Region, Want: "expected a region code like NSW, BY or CA"}
		}
	}
	if c.Country != "" {
		if v, err := ParseCountry(c.Country); err != nil || v != c.Country {
			return &InputError{Field: "country", Value: c.Country, Want: "expected an upper-case ISO 3166-1 alpha-2 code like JP", Code: CodeCountry}
		}
	}
	if c.Lang != "" {
		if _, err := ParseLang(c.Lang); err != nil {
			return err
		}
	}
	if c.Severity != "" {
		if v, err := ParseSeverity(c.Severity); err != nil || v != c.Severity {
			return &InputError{Field: "severity", Value: c.Severity, Want: "expected A, B or C", Code: CodeSeverity}
		}
	}
	if c.Plan != "" {
		if v, err := ParsePlan(c.Plan); err != nil || v != c.Plan {
			return &InputError{Field: "plan", Value: c.Plan, Want: "expected enterprise or other", Code: CodePlan}
		}
	}
	if !c.Stage.Valid() {
		_, err := ParseStage(string(c.Stage))
		return err
	}
	for _, t := range []time.Time{c.Created, c.StageSince} {
		if t.Before(MinTime) || !t.Before(MaxTime) {
			return &InputError{Field: "case", Value: fmt.Sprint(c.Number), Want: "created and stage_since must be times between 2000 and 2099"}
		}
	}
	for i, e := range c.Contacts {
		if err := e.Validate(); err != nil {
			return fmt.Errorf("contact %d: %w", i+1, err)
		}
	}
	for i, h := range c.History {
		if !h.To.Valid() || (h.From != "" && !h.From.Valid()) {
			return &InputError{Field: "stage history entry", Value: fmt.Sprint(i + 1), Want: "expected known stages"}
		}
	}
	return nil
}

// Validate checks one log entry. A contact with Microsoft needs a channel
// and a direction; the admin's own actions may leave them empty.
func (e *Contact) Validate() error {
	if e.Kind != KindContact {
		if _, err := ParseKind(string(e.Kind)); err != nil {
			return err
		}
	}
	if e.IsContact() || e.Channel != "" {
		if _, err := ParseChannel(string(e.Channel)); err != nil {
			return err
		}
	}
	if e.IsContact() || e.Direction != "" {
		if _, err := ParseDirection(string(e.Direction)); err != nil {
			return err
		}
	}
	if strings.TrimSpace(e.Summary) == "" {
		return &InputError{Field: "summary", Value: "", Want: "must not be empty: say what was agreed, e.g. --summary \"escalated to Data Protection Team\"", Code: CodeEmpty}
	}
	if e.At.Before(MinTime) || !e.At.Before(MaxTime) {
		return &InputError{Field: "contact time", Value: e.At.Format(time.RFC3339), Want: "out of range: expected a time between 2000 and 2099", Code: CodeTimeRange}
	}
	if e.CallbackBy != nil && (e.CallbackBy.Before(MinTime) || !e.CallbackBy.Before(MaxTime)) {
		return &InputError{Field: "callback time", Value: e.CallbackBy.Format(time.RFC3339), Want: "out of range: expected a time between 2000 and 2099", Code: CodeTimeRange}
	}
	if e.CallbackBy != nil && !e.IsContact() {
		return &InputError{Field: "callback time", Value: e.CallbackBy.Format(time.RFC3339), Want: "only a contact with Microsoft can carry a promised callback", Code: CodeCallbackContact}
	}
	return nil
}

// New builds a case in its first stage: ticket-open when it has a
// TrackingID, locked-out otherwise.
func New(c Case, note string, now time.Time) *Case {
	c.Created, c.Updated, c.StageSince = now, now, now
	if c.Stage == "" {
		c.Stage = StageLockedOut
		if c.TrackingID != "" {
			c.Stage = StageTicketOpen
		}
	}
	c.Contacts = []Contact{}
	c.History = []StageChange{{At: now, To: c.Stage, Note: note}}
	return &c
}

// AddContact appends e to the contact log.
func (c *Case) AddContact(e Contact, now time.Time) error {
	if c.IsClosed() {
		return &ClosedError{c.Number}
	}
	if e.At.IsZero() {
		e.At = now
	}
	if e.At.After(now.Add(5 * time.Minute)) {
		return &InputError{Field: "contact time", Value: e.At.Format(time.RFC3339), Want: "is in the future: log a contact when it has happened (a promised callback goes in --callback-by)", Code: CodePast}
	}
	e.Logged = now
	if err := e.Validate(); err != nil {
		return err
	}
	e.Seq = c.nextSeq()
	// Keep the log in time order; entries logged late slot in place.
	i := len(c.Contacts)
	for i > 0 && c.Contacts[i-1].At.After(e.At) {
		i--
	}
	c.Contacts = append(c.Contacts, Contact{})
	copy(c.Contacts[i+1:], c.Contacts[i:])
	c.Contacts[i] = e
	c.Updated = now
	return nil
}

// nextSeq is one more than the highest entry number ever given on the case,
// so a deleted entry's number is never reused.
func (c *Case) nextSeq() int {
	n := 0
	for _, e := range c.Contacts {
		n = max(n, e.Seq)
	}
	for _, ch := range c.LogChanges {
		n = max(n, ch.Entry)
	}
	return n + 1
}

// Entry returns the log entry numbered seq, or nil.
func (c *Case) Entry(seq int) *Contact {
	for i := range c.Contacts {
		if c.Contacts[i].Seq == seq {
			return &c.Contacts[i]
		}
	}
	return nil
}

func (c *Case) entryIndex(seq int) (int, error) {
	for i := range c.Contacts {
		if c.Contacts[i].Seq == seq {
			return i, nil
		}
	}
	return -1, &InputError{Field: "log entry", Value: fmt.Sprint(seq), Want: fmt.Sprintf("case %d has no such entry: see the numbers in \"mscase cases show %d\"", c.Number, c.Number), Code: CodeNoEntry, Args: []string{fmt.Sprint(c.Number)}}
}

// EditEntry applies fn to a copy of log entry seq and, when the result is
// valid, puts it in place and records the entry as it was in LogChanges.
func (c *Case) EditEntry(seq int, fn func(e *Contact) error, now time.Time) error {
	i, err := c.entryIndex(seq)
	if err != nil {
		return err
	}
	before := c.Contacts[i]
	e := before
	if err := fn(&e); err != nil {
		return err
	}
	if e.At.After(now.Add(5 * time.Minute)) {
		return &InputError{Field: "entry time", Value: e.At.Format(time.RFC3339), Want: "is in the future: log an entry when it has happened", Code: CodePast}
	}
	if err := e.Validate(); err != nil {
		return err
	}
	e.Seq = seq
	c.LogChanges = append(c.LogChanges, LogChange{At: now, Action: "edit", Entry: seq, Before: before})
	c.Contacts = append(c.Contacts[:i], c.Contacts[i+1:]...)
	j := len(c.Contacts)
	for j > 0 && c.Contacts[j-1].At.After(e.At) {
		j--
	}
	c.Contacts = append(c.Contacts, Contact{})
	copy(c.Contacts[j+1:], c.Contacts[j:])
	c.Contacts[j] = e
	c.Updated = now
	return nil
}

// DeleteEntry removes log entry seq and records it in LogChanges.
func (c *Case) DeleteEntry(seq int, now time.Time) error {
	i, err := c.entryIndex(seq)
	if err != nil {
		return err
	}
	c.LogChanges = append(c.LogChanges, LogChange{At: now, Action: "delete", Entry: seq, Before: c.Contacts[i]})
	c.Contacts = append(c.Contacts[:i], c.Contacts[i+1:]...)
	c.Updated = now
	return nil
}

// FindEmail returns the log entry that holds the same email, or nil. Two
// emails that both have a Message-ID are the same when the IDs are equal;
// otherwise (a pasted email has none) when their text hashes are. Either
// key may be empty.
func (c *Case) FindEmail(messageID, textHash string) *Contact {
	for i := range c.Contacts {
		e := &c.Contacts[i]
		if messageID != "" && e.MessageID != "" {
			if e.MessageID == messageID {
				return e
			}
			continue
		}
		if textHash != "" && e.TextHash == textHash {
			return e
		}
	}
	return nil
}

// MoveTo moves the case to stage to, if the transition table allows it, and
// records the move. Moving into recovered attaches the hardening checklist.
func (c *Case) MoveTo(to Stage, note string, now time.Time) error {
	if c.IsClosed() && to != StageClosed {
		return &ClosedError{c.Number}
	}
	if to == c.Stage {
		return &InputError{Field: "stage", Value: string(to), Want: "the case is already in that stage", Code: CodeSameStage}
	}
	if !CanMove(c.Stage, to) {
		return &TransitionError{c.Stage, to}
	}
	c.History = append(c.History, StageChange{At: now, From: c.Stage, To: to, Back: to.Order() < c.Stage.Order(), Note: note})
	c.Stage, c.StageSince, c.Updated = to, now, now
	if to == StageRecovered && len(c.Checklist) == 0 {
		c.Checklist = HardeningChecklist()
	}
	if to == StageClosed {
		t := now
		c.Closed = &t
	}
	return nil
}

// Close closes the case with an optional resolution. Closing is allowed from
// every open stage.
func (c *Case) Close(resolution string, now time.Time) error {
	if c.IsClosed() {
		return &InputError{Field: "case", Value: fmt.Sprint(c.Number), Want: "is already closed", Code: CodeAlreadyClosed}
	}
	c.History = append(c.History, StageChange{At: now, From: c.Stage, To: StageClosed, Note: resolution})
	c.Stage, c.StageSince, c.Updated = StageClosed, now, now
	t := now
	c.Closed = &t
	c.Resolution = resolution
	return nil
}

// Reopen brings a closed case back to the stage it was closed from.
func (c *Case) Reopen(note string, now time.Time) error {
	if !c.IsClosed() {
		return &InputError{Field: "case", Value: fmt.Sprint(c.Number), Want: "is not closed", Code: CodeNotClosed}
	}
	back := StageTicketOpen
	if c.TrackingID == "" {
		back = StageLockedOut
	}
	for i := len(c.History) - 1; i >= 0; i-- {
		if c.History[i].To == StageClosed && c.History[i].From != "" {
			back = c.History[i].From
			break
		}
	}
	c.History = append(c.History, StageChange{At: now, From: StageClosed, To: back, Back: true, Note: note})
	c.Stage, c.StageSince, c.Updated = back, now, now
	c.Closed = nil
	return nil
}

// HardeningChecklist is attached to a case when it reaches recovered. The
// texts follow Microsoft's recommendations in the emergency-access and
// admin-roles docs.
func HardeningChecklist() []ChecklistItem {
	return []ChecklistItem{
		{ID: "mfa", Text: "Re-register MFA with more than one method (e.g. Authenticator and a FIDO2 passkey)"},
		{ID: "second-admin", Text: "Add a second Global Administrator (Microsoft recommends 2 to 4, fewer than 5)"},
		{ID: "break-glass", Text: "Create two cloud-only break-glass accounts on *.onmicrosoft.com, excluded from Conditional Access, with passkeys kept offline"},
		{ID: "contact-info", Text: "Check the admin's alternate email and mobile phone in the admin center profile (support sends its PIN there)"},
		{ID: "offline-record", Text: "Write down the tenant ID, the domain and the support numbers somewhere outside the tenant"},
	}
}

// CheckDone marks checklist item id done (or not done).
func (c *Case) CheckDone(id string, done bool, now time.Time) error {
	var ids []string
	for i := range c.Checklist {
		if c.Checklist[i].ID == id {
			if done {
				t := now
				c.Checklist[i].Done = &t
			} else {
				c.Checklist[i].Done = nil
			}
			c.Updated = now
			return nil
		}
		ids = append(ids, c.Checklist[i].ID)
	}
	if len(ids) == 0 {
		return &InputError{Field: "checklist item", Value: id, Want: "this case has no checklist yet: it is attached when the case reaches recovered", Code: CodeNoChecklist}
	}
	return &InputError{Field: "checklist item", Value: id, Want: "expected one of " + strings.Join(ids, ", "), Code: CodeOneOf, Args: ids}
}

// validRegion reports whether r looks like a region code: 1 to 8 upper-case
// letters and digits (which regions a country has is the calendar's
// business).
func validRegion(r string) bool {
	if len(r) == 0 || len(r) > 8 {
		return false
	}
	for _, c := range r {
		if (c < 'A' || c > 'Z') && (c < '0' || c > '9') {
			return false
		}
	}
	return true
}
