package main

import (
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/BurntSushi/toml"
	"github.com/mscase/mscase/reminders"
	"github.com/mscase/mscase/safetext"
)

// sharedSettings say how to reach a store given by URL (team mode).
type sharedSettings struct {
	URL      string
	TLS      *tls.Config
	Username string
	Password string
	Timeout  time.Duration
}

// sharedBackends open a store given by URL, by scheme. The team binary
// registers "etcd" (store_etcd.go, build tag etcd); the default binary
// has none, so it stays small and quick to start.
var sharedBackends = map[string]func(s sharedSettings, readOnly bool) (store, error){}

// sharedTimeout bounds each request to a shared store, and the first
// contact: an unreachable cluster fails within it.
const sharedTimeout = 3 * time.Second

// teamConfig is the part of the configuration file team mode reads. It is
// read on its own, leniently: a configuration the reminders would refuse
// must not stop "cases list" on the bbolt file.
type teamConfig struct {
	Store string                `toml:"store"`
	Name  string                `toml:"name"`
	Etcd  *reminders.EtcdConfig `toml:"etcd"`
}

func (a *app) teamConfig() (teamConfig, configSource) {
	var tc teamConfig
	src := configSource{path: a.cfgPath}
	b, err := os.ReadFile(a.cfgPath)
	if err != nil {
		return tc, src
	}
	src.exists = true
	if fi, err := os.Stat(a.cfgPath); err == nil {
		src.private = runtime.GOOS == "windows" || fi.Mode().Perm()&0o077 == 0
	}
	_, _ = toml.Decode(string(b), &tc)
	return tc, src
}

// shared reports whether the commands work on a shared store.
func (a *app) shared() bool {
	u, err := a.sharedStore()
	return err != nil || u.URL != ""
}

// sharedStore finds the shared store: --store, MSCASE_STORE, or the
// configuration's store. URL is "" for the bbolt file, which --db chooses
// over all of them.
func (a *app) sharedStore() (sharedSettings, error) {
	s := sharedSettings{URL: a.storeURL, Timeout: sharedTimeout}
	if a.dbFlag {
		return sharedSettings{}, nil
	}
	if !a.teamRead {
		a.team, a.teamSrc = a.teamConfig()
		a.teamRead = true
	}
	if s.URL == "" {
		s.URL = a.team.Store
	}
	if s.URL == "" {
		return s, nil
	}
	scheme, _, ok := strings.Cut(s.URL, "://")
	if !ok {
		return s, usageT("usage_x.store_url", "Store", safetext.Quote(s.URL))
	}
	if _, ok := sharedBackends[scheme]; !ok {
		if scheme == "etcd" {
			return s, withHintT(usageT("refuse.no_team_mode", "Store", safetext.Quote(s.URL)), "hint.team_build")
		}
		return s, usageT("usage_x.store_url", "Store", safetext.Quote(s.URL))
	}
	if e := a.team.Etcd; e != nil {
		dir := filepath.Dir(absPath(a.cfgPath))
		rel := func(p string) string {
			if p != "" && !filepath.IsAbs(p) {
				return filepath.Join(dir, p)
			}
			return p
		}
		if e.CAFile != "" || e.CertFile != "" {
			t := &tls.Config{MinVersion: tls.VersionTLS12}
			if e.CAFile != "" {
				pem, err := os.ReadFile(rel(e.CAFile))
				if err != nil {
					return s, fmt.Errorf("config etcd.ca_file: %w", err)
				}
				t.RootCAs = x509.NewCertPool()
				if !t.RootCAs.AppendCertsFromPEM(pem) {
					return s, usageT("usage_x.etcd_ca", "File", rel(e.CAFile))
				}
			}
			if e.CertFile != "" || e.KeyFile != "" {
				cert, err := tls.LoadX509KeyPair(rel(e.CertFile), rel(e.KeyFile))
				if err != nil {
					return s, fmt.Errorf("config etcd.cert_file/key_file: %w", err)
				}
				t.Certificates = []tls.Certificate{cert}
			}
			s.TLS = t
		}
		s.Username = e.User
		if e.User != "" {
			sec := reminders.Secrets{Getenv: a.getenv, FilePrivate: a.teamSrc.private, Dir: dir}
			pw, err := sec.Value(reminders.ChannelConfig{Name: "etcd", Password: e.Password, PasswordEnv: e.PasswordEnv,
				PasswordFile: e.PasswordFile, PasswordKeyring: e.PasswordKeyring}, "password")
			if err != nil {
				return s, err
			}
			s.Password = pw
		}
	}
	return s, nil
}

// publicStoreURL is a store URL fit to print or to write into a service
// unit: scheme, hosts and prefix, without any user:password@ a hand-written
// URL may hold, or a query.
func publicStoreURL(u string) string {
	scheme, rest, ok := strings.Cut(u, "://")
	if !ok {
		return u
	}
	rest, _, _ = strings.Cut(rest, "?")
	rest, _, _ = strings.Cut(rest, "#")
	hosts, path, _ := strings.Cut(rest, "/")
	var clean []string
	for _, h := range strings.Split(hosts, ",") {
		if i := strings.LastIndex(h, "@"); i >= 0 {
			h = h[i+1:]
		}
		clean = append(clean, h)
	}
	out := scheme + "://" + strings.Join(clean, ",")
	if path != "" {
		out += "/" + path
	}
	return out
}

// openShared opens the shared store s names.
func openShared(s sharedSettings, readOnly bool) (store, error) {
	scheme, _, _ := strings.Cut(s.URL, "://")
	return sharedBackends[scheme](s, readOnly)
}

// leader is a reminder daemon's candidacy for sending, on a shared store:
// of all the daemons on one store, one leads at a time, and only it checks
// and sends. Open's writes hold only while it leads; Record writes down
// sends already made, leader or not.
type leader interface {
	Open(readOnly bool) (reminders.Store, error)
	Record(readOnly bool) (reminders.Store, error)
	Leading() bool
	Elected() <-chan struct{} // receives each time it becomes leader
	Close() error
}

// sharedLeaders start a campaign for leadership on a shared store, by
// scheme (registered beside sharedBackends). name says who campaigns;
// logf hears when it becomes leader and when it steps down.
var sharedLeaders = map[string]func(s sharedSettings, name string, logf func(format string, args ...any)) (leader, error){}

// registerShared registers a shared store for scheme through its package's
// own functions: opts turns the settings into that package's options, open
// opens the store, campaign starts a daemon's leadership. The team binary
// (store_etcd.go) and the tests (etcd_test.go) call it with the same
// arguments, so neither holds more than the one call.
func registerShared[O any, S store, L leader](scheme string, opts func(s sharedSettings, readOnly bool) O,
	open func(url string, o O) (S, error), campaign func(url string, o O, name string, logf func(format string, args ...any)) (L, error)) {
	sharedBackends[scheme] = func(s sharedSettings, readOnly bool) (store, error) {
		st, err := open(s.URL, opts(s, readOnly))
		if err != nil {
			return nil, err // never a typed nil in the interface
		}
		return st, nil
	}
	sharedLeaders[scheme] = func(s sharedSettings, name string, logf func(format string, args ...any)) (leader, error) {
		l, err := campaign(s.URL, opts(s, false), name, logf)
		if err != nil {
			return nil, err
		}
		return l, nil
	}
}

// campaign starts the daemon's campaign when the store is shared; on the
// bbolt file it returns nil: one machine, one daemon, no election.
func (a *app) campaign(logf func(format string, args ...any)) (leader, error) {
	s, err := a.sharedStore()
	if err != nil || s.URL == "" {
		return nil, err
	}
	scheme, _, _ := strings.Cut(s.URL, "://")
	mk, ok := sharedLeaders[scheme]
	if !ok {
		return nil, nil
	}
	host, _ := os.Hostname()
	return mk(s, fmt.Sprintf("%s/%d", host, os.Getpid()), logf)
}
