// Package etcdstore keeps the cases on an etcd cluster, for a team whose
// members and machines share one set of cases (team mode). It is the second
// implementation of the store the commands use; cases keeps the first (one
// bbolt file). It imports cases and reminders' neighbours never: only cases
// (the record format) and the etcd client.
//
// Layout under the prefix P (cases/FORMAT.md has it with the bbolt one):
//
//	P/meta/format      format version, ASCII ("1")
//	P/meta/seq         the highest case number given, ASCII
//	P/cases/NNNNNN     the case as JSON (cases.Encode), six digits
//	P/sum/NNNNNN       its summary (cases.Encode), so a list reads one range
//	P/tracking/ID      the case number of a TrackingID, ASCII
//	P/bm/NAME          a bucket beside the cases exists (reminders.sent …);
//	                   rewritten by every write to the bucket, so its
//	                   revision is the bucket's
//	P/b/NAME/KEY       a key of that bucket
//	P/leader/LEASE     a reminder daemon's candidacy (concurrency.Election);
//	                   the oldest leads, and only it sends
//
// Every write is one etcd transaction that compares the revisions of what
// it read; when another writer got there first it reads again, a bounded
// number of times, then fails with cases.ErrConflict.
package etcdstore

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/mscase/mscase/cases"
	clientv3 "go.etcd.io/etcd/client/v3"
	"go.uber.org/zap"
)

// Defaults.
const (
	DefaultTimeout = 4 * time.Second // one request, and the first contact
	DefaultPrefix  = "/mscase"
	attempts       = 8 // optimistic retries before ErrConflict
	// maxOps keeps a transaction under etcd's default --max-txn-ops (128).
	maxOps = 120
)

// Options say how to reach the cluster.
type Options struct {
	Endpoints []string // host:port or URLs
	Prefix    string   // "" means DefaultPrefix
	ReadOnly  bool
	Timeout   time.Duration // 0 means DefaultTimeout
	TLS       *tls.Config   // nil: plain
	Username  string
	Password  string
}

// Store is the case database on etcd.
type Store struct {
	cli      *clientv3.Client
	own      bool
	p        string
	eps      []string
	readOnly bool
	timeout  time.Duration
	wrote    bool
	guard    []clientv3.Cmp
	guardKey string // the leader key the guard compares, "" without one
	guardRev int64
}

// ParseURL reads etcd://host1:2379,host2:2379/prefix into endpoints and a
// prefix ("" when the URL has none).
func ParseURL(s string) (endpoints []string, prefix string, err error) {
	rest, ok := strings.CutPrefix(s, "etcd://")
	if !ok {
		return nil, "", fmt.Errorf("store %q: expected etcd://host:2379[,host2:2379]/prefix", s)
	}
	hosts, path, _ := strings.Cut(rest, "/")
	for _, h := range strings.Split(hosts, ",") {
		h = strings.TrimSpace(h)
		if h == "" {
			continue
		}
		if _, err := url.Parse("http://" + h); err != nil || strings.ContainsAny(h, "@?#") {
			return nil, "", fmt.Errorf("store %q: %q is not host:port", s, h)
		}
		endpoints = append(endpoints, h)
	}
	if len(endpoints) == 0 {
		return nil, "", fmt.Errorf("store %q: expected at least one host:port after etcd://", s)
	}
	if path != "" {
		prefix = "/" + strings.Trim(path, "/")
	}
	return endpoints, prefix, nil
}

// IsURL reports whether s names an etcd store rather than a file.
func IsURL(s string) bool { return strings.HasPrefix(s, "etcd://") }

// Open connects to the cluster and checks the format. A cluster that does
// not answer within the timeout is an error naming the endpoints.
func Open(opts Options) (*Store, error) {
	if opts.Timeout <= 0 {
		opts.Timeout = DefaultTimeout
	}
	eps := make([]string, len(opts.Endpoints))
	for i, e := range opts.Endpoints {
		eps[i] = e
		if !strings.Contains(e, "://") {
			scheme := "http://"
			if opts.TLS != nil {
				scheme = "https://"
			}
			eps[i] = scheme + e
		}
	}
	cli, err := clientv3.New(clientv3.Config{
		Endpoints:   eps,
		DialTimeout: opts.Timeout,
		TLS:         opts.TLS,
		Username:    opts.Username,
		Password:    opts.Password,
		Logger:      zap.NewNop(),
		// A dead member is left quickly for a live one.
		DialKeepAliveTime:    2 * time.Second,
		DialKeepAliveTimeout: 2 * time.Second,
	})
	if err != nil {
		return nil, unreachable(opts.Endpoints, err)
	}
	s, err := open(cli, opts)
	if err != nil {
		cli.Close()
		return nil, err
	}
	s.own = true
	return s, nil
}

// New uses a client the caller owns (tests, the election).
func New(cli *clientv3.Client, opts Options) (*Store, error) {
	if opts.Timeout <= 0 {
		opts.Timeout = DefaultTimeout
	}
	return open(cli, opts)
}

func open(cli *clientv3.Client, opts Options) (*Store, error) {
	p := opts.Prefix
	if p == "" {
		p = DefaultPrefix
	}
	p = "/" + strings.Trim(p, "/")
	s := &Store{cli: cli, p: p, eps: opts.Endpoints, readOnly: opts.ReadOnly, timeout: opts.Timeout}
	ctx, cancel := s.ctx()
	defer cancel()
	r, err := cli.Get(ctx, s.p+"/meta/format")
	if err != nil {
		return nil, unreachable(opts.Endpoints, err)
	}
	if len(r.Kvs) > 0 {
		v, err := strconv.Atoi(string(r.Kvs[0].Value))
		if err != nil {
			return nil, fmt.Errorf("etcd prefix %s: %w", s.p, cases.ErrNotBolt)
		}
		if v > cases.FormatVersion {
			return nil, fmt.Errorf("%w: format %d, this mscase reads up to %d", cases.ErrTooNew, v, cases.FormatVersion)
		}
		return s, nil
	}
	if !opts.ReadOnly {
		k := s.p + "/meta/format"
		if _, err := cli.Txn(ctx).If(clientv3.Compare(clientv3.CreateRevision(k), "=", 0)).
			Then(clientv3.OpPut(k, strconv.Itoa(cases.FormatVersion))).Commit(); err != nil {
			return nil, unreachable(opts.Endpoints, err)
		}
	}
	return s, nil
}

// unreachable words a failure to talk to the cluster: one line, naming
// the endpoints.
func unreachable(eps []string, err error) error {
	if errors.Is(err, context.DeadlineExceeded) {
		err = errors.New("no answer in time")
	}
	return fmt.Errorf("etcd at %s: %w", strings.Join(eps, ","), err)
}

func (s *Store) ctx() (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.Background(), s.timeout)
}

func (s *Store) fail(err error) error {
	var ie *cases.InputError
	var de *cases.DuplicateError
	var ime *cases.ImportError
	if err == nil || errors.Is(err, cases.ErrNotFound) || errors.Is(err, cases.ErrConflict) || errors.Is(err, cases.ErrTooBig) || errors.As(err, &ie) || errors.As(err, &de) || errors.As(err, &ime) {
		return err
	}
	if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled) || isGRPC(err) {
		return unreachable(s.eps, err)
	}
	return err
}

// isGRPC reports an error from the connection rather than from mscase.
func isGRPC(err error) bool {
	return strings.Contains(err.Error(), "rpc error") || strings.Contains(err.Error(), "etcdserver:")
}

// Close closes the connection (when Open made it).
func (s *Store) Close() error {
	if s.own {
		return s.cli.Close()
	}
	return nil
}

// Client is the connection, for the election.
func (s *Store) Client() *clientv3.Client { return s.cli }

// Endpoints are the cluster's addresses as given.
func (s *Store) Endpoints() []string { return s.eps }

// Prefix is where the store keeps its keys.
func (s *Store) Prefix() string { return s.p }

// Guard adds a condition to every later write: the leader's key still has
// the revision it was created with. A daemon that lost its leadership then
// writes nothing: its writes fail with ErrNotLeader.
func (s *Store) Guard(key string, createRev int64) {
	s.guard = []clientv3.Cmp{clientv3.Compare(clientv3.CreateRevision(key), "=", createRev)}
	s.guardKey, s.guardRev = key, createRev
}

// Wrote reports whether a write of this store committed.
func (s *Store) Wrote() bool { return s.wrote }

func (s *Store) caseKey(n uint64) string   { return fmt.Sprintf("%s/cases/%06d", s.p, n) }
func (s *Store) sumKey(n uint64) string    { return fmt.Sprintf("%s/sum/%06d", s.p, n) }
func (s *Store) trackKey(id string) string { return s.p + "/tracking/" + id }
func (s *Store) seqKey() string            { return s.p + "/meta/seq" }

// retry runs one optimistic write: fn reads, decides and commits, and says
// whether the commit's comparisons held.
func (s *Store) retry(fn func(ctx context.Context) (bool, error)) error {
	return s.retryWith(s.ctx, fn)
}

// retryWith is retry with each attempt's context from newCtx.
func (s *Store) retryWith(newCtx func() (context.Context, context.CancelFunc), fn func(ctx context.Context) (bool, error)) error {
	if s.readOnly {
		return errors.New("the store was opened read-only")
	}
	for i := 0; i < attempts; i++ {
		ctx, cancel := newCtx()
		ok, err := fn(ctx)
		cancel()
		if err != nil {
			return s.fail(err)
		}
		if ok {
			s.wrote = true
			return nil
		}
		time.Sleep(time.Duration(1+rand.IntN(10*(i+1))) * time.Millisecond)
	}
	return cases.ErrConflict
}

func (s *Store) txn(ctx context.Context, cmps []clientv3.Cmp, ops []clientv3.Op) (bool, error) {
	t := s.cli.Txn(ctx).If(append(cmps, s.guard...)...).Then(ops...)
	if s.guardKey != "" {
		t = t.Else(clientv3.OpGet(s.guardKey))
	}
	r, err := t.Commit()
	if err != nil {
		return false, err
	}
	if !r.Succeeded && s.guardKey != "" {
		// Told apart from a conflict in the same round trip: a lost
		// leadership is not worth retrying.
		kvs := r.Responses[0].GetResponseRange().Kvs
		if len(kvs) == 0 || kvs[0].CreateRevision != s.guardRev {
			return false, ErrNotLeader
		}
	}
	return r.Succeeded, nil
}

// resolve finds the case number of ref and the revisions that say so.
func (s *Store) resolve(ctx context.Context, ref string) (n uint64, cmps []clientv3.Cmp, err error) {
	n, id, err := cases.ParseRef(ref)
	if err != nil {
		return 0, nil, err
	}
	if id != "" {
		r, err := s.cli.Get(ctx, s.trackKey(id))
		if err != nil {
			return 0, nil, err
		}
		if len(r.Kvs) == 0 {
			return 0, nil, cases.NotFound(ref, 0, id)
		}
		n, err = strconv.ParseUint(string(r.Kvs[0].Value), 10, 64)
		if err != nil {
			return 0, nil, fmt.Errorf("tracking ID %s: bad case number in the store", id)
		}
		cmps = append(cmps, clientv3.Compare(clientv3.ModRevision(s.trackKey(id)), "=", r.Kvs[0].ModRevision))
	}
	return n, cmps, nil
}

// getCase reads case n and its record's revision.
func (s *Store) getCase(ctx context.Context, ref string, n uint64) (*cases.Case, int64, error) {
	r, err := s.cli.Get(ctx, s.caseKey(n))
	if err != nil {
		return nil, 0, err
	}
	if len(r.Kvs) == 0 {
		return nil, 0, cases.NotFound(ref, n, "")
	}
	c, err := cases.Decode(r.Kvs[0].Value)
	if err != nil {
		return nil, 0, fmt.Errorf("decode case %d: %w", n, err)
	}
	return c, r.Kvs[0].ModRevision, nil
}

// Resolve returns the case number REF stands for.
func (s *Store) Resolve(ref string) (uint64, error) {
	ctx, cancel := s.ctx()
	defer cancel()
	n, _, err := s.resolve(ctx, ref)
	if err == nil {
		var r *clientv3.GetResponse
		r, err = s.cli.Get(ctx, s.caseKey(n), clientv3.WithCountOnly())
		if err == nil && r.Count == 0 {
			err = cases.NotFound(ref, n, "")
		}
	}
	return n, s.fail(err)
}

// Get returns the full case REF stands for.
func (s *Store) Get(ref string) (*cases.Case, error) {
	ctx, cancel := s.ctx()
	defer cancel()
	n, _, err := s.resolve(ctx, ref)
	if err != nil {
		return nil, s.fail(err)
	}
	c, _, err := s.getCase(ctx, ref, n)
	return c, s.fail(err)
}

// putOps writes c, its summary and its TrackingID entry.
func (s *Store) putOps(c *cases.Case, oldTracking string) ([]clientv3.Op, int, error) {
	rec, sum, err := cases.Encode(c)
	if err != nil {
		return nil, 0, err
	}
	ops := []clientv3.Op{clientv3.OpPut(s.caseKey(c.Number), string(rec)), clientv3.OpPut(s.sumKey(c.Number), string(sum))}
	if oldTracking != "" && oldTracking != c.TrackingID {
		ops = append(ops, clientv3.OpDelete(s.trackKey(oldTracking)))
	}
	if c.TrackingID != "" {
		ops = append(ops, clientv3.OpPut(s.trackKey(c.TrackingID), strconv.FormatUint(c.Number, 10)))
	}
	return ops, len(rec) + len(sum), nil
}

// checkTracking refuses a TrackingID another case has, and returns the
// comparison that keeps it so.
func (s *Store) checkTracking(ctx context.Context, id string, n uint64) (clientv3.Cmp, error) {
	r, err := s.cli.Get(ctx, s.trackKey(id))
	if err != nil {
		return clientv3.Cmp{}, err
	}
	var rev int64
	if len(r.Kvs) > 0 {
		other, _ := strconv.ParseUint(string(r.Kvs[0].Value), 10, 64)
		if other != n {
			return clientv3.Cmp{}, &cases.DuplicateError{TrackingID: id, Number: other}
		}
		rev = r.Kvs[0].ModRevision
	}
	return clientv3.Compare(clientv3.ModRevision(s.trackKey(id)), "=", rev), nil
}

// seq reads the counter and its revision.
func (s *Store) seq(ctx context.Context) (uint64, int64, error) {
	r, err := s.cli.Get(ctx, s.seqKey())
	if err != nil || len(r.Kvs) == 0 {
		return 0, 0, err
	}
	n, err := strconv.ParseUint(string(r.Kvs[0].Value), 10, 64)
	return n, r.Kvs[0].ModRevision, err
}

// nextFree is the next number after seq that no case uses.
func (s *Store) nextFree(ctx context.Context, seq uint64) (uint64, error) {
	for n := seq + 1; n <= cases.MaxNumber; n++ {
		r, err := s.cli.Get(ctx, s.caseKey(n), clientv3.WithCountOnly())
		if err != nil {
			return 0, err
		}
		if r.Count == 0 {
			return n, nil
		}
	}
	return 0, fmt.Errorf("the database has used every case number up to %d", cases.MaxNumber)
}

// Create stores a new case, validated, under the next case number.
func (s *Store) Create(c *cases.Case) error {
	if err := c.Validate(); err != nil {
		return err
	}
	return s.retry(func(ctx context.Context) (bool, error) {
		seq, seqRev, err := s.seq(ctx)
		if err != nil {
			return false, err
		}
		n, err := s.nextFree(ctx, seq)
		if err != nil {
			return false, err
		}
		cmps := []clientv3.Cmp{
			clientv3.Compare(clientv3.ModRevision(s.seqKey()), "=", seqRev),
			clientv3.Compare(clientv3.CreateRevision(s.caseKey(n)), "=", 0),
		}
		if c.TrackingID != "" {
			cmp, err := s.checkTracking(ctx, c.TrackingID, n)
			if err != nil {
				return false, err
			}
			cmps = append(cmps, cmp)
		}
		c.Number = n
		ops, _, err := s.putOps(c, "")
		if err != nil {
			return false, err
		}
		ops = append(ops, clientv3.OpPut(s.seqKey(), strconv.FormatUint(n, 10)))
		return s.txn(ctx, cmps, ops)
	})
}

// Update applies fn to the case REF stands for and writes the result in
// one transaction that holds only if nobody changed the case meanwhile;
// otherwise it reads the case again and fn runs again on it. If fn or
// validation fails nothing is written.
func (s *Store) Update(ref string, fn func(c *cases.Case) error) (*cases.Case, error) {
	var out *cases.Case
	err := s.retry(func(ctx context.Context) (bool, error) {
		n, cmps, err := s.resolve(ctx, ref)
		if err != nil {
			return false, err
		}
		c, rev, err := s.getCase(ctx, ref, n)
		if err != nil {
			return false, err
		}
		old := c.TrackingID
		if err := fn(c); err != nil {
			return false, err
		}
		if err := c.Validate(); err != nil {
			return false, err
		}
		c.Number = n
		cmps = append(cmps, clientv3.Compare(clientv3.ModRevision(s.caseKey(n)), "=", rev))
		if c.TrackingID != "" && c.TrackingID != old {
			cmp, err := s.checkTracking(ctx, c.TrackingID, n)
			if err != nil {
				return false, err
			}
			cmps = append(cmps, cmp)
		}
		ops, _, err := s.putOps(c, old)
		if err != nil {
			return false, err
		}
		out = c
		return s.txn(ctx, cmps, ops)
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// Delete removes the case REF stands for.
func (s *Store) Delete(ref string) (*cases.Case, error) {
	var out *cases.Case
	err := s.retry(func(ctx context.Context) (bool, error) {
		n, cmps, err := s.resolve(ctx, ref)
		if err != nil {
			return false, err
		}
		c, rev, err := s.getCase(ctx, ref, n)
		if err != nil {
			return false, err
		}
		cmps = append(cmps, clientv3.Compare(clientv3.ModRevision(s.caseKey(n)), "=", rev))
		ops := []clientv3.Op{clientv3.OpDelete(s.caseKey(n)), clientv3.OpDelete(s.sumKey(n))}
		if c.TrackingID != "" {
			ops = append(ops, clientv3.OpDelete(s.trackKey(c.TrackingID)))
		}
		out = c
		return s.txn(ctx, cmps, ops)
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// rangeEach reads every key under prefix in pages, all at one revision,
// and calls fn for each value.
func (s *Store) rangeEach(prefix string, fn func(k, v []byte) error) error {
	ctx, cancel := s.ctx()
	defer cancel()
	end := clientv3.GetPrefixRangeEnd(prefix)
	key := prefix
	var rev int64
	for {
		opts := []clientv3.OpOption{clientv3.WithRange(end), clientv3.WithLimit(5000)}
		if rev > 0 {
			opts = append(opts, clientv3.WithRev(rev))
		}
		r, err := s.cli.Get(ctx, key, opts...)
		if err != nil {
			return s.fail(err)
		}
		rev = r.Header.Revision
		for _, kv := range r.Kvs {
			if err := fn(kv.Key, kv.Value); err != nil {
				return err
			}
		}
		if !r.More || len(r.Kvs) == 0 {
			return nil
		}
		key = string(r.Kvs[len(r.Kvs)-1].Key) + "\x00"
	}
}

// EachSummary calls fn for every case's summary in case-number order. The
// Summary is reused between calls: copy it to keep it.
func (s *Store) EachSummary(fn func(*cases.Summary) error) error {
	var sum cases.Summary
	return s.rangeEach(s.p+"/sum/", func(k, v []byte) error {
		if err := cases.DecodeSummary(v, &sum); err != nil {
			return fmt.Errorf("decode summary %s: %w", k, err)
		}
		return fn(&sum)
	})
}

// ViewSummaries gives fn a walk over every summary (see cases.Store).
func (s *Store) ViewSummaries(fn func(walk func(func(*cases.Summary) error) error) error) error {
	return fn(s.EachSummary)
}

// ViewSummaryParts gives fn one walk over every summary, as part 0 (see
// cases.Store: the summaries come over the network, one at a time).
func (s *Store) ViewSummaryParts(_ int, fn func(part int, walk func(func(*cases.Summary) error) error) error) error {
	return fn(0, s.EachSummary)
}

// Summaries returns every summary, in case-number order.
func (s *Store) Summaries() ([]cases.Summary, error) {
	var out []cases.Summary
	err := s.EachSummary(func(s *cases.Summary) error { out = append(out, *s); return nil })
	return out, err
}

// All returns every full case in case-number order.
func (s *Store) All() ([]cases.Case, error) {
	out := []cases.Case{}
	err := s.rangeEach(s.p+"/cases/", func(k, v []byte) error {
		c, err := cases.Decode(v)
		if err != nil {
			return fmt.Errorf("decode %s: %w", k, err)
		}
		out = append(out, *c)
		return nil
	})
	return out, err
}

// SizeHint is the highest case number given so far.
func (s *Store) SizeHint() int {
	ctx, cancel := s.ctx()
	defer cancel()
	n, _, _ := s.seq(ctx)
	return int(n)
}

// OpenURL opens the store an etcd://host:2379,host2:2379/prefix URL names;
// opts give the rest. A bad URL is an *cases.InputError.
func OpenURL(u string, opts Options) (*Store, error) {
	eps, prefix, err := ParseURL(u)
	if err != nil {
		return nil, &cases.InputError{Field: "store", Value: u, Want: "expected etcd://host:2379[,host2:2379]/prefix"}
	}
	opts.Endpoints, opts.Prefix = eps, prefix
	return Open(opts)
}

// Changes reports writes under the store's prefix (cases, summaries, the
// buckets beside them) from the revision the store has now, until ctx
// ends: what "cases list --watch" redraws on. A burst of writes may be
// reported once. The channel is closed when ctx ends or the watch breaks
// (the cluster lost its leader, or went away).
func (s *Store) Changes(ctx context.Context) (<-chan struct{}, error) {
	rctx, cancel := s.ctx()
	r, err := s.cli.Get(rctx, s.p+"/meta/format", clientv3.WithKeysOnly())
	cancel()
	if err != nil {
		return nil, s.fail(err)
	}
	// From the next revision: a write between this read and the watch's
	// start on the server is still reported.
	wctx, stop := context.WithCancel(clientv3.WithRequireLeader(ctx))
	wch := s.cli.Watch(wctx, s.p+"/", clientv3.WithPrefix(), clientv3.WithRev(r.Header.Revision+1))
	out := make(chan struct{}, 1)
	go func() {
		defer close(out)
		defer stop()
		for resp := range wch {
			if resp.Err() != nil || resp.Canceled {
				return
			}
			if len(resp.Events) > 0 {
				select {
				case out <- struct{}{}:
				default: // one is waiting already
				}
			}
		}
	}()
	return out, nil
}
