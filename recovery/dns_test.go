package recovery

import (
	"context"
	"errors"
	"net"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/miekg/dns"
	"github.com/mscase/mscase/cases"
)

// fakeZone is a real DNS server on 127.0.0.1 holding a tiny zone. A TXT
// value set with appearAfter becomes visible only after that many TXT
// queries, the way a new record reaches a server "after a moment", without
// timing in the test.
type fakeZone struct {
	mu      sync.Mutex
	txt     map[string][]string // fqdn → values
	ns      map[string][]string // fqdn → name server host names
	a       map[string]string   // fqdn → IPv4
	pending map[string]string   // fqdn → value that appears later
	after   int
	queries int
	addr    string
}

func startZone(t *testing.T) *fakeZone {
	t.Helper()
	z := &fakeZone{txt: map[string][]string{}, ns: map[string][]string{}, a: map[string]string{}, pending: map[string]string{}}
	pc, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	started := make(chan struct{})
	srv := &dns.Server{PacketConn: pc, Handler: z, NotifyStartedFunc: func() { close(started) }}
	go srv.ActivateAndServe()
	<-started
	t.Cleanup(func() { srv.Shutdown() })
	z.addr = pc.LocalAddr().String()
	return z
}

func (z *fakeZone) ServeDNS(w dns.ResponseWriter, q *dns.Msg) {
	z.mu.Lock()
	defer z.mu.Unlock()
	m := new(dns.Msg)
	m.SetReply(q)
	m.Authoritative = true
	name := strings.ToLower(q.Question[0].Name)
	hdr := dns.RR_Header{Name: q.Question[0].Name, Class: dns.ClassINET, Ttl: 300}
	known := len(z.txt[name]) > 0 || len(z.ns[name]) > 0 || z.a[name] != "" || z.pending[name] != ""
	switch q.Question[0].Qtype {
	case dns.TypeTXT:
		z.queries++
		if v, ok := z.pending[name]; ok && z.queries > z.after {
			z.txt[name] = append(z.txt[name], v)
			delete(z.pending, name)
		}
		hdr.Rrtype = dns.TypeTXT
		for _, v := range z.txt[name] {
			// Long values go out as several strings, as real zones do.
			var parts []string
			for len(v) > 10 {
				parts, v = append(parts, v[:10]), v[10:]
			}
			m.Answer = append(m.Answer, &dns.TXT{Hdr: hdr, Txt: append(parts, v)})
		}
	case dns.TypeNS:
		hdr.Rrtype = dns.TypeNS
		for _, h := range z.ns[name] {
			m.Answer = append(m.Answer, &dns.NS{Hdr: hdr, Ns: h})
		}
	case dns.TypeA:
		hdr.Rrtype = dns.TypeA
		if ip := z.a[name]; ip != "" {
			m.Answer = append(m.Answer, &dns.A{Hdr: hdr, A: net.ParseIP(ip)})
		}
	}
	if !known {
		m.Rcode = dns.RcodeNameError
	}
	w.WriteMsg(m)
}

func TestCheckTXTRecordAppears(t *testing.T) {
	z := startZone(t)
	z.mu.Lock()
	z.txt["contoso.example."] = []string{"v=spf1 include:spf.protection.outlook.com -all"}
	z.pending["contoso.example."] = "MS=ms12345678"
	z.after = 2
	z.mu.Unlock()
	d := &DNS{Timeout: time.Second}
	srv := []Nameserver{{Addr: z.addr, Name: "loopback"}}
	ctx := context.Background()

	var seen []bool
	for range 4 {
		r := d.CheckTXT(ctx, srv, "contoso.example", "MS=ms12345678")
		seen = append(seen, r[0].Visible)
		if r[0].Err != nil {
			t.Fatal(r[0].Err)
		}
	}
	if want := []bool{false, false, true, true}; !reflect.DeepEqual(seen, want) {
		t.Fatalf("visible per round = %v, want %v", seen, want)
	}
	r := d.CheckTXT(ctx, srv, "contoso.example", "MS=ms12345678")
	if want := []string{"MS=ms12345678", "v=spf1 include:spf.protection.outlook.com -all"}; !reflect.DeepEqual(r[0].Values, want) {
		t.Errorf("values = %q, want %q (split strings joined)", r[0].Values, want)
	}
}

func TestCheckTXTPerServer(t *testing.T) {
	has, lacks := startZone(t), startZone(t)
	has.mu.Lock()
	has.txt["contoso.example."] = []string{"MS=ms12345678"}
	has.mu.Unlock()
	lacks.mu.Lock()
	lacks.txt["contoso.example."] = []string{"MS=ms11111111"}
	lacks.mu.Unlock()
	nx := startZone(t)
	// A port with nobody behind it: take one and close it.
	pc, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	dead := pc.LocalAddr().String()
	pc.Close()

	servers := []Nameserver{{Addr: has.addr, Name: "a"}, {Addr: lacks.addr, Name: "b"}, {Addr: nx.addr, Name: "c"}, {Addr: dead, Name: "d"}}
	d := &DNS{Timeout: 500 * time.Millisecond}
	res := d.CheckTXT(context.Background(), servers, "contoso.example", "MS=ms12345678")
	var got []string
	for _, r := range res {
		got = append(got, r.Server.Name+": "+r.Status()+" "+strings.Join(r.Values, ","))
	}
	want := []string{
		"a: visible MS=ms12345678",
		"b: not visible MS=ms11111111",
		"c: no such domain (NXDOMAIN) ",
	}
	if !reflect.DeepEqual(got[:3], want) {
		t.Errorf("got  %q\nwant %q", got[:3], want)
	}
	// Loopback UDP to a closed port: refused on Linux, a timeout elsewhere.
	if res[3].Err == nil || (res[3].Status() != "connection refused" && res[3].Status() != "no answer after 500ms") {
		t.Errorf("dead server: %q", res[3].Status())
	}
	if v, f := CountVisible(res); v != 1 || f != 1 {
		t.Errorf("CountVisible = %d, %d; want 1, 1", v, f)
	}
}

func TestAuthoritative(t *testing.T) {
	z := startZone(t)
	// sub.contoso.example has no NS of its own: its zone is contoso.example.
	z.mu.Lock()
	z.ns["contoso.example."] = []string{"NS2.contoso.example.", "ns1.contoso.example."}
	z.a["ns1.contoso.example."] = "127.0.0.1"
	z.a["ns2.contoso.example."] = "127.0.0.1"
	z.txt["sub.contoso.example."] = []string{"x"}
	z.mu.Unlock()
	_, port, _ := net.SplitHostPort(z.addr)
	d := &DNS{Timeout: time.Second, Port: port}

	for _, domain := range []string{"contoso.example", "sub.contoso.example"} {
		got, err := d.Authoritative(context.Background(), []Nameserver{{Addr: z.addr}}, domain)
		if err != nil {
			t.Fatal(err)
		}
		want := []Nameserver{
			{Addr: "127.0.0.1:" + port, Name: "ns1.contoso.example.", Authoritative: true},
			{Addr: "127.0.0.1:" + port, Name: "ns2.contoso.example.", Authoritative: true},
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: got %+v, want %+v", domain, got, want)
		}
	}
	_, err := d.Authoritative(context.Background(), []Nameserver{{Addr: z.addr}}, "nowhere.example")
	if err == nil || !strings.Contains(err.Error(), "nowhere.example does not exist (NXDOMAIN)") {
		t.Errorf("unknown domain: err = %v", err)
	}
	z.mu.Lock()
	z.txt["lonely.example."] = []string{"x"}
	z.mu.Unlock()
	_, err = d.Authoritative(context.Background(), []Nameserver{{Addr: z.addr}}, "lonely.example")
	if !errors.Is(err, ErrNoNameservers) {
		t.Errorf("no NS: err = %v, want ErrNoNameservers", err)
	}
}

func TestParseTXTValue(t *testing.T) {
	tests := []struct {
		in, want, warn, err string
	}{
		{in: "MS=ms12345678", want: "MS=ms12345678"},
		{in: `  "MS=ms18939161" `, want: "MS=ms18939161"},
		{in: "ms=ms12345678", want: "ms=ms12345678", warn: "differs in upper/lower case"},
		{in: "google-site-verification=abc", want: "google-site-verification=abc", warn: "not of the usual shape"},
		{in: "", err: `--txt: must not be empty`},
		{in: `""`, err: `--txt "\"\"": must not be empty`},
		{in: "MS＝ms12345678", err: `has the non-ASCII character '＝' at byte 2 (a full-width character from an input method?)`},
		{in: "MS=ms1234\x005678", err: "has the control character U+0000"},
		{in: "MS=ms\xff", err: "is not valid UTF-8"},
		{in: strings.Repeat("a", 3000), err: "is longer than 2048 characters"},
	}
	for _, tt := range tests {
		v, warn, err := ParseTXTValue(tt.in)
		if tt.err != "" {
			var ie *cases.InputError
			if !errors.As(err, &ie) || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("ParseTXTValue(%q) err = %v, want InputError containing %q", tt.in, err, tt.err)
			}
			continue
		}
		if err != nil || v != tt.want || !strings.Contains(warn, tt.warn) || (tt.warn == "") != (warn == "") {
			t.Errorf("ParseTXTValue(%q) = %q, %q, %v; want %q, warning with %q", tt.in, v, warn, err, tt.want, tt.warn)
		}
	}
}
