// Package dnstest runs a real DNS server on 127.0.0.1 with a tiny zone, for
// the tests of `mscase verify dns` and of package recovery, the way
// net/http/httptest serves HTTP. It is imported only by tests.
package dnstest

import (
	"net"
	"strings"
	"sync"

	"github.com/miekg/dns"
)

// Zone is a DNS server holding a tiny zone. A TXT value in Pending becomes
// visible only after After TXT queries, the way a new record reaches a
// server "after a moment", without timing in the tests. Hold Mu while
// changing the maps or counters of a running server.
type Zone struct {
	Mu      sync.Mutex
	TXT     map[string][]string // fqdn → values
	NS      map[string][]string // fqdn → name server host names
	A       map[string]string   // fqdn → IPv4
	Pending map[string]string   // fqdn → value that appears later
	After   int
	Queries int         // TXT queries answered so far
	OnTXT   func(n int) // when set, called with the count of each TXT query
	Addr    string      // host:port of the server
}

// Start starts a server on a free UDP port of 127.0.0.1; stop shuts it
// down.
func Start() (z *Zone, stop func(), err error) {
	z = &Zone{TXT: map[string][]string{}, NS: map[string][]string{}, A: map[string]string{}, Pending: map[string]string{}}
	pc, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		return nil, nil, err
	}
	started := make(chan struct{})
	srv := &dns.Server{PacketConn: pc, Handler: z, NotifyStartedFunc: func() { close(started) }}
	go srv.ActivateAndServe()
	<-started
	z.Addr = pc.LocalAddr().String()
	return z, func() { srv.Shutdown() }, nil
}

// ServeDNS answers TXT, NS and A questions from the zone, NXDOMAIN for
// names it does not hold.
func (z *Zone) ServeDNS(w dns.ResponseWriter, q *dns.Msg) {
	z.Mu.Lock()
	defer z.Mu.Unlock()
	m := new(dns.Msg)
	m.SetReply(q)
	m.Authoritative = true
	name := strings.ToLower(q.Question[0].Name)
	hdr := dns.RR_Header{Name: q.Question[0].Name, Class: dns.ClassINET, Ttl: 300}
	known := len(z.TXT[name]) > 0 || len(z.NS[name]) > 0 || z.A[name] != "" || z.Pending[name] != ""
	switch q.Question[0].Qtype {
	case dns.TypeTXT:
		z.Queries++
		if z.OnTXT != nil {
			z.OnTXT(z.Queries)
		}
		if v, ok := z.Pending[name]; ok && z.Queries > z.After {
			z.TXT[name] = append(z.TXT[name], v)
			delete(z.Pending, name)
		}
		hdr.Rrtype = dns.TypeTXT
		for _, v := range z.TXT[name] {
			// Long values go out as several strings, as real zones do.
			var parts []string
			for len(v) > 10 {
				parts, v = append(parts, v[:10]), v[10:]
			}
			m.Answer = append(m.Answer, &dns.TXT{Hdr: hdr, Txt: append(parts, v)})
		}
	case dns.TypeNS:
		hdr.Rrtype = dns.TypeNS
		for _, h := range z.NS[name] {
			m.Answer = append(m.Answer, &dns.NS{Hdr: hdr, Ns: h})
		}
	case dns.TypeA:
		hdr.Rrtype = dns.TypeA
		if ip := z.A[name]; ip != "" {
			m.Answer = append(m.Answer, &dns.A{Hdr: hdr, A: net.ParseIP(ip)})
		}
	}
	if !known {
		m.Rcode = dns.RcodeNameError
	}
	w.WriteMsg(m)
}
