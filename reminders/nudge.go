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
)

// Nudge is one reminder about one case.
type Nudge struct {
	Case       uint64    `json:"case"`
	TrackingID string    `json:"tracking_id,omitempty"`
	Domain     string    `json:"domain"`
	Stage      string    `json:"stage"`
	Kind       Kind      `json:"kind"`
	Due        time.Time `json:"due"`            // the instant it is due, in the case's zone
	Late       bool      `json:"late,omitempty"` // caught up after downtime
	Why        string    `json:"why"`            // one line: why now
	Action     string    `json:"action"`         // one line: what to do
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
