package reminders

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/mscase/mscase/cases"
)

// Defaults of a Runner.
const (
	DefaultAttempts    = 8                    // sends per channel before giving up
	DefaultSendTimeout = 30 * time.Second     // one send, when the channel sets none
	DefaultKeep        = 120 * 24 * time.Hour // sent-log retention
)

// DefaultBackoff waits 1, 2, 4 … minutes after each failure, at most an hour.
func DefaultBackoff(failures int) time.Duration {
	d := time.Minute
	for i := 1; i < failures && d < time.Hour; i++ {
		d *= 2
	}
	return min(d, time.Hour)
}

// Runner runs one check: it asks Due what is due, sends it through every
// channel and records the outcome in the sent-log. It holds the database
// only while it reads or records, never while a channel sends, so `cases`
// commands do not wait on it.
type Runner struct {
	// Open opens the case database; a nil store with a nil error means
	// there is no database yet.
	Open func(readOnly bool) (Store, error)
	// Record, when set, opens the database to write down the sends made
	// (Open otherwise). A leader election guards Open's writes, so that a
	// daemon that lost the leadership claims nothing; what it already sent
	// must still be written down, or its successor sends it again.
	Record   func(readOnly bool) (Store, error)
	Policy   *Policy
	Channels []Channel
	Attempts int                              // per channel; 0 means DefaultAttempts
	Backoff  func(failures int) time.Duration // nil means DefaultBackoff
	Timeout  time.Duration                    // per send; 0 means DefaultSendTimeout
	Keep     time.Duration                    // sent-log retention; 0 means DefaultKeep
	// Scrub masks secrets in an error message before it is stored or
	// reported; nil leaves messages as they are.
	Scrub func(string) string
	// Call finds the number to call that each nudge carries; nil sends
	// nudges without one.
	Call CallFinder
	// Drills reads the preparation routines (the tenant profile's drills)
	// from the open store; nil means none.
	Drills func(st Store) ([]Drill, error)
}

// Store is what a check needs of the case database: the summaries and the
// buckets beside them. *cases.Store is one; the store on etcd is another.
type Store interface {
	Buckets
	EachSummary(fn func(*cases.Summary) error) error
	Close() error
}

var _ Store = (*cases.Store)(nil)

// Result is what one check did.
type Result struct {
	Due       []Nudge   // due and not yet done (a dry run stops here)
	Delivered []Outcome // sends that worked
	Failed    []Outcome // sends that failed this time
	Waiting   int       // deliveries waiting for their retry time
	Busy      int       // nudges another process is sending right now
}

// Outcome is one send of one nudge on one channel.
type Outcome struct {
	Nudge   Nudge
	Channel string
	Err     error     // nil when delivered
	Retry   time.Time // next attempt, zero when it gave up
	// Attempts is how many sends of this nudge the channel has tried.
	Attempts int
	// Permanent says it gave up because the failure cannot be fixed by
	// trying again (a 4xx, a redirect, a refused login), not because the
	// attempts ran out.
	Permanent bool
}

// job is one nudge with the channels to try now.
type job struct {
	n     Nudge
	chans []int // indexes into Runner.Channels
	out   []error
}

// claimFor is how long a claim keeps other processes from sending the same
// nudge; a process that died while sending releases it after that.
func (r *Runner) claimFor() time.Duration { return 2*r.timeout() + 5*time.Minute }

func (r *Runner) timeout() time.Duration {
	if r.Timeout > 0 {
		return r.Timeout
	}
	return DefaultSendTimeout
}

func (r *Runner) scrub(s string) string {
	if r.Scrub == nil {
		return s
	}
	return r.Scrub(s)
}

// Due reads the cases and the sent-log and returns what is due at now, in
// one read-only pass over the database.
func (r *Runner) Due(now time.Time) ([]Nudge, error) {
	due, _, err := r.due(now, false)
	return due, err
}

// DueEach is Due for a caller that handles the nudges in turn (a dry run
// prints them): fn gets them a slice at a time, in Due's order, after the
// database is closed, and may change them. They are never all in one
// slice: on 100,000 cases growing one slice of 9,000 nudges copied
// megabytes, and its old copies were most of the memory a check used.
func (r *Runner) DueEach(now time.Time, fn func([]Nudge) error) error {
	// Each slice goes to fn as soon as it is full, and is then reused:
	// the nudges of 100,000 cases are never held at once (a dry run's
	// peak memory).
	_, _, err := r.collect(now, false, fn)
	return err
}

// wakeStore is a Store that keeps the wake index: when each case may next
// have a nudge due (cases.Store does). A check then reads only the cases
// whose instant has come.
type wakeStore interface {
	EachSummaryWaking(tag string, until time.Time, fn func(*cases.Summary) error) error
	SetWakes(tag string, ws []cases.Wake) error
}

var _ wakeStore = (*cases.Store)(nil)

// wakeHorizon is how far ahead a wake instant looks: a case with nothing
// coming in that time is looked at again then.
const wakeHorizon = 30 * 24 * time.Hour

// due is Due; with keep it also returns the summaries it looked at, for
// their wake instants.
func (r *Runner) due(now time.Time, keep bool) ([]Nudge, []cases.Summary, error) {
	chunks, seen, err := r.collect(now, keep, nil)
	n := 0
	for _, c := range chunks {
		n += len(c)
	}
	due := make([]Nudge, 0, n)
	for _, c := range chunks {
		due = append(due, c...)
	}
	return due, seen, err
}

// chunkSize is how many nudges collect puts in one slice.
const chunkSize = 1024

// collect is due with the nudges in slices of about chunkSize. With emit,
// each slice goes to emit instead, in the same order, and its array is
// reused for the next.
func (r *Runner) collect(now time.Time, keep bool, emit func([]Nudge) error) ([][]Nudge, []cases.Summary, error) {
	st, err := r.Open(true)
	if err != nil || st == nil {
		return nil, nil, err
	}
	defer st.Close()
	var chunks [][]Nudge
	due := make([]Nudge, 0, chunkSize)
	var seen []cases.Summary
	err = ViewLog(st, func(l *Log) error {
		each := DueEach(now, r.Policy, l)
		visit := func(s *cases.Summary) error {
			// One case has a few nudges at most: start a new slice
			// before this one could have to grow.
			if cap(due)-len(due) < 16 {
				if emit != nil {
					if err := emit(due); err != nil {
						return err
					}
					due = due[:0]
				} else {
					chunks = append(chunks, due)
					due = make([]Nudge, 0, chunkSize)
				}
			}
			due = each(s, due)
			if keep {
				seen = append(seen, *s)
			}
			return nil
		}
		var err error
		if ws, ok := st.(wakeStore); ok && r.Policy.RulesTag() != "" {
			err = ws.EachSummaryWaking(r.Policy.RulesTag(), now, visit)
		} else {
			err = st.EachSummary(visit)
		}
		if err != nil {
			return err
		}
		if r.Drills == nil {
			return nil
		}
		drills, err := r.Drills(st)
		for _, d := range drills {
			due = append(due, DueDrills(now, r.Policy, d, l)...)
		}
		return err
	})
	if len(due) > 0 && err == nil && emit != nil {
		return nil, seen, emit(due)
	}
	if len(due) > 0 {
		chunks = append(chunks, due)
	}
	return chunks, seen, err
}

// setWakes records when each case looked at may next have a nudge due:
// its first nudge not yet done (NextEach, which is at or before now while
// a send waits for a retry), the end of its snooze, or now plus
// wakeHorizon, whichever comes first.
func (r *Runner) setWakes(now time.Time, seen []cases.Summary) error {
	if len(seen) == 0 || r.Policy.RulesTag() == "" {
		return nil
	}
	st, err := r.Open(false)
	if err != nil || st == nil {
		return err
	}
	defer st.Close()
	ws, ok := st.(wakeStore)
	if !ok {
		return nil
	}
	wakes := make([]cases.Wake, len(seen))
	if err := ViewLog(st, func(l *Log) error {
		next := NextEach(now, r.Policy, l, wakeHorizon)
		for i := range seen {
			wakes[i] = cases.Wake{Summary: seen[i], At: now.Add(wakeHorizon)}
			if n, ok := next(&seen[i]); ok {
				wakes[i].At = n.Due
			}
			// What came due during a snooze (a call-now, the last harden
			// nudge) is due when it ends, and Upcoming does not list it.
			if u := seen[i].SnoozedUntil; u != nil && u.After(now) && u.Before(wakes[i].At) {
				wakes[i].At = *u
			}
		}
		return nil
	}); err != nil {
		return err
	}
	return ws.SetWakes(r.Policy.RulesTag(), wakes)
}

// Check sends what is due at now and records it. With dryRun it only
// reports what is due and changes nothing.
func (r *Runner) Check(ctx context.Context, now time.Time, dryRun bool) (*Result, error) {
	record := !dryRun && len(r.Channels) > 0
	due, seen, err := r.due(now, record)
	if err != nil {
		return nil, err
	}
	AddCalls(due, r.Call, now)
	res := &Result{Due: due}
	if !record {
		return res, nil
	}
	if len(due) == 0 {
		return res, r.setWakes(now, seen)
	}
	// In batches, so that each write transaction is short (cases commands
	// never wait long) and a flood after a long absence needs little memory.
	for len(due) > 0 {
		batch := due[:min(len(due), batchSize)]
		due = due[len(batch):]
		jobs, err := r.claim(now, batch, res)
		if err != nil {
			return res, err
		}
		if len(jobs) == 0 {
			continue
		}
		r.send(ctx, jobs)
		if err := r.record(now, jobs, res); err != nil {
			return res, err
		}
	}
	return res, r.setWakes(now, seen)
}

// batchSize is how many nudges one claim-send-record round handles.
const batchSize = 500

func (r *Runner) channelNames() []string {
	names := make([]string, len(r.Channels))
	for i, c := range r.Channels {
		names[i] = c.Name
	}
	return names
}

// claim marks the nudges this process will send, so that a second process
// (a `reminders check` while `reminders run` is going) does not send them
// too, and picks for each the channels whose turn it is.
func (r *Runner) claim(now time.Time, due []Nudge, res *Result) ([]*job, error) {
	st, err := r.Open(false)
	if err != nil {
		return nil, err
	}
	defer st.Close()
	var jobs []*job
	busy, waiting := res.Busy, res.Waiting
	err = UpdateLog(st, func(l *Log) error {
		// A shared store runs this again when another process changed
		// the sent-log meanwhile: start over from what is there now.
		jobs, res.Busy, res.Waiting = nil, busy, waiting
		for _, n := range due {
			rec, err := l.Get(n.Key())
			if err != nil {
				return err
			}
			if rec == nil {
				rec = &Record{Nudge: n, First: now}
			}
			if rec.Done {
				continue
			}
			if now.Before(rec.Claimed) {
				res.Busy++
				continue
			}
			j := &job{n: n}
			for i, ch := range r.Channels {
				d := rec.delivery(ch.Name)
				switch {
				case !d.Sent.IsZero() || d.GaveUp:
				case now.Before(d.Next):
					res.Waiting++
				default:
					j.chans = append(j.chans, i)
				}
			}
			if len(j.chans) == 0 {
				continue
			}
			rec.Nudge = n // the latest wording and Late flag
			rec.Claimed = now.Add(r.claimFor())
			if err := l.Put(rec); err != nil {
				return err
			}
			j.out = make([]error, len(j.chans))
			jobs = append(jobs, j)
		}
		return nil
	})
	return jobs, err
}

// send runs each channel in its own goroutine, so a slow or dead channel
// never holds up the others. Within a channel, once a send fails the rest
// of this tick's nudges for it wait for the next tick instead of each
// running into the same timeout.
func (r *Runner) send(ctx context.Context, jobs []*job) {
	var wg sync.WaitGroup
	for ci := range r.Channels {
		wg.Add(1)
		go func(ci int) {
			defer wg.Done()
			ch := r.Channels[ci]
			var broken error
			for _, j := range jobs {
				for k, idx := range j.chans {
					if idx != ci {
						continue
					}
					if broken != nil {
						j.out[k] = errDeferred
						continue
					}
					sctx, cancel := context.WithTimeout(ctx, r.timeout())
					err := ch.Notifier.Notify(sctx, j.n)
					cancel()
					j.out[k] = err
					if err != nil {
						broken = err
					}
				}
			}
		}(ci)
	}
	wg.Wait()
}

// errDeferred marks a send not tried because its channel failed earlier in
// the same tick; it counts as no attempt.
var errDeferred = fmt.Errorf("deferred: the channel failed earlier in this check")

// record writes the outcomes, releases the claims and prunes old records.
func (r *Runner) record(now time.Time, jobs []*job, res *Result) error {
	// What went out must be written down, or it goes out again: wait out a
	// `cases` command that holds the database for longer than usual.
	open := r.Open
	if r.Record != nil {
		open = r.Record
	}
	st, err := open(false)
	for i := 0; i < 4 && errors.Is(err, cases.ErrBusy); i++ {
		st, err = open(false)
	}
	if err != nil {
		return fmt.Errorf("record what was sent: %w", err)
	}
	defer st.Close()
	attempts := r.Attempts
	if attempts <= 0 {
		attempts = DefaultAttempts
	}
	backoff := r.Backoff
	if backoff == nil {
		backoff = DefaultBackoff
	}
	keep := r.Keep
	if keep <= 0 {
		keep = DefaultKeep
	}
	names := r.channelNames()
	delivered, failed := len(res.Delivered), len(res.Failed)
	return UpdateLog(st, func(l *Log) error {
		res.Delivered, res.Failed = res.Delivered[:delivered], res.Failed[:failed] // see claim
		for _, j := range jobs {
			rec, err := l.Get(j.n.Key())
			if err != nil {
				return err
			}
			if rec == nil {
				rec = &Record{Nudge: j.n, First: now}
			}
			for k, idx := range j.chans {
				name := r.Channels[idx].Name
				d := rec.delivery(name)
				err := j.out[k]
				if err == errDeferred {
					continue
				}
				d.Attempts++
				d.Last = now
				if err == nil {
					d.Sent, d.Error, d.Next = now, "", time.Time{}
					res.Delivered = append(res.Delivered, Outcome{Nudge: j.n, Channel: name})
					continue
				}
				d.Error = r.scrub(Reason(err)) // the record already names the channel
				o := Outcome{Nudge: j.n, Channel: name, Err: fmt.Errorf("%s", d.Error), Attempts: d.Attempts}
				if d.Attempts >= attempts || !Retryable(err) {
					// Permanent failures (a 404, a refused login, bad
					// configuration) cannot succeed by trying again.
					d.GaveUp, d.Next = true, time.Time{}
					o.Permanent = !Retryable(err)
				} else {
					// Not before the server said it would take us again.
					d.Next = now.Add(max(backoff(d.Attempts), RetryAfter(err)))
					o.Retry = d.Next
				}
				res.Failed = append(res.Failed, o)
			}
			rec.Claimed = time.Time{}
			rec.settle(names)
			if err := l.Put(rec); err != nil {
				return err
			}
		}
		_, err := l.Prune(now.Add(-keep))
		return err
	})
}
