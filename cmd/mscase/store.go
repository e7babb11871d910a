package main

import "github.com/mscase/mscase/cases"

// store is what the commands use of the case database. store (one
// bbolt file) is one; the store on etcd (package etcdstore, linked into the
// team binary) is another. The commands never ask which one they have.
type store interface {
	Resolve(ref string) (uint64, error)
	Get(ref string) (*cases.Case, error)
	Create(c *cases.Case) error
	Update(ref string, fn func(c *cases.Case) error) (*cases.Case, error)
	Delete(ref string) (*cases.Case, error)
	EachSummary(fn func(*cases.Summary) error) error
	ViewSummaries(fn func(walk func(func(*cases.Summary) error) error) error) error
	ViewSummaryParts(parts int, fn func(part int, walk func(func(*cases.Summary) error) error) error) error
	Summaries() ([]cases.Summary, error)
	All() ([]cases.Case, error)
	Import(cs []cases.Case, replace bool) (added, replaced int, err error)
	SizeHint() int
	// ViewBuckets and UpdateBuckets reach the buckets other packages keep
	// beside the cases (the sent-log, the tenant profile).
	ViewBuckets(fn func(cases.Tx) error) error
	UpdateBuckets(fn func(cases.Tx) error) error
	// Wrote reports whether a write of this store committed anything.
	Wrote() bool
	Close() error
}

var _ store = (*cases.Store)(nil)
