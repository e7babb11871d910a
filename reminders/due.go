package reminders

import (
	"cmp"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/mscase/mscase/calendar"
	"github.com/mscase/mscase/cases"
)

// DefaultLateAfter is how long after its due instant a nudge counts as
// late: it went out on a catch-up after the machine was off or asleep.
const DefaultLateAfter = 15 * time.Minute

// maxRepeats bounds the stall repeats walked for one case, so a case left
// open for years costs microseconds, not milliseconds.
const maxRepeats = 2000

// Policy is everything Due decides with: each country's business calendar,
// the stall limits in business time and the nudge times.
type Policy struct {
	Limits      cases.Limits  // business time per stage
	BeforeBreak Clock         // local time of the before-break nudge
	AfterBreak  Clock         // local time of the after-break nudge (and the daily harden nudge)
	LateAfter   time.Duration // a nudge this long past due is marked late
	Default     *Calendar     // calendar of cases without a country
	// Rules names the configuration and rules this policy decides with;
	// wake instants worked out with other rules are not trusted. The
	// caller may add to it (AddRules: the build's version, for its holiday
	// tables). Empty means no wake index is used. Read it with RulesTag:
	// a policy from a configuration works it out on first use (a hash of
	// the whole configuration, which `cases list` does not need).
	Rules     string
	rulesOnce sync.Once
	rulesFn   func() string

	mu   sync.Mutex                           // serialises adding a calendar
	cals atomic.Pointer[map[calKey]*Calendar] // read without locking, replaced whole to add one
	spec func(country string) CalendarSpec
}

// RulesTag is Rules, worked out the first time it is asked for.
func (p *Policy) RulesTag() string {
	p.rulesOnce.Do(func() {
		if p.rulesFn != nil {
			p.Rules = p.rulesFn()
		}
	})
	return p.Rules
}

// AddRules adds s to the rules' name.
func (p *Policy) AddRules(s string) {
	prev, base := p.rulesFn, p.Rules
	p.rulesFn = func() string {
		if prev != nil {
			return prev() + s
		}
		return base + s
	}
}

// calKey names a calendar: a country, and a region whose holidays are
// added ("" for none).
type calKey struct{ country, region string }

// Calendar is the calendar of cases in country: built once, then shared.
// Stall applies the one stall rule (cases.Stall) in business time: the
// configured limits, counted on the calendar of the case's country. This is
// what `cases list` shows and what the stalled nudges follow.
func (p *Policy) Stall(s *cases.Summary, now time.Time) cases.StallState {
	return cases.Stall(s, now, p.Limits, p.CalendarOf(s).Add)
}

// CalendarOf is the calendar of one case: its country's, with its region's
// holidays when the case names a region.
func (p *Policy) CalendarOf(s *cases.Summary) *Calendar { return p.CalendarIn(s.Country, s.Region) }

// CalendarIn is the calendar of country with region's holidays added; ""
// keeps the configured region.
func (p *Policy) CalendarIn(country, region string) *Calendar {
	if region == "" || country == "" || p.spec == nil {
		return p.Calendar(country)
	}
	return p.calendar(calKey{country, region})
}

// calendar returns the calendar k names, building it the first time. A
// list applies the stall rule to every case, so the look-up takes no lock.
func (p *Policy) calendar(k calKey) *Calendar {
	if m := p.cals.Load(); m != nil {
		if c, ok := (*m)[k]; ok {
			return c
		}
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	old := p.cals.Load()
	if old != nil {
		if c, ok := (*old)[k]; ok {
			return c
		}
	}
	var c *Calendar
	if k.country == "" {
		c = p.Default
	} else {
		spec := p.spec(k.country)
		if k.region != "" {
			spec.Region = k.region
		}
		c = NewCalendar(spec)
	}
	m := map[calKey]*Calendar{k: c}
	if old != nil {
		maps.Copy(m, *old)
		m[k] = c
	}
	p.cals.Store(&m)
	return c
}

// Calendar is the business calendar of a country, or the default one.
func (p *Policy) Calendar(country string) *Calendar {
	if country == "" || p.spec == nil {
		return p.Default
	}
	return p.calendar(calKey{country: country})
}

// SentSet says which nudges have gone out already (every channel delivered
// or gave up). A nil SentSet means none.
type SentSet interface {
	Sent(key string) bool
}

// KeySet is a SentSet held in memory, for tests and dry runs.
type KeySet map[string]bool

// Sent reports whether key is in the set.
func (k KeySet) Sent(key string) bool { return k[key] }

// Due is the decision: the nudges due at now for the open cases and not yet
// sent. For each case and kind it gives at most one nudge, the most recent
// one due, marked Late when it is older than the policy's LateAfter (the
// catch-up after downtime: never a flood). Closed and snoozed cases get
// nothing. It is pure: the same input gives the same nudges with the same
// keys.
func Due(now time.Time, p *Policy, sums []cases.Summary, sent SentSet) []Nudge {
	each := DueEach(now, p, sent)
	out := make([]Nudge, 0, len(sums))
	for i := range sums {
		out = each(&sums[i], out)
	}
	return out
}

// DueEach is Due for a stream of summaries (cases.Store.EachSummary): the
// function it returns appends the nudges of one case to out. Calendar work
// shared by all cases is done once.
func DueEach(now time.Time, p *Policy, sent SentSet) func(sum *cases.Summary, out []Nudge) []Nudge {
	e := &evaluator{now: now, p: p, sent: sent, brk: map[*Calendar][]breakOcc{}}
	return e.due
}

// Upcoming lists what will fire from now until until, earliest first: the
// nudges due now and not yet sent, then those that will come due if nothing
// changes (no contact is logged). It uses the same rules as Due, so the keys
// are the ones Due will give; an ICS export can use them as UIDs.
func Upcoming(now, until time.Time, p *Policy, sums []cases.Summary, sent SentSet) []Nudge {
	ag := UpcomingAgenda(now, until, p, sums, sent)
	out := make([]Nudge, 0, ag.Len())
	_ = ag.Each(func(n *Nudge) error { out = append(out, *n); return nil })
	return out
}

// Agenda is what Upcoming lists, in its order, with each nudge's texts
// not yet written: Each writes them one nudge at a time. On 10,000 cases
// a day ahead is some 37,000 nudges; holding them all as Nudges (some 300
// bytes each, and the sort moving them) was most of the time `reminders
// upcoming` took. An Agenda needs no transaction: it holds copies of what
// it read from the sent-log (whether each nudge was sent) and points into
// the summaries it was given, which must not change until Each is done.
type Agenda struct {
	ps []pending
}

// pending is a nudge found but not yet written: what orders it, and how to
// write it.
type pending struct {
	sec  int64 // due instant, Unix seconds
	nsec int32 // and nanoseconds
	seq  int32 // order found: a tie keeps it, as the stable sort did
	c    uint64
	kind Kind
	make func() Nudge
}

// UpcomingAgenda is Upcoming without writing the texts: see Agenda.
func UpcomingAgenda(now, until time.Time, p *Policy, sums []cases.Summary, sent SentSet) Agenda {
	// Room for a few nudges per case at once: a large slice grows by a
	// quarter at a time, so growing to 37,000 nudges allocated five times
	// what it holds. Room not used is never touched.
	ps := make([]pending, 0, max(64, 8*len(sums)))
	e := &evaluator{now: now, p: p, sent: sent, brk: map[*Calendar][]breakOcc{}, until: until, fut: map[*Calendar][]breakOcc{},
		collect: &ps}
	for i := range sums {
		e.due(&sums[i], nil)
		e.upcoming(&sums[i], nil)
	}
	slices.SortFunc(ps, func(a, b pending) int {
		if c := cmp.Compare(a.sec, b.sec); c != 0 {
			return c
		}
		if c := cmp.Compare(a.nsec, b.nsec); c != 0 {
			return c
		}
		if c := cmp.Compare(a.c, b.c); c != 0 {
			return c
		}
		if c := cmp.Compare(a.kind, b.kind); c != 0 {
			return c
		}
		return cmp.Compare(a.seq, b.seq)
	})
	return Agenda{ps: ps}
}

// Len is the number of nudges on the agenda.
func (a Agenda) Len() int { return len(a.ps) }

// Each calls fn with each nudge in order, earliest first, writing its
// texts just before. The Nudge is valid until fn returns: copy it to keep
// it.
func (a Agenda) Each(fn func(*Nudge) error) error {
	var n Nudge
	for i := range a.ps {
		n = a.ps[i].make()
		if err := fn(&n); err != nil {
			return err
		}
	}
	return nil
}

// add puts a nudge found by due or upcoming on the agenda.
func (e *evaluator) add(c uint64, k Kind, due time.Time, mk func() Nudge) {
	*e.collect = append(*e.collect, pending{sec: due.Unix(), nsec: int32(due.Nanosecond()), seq: int32(len(*e.collect)),
		c: c, kind: k, make: mk})
}

// Next is the first nudge Upcoming would list for one case within the
// given span, for `cases list` and `cases show`.
func Next(now time.Time, p *Policy, sum *cases.Summary, sent SentSet, within time.Duration) (Nudge, bool) {
	return NextEach(now, p, sent, within)(sum)
}

// NextEach is Next for many cases: the function it returns shares the
// calendar work (breaks, holidays) between the cases it is called on.
//
// It finds the first nudge without listing the others: each candidate is
// compared by due instant and kind (the order sortNudges gives) before its
// texts are written, and a case's stall repeats are not walked past the
// best candidate so far. On 10,000 cases this is what keeps the NEXT NUDGE
// column of `cases list` cheap.
func NextEach(now time.Time, p *Policy, sent SentSet, within time.Duration) func(*cases.Summary) (Nudge, bool) {
	e := &evaluator{now: now, p: p, sent: sent, brk: map[*Calendar][]breakOcc{}, until: now.Add(within), fut: map[*Calendar][]breakOcc{},
		pick: &pick{}}
	return func(sum *cases.Summary) (Nudge, bool) {
		*e.pick = pick{}
		e.upcoming(sum, e.due(sum, nil))
		if !e.pick.ok {
			return Nudge{}, false
		}
		return e.pick.make(), true
	}
}

// pick is the earliest nudge of one case seen so far, its texts not yet
// written.
type pick struct {
	ok   bool
	kind Kind
	due  time.Time
	make func() Nudge
}

// beats reports whether a nudge of kind k due at due comes before the
// pick in the order sortNudges gives; a tie keeps the earlier one, as the
// stable sort does.
func (p *pick) beats(k Kind, due time.Time) bool {
	if !p.ok {
		return true
	}
	if c := due.Compare(p.due); c != 0 {
		return c < 0
	}
	return k < p.kind
}

// past reports whether every nudge due after t loses to the pick.
func (p *pick) past(t time.Time) bool { return p != nil && p.ok && t.After(p.due) }

func sortNudges(ns []Nudge) {
	// A Nudge is some 300 bytes: sorting them in place moved 10 MB around
	// for `reminders upcoming` on 10,000 cases. Sort their positions, then
	// move each once.
	if len(ns) < 2 {
		return
	}
	idx := make([]int32, len(ns))
	for i := range idx {
		idx[i] = int32(i)
	}
	slices.SortStableFunc(idx, func(i, j int32) int {
		a, b := &ns[i], &ns[j]
		if c := a.Due.Compare(b.Due); c != 0 {
			return c
		}
		if c := cmp.Compare(a.Case, b.Case); c != 0 {
			return c
		}
		return cmp.Compare(a.Kind, b.Kind)
	})
	sorted := make([]Nudge, len(ns))
	for i, j := range idx {
		sorted[i] = ns[j]
	}
	copy(ns, sorted)
}

// evaluator holds what one Due or Upcoming call shares between cases.
type evaluator struct {
	now   time.Time
	until time.Time
	p     *Policy
	sent  SentSet
	brk   map[*Calendar][]breakOcc // break nudges valid now, per calendar
	fut   map[*Calendar][]breakOcc // break nudges in (now, until], per calendar
	// pick, when set, keeps only the earliest nudge (NextEach) instead of
	// appending every one to out.
	pick *pick
	// collect, when set, gets every nudge with its texts not yet written
	// (UpcomingAgenda) instead of out.
	collect *[]pending
	// seen is upcoming's set of the nudges of one case already listed,
	// kept between cases so that each case does not make its own.
	seen map[seenKey]bool
	// rep is the last repeat worked out: due and upcoming each ask it
	// for the same case, one after the other.
	rep, dl repeatMemo
}

// deadline is c.Add(last, lim), remembered for the next call like repeat.
func (e *evaluator) deadline(c *Calendar, last time.Time, lim time.Duration) time.Time {
	m := &e.dl
	if m.c != c || m.first != last || m.lim != lim {
		*m = repeatMemo{c: c, first: last, lim: lim, d: c.Add(last, lim)}
	}
	return m.d
}

// repeatMemo is one call of repeat (or of Add, for deadline) and its
// answer.
type repeatMemo struct {
	c     *Calendar
	first time.Time
	lim   time.Duration
	d     time.Time
	k     int
}

// repeat is repeat(c, first, lim, e.now), remembered for the next call.
func (e *evaluator) repeat(c *Calendar, first time.Time, lim time.Duration) (time.Time, int) {
	m := &e.rep
	if m.c != c || m.first != first || m.lim != lim {
		d, k := repeat(c, first, lim, e.now)
		*m = repeatMemo{c: c, first: first, lim: lim, d: d, k: k}
	}
	return m.d, m.k
}

// seenKey is a nudge of one case by kind and due second, as in Nudge.Key.
type seenKey struct {
	k   Kind
	sec int64
}

// breakOcc is a before- or after-break nudge of a calendar, not yet tied to
// a case.
type breakOcc struct {
	kind       Kind
	due        time.Time
	validUntil time.Time // the nudge makes no sense from then on
	dayStart   time.Time // 00:00 of the nudge day: a contact since then cancels an after-break nudge
	brkStart   time.Time // 00:00 of the break's first day
	why        string
	resume     calendar.Day // first working day after the break
	facts      Facts
}

// breakNudges lists a calendar's break nudges on working days from..to.
func (e *evaluator) breakNudges(c *Calendar, from, to calendar.Day) []breakOcc {
	var out []breakOcc
	for d := from; d <= to; d++ {
		if !c.Work(d) {
			continue
		}
		if b, ok := breakAfter(c, d); ok {
			o := breakOcc{kind: KindBeforeBreak, due: c.At(d, e.p.BeforeBreak), validUntil: c.At(d+1, 0),
				dayStart: c.At(d, 0), brkStart: c.At(b.first, 0), resume: b.last + 1,
				why:   "last working day before " + b.about,
				facts: Facts{Break: b.facts, When: LastBeforeBreak, Resume: b.last + 1}}
			if b.days() < 3 {
				if b2, ok := breakAfter(c, b.last+1); ok && b2.days() >= 3 {
					o.why += fmt.Sprintf("; after one working day (%s) comes %s", (b.last + 1).Human(), b2.about)
					o.facts.Then, o.facts.Between = b2.facts, b.last+1
				}
			}
			out = append(out, o)
		} else if b2, ok := breakAfter(c, d+1); ok && b2.days() >= 3 {
			out = append(out, breakOcc{kind: KindBeforeBreak, due: c.At(d, e.p.BeforeBreak), validUntil: c.At(d+1, 0),
				dayStart: c.At(d, 0), brkStart: c.At(b2.first, 0), resume: b2.last + 1,
				why: "two working days before " + b2.about, facts: Facts{Break: b2.facts, When: TwoBeforeBreak, Resume: b2.last + 1}})
		}
		if b, ok := breakBefore(c, d); ok {
			out = append(out, breakOcc{kind: KindAfterBreak, due: c.At(d, e.p.AfterBreak), validUntil: c.At(c.NextWork(d), 0),
				dayStart: c.At(d, 0), brkStart: c.At(b.first, 0), resume: d,
				why: "first working day after " + b.about, facts: Facts{Break: b.facts, When: FirstAfterBreak, Resume: d}})
		}
	}
	return out
}

// current is the break nudges of c that are due and still valid now.
func (e *evaluator) current(c *Calendar) []breakOcc {
	if v, ok := e.brk[c]; ok {
		return v
	}
	today := calendar.DayOf(e.now, c.Loc)
	from := today
	if !c.Work(today) {
		from = c.PrevWork(today)
	}
	var v []breakOcc
	for _, o := range e.breakNudges(c, from, today) {
		if !o.due.After(e.now) && e.now.Before(o.validUntil) {
			v = append(v, o)
		}
	}
	e.brk[c] = v
	return v
}

// future is the break nudges of c due after now and up to until.
func (e *evaluator) future(c *Calendar) []breakOcc {
	if v, ok := e.fut[c]; ok {
		return v
	}
	var v []breakOcc
	for _, o := range e.breakNudges(c, calendar.DayOf(e.now, c.Loc), calendar.DayOf(e.until, c.Loc)) {
		if o.due.After(e.now) && !o.due.After(e.until) {
			v = append(v, o)
		}
	}
	e.fut[c] = v
	return v
}

// active reports whether a case gets nudges at all at t.
func active(s *cases.Summary, t time.Time) bool {
	if s.Stage == cases.StageClosed {
		return false
	}
	return s.SnoozedUntil == nil || !t.Before(*s.SnoozedUntil)
}

// due appends the nudges of one case due now. The texts are written only
// for nudges not yet sent: most of the cases of a big database were nudged
// on an earlier tick.
func (e *evaluator) due(s *cases.Summary, out []Nudge) []Nudge {
	if !active(s, e.now) {
		return out
	}
	c := e.p.CalendarOf(s)
	emit := func(k Kind, due time.Time, text func() (why, action string, f Facts)) {
		if s.SnoozedUntil != nil && due.Before(*s.SnoozedUntil) {
			if k == KindBeforeBreak || k == KindAfterBreak {
				return // its moment passed during the snooze
			}
			due = *s.SnoozedUntil // what came due while snoozed comes at the snooze's end
		}
		if e.pick != nil && !e.pick.beats(k, due) {
			return
		}
		if e.isSent(s.Number, k, due) {
			return
		}
		mk := func() Nudge {
			why, action, f := text()
			n := e.nudge(s, c, k, due, why, action)
			n.Facts = f
			n.Late = e.now.Sub(due) > e.p.LateAfter
			return n
		}
		if e.pick != nil {
			*e.pick = pick{ok: true, kind: k, due: due, make: mk}
			return
		}
		if e.collect != nil {
			e.add(s.Number, k, due, mk)
			return
		}
		out = append(out, mk())
	}
	switch s.Stage {
	case cases.StageRecovered:
		due := s.StageSince
		if d, ok := e.lastHarden(c, s); ok {
			due = d
		}
		emit(KindHarden, due, func() (string, string, Facts) {
			return hardenWhy(s), hardenAction(s), Facts{OpenChecks: s.OpenChecks}
		})
	case cases.StageLockedOut:
		if s.Contacts == 0 {
			emit(KindCallNow, s.StageSince, func() (string, string, Facts) {
				return "locked out and no contact with Microsoft yet", callNowAction, Facts{}
			})
		}
	}
	if due, k, lim, ok := e.lastStall(c, s); ok {
		emit(KindStalled, due, func() (string, string, Facts) {
			return stallWhy(s, c, lim, k), stallAction(s), Facts{Limit: lim, Since: s.LastActivity(), Repeat: k}
		})
	}
	if s.Promise != nil {
		if due := c.NextOpen(*s.Promise); !due.After(e.now) {
			emit(KindPromiseOverdue, due, func() (string, string, Facts) {
				return promiseWhy(s, c), withTID("call with ", s, " and ask for the promised callback"), Facts{Promise: *s.Promise}
			})
		}
	}
	if breakStage(s.Stage) {
		for _, o := range e.current(c) {
			if e.breakApplies(s, o) {
				emit(o.kind, o.due, func() (string, string, Facts) { return o.why, breakAction(s, o), o.facts })
			}
		}
	}
	return out
}

// caseOrderSent is a SentSet that answers by case, kind and due instant,
// fastest when asked in case-number order (the sent-log).
type caseOrderSent interface {
	sentAt(c uint64, k Kind, due time.Time) bool
}

func (e *evaluator) isSent(c uint64, k Kind, due time.Time) bool {
	switch s := e.sent.(type) {
	case nil:
		return false
	case caseOrderSent:
		return s.sentAt(c, k, due)
	default:
		return s.Sent(keyOf(c, k, due))
	}
}

// upcoming appends the nudges of one case due after now and up to until,
// if nothing changes on the case.
func (e *evaluator) upcoming(s *cases.Summary, out []Nudge) []Nudge {
	if s.Stage == cases.StageClosed {
		return out
	}
	c := e.p.CalendarOf(s)
	// seen drops a second nudge with the key of one already listed (the
	// stall repeats that a snooze moves to its end).
	if len(e.seen) > 64 {
		e.seen = nil // not worth clearing
	}
	clear(e.seen)
	emit := func(k Kind, due time.Time, text func() (why, action string, f Facts), isBreak bool) {
		if s.SnoozedUntil != nil && due.Before(*s.SnoozedUntil) {
			if isBreak {
				return
			}
			due = *s.SnoozedUntil
		}
		if !due.After(e.now) || due.After(e.until) {
			return
		}
		if e.pick != nil && !e.pick.beats(k, due) {
			return
		}
		sk := seenKey{k, due.Unix()}
		if e.seen[sk] || e.isSent(s.Number, k, due) {
			return
		}
		if e.seen == nil {
			e.seen = map[seenKey]bool{}
		}
		e.seen[sk] = true
		mk := func() Nudge {
			why, action, f := text()
			n := e.nudge(s, c, k, due, why, action)
			n.Facts = f
			return n
		}
		if e.pick != nil {
			*e.pick = pick{ok: true, kind: k, due: due, make: mk}
			return
		}
		if e.collect != nil {
			e.add(s.Number, k, due, mk)
			return
		}
		out = append(out, mk())
	}
	if lim := e.p.Limits[s.Stage]; lim > 0 && s.Stage != cases.StageRecovered {
		d, k := e.deadline(c, s.LastActivity(), lim), 1
		if !d.After(e.now) && (s.SnoozedUntil == nil || !s.SnoozedUntil.After(e.now)) {
			// Repeats at or before now are never listed (without a snooze
			// still running, which moves them to its end): start from the
			// last of them, as Due finds it, instead of walking them all.
			d, k = e.repeat(c, d, lim)
		}
		for ; k <= maxRepeats && !d.After(e.until) && !e.pick.past(d); k++ {
			k := k // the texts are written later, if at all
			emit(KindStalled, d, func() (string, string, Facts) {
				return stallWhy(s, c, lim, k), stallAction(s), Facts{Limit: lim, Since: s.LastActivity(), Repeat: k}
			}, false)
			d = c.Add(d, lim)
		}
	}
	if s.Promise != nil {
		emit(KindPromiseOverdue, c.NextOpen(*s.Promise), func() (string, string, Facts) {
			return promiseWhy(s, c), withTID("call with ", s, " and ask for the promised callback"), Facts{Promise: *s.Promise}
		}, false)
	}
	if s.Stage == cases.StageRecovered {
		for d := calendar.DayOf(e.now, c.Loc); d <= calendar.DayOf(e.until, c.Loc); d++ {
			t := c.At(d, e.p.AfterBreak)
			if e.pick.past(t) {
				break
			}
			if c.Work(d) && t.After(s.StageSince) {
				emit(KindHarden, t, func() (string, string, Facts) {
					return hardenWhy(s), hardenAction(s), Facts{OpenChecks: s.OpenChecks}
				}, false)
			}
		}
	}
	if breakStage(s.Stage) {
		for _, o := range e.future(c) {
			if e.breakApplies(s, o) {
				emit(o.kind, o.due, func() (string, string, Facts) { return o.why, breakAction(s, o), o.facts }, true)
			}
		}
	}
	return out
}

// breakStage reports whether a stage gets before- and after-break nudges:
// every stage where the case waits on Microsoft or on the admin's call.
func breakStage(s cases.Stage) bool {
	return s != cases.StageRecovered && s != cases.StageClosed
}

// breakApplies reports whether a break nudge concerns the case: it existed
// before the nudge (before the break, for an after-break nudge), and for an
// after-break nudge no contact has been logged since the break ended.
func (e *evaluator) breakApplies(s *cases.Summary, o breakOcc) bool {
	if o.kind == KindAfterBreak {
		return s.Created.Before(o.brkStart) && s.LastActivity().Before(o.dayStart)
	}
	return s.Created.Before(o.due)
}

// lastStall is the most recent stall deadline at or before now: the first
// deadline, then one more every limit while nothing happens.
func (e *evaluator) lastStall(c *Calendar, s *cases.Summary) (time.Time, int, time.Duration, bool) {
	lim := e.p.Limits[s.Stage]
	if lim <= 0 || s.Stage == cases.StageRecovered {
		return time.Time{}, 0, 0, false
	}
	// The deadline of the stall rule (cases.Stall): the limit in
	// business time after the last activity.
	deadline := e.deadline(c, s.LastActivity(), lim)
	if deadline.IsZero() || e.now.Before(deadline) {
		return time.Time{}, 0, 0, false
	}
	d, k := e.repeat(c, deadline, lim)
	return d, k, lim, true
}

// repeat is the latest of the deadlines first, Add(first, lim),
// Add(Add(first, lim), lim)… at or before now, and its number (first is 1).
// Whole-day and under-a-day limits are additive in business time, so the
// answer comes from counting working time instead of walking every repeat.
func repeat(c *Calendar, first time.Time, lim time.Duration, now time.Time) (time.Time, int) {
	day := 24 * time.Hour
	k := 0
	switch {
	case lim < day:
		k = int(c.WorkingSince(first, now) / lim)
	case lim%day == 0:
		lt, ln := first.In(c.Loc), now.In(c.Loc)
		d1, dn := calendar.DayOf(lt, c.Loc), calendar.DayOf(ln, c.Loc)
		steps := c.WorkdaysBefore(dn) - c.WorkdaysBefore(d1) - 1
		if c.Work(dn) && clockOf(ln) >= clockOf(lt) {
			steps++
		}
		k = max(steps, 0) / int(lim/day)
	}
	k = min(k, maxRepeats)
	step := func(k int) time.Time {
		if k == 0 {
			return first
		}
		if lim < day {
			return c.AddHours(first, time.Duration(k)*lim)
		}
		return c.Add(first, time.Duration(k)*lim)
	}
	if lim < day || lim%day == 0 {
		d := first
		if k > 0 {
			d = step(k)
			for k > 0 && d.After(now) {
				k--
				d = step(k)
			}
		}
		for k < maxRepeats {
			var next time.Time
			if lim < day {
				next = c.AddHours(d, lim)
			} else {
				next = c.Add(d, lim)
			}
			if next.After(now) {
				break
			}
			d, k = next, k+1
		}
		return d, k + 1
	}
	// Mixed limits (1d4h) and anything the counting got wrong: walk.
	d, n := first, 1
	for ; n < maxRepeats; n++ {
		next := c.Add(d, lim)
		if next.After(now) {
			break
		}
		d = next
	}
	return d, n
}

func clockOf(t time.Time) time.Duration {
	return time.Duration(t.Hour())*time.Hour + time.Duration(t.Minute())*time.Minute +
		time.Duration(t.Second())*time.Second + time.Duration(t.Nanosecond())
}

// lastHarden is the most recent daily harden nudge at or before now after
// the case reached recovered: the after-break time of each working day.
func (e *evaluator) lastHarden(c *Calendar, s *cases.Summary) (time.Time, bool) {
	d := calendar.DayOf(e.now, c.Loc)
	if !c.Work(d) || c.At(d, e.p.AfterBreak).After(e.now) {
		d = c.PrevWork(d)
	}
	t := c.At(d, e.p.AfterBreak)
	return t, t.After(s.StageSince)
}

func (e *evaluator) nudge(s *cases.Summary, c *Calendar, k Kind, due time.Time, why, action string) Nudge {
	return Nudge{Case: s.Number, TrackingID: s.TrackingID, Domain: s.Domain, Title: s.Title,
		Country: s.Country, Lang: s.Lang, Plan: s.Plan, Stage: string(s.Stage), Kind: k, Due: due.In(c.Loc), Why: why, Action: action}
}

// withTID is prefix + tid(s) + suffix in one string: some 30,000 nudges
// a day ahead on 10,000 cases each made tid's string and then another.
func withTID(prefix string, s *cases.Summary, suffix string) string {
	if s.TrackingID == "" {
		return prefix + tid(s) + suffix
	}
	return prefix + "TrackingID " + s.TrackingID + suffix
}

func tid(s *cases.Summary) string {
	if s.TrackingID == "" {
		return fmt.Sprintf("case %d (no TrackingID yet)", s.Number)
	}
	return "TrackingID " + s.TrackingID
}

const whenLayout = "Mon 2 Jan 15:04 MST"

func when(t time.Time, c *Calendar) string { return string(appendWhen(nil, t.In(c.Loc))) }

// appendWhen is t.AppendFormat(b, whenLayout) without parsing the layout
// each time: `reminders upcoming` writes it into some 20,000 nudges a day
// ahead on 10,000 cases, and the layout's parsing was most of the cost.
func appendWhen(b []byte, t time.Time) []byte {
	name, _ := t.Zone()
	if name == "" {
		return t.AppendFormat(b, whenLayout) // a numeric zone: as Format writes it
	}
	_, mon, day := t.Date()
	hh, mm, _ := t.Clock()
	b = append(b, t.Weekday().String()[:3]...)
	b = append(b, ' ')
	b = strconv.AppendInt(b, int64(day), 10)
	b = append(b, ' ')
	b = append(b, mon.String()[:3]...)
	b = append(b, ' ', byte('0'+hh/10), byte('0'+hh%10), ':', byte('0'+mm/10), byte('0'+mm%10), ' ')
	return append(b, name...)
}

const callNowAction = "call Microsoft support now, ask for a service request for the locked-out global admin, and write down the TrackingID"

func stallWhy(s *cases.Summary, c *Calendar, lim time.Duration, k int) string {
	b := make([]byte, 0, 128)
	b = append(b, "no contact or stage change in "...)
	b = append(b, s.Stage...)
	b = append(b, " for "...)
	b = append(b, limitText(lim)...)
	b = append(b, " of business time since "...)
	b = appendWhen(b, s.LastActivity().In(c.Loc))
	if k > 1 {
		b = append(b, " (reminder "...)
		b = strconv.AppendInt(b, int64(k), 10)
		b = append(b, ')')
	}
	return string(b)
}

// limitText is FormatLimit for the usual limits without formatting.
func limitText(d time.Duration) string {
	switch d {
	case time.Hour:
		return "1h"
	case 2 * time.Hour:
		return "2h"
	case 24 * time.Hour:
		return "1d"
	case 48 * time.Hour:
		return "2d"
	case 72 * time.Hour:
		return "3d"
	}
	return cases.FormatLimit(d)
}

func stallAction(s *cases.Summary) string {
	switch s.Stage {
	case cases.StageLockedOut:
		return withTID("call Microsoft support again with ", s, " and ask for a service request")
	case cases.StageTicketOpen:
		return withTID("call with ", s, " and ask for the hand-over to the Data Protection Team")
	case cases.StageDPTReview:
		return withTID("call with ", s, " and ask the Data Protection Team for the status and their next step")
	case cases.StageVerifying:
		return withTID("check the DNS TXT record and the documents you sent, then call with ", s, " to confirm Microsoft has them")
	case cases.StageResetPending:
		return withTID("call with ", s, " and ask when the admin account will be reset")
	}
	return withTID("call with ", s, "")
}

func promiseWhy(s *cases.Summary, c *Calendar) string {
	b := make([]byte, 0, 112)
	b = append(b, "Microsoft promised a callback by "...)
	b = appendWhen(b, s.Promise.In(c.Loc))
	return string(append(b, " and no inbound contact has been logged since"...))
}

func hardenWhy(s *cases.Summary) string {
	if s.OpenChecks == 0 {
		return "recovered: the hardening checklist is done but the case is still open"
	}
	return fmt.Sprintf("recovered: %d hardening item(s) still open", s.OpenChecks)
}

func hardenAction(s *cases.Summary) string {
	if s.OpenChecks == 0 {
		return fmt.Sprintf("close the case: mscase cases close %d", s.Number)
	}
	return "re-register MFA, add a second global admin and two break-glass accounts, then close the case"
}

func breakAction(s *cases.Summary, o breakOcc) string {
	if o.kind == KindAfterBreak {
		return withTID("call with ", s, ": the case was quiet over the break")
	}
	return withTID("call before the break with ", s, ": confirm the status and who owns the case until ") + o.resume.Human()
}
