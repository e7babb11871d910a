//go:build etcd

package main

import (
	"github.com/mscase/mscase/etcdstore"
	"github.com/mscase/mscase/reminders"
)

// The team binary, go build -tags etcd ./cmd/mscase, links the store on
// etcd. The default binary leaves it out: 17 MB, and about 2 ms of
// start-up for every command. etcd_test.go registers it in the tests.
func init() {
	sharedBackends["etcd"] = func(s sharedSettings, readOnly bool) (store, error) {
		st, err := etcdstore.OpenURL(s.URL, etcdstore.Options{ReadOnly: readOnly, Timeout: s.Timeout,
			TLS: s.TLS, Username: s.Username, Password: s.Password})
		if err != nil {
			return nil, err
		}
		return st, nil
	}
}

func init() {
	sharedLeaders["etcd"] = func(s sharedSettings, name string, logf func(format string, args ...any)) (leader, error) {
		st, err := etcdstore.OpenURL(s.URL, etcdstore.Options{Timeout: s.Timeout,
			TLS: s.TLS, Username: s.Username, Password: s.Password})
		if err != nil {
			return nil, err
		}
		o := etcdstore.Options{Endpoints: st.Endpoints(), Prefix: st.Prefix(), Timeout: s.Timeout}
		return &etcdLeader{st: st, l: etcdstore.Campaign(st.Client(), o, name, etcdstore.DefaultLeaseTTL, logf)}, nil
	}
}

// etcdLeader is the daemon's leadership on etcd, on its own connection.
type etcdLeader struct {
	st *etcdstore.Store
	l  *etcdstore.Leadership
}

var _ leader = (*etcdLeader)(nil)

func (e *etcdLeader) Open(ro bool) (reminders.Store, error) {
	s, err := e.l.Open(ro)
	if err != nil {
		return nil, err
	}
	return s, nil
}

func (e *etcdLeader) Record(ro bool) (reminders.Store, error) {
	s, err := e.l.OpenRecord(ro)
	if err != nil {
		return nil, err
	}
	return s, nil
}

func (e *etcdLeader) Leading() bool            { return e.l.Leading() }
func (e *etcdLeader) Elected() <-chan struct{} { return e.l.Elected() }
func (e *etcdLeader) Close() error {
	err := e.l.Close()
	e.st.Close()
	return err
}
