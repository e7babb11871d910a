package etcdstore

import "github.com/mscase/mscase/reminders"

// Daemon is a reminder daemon's leadership on its own connection to the
// store at a URL: what "reminders run" holds on etcd. Its Open and Record
// give the reminders' view of the store.
type Daemon struct {
	st *Store
	l  *Leadership
}

// CampaignURL opens a connection of its own to the store at u and
// campaigns there as name under DefaultLeaseTTL; logf hears when it
// becomes leader and when it steps down.
func CampaignURL(u string, opts Options, name string, logf func(format string, args ...any)) (*Daemon, error) {
	st, err := OpenURL(u, opts)
	if err != nil {
		return nil, err
	}
	o := Options{Endpoints: st.Endpoints(), Prefix: st.Prefix(), Timeout: opts.Timeout}
	return &Daemon{st: st, l: Campaign(st.Client(), o, name, DefaultLeaseTTL, logf)}, nil
}

// Open opens the store for one check while the daemon leads (see
// Leadership.Open).
func (d *Daemon) Open(readOnly bool) (reminders.Store, error) {
	s, err := d.l.Open(readOnly)
	if err != nil {
		return nil, err // never a typed nil in the interface
	}
	return s, nil
}

// Record opens the store to write down sends already made (see
// Leadership.OpenRecord).
func (d *Daemon) Record(readOnly bool) (reminders.Store, error) {
	s, err := d.l.OpenRecord(readOnly)
	if err != nil {
		return nil, err
	}
	return s, nil
}

// Leading reports whether the daemon holds the leadership now.
func (d *Daemon) Leading() bool { return d.l.Leading() }

// Elected receives each time the daemon becomes leader.
func (d *Daemon) Elected() <-chan struct{} { return d.l.Elected() }

// Close ends the campaign, then the daemon's own connection.
func (d *Daemon) Close() error {
	err := d.l.Close()
	d.st.Close()
	return err
}
