package main

import (
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/miekg/dns"
	"github.com/rogpeppe/go-internal/testscript"
)

// Hostile answers from the network, for hostile_net.txtar: a DNS server and
// a stand-in for login.microsoftonline.com that lie, shout escape
// sequences and send far too much, so the script can check, with mscase
// running as its own process, that what reaches the terminal is
// neutralised and bounded and that no second host is contacted.

// hostileTXT are the TXT records the hostile DNS server holds at its
// domain, beside the genuine MS=ms12345678: raw bytes on the wire, which
// the client library receives as they are.
func hostileTXT() [][]string {
	huge := make([]string, 40) // 40 strings of 255 bytes: 10 KB in one record
	for i := range huge {
		huge[i] = strings.Repeat(string(rune('A'+i%26)), 255)
	}
	recs := [][]string{
		{"MS=ms12345678"},
		{"\x1b]0;owned\x07 title \x1b[2J\x1b[H cleared"},
		{"\x1b]52;c;cm0gLXJmIH4K\x07 clipboard"},
		{"\u202egnp.exe bidi \u2066isolate\u2069"},
		{"\xff\xfe\xc3 invalid utf-8 \x9b31m C1"},
		{"tab\there\r\nnew line\x00nul"},
		huge,
	}
	for i := range 300 { // many records: the answer needs TCP
		recs = append(recs, []string{"v=spf1 include:spf" + strconv.Itoa(i) + ".example -all"})
	}
	return recs
}

func init() {
	// hostiledns VAR DOMAIN: start a DNS server on 127.0.0.1, UDP and TCP
	// on one port, whose TXT answer for DOMAIN is hostileTXT plus a record
	// for another name slipped into the answer; its address goes in $VAR.
	// Other names get NXDOMAIN.
	scriptCmds["hostiledns"] = func(ts *testscript.TestScript, neg bool, args []string) {
		if neg || len(args) != 2 {
			ts.Fatalf("usage: hostiledns VAR DOMAIN")
		}
		zone := dns.Fqdn(args[1])
		h := dns.HandlerFunc(func(w dns.ResponseWriter, q *dns.Msg) {
			m := new(dns.Msg)
			m.SetReply(q)
			m.Authoritative = true
			name := strings.ToLower(q.Question[0].Name)
			if name != zone {
				m.Rcode = dns.RcodeNameError
			} else if q.Question[0].Qtype == dns.TypeTXT {
				hdr := dns.RR_Header{Name: q.Question[0].Name, Rrtype: dns.TypeTXT, Class: dns.ClassINET, Ttl: 300}
				for _, txt := range hostileTXT() {
					m.Answer = append(m.Answer, &dns.TXT{Hdr: hdr, Txt: txt})
				}
				other := hdr
				other.Name = "evil.example."
				m.Answer = append(m.Answer, &dns.TXT{Hdr: other, Txt: []string{"MS=ms12345678 from another name"}})
			}
			if _, udp := w.RemoteAddr().(*net.UDPAddr); udp {
				m.Truncate(dns.MinMsgSize) // sets TC: the client asks again over TCP
			}
			_ = w.WriteMsg(m)
		})
		pc, ln, err := listenUDPAndTCP()
		ts.Check(err)
		for _, srv := range []*dns.Server{{PacketConn: pc, Handler: h}, {Listener: ln, Handler: h}} {
			started := make(chan struct{})
			srv.NotifyStartedFunc = func() { close(started) }
			go func() { _ = srv.ActivateAndServe() }()
			<-started
			ts.Defer(func() { _ = srv.Shutdown() })
		}
		ts.Setenv(args[0], pc.LocalAddr().String())
	}

	// hostilelogin: start a hostile stand-in for login.microsoftonline.com
	// and point MSCASE_LOGIN_URL at it, plus a second server on another
	// port whose requests are counted (see otherhost). By domain:
	//   escapes.example   managed tenant; every field holds ESC, BEL, C1,
	//                     bidi controls and invalid UTF-8
	//   huge.example      a brand name of 900 KB inside a valid answer
	//   endless.example   an OpenID body that never ends (bounded read)
	//   redirect.example  302 to the second server
	//   error.example     500 whose error_description is hostile and long
	//   notjson.example   200 with an HTML page
	scriptCmds["hostilelogin"] = func(ts *testscript.TestScript, neg bool, args []string) {
		if neg || len(args) != 0 {
			ts.Fatalf("usage: hostilelogin")
		}
		var hits atomic.Int64
		other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			hits.Add(1)
			w.Header().Set("Content-Type", "application/json")
			w.Write([]byte(`{"issuer":"https://login.microsoftonline.com/3f2a1b4c-5d6e-4f70-8a9b-0c1d2e3f4a5b/v2.0","NameSpaceType":"Managed"}`))
		}))
		ts.Defer(other.Close)
		hostileHits.Store(ts, &hits)
		ts.Defer(func() { hostileHits.Delete(ts) })
		const id = "3f2a1b4c-5d6e-4f70-8a9b-0c1d2e3f4a5b"
		// Valid JSON that decodes to ESC, BEL, CSI (C1), a bidi override
		// and, raw on the wire, invalid UTF-8.
		const nasty = `\u001b]0;owned\u0007\u001b[2J\u009b31m\u202eexe.` + "\xff\xfe"
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json; charset=utf-8")
			var domain string
			realm := r.URL.Path == "/getuserrealm.srf"
			if realm {
				_, domain, _ = strings.Cut(r.URL.Query().Get("login"), "@")
			} else {
				domain = strings.TrimSuffix(strings.TrimPrefix(r.URL.Path, "/"), "/v2.0/.well-known/openid-configuration")
			}
			openID := `{"issuer":"https://login.microsoftonline.com/` + id + `/v2.0","tenant_region_scope":"AS","cloud_instance_name":"microsoftonline.com"}`
			switch domain {
			case "escapes.example":
				if realm {
					w.Write([]byte(`{"NameSpaceType":"Federated","FederationBrandName":"Contoso ` + nasty + `","CloudInstanceName":"microsoftonline.com` + nasty + `","AuthURL":"https://sts.example/` + nasty + `"}`))
					return
				}
				w.Write([]byte(`{"issuer":"https://login.microsoftonline.com/` + id + `/v2.0` + nasty + `","tenant_region_scope":"AS` + nasty + `","cloud_instance_name":"microsoftonline.com` + nasty + `"}`))
			case "huge.example":
				if realm {
					w.Write([]byte(`{"NameSpaceType":"Managed","FederationBrandName":"` + strings.Repeat(`Contoso\u001b[31m `, 900<<10/18) + `"}`))
					return
				}
				w.Write([]byte(openID))
			case "endless.example":
				w.Write([]byte(`{"issuer":"`))
				chunk := []byte(strings.Repeat("\x1b[2J", 1024))
				for i := 0; i < 64<<10; i++ { // up to 256 MB unless the reader stops
					if _, err := w.Write(chunk); err != nil {
						return
					}
				}
			case "redirect.example":
				http.Redirect(w, r, other.URL+r.URL.RequestURI(), http.StatusFound)
			case "error.example":
				w.WriteHeader(http.StatusInternalServerError)
				w.Write([]byte(`{"error":"invalid_request","error_description":"AADSTS50000: ` + nasty + strings.Repeat("x", 5000) + `. Trace ID: 1"}`))
			case "notjson.example":
				w.Header().Set("Content-Type", "text/html")
				w.Write([]byte("<html>\x1b[2J proxy login page</html>"))
			default:
				w.WriteHeader(http.StatusBadRequest)
				w.Write([]byte(`{"error":"invalid_tenant","error_description":"AADSTS90002: Tenant not found.","error_codes":[90002]}`))
			}
		}))
		ts.Defer(srv.Close)
		ts.Setenv("MSCASE_LOGIN_URL", srv.URL)
	}
	// otherhost N: the second server of hostilelogin got N requests.
	scriptCmds["otherhost"] = func(ts *testscript.TestScript, neg bool, args []string) {
		if neg || len(args) != 1 {
			ts.Fatalf("usage: otherhost N")
		}
		v, ok := hostileHits.Load(ts)
		if !ok {
			ts.Fatalf("otherhost: no hostilelogin running")
		}
		hits := v.(*atomic.Int64)
		if got := strconv.FormatInt(hits.Load(), 10); got != args[0] {
			ts.Fatalf("the other host got %s requests, want %s", got, args[0])
		}
	}
	// maxsize stdout|stderr N: the last command's output is at most N bytes.
	scriptCmds["maxsize"] = func(ts *testscript.TestScript, neg bool, args []string) {
		if neg || len(args) != 2 {
			ts.Fatalf("usage: maxsize stdout|stderr N")
		}
		n, err := strconv.Atoi(args[1])
		ts.Check(err)
		if got := len(ts.ReadFile(args[0])); got > n {
			ts.Fatalf("%s is %d bytes, want at most %d", args[0], got, n)
		}
	}
}

// hostileHits counts the second host's requests, per running script
// (scripts run in parallel).
var hostileHits sync.Map // *testscript.TestScript → *atomic.Int64

// listenUDPAndTCP binds UDP and TCP on one free port of 127.0.0.1, as a DNS
// server answers on both. The UDP port the kernel picks may be taken for
// TCP by another test running at the same time: then try another port.
func listenUDPAndTCP() (net.PacketConn, net.Listener, error) {
	var last error
	for range 20 {
		pc, err := net.ListenPacket("udp", "127.0.0.1:0")
		if err != nil {
			return nil, nil, err
		}
		ln, err := net.Listen("tcp", pc.LocalAddr().String())
		if err == nil {
			return pc, ln, nil
		}
		pc.Close()
		last = err
	}
	return nil, nil, last
}
