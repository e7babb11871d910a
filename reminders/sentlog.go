package reminders

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"
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
const BucketSent = "reminders.sent"

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

// Log is the sent-log seen through one bbolt transaction.
type Log struct {
	b  *bolt.Bucket // nil when nothing was ever sent (read-only)
	tx *bolt.Tx
}

// ViewLog runs fn with the sent-log in a read-only transaction of db.
func ViewLog(db *bolt.DB, fn func(*Log) error) error {
	return db.View(func(tx *bolt.Tx) error {
		return fn(&Log{b: tx.Bucket([]byte(BucketSent)), tx: tx})
	})
}

// UpdateLog runs fn with the sent-log in a read-write transaction of db,
// creating the bucket on first use.
func UpdateLog(db *bolt.DB, fn func(*Log) error) error {
	return db.Update(func(tx *bolt.Tx) error {
		b, err := tx.CreateBucketIfNotExists([]byte(BucketSent))
		if err != nil {
			return fmt.Errorf("sent-log: %w", err)
		}
		return fn(&Log{b: b, tx: tx})
	})
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
	return n, nil
}
