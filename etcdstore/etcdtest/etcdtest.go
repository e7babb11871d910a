// Package etcdtest starts real etcd servers inside a test process, on
// loopback ports chosen free, for the tests of the store on etcd. Only
// tests import it.
package etcdtest

import (
	"fmt"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"go.etcd.io/etcd/server/v3/embed"
	"go.uber.org/zap"
)

// Member is one running server.
type Member struct {
	Name      string
	ClientURL string // http://127.0.0.1:PORT
	cfg       *embed.Config
	mu        sync.Mutex
	e         *embed.Etcd // nil while stopped
}

// Endpoint is host:port of the member's client URL.
func (m *Member) Endpoint() string { return strings.TrimPrefix(m.ClientURL, "http://") }

// Stop stops the member; a second Stop does nothing (embed panics on a
// second Close).
func (m *Member) Stop() {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.e != nil {
		m.e.Close()
		m.e = nil
	}
}

// Restart starts a stopped member again from its data folder, on the same
// ports, and waits until it is ready (it rejoins the cluster it was in).
func (m *Member) Restart() error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.e != nil {
		return nil
	}
	e, err := embed.StartEtcd(m.cfg)
	if err != nil {
		return fmt.Errorf("restart etcd member %s: %w", m.Name, err)
	}
	select {
	case <-e.Server.ReadyNotify():
	case <-time.After(30 * time.Second):
		e.Close()
		return fmt.Errorf("etcd member %s did not become ready in 30s", m.Name)
	}
	m.e = e
	return nil
}

// Cluster is n members that know each other.
type Cluster struct{ Members []*Member }

// Endpoints are the members' host:port, comma-separated in a store URL.
func (c *Cluster) Endpoints() []string {
	var out []string
	for _, m := range c.Members {
		out = append(out, m.Endpoint())
	}
	return out
}

// URL is the store URL for the cluster under prefix.
func (c *Cluster) URL(prefix string) string {
	return "etcd://" + strings.Join(c.Endpoints(), ",") + "/" + strings.TrimPrefix(prefix, "/")
}

func freePorts(n int) ([]int, error) {
	var ls []net.Listener
	var ports []int
	defer func() {
		for _, l := range ls {
			l.Close()
		}
	}()
	for i := 0; i < n; i++ {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return nil, err
		}
		ls = append(ls, l)
		ports = append(ports, l.Addr().(*net.TCPAddr).Port)
	}
	return ports, nil
}

// Start runs an n-member cluster until the test ends. Clients must be
// closed before it stops, or each member waits its request timeout:
// register their cleanup after calling Start (cleanups run last first).
func Start(t testing.TB, n int) *Cluster {
	t.Helper()
	c, err := start(n, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.stop)
	return c
}

func start(n int, dir string) (*Cluster, error) {
	if dir == "" {
		d, err := os.MkdirTemp("", "mscase-etcd-")
		if err != nil {
			return nil, err
		}
		dir = d
	}
	ports, err := freePorts(2 * n)
	if err != nil {
		return nil, err
	}
	var initial []string
	for i := 0; i < n; i++ {
		initial = append(initial, fmt.Sprintf("m%d=http://127.0.0.1:%d", i, ports[2*i+1]))
	}
	c := &Cluster{}
	for i := 0; i < n; i++ {
		cfg := embed.NewConfig()
		cfg.Name = fmt.Sprintf("m%d", i)
		cfg.Dir = filepath.Join(dir, cfg.Name)
		cu, _ := url.Parse(fmt.Sprintf("http://127.0.0.1:%d", ports[2*i]))
		pu, _ := url.Parse(fmt.Sprintf("http://127.0.0.1:%d", ports[2*i+1]))
		cfg.ListenClientUrls, cfg.AdvertiseClientUrls = []url.URL{*cu}, []url.URL{*cu}
		cfg.ListenPeerUrls, cfg.AdvertisePeerUrls = []url.URL{*pu}, []url.URL{*pu}
		cfg.InitialCluster = strings.Join(initial, ",")
		cfg.InitialClusterToken = "mscase-test"
		cfg.ZapLoggerBuilder = embed.NewZapLoggerBuilder(zap.NewNop())
		cfg.TickMs, cfg.ElectionMs = 50, 500
		e, err := embed.StartEtcd(cfg)
		if err != nil {
			c.stop()
			return nil, fmt.Errorf("start etcd member %d: %w", i, err)
		}
		c.Members = append(c.Members, &Member{Name: cfg.Name, ClientURL: cu.String(), cfg: cfg, e: e})
	}
	for _, m := range c.Members {
		select {
		case <-m.e.Server.ReadyNotify():
		case <-time.After(30 * time.Second):
			c.stop()
			return nil, fmt.Errorf("etcd did not become ready in 30s")
		}
	}
	return c, nil
}

// Stop stops every member.
func (c *Cluster) Stop() { c.stop() }

func (c *Cluster) stop() {
	for _, m := range c.Members {
		m.Stop()
	}
}

// StartShared runs an n-member cluster that lives as long as the test
// process (one per package, shared by its tests under their own prefixes).
func StartShared(n int) *Cluster {
	c, err := start(n, "")
	if err != nil {
		panic(err)
	}
	return c
}
