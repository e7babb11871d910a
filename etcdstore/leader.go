package etcdstore

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	clientv3 "go.etcd.io/etcd/client/v3"
	"go.etcd.io/etcd/client/v3/concurrency"
)

// DefaultLeaseTTL is the lease of a reminder daemon's leadership: a leader
// that stops answering is replaced within about twice this.
const DefaultLeaseTTL = 2 * time.Second

// ErrNotLeader says a daemon is not (or no longer) the one that sends: its
// writes to the sent-log are refused, so a deposed leader's send is never
// claimed.
var ErrNotLeader = errors.New("not the leader of the reminder daemons")

// Leadership is one reminder daemon's candidacy: of all the daemons on one
// prefix, exactly one holds it at a time, under a lease it keeps alive.
// Only the holder checks and sends; every write of the stores it opens
// compares the leader key, so once the lease is gone nothing it claims
// holds.
type Leadership struct {
	cli     *clientv3.Client
	opts    Options
	ttl     time.Duration
	name    string
	logf    func(format string, args ...any)
	elected chan struct{}
	cancel  context.CancelFunc
	done    chan struct{}

	mu      sync.Mutex
	key     string // the leader key while leading, "" otherwise
	rev     int64
	session *concurrency.Session
}

// Campaign starts a daemon's candidacy on the cluster cli talks to, under
// opts.Prefix; name says who it is (host and process). It returns at once;
// the campaign goes on until Close. logf hears when it becomes leader and
// when it steps down; Elected receives each time it becomes leader.
func Campaign(cli *clientv3.Client, opts Options, name string, ttl time.Duration, logf func(format string, args ...any)) *Leadership {
	if ttl <= 0 {
		ttl = DefaultLeaseTTL
	}
	if opts.Timeout <= 0 {
		opts.Timeout = DefaultTimeout
	}
	ctx, cancel := context.WithCancel(context.Background())
	l := &Leadership{cli: cli, opts: opts, ttl: ttl, name: name, logf: logf,
		elected: make(chan struct{}, 1), cancel: cancel, done: make(chan struct{})}
	go l.run(ctx)
	return l
}

func (l *Leadership) electionKey() string {
	p := l.opts.Prefix
	if p == "" {
		p = DefaultPrefix
	}
	return "/" + trimSlashes(p) + "/leader"
}

func trimSlashes(s string) string {
	for len(s) > 0 && s[0] == '/' {
		s = s[1:]
	}
	for len(s) > 0 && s[len(s)-1] == '/' {
		s = s[:len(s)-1]
	}
	return s
}

func (l *Leadership) run(ctx context.Context) {
	defer close(l.done)
	secs := int((l.ttl + time.Second - 1) / time.Second)
	for ctx.Err() == nil {
		s, err := concurrency.NewSession(l.cli, concurrency.WithTTL(secs), concurrency.WithContext(ctx))
		if err != nil {
			if ctx.Err() == nil {
				l.logf("leader election: %v; trying again", unreachable(l.opts.Endpoints, err))
				sleep(ctx, l.ttl)
			}
			continue
		}
		e := concurrency.NewElection(s, l.electionKey())
		if err := e.Campaign(ctx, l.name); err != nil {
			s.Orphan() // the lease ends by itself; revoking may hang on a dead cluster
			if ctx.Err() == nil {
				l.logf("leader election: %v; trying again", unreachable(l.opts.Endpoints, err))
				sleep(ctx, l.ttl)
			}
			continue
		}
		l.mu.Lock()
		l.key, l.rev, l.session = e.Key(), e.Rev(), s
		l.mu.Unlock()
		l.logf("became the leader: this daemon checks and sends")
		select {
		case l.elected <- struct{}{}:
		default:
		}
		select {
		case <-s.Done():
			l.step()
			l.logf("stepped down: the lease of the leadership was lost")
		case <-ctx.Done():
			l.step()
			// Resign so that another daemon takes over at once, not
			// after the lease runs out.
			rctx, cancel := context.WithTimeout(context.Background(), l.opts.Timeout)
			_ = e.Resign(rctx)
			cancel()
			s.Orphan()
			l.logf("stepped down: stopping")
			return
		}
		s.Orphan()
	}
}

func (l *Leadership) step() {
	l.mu.Lock()
	l.key, l.rev, l.session = "", 0, nil
	l.mu.Unlock()
}

func sleep(ctx context.Context, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
	case <-ctx.Done():
	}
}

// Elected receives each time the daemon becomes leader, so it checks at
// once what its predecessor may have missed.
func (l *Leadership) Elected() <-chan struct{} { return l.elected }

// Leading reports whether the daemon holds the leadership now.
func (l *Leadership) Leading() bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.key != ""
}

// Open opens the store for one check while the daemon leads: every write
// compares the leader key, and fails with ErrNotLeader once another daemon
// holds it. A daemon that does not lead gets ErrNotLeader.
func (l *Leadership) Open(readOnly bool) (*Store, error) {
	l.mu.Lock()
	key, rev := l.key, l.rev
	l.mu.Unlock()
	if key == "" {
		return nil, ErrNotLeader
	}
	o := l.opts
	o.ReadOnly = readOnly
	s, err := New(l.cli, o)
	if err != nil {
		return nil, err
	}
	s.Guard(key, rev)
	return s, nil
}

// OpenRecord opens the store to write down sends already made: not
// guarded, for what went out must be recorded even by a daemon that lost
// the leadership while sending, or its successor sends it again.
func (l *Leadership) OpenRecord(readOnly bool) (*Store, error) {
	o := l.opts
	o.ReadOnly = readOnly
	return New(l.cli, o)
}

// Close ends the campaign, resigning the leadership if it holds it. The
// client stays the caller's.
func (l *Leadership) Close() error {
	l.cancel()
	select {
	case <-l.done:
	case <-time.After(l.opts.Timeout + time.Second):
		return fmt.Errorf("leader election: did not stop in %s", l.opts.Timeout+time.Second)
	}
	return nil
}
