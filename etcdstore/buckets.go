package etcdstore

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/mscase/mscase/cases"
	clientv3 "go.etcd.io/etcd/client/v3"
)

// The buckets beside the cases (the sent-log, the tenant profile) are read
// whole into memory when a transaction first asks for them, at one
// revision, and written back in one etcd transaction that holds only if no
// bucket it read has changed since (each bucket's marker key is rewritten
// by every write to it).

type memTx struct {
	s        *Store
	ctx      context.Context
	writable bool
	rev      int64
	buckets  map[string]*memBucket
}

type memBucket struct {
	name      string
	keys      []string // sorted
	vals      map[string][]byte
	markerRev int64 // 0: the bucket did not exist
	create    bool
	puts      map[string][]byte
	dels      map[string]bool
}

func (s *Store) markerKey(name string) string { return s.p + "/bm/" + name }
func (s *Store) bucketPrefix(name string) string {
	return s.p + "/b/" + name + "/"
}

func (t *memTx) load(name string) (*memBucket, error) {
	if b, ok := t.buckets[name]; ok {
		return b, nil
	}
	if err := cases.CheckBucketName(name); err != nil {
		return nil, err
	}
	var rev []clientv3.OpOption
	if t.rev > 0 {
		rev = []clientv3.OpOption{clientv3.WithRev(t.rev)}
	}
	r, err := t.s.cli.Txn(t.ctx).Then(
		clientv3.OpGet(t.s.markerKey(name), rev...),
		clientv3.OpGet(t.s.bucketPrefix(name), append(rev, clientv3.WithPrefix())...),
	).Commit()
	if err != nil {
		return nil, t.s.fail(err)
	}
	if t.rev == 0 {
		t.rev = r.Header.Revision
	}
	b := &memBucket{name: name, vals: map[string][]byte{}, puts: map[string][]byte{}, dels: map[string]bool{}}
	if m := r.Responses[0].GetResponseRange().Kvs; len(m) > 0 {
		b.markerRev = m[0].ModRevision
	}
	p := t.s.bucketPrefix(name)
	for _, kv := range r.Responses[1].GetResponseRange().Kvs {
		k := strings.TrimPrefix(string(kv.Key), p)
		b.keys = append(b.keys, k)
		b.vals[k] = kv.Value
	}
	t.buckets[name] = b
	return b, nil
}

func (t *memTx) Bucket(name string) cases.Bucket {
	b, err := t.load(name)
	if err != nil || (b.markerRev == 0 && !b.create && len(b.keys) == 0) {
		// An error here shows again at commit time, or reads as empty.
		return nil
	}
	return &bucketView{b: b, tx: t}
}

func (t *memTx) CreateBucketIfNotExists(name string) (cases.Bucket, error) {
	if !t.writable {
		return nil, fmt.Errorf("bucket %s: read-only transaction", name)
	}
	b, err := t.load(name)
	if err != nil {
		return nil, err
	}
	if b.markerRev == 0 {
		b.create = true
	}
	return &bucketView{b: b, tx: t}, nil
}

func (t *memTx) Writable() bool { return t.writable }

type bucketView struct {
	b  *memBucket
	tx *memTx
}

var _ cases.Bucket = (*bucketView)(nil)

func (v *bucketView) Get(k []byte) []byte { return v.b.vals[string(k)] }

func (v *bucketView) Put(k, val []byte) error {
	if !v.tx.writable {
		return fmt.Errorf("bucket %s: read-only transaction", v.b.name)
	}
	if len(k) == 0 {
		return fmt.Errorf("bucket %s: empty key", v.b.name)
	}
	key := string(k)
	if _, ok := v.b.vals[key]; !ok {
		i := sort.SearchStrings(v.b.keys, key)
		v.b.keys = slices.Insert(v.b.keys, i, key)
	}
	val = slices.Clone(val)
	v.b.vals[key] = val
	v.b.puts[key] = val
	delete(v.b.dels, key)
	return nil
}

func (v *bucketView) Delete(k []byte) error {
	if !v.tx.writable {
		return fmt.Errorf("bucket %s: read-only transaction", v.b.name)
	}
	v.b.remove(string(k))
	return nil
}

func (b *memBucket) remove(key string) {
	if _, ok := b.vals[key]; !ok {
		return
	}
	i := sort.SearchStrings(b.keys, key)
	b.keys = slices.Delete(b.keys, i, i+1)
	delete(b.vals, key)
	delete(b.puts, key)
	b.dels[key] = true
}

func (v *bucketView) ForEach(fn func(k, v []byte) error) error {
	for _, k := range slices.Clone(v.b.keys) {
		if err := fn([]byte(k), v.b.vals[k]); err != nil {
			return err
		}
	}
	return nil
}

func (v *bucketView) Cursor() cases.Cursor { return &cursor{v: v, i: -1} }

type cursor struct {
	v *bucketView
	i int
}

func (c *cursor) at() ([]byte, []byte) {
	if c.i < 0 || c.i >= len(c.v.b.keys) {
		c.i = len(c.v.b.keys)
		return nil, nil
	}
	k := c.v.b.keys[c.i]
	return []byte(k), c.v.b.vals[k]
}

func (c *cursor) First() ([]byte, []byte) { c.i = 0; return c.at() }
func (c *cursor) Next() ([]byte, []byte)  { c.i++; return c.at() }
func (c *cursor) Seek(k []byte) ([]byte, []byte) {
	c.i = sort.SearchStrings(c.v.b.keys, string(k))
	return c.at()
}

// Delete removes the current key; Next then gives the one after it.
func (c *cursor) Delete() error {
	if c.i < 0 || c.i >= len(c.v.b.keys) {
		return nil
	}
	if err := c.v.Delete([]byte(c.v.b.keys[c.i])); err != nil {
		return err
	}
	c.i--
	return nil
}

// ViewBuckets runs fn over the buckets beside the cases, read at one
// revision.
func (s *Store) ViewBuckets(fn func(cases.Tx) error) error {
	ctx, cancel := s.ctx()
	defer cancel()
	return fn(&memTx{s: s, ctx: ctx, buckets: map[string]*memBucket{}})
}

// UpdateBuckets runs fn over the buckets beside the cases and writes what
// it changed in one transaction that holds only if no bucket fn read has
// changed meanwhile; otherwise fn runs again on what is there now. fn must
// therefore start from what it reads, not from what an earlier run did.
func (s *Store) UpdateBuckets(fn func(cases.Tx) error) error {
	return s.retry(func(ctx context.Context) (bool, error) {
		t := &memTx{s: s, ctx: ctx, writable: true, buckets: map[string]*memBucket{}}
		if err := fn(t); err != nil {
			return false, err
		}
		var cmps []clientv3.Cmp
		var ops []clientv3.Op
		names := make([]string, 0, len(t.buckets))
		for n := range t.buckets {
			names = append(names, n)
		}
		sort.Strings(names)
		for _, n := range names {
			b := t.buckets[n]
			cmps = append(cmps, clientv3.Compare(clientv3.ModRevision(s.markerKey(n)), "=", b.markerRev))
			if !b.create && len(b.puts) == 0 && len(b.dels) == 0 {
				continue
			}
			ops = append(ops, b.deleteOps(s.bucketPrefix(n))...)
			for _, k := range slices.Sorted(mapsKeys(b.puts)) {
				ops = append(ops, clientv3.OpPut(s.bucketPrefix(n)+k, string(b.puts[k])))
			}
			ops = append(ops, clientv3.OpPut(s.markerKey(n), ""))
		}
		if len(ops) == 0 {
			return true, nil
		}
		if len(ops) > maxOps {
			return false, fmt.Errorf("%d changes at once are more than one etcd transaction takes (%d): write fewer at a time", len(ops), maxOps)
		}
		return s.txn(ctx, cmps, ops)
	})
}

// deleteOps deletes the removed keys, one range per run of removed keys
// with no remaining key between them (pruning the sent-log removes its
// oldest records: one range).
func (b *memBucket) deleteOps(prefix string) []clientv3.Op {
	dels := slices.Sorted(mapsKeys(b.dels))
	var ops []clientv3.Op
	for i := 0; i < len(dels); {
		next := sort.SearchStrings(b.keys, dels[i]) // the first remaining key after it
		j := i
		for j+1 < len(dels) && sort.SearchStrings(b.keys, dels[j+1]) == next {
			j++
		}
		if i == j {
			ops = append(ops, clientv3.OpDelete(prefix+dels[i]))
		} else {
			ops = append(ops, clientv3.OpDelete(prefix+dels[i], clientv3.WithRange(prefix+dels[j]+"\x00")))
		}
		i = j + 1
	}
	return ops
}

func mapsKeys[V any](m map[string]V) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}
