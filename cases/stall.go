package cases

import (
	"strconv"
	"time"
)

// Limits says how long a case may go without contact in each stage before
// it counts as stalled.
type Limits map[Stage]time.Duration

// DefaultLimits are the stall limits used unless the configuration names
// others. Here they count calendar time; the reminders package turns them
// into business time by passing its own AddFunc to Stall.
var DefaultLimits = Limits{
	StageLockedOut:    2 * time.Hour,
	StageTicketOpen:   24 * time.Hour,
	StageDPTReview:    48 * time.Hour,
	StageVerifying:    24 * time.Hour,
	StageResetPending: 24 * time.Hour,
	StageRecovered:    72 * time.Hour,
}

// AddFunc adds a stall limit to an instant. CalendarAdd counts wall-clock
// time; the reminders package supplies one that counts business time.
type AddFunc func(from time.Time, d time.Duration) time.Time

// CalendarAdd adds d in calendar time.
func CalendarAdd(from time.Time, d time.Duration) time.Time { return from.Add(d) }

// StallState is the outcome of the stall rule for one case at one instant.
type StallState struct {
	Stalled         bool
	Deadline        time.Time // when the stage limit runs out (zero when the stage has none)
	PromiseOverdue  bool
	Promise         *time.Time
	WaitingOn       string // what the case waits on, for `list`
	LimitExceededBy time.Duration
	Limit           time.Duration // the stage's limit, when it ran out
	Stage           Stage
}

// Reason says in one line why the case is stalled, or "" when it is not.
// It is built on demand: listing 10,000 cases never needs it.
func (st *StallState) Reason() string {
	if !st.Stalled {
		return ""
	}
	r := ""
	if st.Limit > 0 {
		r = "no contact for longer than " + FormatLimit(st.Limit) + " in " + string(st.Stage)
	}
	if st.PromiseOverdue {
		if r != "" {
			return "promised callback overdue; " + r
		}
		return "promised callback overdue"
	}
	return r
}

// Stall is the one stall rule: a case is stalled when it has had no contact
// or stage change for longer than its stage allows, or when a promised
// callback is overdue. Closed and snoozed cases are never stalled.
func Stall(s *Summary, now time.Time, limits Limits, add AddFunc) StallState {
	st := StallState{Stage: s.Stage}
	if s.Stage == StageClosed {
		return st
	}
	if add == nil {
		add = CalendarAdd
	}
	if s.Promise != nil {
		st.Promise = s.Promise
		st.PromiseOverdue = now.After(*s.Promise)
	}
	if lim, ok := limits[s.Stage]; ok && lim > 0 {
		st.Deadline = add(s.LastActivity(), lim)
		if !now.Before(st.Deadline) {
			st.Stalled = true
			st.LimitExceededBy = now.Sub(st.Deadline)
			st.Limit = lim
		}
	}
	if st.PromiseOverdue {
		st.Stalled = true
	}
	st.WaitingOn = waitingOn(s.Stage)
	if s.SnoozedUntil != nil && now.Before(*s.SnoozedUntil) {
		st.Stalled = false
	}
	return st
}

func waitingOn(s Stage) string {
	switch s {
	case StageLockedOut:
		return "you: call Microsoft support"
	case StageTicketOpen:
		return "Microsoft: hand-over to the Data Protection Team"
	case StageDPTReview:
		return "Data Protection Team: first contact"
	case StageVerifying:
		return "ownership proof: DNS record or documents"
	case StageResetPending:
		return "Microsoft: the account reset"
	case StageRecovered:
		return "you: harden the tenant, then close"
	}
	return ""
}

// FormatLimit writes a limit the way the configuration and the issue state
// them: "2h", "1d", "1d12h", "90m"; "0" for none.
func FormatLimit(d time.Duration) string {
	if d <= 0 {
		return "0"
	}
	var b []byte
	if n := d / (24 * time.Hour); n > 0 {
		b = append(strconv.AppendInt(b, int64(n), 10), 'd')
	}
	if n := d % (24 * time.Hour) / time.Hour; n > 0 {
		b = append(strconv.AppendInt(b, int64(n), 10), 'h')
	}
	if n := d % time.Hour / time.Minute; n > 0 {
		b = append(strconv.AppendInt(b, int64(n), 10), 'm')
	}
	return string(b)
}
