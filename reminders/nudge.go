// Package reminders decides when to nudge the admin about a stalled case and
// sends those nudges through channels that do not depend on the locked
// tenant. It owns the business calendar (weekends, public holidays, the
// admin's own closures), the configuration file, the pure decision function
// Due, the sent-log that makes every nudge go out exactly once, the
// notifiers, and the cron scheduler that asks Due at each tick.
//
// It imports cases (for the case summary and the one stall rule) and must
// not import cmd, contacts, cobra, lipgloss or read the clock: time comes in
// as a value.
package reminders

import (
	"context"
	"time"
)

// Kind says why a nudge fires.
type Kind string

// The kinds of nudge.
const (
	KindStalled        Kind = "stalled"         // stage limit passed without contact
	KindPromiseOverdue Kind = "promise-overdue" // Microsoft's promised callback passed
	KindBeforeBreak    Kind = "before-break"    // last working day(s) before a weekend or holiday
	KindAfterBreak     Kind = "after-break"     // first working day after a break
	KindCallNow        Kind = "call-now"        // locked-out with no contact yet
	KindHarden         Kind = "harden"          // recovered: MFA, second admin, break-glass
	KindTest           Kind = "test"            // `reminders test`
	KindCallback       Kind = "callback"        // a calendar event at a promised callback's time (ICS only)
)

// Nudge is one reminder about one case.
type Nudge struct {
	Case       uint64    `json:"case"`
	TrackingID string    `json:"tracking_id,omitempty"`
	Domain     string    `json:"domain"`
	Title      string    `json:"title,omitempty"`   // the case's own title, outside text
	Country    string    `json:"country,omitempty"` // the case's country, for the number to call
	Lang       string    `json:"lang,omitempty"`    // the language the admin wants on the phone
	Plan       string    `json:"plan,omitempty"`    // the tenant's plan, where the country's numbers depend on it
	Stage      string    `json:"stage"`
	Kind       Kind      `json:"kind"`
	Due        time.Time `json:"due"`            // the instant it is due, in the case's zone
	Late       bool      `json:"late,omitempty"` // caught up after downtime
	Why        string    `json:"why"`            // one line: why now
	Action     string    `json:"action"`         // one line: what to do
	Call       *Call     `json:"call,omitempty"` // the number to call; nil when none is known
	// Facts are what the words are made of, for the message layer.
	Facts Facts `json:"-"`
}

// Call is the number to call about a nudge: the option "contacts suggest"
// ranks first for the case's country and language at the nudge's instant,
// with its hours. It is filled by a CallFinder from cmd, which knows the
// support directory (reminders must not import contacts).
type Call struct {
	Number   string    `json:"number,omitempty"`   // as the directory writes it: "0120 996 680"
	E164     string    `json:"e164,omitempty"`     // "+81120996680", for a tel: link
	Country  string    `json:"country,omitempty"`  // the directory's name for the line's country
	State    string    `json:"state,omitempty"`    // "open", "closed" or "unknown" at the instant
	Always   bool      `json:"always,omitempty"`   // open 24 hours, 7 days
	Until    time.Time `json:"until,omitzero"`     // when open and not always: closing time
	Next     time.Time `json:"next,omitzero"`      // when closed: next opening
	Hours    string    `json:"hours,omitempty"`    // the line's hours, in words
	Language string    `json:"language,omitempty"` // the line's language when it names one
	Plan     string    `json:"plan,omitempty"`     // the plan the line serves, when it serves one
	// Instead says what to do when there is no number: the country has no
	// phone support, or the case names no country.
	Instead string `json:"instead,omitempty"`
}

// CallFinder gives the number to call about n at the instant at, or nil
// when it knows none.
type CallFinder func(n Nudge, at time.Time) *Call

// AddCalls fills the Call of each nudge through find, ranked at the
// nudge's due instant, or at now for a nudge already due: that is when the
// admin reads it. A nil find leaves the nudges as they are.
func AddCalls(ns []Nudge, find CallFinder, now time.Time) {
	if find == nil {
		return
	}
	for i := range ns {
		at := ns[i].Due
		if at.Before(now) {
			at = now
		}
		ns[i].Call = find(ns[i], at)
	}
}

// Key is the stable identity of a nudge: the same case, kind and due
// instant always give the same key, so the sent-log can send it once.
func (n Nudge) Key() string {
	return keyOf(n.Case, n.Kind, n.Due)
}

func keyOf(c uint64, k Kind, due time.Time) string {
	return due.UTC().Format("20060102T150405Z") + "/" + string(k) + "/" + itoa(c)
}

func itoa(n uint64) string {
	if n == 0 {
		return "0"
	}
	var b [20]byte
	i := len(b)
	for n > 0 {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
	}
	return string(b[i:])
}

// Notifier sends one nudge through one channel.
type Notifier interface {
	Notify(ctx context.Context, n Nudge) error
}
