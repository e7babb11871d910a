package cases

import (
	"errors"
	"fmt"
	"strings"

	bolt "go.etcd.io/bbolt"
)

// Tx is one transaction over the buckets that other packages keep beside
// the cases (the reminders' sent-log, the tenant profile), whichever store
// holds them. A bucket's name has a dot in it ("reminders.sent"): the names
// without one belong to the cases (FORMAT.md).
type Tx interface {
	// Bucket returns the bucket called name, or nil when it does not exist.
	Bucket(name string) Bucket
	// CreateBucketIfNotExists returns the bucket called name, creating it
	// in a writable transaction.
	CreateBucketIfNotExists(name string) (Bucket, error)
	Writable() bool
}

// Bucket is a sorted set of keys and values. Values it returns are valid
// only until the transaction ends.
type Bucket interface {
	Get(key []byte) []byte
	Put(key, value []byte) error
	Delete(key []byte) error
	ForEach(fn func(k, v []byte) error) error
	Cursor() Cursor
}

// Cursor walks a Bucket in key order. A nil key means the end.
type Cursor interface {
	First() (key, value []byte)
	Next() (key, value []byte)
	Seek(key []byte) (key2, value []byte)
	// Delete removes the key the cursor stands on.
	Delete() error
}

var errBucketName = errors.New("a bucket beside the cases needs a dot in its name")

// CheckBucketName refuses the names of the buckets that belong to cases.
func CheckBucketName(name string) error {
	if !strings.Contains(name, ".") {
		return fmt.Errorf("bucket %q: %w", name, errBucketName)
	}
	return nil
}

// ViewBuckets runs fn in a read-only transaction over the buckets beside
// the cases.
func (s *Store) ViewBuckets(fn func(Tx) error) error {
	return s.db.View(func(tx *bolt.Tx) error { return fn(boltTx{tx}) })
}

// UpdateBuckets runs fn in one read-write transaction over the buckets
// beside the cases: if fn fails nothing is written.
func (s *Store) UpdateBuckets(fn func(Tx) error) error {
	return s.update(func(tx *bolt.Tx) error { return fn(boltTx{tx}) })
}

// Wrote reports whether a write transaction on this store committed
// anything (bbolt counts the pages each commit writes; a rolled-back
// transaction writes none).
func (s *Store) Wrote() bool {
	st := s.db.Stats()
	return st.TxStats.GetWrite() > 0
}

type boltTx struct{ tx *bolt.Tx }

func (t boltTx) Bucket(name string) Bucket {
	if CheckBucketName(name) != nil {
		return nil
	}
	b := t.tx.Bucket([]byte(name))
	if b == nil {
		return nil
	}
	return boltBucket{b}
}

func (t boltTx) CreateBucketIfNotExists(name string) (Bucket, error) {
	if err := CheckBucketName(name); err != nil {
		return nil, err
	}
	b, err := t.tx.CreateBucketIfNotExists([]byte(name))
	if err != nil {
		return nil, err
	}
	return boltBucket{b}, nil
}

func (t boltTx) Writable() bool { return t.tx.Writable() }

type boltBucket struct{ *bolt.Bucket }

func (b boltBucket) Cursor() Cursor { return b.Bucket.Cursor() }
