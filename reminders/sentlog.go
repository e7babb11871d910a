package reminders

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/mscase/mscase/cases"
)

// The sent-log lives in the case database, in bucket "reminders.sent"
// (every bucket the reminders own starts with "reminders."; the cases
// package owns the others).
//
//	key:   Nudge.Key(): "<due, UTC, 20060102T150405Z>/<kind>/<case number>",
//	       so keys sort by due time and old records are pruned from the front
//	value: format byte 1, state byte ('d' done: every channel delivered or
//	       gave up; 'p' pending: a channel waits for a retry, or a process
//	       is sending), then the Record as JSON
//
// Due asks only "done?", which reads the state byte and decodes nothing.
//
// Bucket "reminders.last" indexes the done nudges by case, so that Due,
// which reads the cases in case-number order, walks it with one cursor
// instead of a tree search per nudge:
//
//	key:   case number (8 bytes, big-endian) + kind
//	value: due instant of the latest done nudge of that case and kind,
//	       Unix nanoseconds (8 bytes, big-endian)
//
// A nudge due after that instant is not done; one due at it is; for one
// due before it (a promise moved earlier) the sent bucket answers.
const BucketSent = "reminders.sent"

// BucketLast is the index of the latest done nudge per case and kind.
const BucketLast = "reminders.last"

const (
	sentFormat   byte = 1
	stateDone    byte = 'd'
	statePending byte = 'p'
)

// Record is what the sent-log knows about one nudge.
type Record struct {
	Nudge    Nudge      `json:"nudge"`
	First    time.Time  `json:"first"`              // first attempt
	Done     bool       `json:"done"`               // every channel delivered or gave up
	Claimed  time.Time  `json:"claimed,omitempty"`  // a process is sending until then
	Channels []Delivery `json:"channels,omitempty"` // one per channel, in the order first tried
}

// Delivery is the state of one nudge on one channel.
type Delivery struct {
	Channel  string    `json:"channel"`
	Sent     time.Time `json:"sent,omitempty"` // zero until delivered
	Attempts int       `json:"attempts"`
	Last     time.Time `json:"last,omitempty"`    // last attempt
	Error    string    `json:"error,omitempty"`   // last failure, secrets masked
	Next     time.Time `json:"next,omitempty"`    // no retry before
	GaveUp   bool      `json:"gave_up,omitempty"` // failed too often: no more retries
}

// delivery finds the delivery for channel, adding it when missing.
func (r *Record) delivery(channel string) *Delivery {
	for i := range r.Channels {
		if r.Channels[i].Channel == channel {
			return &r.Channels[i]
		}
	}
	r.Channels = append(r.Channels, Delivery{Channel: channel})
	return &r.Channels[len(r.Channels)-1]
}

// settle sets Done when every one of channels has delivered or given up.
func (r *Record) settle(channels []string) {
	r.Done = true
	for _, ch := range channels {
		d := r.delivery(ch)
		if d.Sent.IsZero() && !d.GaveUp {
			r.Done = false
		}
	}
}

// Log is the sent-log seen through one transaction of the store.
type Log struct {
	b    cases.Bucket // nil when nothing was ever sent (read-only)
	last cases.Bucket
	tx   cases.Tx

	cur     cases.Cursor // on last, for lookups in case order
	curKey  []byte       // where cur stands; nil at the end
	curVal  []byte       // the value there
	curCase uint64       // the case lastDone holds
	curSet  bool
	done    map[Kind]time.Time // latest done due per kind of curCase
}

// Buckets is a store that keeps buckets beside the cases: the bbolt file
// (*cases.Store) or a store on etcd.
type Buckets interface {
	ViewBuckets(fn func(cases.Tx) error) error
	UpdateBuckets(fn func(cases.Tx) error) error
}

// ViewLog runs fn with the sent-log in a read-only transaction of db.
func ViewLog(db Buckets, fn func(*Log) error) error {
	return db.ViewBuckets(func(tx cases.Tx) error {
		return fn(&Log{b: tx.Bucket(BucketSent), last: tx.Bucket(BucketLast), tx: tx})
	})
}

// UpdateLog runs fn with the sent-log in a read-write transaction of db,
// creating the buckets on first use.
func UpdateLog(db Buckets, fn func(*Log) error) error {
	return db.UpdateBuckets(func(tx cases.Tx) error {
		b, err := tx.CreateBucketIfNotExists(BucketSent)
		if err != nil {
			return fmt.Errorf("sent-log: %w", err)
		}
		last, err := tx.CreateBucketIfNotExists(BucketLast)
		if err != nil {
			return fmt.Errorf("sent-log: %w", err)
		}
		return fn(&Log{b: b, last: last, tx: tx})
	})
}

// sentAt answers Sent for case c, kind k and due instant due from the
// index, reading it with one cursor when asked in case order.
func (l *Log) sentAt(c uint64, k Kind, due time.Time) bool {
	if l == nil || l.b == nil {
		return false
	}
	if l.last == nil {
		return l.Sent(keyOf(c, k, due))
	}
	last, ok := l.lastDone(c)[k]
	switch {
	case !ok || due.After(last):
		return false
	case due.Equal(last):
		return true
	}
	return l.Sent(keyOf(c, k, due))
}

// lastDone loads the index entries of case c.
func (l *Log) lastDone(c uint64) map[Kind]time.Time {
	if l.curSet && l.curCase == c {
		return l.done
	}
	if l.cur == nil {
		l.cur = l.last.Cursor()
		l.curKey, l.curVal = l.cur.First()
	}
	caseOf := func(k []byte) uint64 { return binary.BigEndian.Uint64(k[:8]) }
	// Step forward a few entries; seek when c is far ahead or behind.
	for i := 0; l.curKey != nil && caseOf(l.curKey) < c && i < 4; i++ {
		l.curKey, l.curVal = l.cur.Next()
	}
	if l.curKey == nil || caseOf(l.curKey) < c || (l.curSet && c < l.curCase) {
		var seek [8]byte
		binary.BigEndian.PutUint64(seek[:], c)
		l.curKey, l.curVal = l.cur.Seek(seek[:])
	}
	if l.done == nil {
		l.done = map[Kind]time.Time{}
	}
	clear(l.done)
	// The cursor gives each value with its key: no second search.
	for ; l.curKey != nil && caseOf(l.curKey) == c; l.curKey, l.curVal = l.cur.Next() {
		if len(l.curVal) == 8 {
			l.done[Kind(l.curKey[8:])] = time.Unix(0, int64(binary.BigEndian.Uint64(l.curVal)))
		}
	}
	l.curCase, l.curSet = c, true
	return l.done
}

// markDone records in the index that the nudge n is done.
func (l *Log) markDone(n Nudge) error {
	key := binary.BigEndian.AppendUint64(nil, n.Case)
	key = append(key, n.Kind...)
	if v := l.last.Get(key); len(v) == 8 && int64(binary.BigEndian.Uint64(v)) >= n.Due.UnixNano() {
		return nil
	}
	return l.last.Put(key, binary.BigEndian.AppendUint64(nil, uint64(n.Due.UnixNano())))
}

// Sent reports whether the nudge with key is done: it is a SentSet.
func (l *Log) Sent(key string) bool {
	if l == nil || l.b == nil {
		return false
	}
	v := l.b.Get([]byte(key))
	return len(v) > 1 && v[1] == stateDone
}

// Get returns the record of key, or nil when there is none.
func (l *Log) Get(key string) (*Record, error) {
	if l == nil || l.b == nil {
		return nil, nil
	}
	v := l.b.Get([]byte(key))
	if v == nil {
		return nil, nil
	}
	if len(v) < 2 || v[0] != sentFormat {
		return nil, fmt.Errorf("sent-log record %s: unknown format", key)
	}
	var r Record
	if err := json.Unmarshal(v[2:], &r); err != nil {
		return nil, fmt.Errorf("sent-log record %s: %w", key, err)
	}
	return &r, nil
}

// Put writes r under its nudge's key.
func (l *Log) Put(r *Record) error {
	if l.b == nil || !l.tx.Writable() {
		return errors.New("sent-log: read-only transaction")
	}
	v, err := json.Marshal(r)
	if err != nil {
		return err
	}
	st := statePending
	if r.Done {
		st = stateDone
		if err := l.markDone(r.Nudge); err != nil {
			return err
		}
	}
	return l.b.Put([]byte(r.Nudge.Key()), append([]byte{sentFormat, st}, v...))
}

// Each calls fn for every record, oldest due first.
func (l *Log) Each(fn func(*Record) error) error {
	if l == nil || l.b == nil {
		return nil
	}
	return l.b.ForEach(func(k, _ []byte) error {
		r, err := l.Get(string(k))
		if err != nil {
			return err
		}
		return fn(r)
	})
}

// Prune deletes records of nudges due before cutoff and returns how many.
// The per-case index stays (see below).
func (l *Log) Prune(cutoff time.Time) (int, error) {
	if l.b == nil || !l.tx.Writable() {
		return 0, errors.New("sent-log: read-only transaction")
	}
	limit := []byte(cutoff.UTC().Format("20060102T150405Z"))
	c := l.b.Cursor()
	n := 0
	for k, _ := c.First(); k != nil && bytes.Compare(k, limit) < 0; k, _ = c.First() {
		if err := c.Delete(); err != nil {
			return n, err
		}
		n++
	}
	// The reminders.last index is kept: it has one entry per case and
	// kind, and it is what still says "sent" for a nudge whose due time
	// never moves (call-now is due when the stage began, promise-overdue
	// when the promise ran out) once its record is gone. Dropping it made
	// such nudges go out again on every tick after the retention period.
	return n, nil
}
