// Package cases owns the lockout case: its fields and their validation
// (TrackingID, tenant ID, domain, admin UPN, country), the Data Protection
// Team stages and the one table of moves between them, the contact log, the
// stall rule, and the bbolt-backed Store that keeps it all in one file.
//
// It must not import any sibling package (contacts, reminders) nor cobra,
// lipgloss or anything that knows about terminals; time always comes in as a
// value. The on-disk format is described in FORMAT.md beside this file.
package cases

import (
	"time"
)

// Stage is where a case stands in Microsoft's recovery process.
type Stage string

// The stages, in the order a case normally passes through them.
const (
	StageLockedOut    Stage = "locked-out"    // no contact with Microsoft yet
	StageTicketOpen   Stage = "ticket-open"   // a service request exists
	StageDPTReview    Stage = "dpt-review"    // handed to the Data Protection Team
	StageVerifying    Stage = "verifying"     // proving ownership: DNS TXT record, documents
	StageResetPending Stage = "reset-pending" // verification accepted, waiting for the reset
	StageRecovered    Stage = "recovered"     // can sign in again; re-register MFA and harden
	StageClosed       Stage = "closed"
)

// Stages lists every stage in order.
var Stages = []Stage{StageLockedOut, StageTicketOpen, StageDPTReview, StageVerifying, StageResetPending, StageRecovered, StageClosed}

// stageInfo is the one table that describes each stage: its position, what
// it means, and which stages it may move to. A move to an earlier stage is
// allowed where listed but recorded as a step back.
var stageInfo = map[Stage]struct {
	order int
	about string
	next  []Stage
}{
	StageLockedOut:    {0, "no contact with Microsoft yet: call support and get a TrackingID", []Stage{StageTicketOpen, StageDPTReview, StageRecovered, StageClosed}},
	StageTicketOpen:   {1, "a service request exists: ask for the Data Protection Team", []Stage{StageLockedOut, StageDPTReview, StageVerifying, StageResetPending, StageRecovered, StageClosed}},
	StageDPTReview:    {2, "handed to the Data Protection Team: wait for their contact, call back with the TrackingID if they are quiet", []Stage{StageTicketOpen, StageVerifying, StageResetPending, StageRecovered, StageClosed}},
	StageVerifying:    {3, "proving ownership of the organisation and domain (DNS TXT record, documents)", []Stage{StageTicketOpen, StageDPTReview, StageResetPending, StageRecovered, StageClosed}},
	StageResetPending: {4, "verification accepted: waiting for Microsoft to reset the admin account", []Stage{StageDPTReview, StageVerifying, StageRecovered, StageClosed}},
	StageRecovered:    {5, "signed in again: re-register MFA and harden the tenant before closing", []Stage{StageVerifying, StageResetPending, StageClosed}},
	StageClosed:       {6, "closed", nil},
}

// Valid reports whether s is a known stage.
func (s Stage) Valid() bool { _, ok := stageInfo[s]; return ok }

// About says in one line what the stage means for the admin.
func (s Stage) About() string { return stageInfo[s].about }

// Order is the stage's position in Stages.
func (s Stage) Order() int { return stageInfo[s].order }

// CanMove reports whether the transition table allows from → to.
func CanMove(from, to Stage) bool {
	for _, n := range stageInfo[from].next {
		if n == to {
			return true
		}
	}
	return false
}

// NextStages lists the stages a case in s may move to.
func NextStages(s Stage) []Stage { return append([]Stage(nil), stageInfo[s].next...) }

// Channel is how a contact happened.
type Channel string

// Contact channels.
const (
	ChannelPhone Channel = "phone"
	ChannelEmail Channel = "email"
	ChannelWeb   Channel = "web"
	ChannelChat  Channel = "chat"
)

// Channels lists the valid channels.
var Channels = []Channel{ChannelPhone, ChannelEmail, ChannelWeb, ChannelChat}

// Kind says what a log entry records. The empty kind is a contact with
// Microsoft (a call, an email, a web form or a chat): only those reset the
// stall clock and fulfil a promised callback. The other kinds are the
// admin's own actions, kept for the record.
type Kind string

// Log entry kinds.
const (
	KindContact  Kind = ""         // a contact with Microsoft (phone, email, web, chat)
	KindCheck    Kind = "check"    // the admin checked something, e.g. the DNS TXT record
	KindNote     Kind = "note"     // a note for the record
	KindDocument Kind = "document" // the admin sent a document (proof of ownership)
)

// Kinds lists the kinds of the admin's own actions, as --kind takes them.
var Kinds = []Kind{KindCheck, KindNote, KindDocument}

// Direction says who started a contact.
type Direction string

// Directions: out = we contacted Microsoft, in = Microsoft contacted us.
const (
	DirOut Direction = "out"
	DirIn  Direction = "in"
)

// Contact is one entry of a case's log: a contact with Microsoft, or (Kind
// set) one of the admin's own actions.
type Contact struct {
	Seq        int        `json:"seq"`
	At         time.Time  `json:"at"`
	Kind       Kind       `json:"kind,omitempty"`      // "" = contact with Microsoft
	Channel    Channel    `json:"channel,omitempty"`   // set for contacts
	Direction  Direction  `json:"direction,omitempty"` // set for contacts
	Address    string     `json:"address,omitempty"`   // number or e-mail address used
	Agent      string     `json:"agent,omitempty"`
	Summary    string     `json:"summary"`
	CallbackBy *time.Time `json:"callback_by,omitempty"` // when Microsoft promised to come back
	Logged     time.Time  `json:"logged"`                // when the entry was written
	// MessageID and TextHash identify an email logged from its text, so
	// the same email is never logged twice: the Message-ID header, or for
	// pasted text without one, a hash of the text.
	MessageID string `json:"message_id,omitempty"`
	TextHash  string `json:"text_hash,omitempty"`
	// Author and Machine say who wrote the entry and on which computer
	// (see Who); both are empty in entries written before they were kept.
	Author  string `json:"author,omitempty"`
	Machine string `json:"machine,omitempty"`
}

// IsContact reports whether e is a contact with Microsoft (as opposed to
// the admin's own action): only contacts reset the stall clock.
func (e *Contact) IsContact() bool { return e.Kind == KindContact }

// LogChange records a correction of the log: an entry edited or deleted,
// with the entry as it was, so nothing disappears silently.
type LogChange struct {
	At     time.Time `json:"at"`
	Action string    `json:"action"` // "edit" or "delete"
	Entry  int       `json:"entry"`  // the entry's Seq
	Before Contact   `json:"before"`
	// Author and Machine say who made the correction, and where.
	Author  string `json:"author,omitempty"`
	Machine string `json:"machine,omitempty"`
}

// StageChange is one entry of a case's stage history.
type StageChange struct {
	At   time.Time `json:"at"`
	From Stage     `json:"from,omitempty"`
	To   Stage     `json:"to"`
	Back bool      `json:"back,omitempty"` // a move to an earlier stage
	Note string    `json:"note,omitempty"`
	// Author and Machine say who moved the case, and where.
	Author  string `json:"author,omitempty"`
	Machine string `json:"machine,omitempty"`
}

// ChecklistItem is one point of the hardening checklist attached when a case
// reaches StageRecovered.
type ChecklistItem struct {
	ID   string     `json:"id"`
	Text string     `json:"text"`
	Done *time.Time `json:"done,omitempty"`
}

// Case is one lockout case.
type Case struct {
	Number       uint64          `json:"number"`
	TrackingID   string          `json:"tracking_id,omitempty"`
	TenantID     string          `json:"tenant_id,omitempty"`
	Domain       string          `json:"domain"` // ASCII (punycode) form
	Admin        string          `json:"admin"`
	Phone        string          `json:"phone,omitempty"` // the admin's callback number
	Country      string          `json:"country,omitempty"`
	Region       string          `json:"region,omitempty"` // state or province whose public holidays add to the country's ("NSW")
	Lang         string          `json:"lang,omitempty"`
	Severity     string          `json:"severity,omitempty"`
	Title        string          `json:"title,omitempty"`
	Stage        Stage           `json:"stage"`
	StageSince   time.Time       `json:"stage_since"`
	Created      time.Time       `json:"created"`
	Updated      time.Time       `json:"updated"`
	Closed       *time.Time      `json:"closed,omitempty"`
	Resolution   string          `json:"resolution,omitempty"`
	SnoozedUntil *time.Time      `json:"snoozed_until,omitempty"`
	Contacts     []Contact       `json:"contacts"`
	History      []StageChange   `json:"history"`
	Checklist    []ChecklistItem `json:"checklist,omitempty"`
	// Plan is the tenant's plan as the support page's headings split them
	// (PlanEnterprise, PlanOther), or "" when not known: in countries
	// whose page distinguishes plans it picks the number to call.
	Plan string `json:"plan,omitempty"`
	// Cloud is the tenant's cloud instance as the sign-in metadata names
	// it ("microsoftonline.us", "partner.microsoftonline.cn"), or "" for
	// the global cloud or when not looked up.
	Cloud      string      `json:"cloud,omitempty"`
	LogChanges []LogChange `json:"log_changes,omitempty"`
	// Customer names the client a provider works the case for, when one
	// team tracks lockouts for many client tenants; "" for one's own.
	Customer string `json:"customer,omitempty"`
}

// Plans, as the support page's headings name them: "Office 365 Enterprise"
// and "Other Plans".
const (
	PlanEnterprise = "enterprise"
	PlanOther      = "other"
)

// IsClosed reports whether the case is closed.
func (c *Case) IsClosed() bool { return c.Stage == StageClosed }

// OpenPromise returns the latest callback Microsoft promised that no inbound
// contact has fulfilled yet, or nil.
func (c *Case) OpenPromise() *time.Time {
	var p *time.Time
	var pAt time.Time
	for i := range c.Contacts {
		e := &c.Contacts[i]
		if e.IsContact() && e.CallbackBy != nil && (p == nil || !e.At.Before(pAt)) {
			p, pAt = e.CallbackBy, e.At
		}
	}
	if p == nil {
		return nil
	}
	for i := range c.Contacts {
		e := &c.Contacts[i]
		if e.IsContact() && e.Direction == DirIn && e.At.After(pAt) {
			return nil
		}
	}
	t := *p
	return &t
}

// LastContact is the time of the most recent contact with Microsoft, or
// zero. The admin's own actions (a DNS check, a note) do not count.
func (c *Case) LastContact() time.Time {
	var t time.Time
	for _, e := range c.Contacts {
		if e.IsContact() && e.At.After(t) {
			t = e.At
		}
	}
	return t
}

// Summary is the compact form of a case that `list` and the reminders read
// without decoding the contact log. Every write keeps it in step with the
// full record in the same transaction.
type Summary struct {
	Number       uint64
	TrackingID   string
	Domain       string
	Admin        string
	Country      string
	Region       string
	Lang         string
	Severity     string
	Title        string
	Plan         string
	Customer     string
	Stage        Stage
	StageSince   time.Time
	Created      time.Time
	Updated      time.Time
	LastContact  time.Time  // zero when there is none
	Promise      *time.Time // open promised callback
	SnoozedUntil *time.Time
	Contacts     int // contacts with Microsoft; the admin's own actions are not counted
	OpenChecks   int // hardening checklist items not done
}

// Summarize builds the Summary of c.
func (c *Case) Summarize() Summary {
	open, n := 0, 0
	for i := range c.Contacts {
		if c.Contacts[i].IsContact() {
			n++
		}
	}
	for _, it := range c.Checklist {
		if it.Done == nil {
			open++
		}
	}
	return Summary{
		Number: c.Number, TrackingID: c.TrackingID, Domain: c.Domain, Admin: c.Admin,
		Country: c.Country, Region: c.Region, Lang: c.Lang, Severity: c.Severity, Title: c.Title, Plan: c.Plan,
		Customer: c.Customer,
		Stage:    c.Stage, StageSince: c.StageSince, Created: c.Created, Updated: c.Updated,
		LastContact: c.LastContact(), Promise: c.OpenPromise(), SnoozedUntil: c.SnoozedUntil,
		Contacts: n, OpenChecks: open,
	}
}

// LastActivity is the later of the last contact and the last stage change:
// the instant from which the stall limit counts.
func (s *Summary) LastActivity() time.Time {
	if s.LastContact.After(s.StageSince) {
		return s.LastContact
	}
	return s.StageSince
}
