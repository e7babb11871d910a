package recovery

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"mime"
	"mime/quotedprintable"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/miekg/dns"
	"github.com/mscase/mscase/cases"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/japanese"
	"golang.org/x/text/encoding/korean"
	"golang.org/x/text/encoding/simplifiedchinese"
	xunicode "golang.org/x/text/encoding/unicode"
)

// Fuzz targets for the outside text package recovery reads: emails, the
// login service's JSON and DNS answers. Seed corpora live in
// testdata/fuzz/FuzzXxx and are replayed by plain `go test ./...`;
// bench/fuzz.sh runs each target for longer.

// emailSeeds are .eml and pasted emails through every path of ParseEmail:
// each charset family, each Content-Transfer-Encoding, multipart,
// attached messages, RFC 2047 headers, HTML, BOMs and pasted text.
func emailSeeds(f testing.TB) [][]byte {
	var out [][]byte
	files, _ := filepath.Glob(filepath.Join("testdata", "*.*"))
	for _, p := range files {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		out = append(out, b)
	}
	body := "いつもお世話になっております。サポート リクエスト番号: 2411250040001234\r\nRegards, Microsoft Support\r\n"
	charsets := []struct {
		name string
		enc  encoding.Encoding
	}{
		{"utf-8", xunicode.UTF8}, {"ISO-2022-JP", japanese.ISO2022JP}, {"Shift_JIS", japanese.ShiftJIS}, {"cp932", japanese.ShiftJIS},
		{"EUC-JP", japanese.EUCJP}, {"windows-1252", charmap.Windows1252}, {"iso-8859-1", charmap.ISO8859_1}, {"gb18030", simplifiedchinese.GB18030},
		{"euc-kr", korean.EUCKR}, {"utf-16le", xunicode.UTF16(xunicode.LittleEndian, xunicode.IgnoreBOM)}, {"us-ascii", charmap.Windows1252}, {"x-klingon", xunicode.UTF8},
		{"", xunicode.UTF8}, {`"utf8"`, xunicode.UTF8}, {"iso-2022-jp-ms", japanese.ISO2022JP},
	}
	for _, cs := range charsets {
		b, _ := cs.enc.NewEncoder().Bytes([]byte(body))
		if b == nil {
			b = []byte(body)
		}
		for _, cte := range []string{"7bit", "8bit", "base64", "quoted-printable", "binary", "x-uuencode"} {
			enc := b
			switch cte {
			case "base64":
				enc = []byte(base64.StdEncoding.EncodeToString(b))
			case "quoted-printable":
				var qp bytes.Buffer
				w := quotedprintable.NewWriter(&qp)
				w.Write(b)
				w.Close()
				enc = qp.Bytes()
			}
			ct := "text/plain"
			if cs.name != "" {
				ct += "; charset=" + cs.name
			}
			subj := mime.BEncoding.Encode("UTF-8", "Re: ロックアウト TrackingID#2411250040001234")
			out = append(out, []byte("From: Microsoft <supportmail@techsupport.microsoft.com>\r\nSubject: "+subj+"\r\nDate: Wed, 25 Nov 2026 09:00:00 +0900\r\nMIME-Version: 1.0\r\nContent-Type: "+ct+"\r\nContent-Transfer-Encoding: "+cte+"\r\n\r\n"+string(enc)))
		}
		// The same text pasted from a mail program, undeclared.
		out = append(out, append([]byte("From: Microsoft Support\r\nSent: Wednesday, November 25, 2026 9:00 AM\r\nSubject: RE: locked out\r\n\r\n"), b...))
	}
	out = append(out,
		[]byte("Subject: =?iso-2022-jp?Q?=1B$B%5%]!<%H=1B(B?= 2411250040001234\r\nContent-Type: multipart/alternative; boundary=XX\r\n\r\n--XX\r\nContent-Type: text/html; charset=euc-jp\r\n\r\n<p>TrackingID#2411250040001234<script>x</script></p>\r\n--XX\r\nContent-Type: text/plain\r\n\r\nplain 2411250040001234\r\n--XX--\r\n"),
		[]byte("Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n--b\r\nContent-Type: message/rfc822\r\nContent-Transfer-Encoding: base64\r\n\r\n"+base64.StdEncoding.EncodeToString([]byte("Subject: TrackingID#2411250040001234\r\n\r\nforwarded\r\n"))+"\r\n--b\r\nContent-Disposition: attachment; filename=a.png\r\n\r\nPNG\r\n--b"),
		[]byte("Content-Type: multipart/mixed; boundary=\"\"\r\n\r\n--\r\n"),
		[]byte("Content-Type: text/plain; charset=\r\n\r\nTrackingID#2411250040001234"),
		[]byte("Content-Type: text/plain; charset=\"\r\n\r\nx"),
		[]byte("Content-Type: ;;;charset=   \r\n\r\nx"),
		[]byte("\xef\xbb\xbfSubject: TrackingID#2411250040001234\n\nbody"),
		[]byte("\xfe\xff\x00S\x00u\x00b"),
		[]byte("Subject: \x1b]0;owned\x07 2411250040001234\r\n\r\n\x1b[2J\u202etext"),
		[]byte("TrackingID#241125004000123456789\n"),
		[]byte(strings.Repeat("Content-Type: multipart/mixed; boundary=a\r\n\r\n--a\r\n", 12)),
	)
	return out
}

// FuzzParseEmail: any bytes give an email or an error, never a panic; the
// summary is valid UTF-8 of at most 200 characters; every TrackingID is
// one ParseTrackingID accepts unchanged and is among the candidates; "no
// TrackingID" still returns what was read.
func FuzzParseEmail(f *testing.F) {
	for _, s := range emailSeeds(f) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		e, err := ParseEmail(bytes.NewReader(raw), time.UTC)
		var nt *NoTrackingIDError
		if err != nil && !errors.As(err, &nt) {
			if e != nil {
				t.Fatalf("error %v with an email", err)
			}
			if m := err.Error(); strings.Contains(m, "\n") {
				t.Fatalf("error is not one line: %q", m)
			}
			return
		}
		if e == nil {
			t.Fatalf("no email and err %v", err)
		}
		if !utf8.ValidString(e.Summary) || utf8.RuneCountInString(e.Summary) > maxSummary {
			t.Fatalf("summary %q: not UTF-8 or longer than %d characters", e.Summary, maxSummary)
		}
		if (err != nil) != (len(e.TrackingIDs) == 0) {
			t.Fatalf("TrackingIDs %q with err %v", e.TrackingIDs, err)
		}
		for _, id := range e.TrackingIDs {
			if p, perr := cases.ParseTrackingID(id); perr != nil || p != id {
				t.Fatalf("TrackingID %q parses to %q, %v", id, p, perr)
			}
			if !slices.ContainsFunc(e.Candidates, func(c Candidate) bool { return c.ID == id }) {
				t.Fatalf("TrackingID %q is not among the candidates %+v", id, e.Candidates)
			}
		}
	})
}

// FuzzParseTXTValue: an accepted TXT value is printable ASCII of at most
// 2048 characters and reads back the same, quoted or bare.
func FuzzParseTXTValue(f *testing.F) {
	for _, s := range []string{"MS=ms12345678", `"MS=ms12345678"`, " ms=MS12345678 ", "MS＝ms12345678", "MS=ms1\x1b[2J", "\"\"", strings.Repeat("a", 2049), "v=spf1 -all"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, warning, err := ParseTXTValue(s)
		if err != nil {
			if v != "" || warning != "" {
				t.Fatalf("ParseTXTValue(%q): value %q, warning %q with error %v", s, v, warning, err)
			}
			return
		}
		if len(v) == 0 || len(v) > 2048 {
			t.Fatalf("ParseTXTValue(%q) = %q: length %d", s, v, len(v))
		}
		for i := 0; i < len(v); i++ {
			if v[i] < 0x20 || v[i] > 0x7e {
				t.Fatalf("ParseTXTValue(%q) = %q: byte %#x", s, v, v[i])
			}
		}
		// Quoted, as a DNS console shows it, the value reads back the same;
		// bare too, unless it is itself wrapped in quotes.
		forms := []string{`"` + v + `"`}
		if len(v) < 2 || v[0] != '"' || v[len(v)-1] != '"' {
			forms = append(forms, v)
		}
		for _, in := range forms {
			if again, w2, err := ParseTXTValue(in); err != nil || again != v || w2 != warning {
				t.Fatalf("ParseTXTValue(%q) = %q (%q), but %q parses to %q (%q), %v", s, v, warning, in, again, w2, err)
			}
		}
	})
}

// rawDNS is a UDP server on 127.0.0.1 that answers every query with the
// bytes in answer, the query's ID written over the first two: a DNS server
// that lies in any way a fuzzer can think of.
type rawDNS struct {
	mu     sync.Mutex
	answer []byte
	addr   string
}

func startRawDNS(f *testing.F) *rawDNS {
	pc, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { pc.Close() })
	s := &rawDNS{addr: pc.LocalAddr().String()}
	go func() {
		buf := make([]byte, 4096)
		for {
			n, from, err := pc.ReadFrom(buf)
			if err != nil {
				return
			}
			s.mu.Lock()
			a := bytes.Clone(s.answer)
			s.mu.Unlock()
			if len(a) >= 2 && n >= 2 {
				copy(a, buf[:2])
			}
			pc.WriteTo(a, from)
		}
	}()
	return s
}

// dnsSeed packs a TXT answer for contoso.example.
func dnsSeed(f *testing.F, rcode int, truncated bool, rrs ...dns.RR) []byte {
	m := new(dns.Msg)
	m.SetQuestion("contoso.example.", dns.TypeTXT)
	m.Response, m.Rcode, m.Truncated = true, rcode, truncated
	m.Answer = rrs
	b, err := m.Pack()
	if err != nil {
		f.Fatal(err)
	}
	return b
}

func txt(name string, vals ...string) dns.RR {
	return &dns.TXT{Hdr: dns.RR_Header{Name: name, Rrtype: dns.TypeTXT, Class: dns.ClassINET, Ttl: 60}, Txt: vals}
}

// FuzzLookupTXT: whatever a DNS server answers, LookupTXT returns within
// its timeout without a panic, and the values are exactly the TXT records
// for the name asked (split strings joined), sorted; an error is one line.
func FuzzLookupTXT(f *testing.F) {
	const name = "contoso.example."
	f.Add(dnsSeed(f, dns.RcodeSuccess, false, txt(name, "MS=ms12345678"), txt(name, "v=spf1 ", "-all")))
	f.Add(dnsSeed(f, dns.RcodeSuccess, false, txt("evil.example.", "MS=ms12345678"), txt(name, "\x1b]0;owned\x07", strings.Repeat("x", 255))))
	f.Add(dnsSeed(f, dns.RcodeSuccess, false, &dns.CNAME{Hdr: dns.RR_Header{Name: name, Rrtype: dns.TypeCNAME, Class: dns.ClassINET}, Target: "x.example."}, txt("CONTOSO.example.", "case")))
	f.Add(dnsSeed(f, dns.RcodeNameError, false))
	f.Add(dnsSeed(f, dns.RcodeServerFailure, false))
	f.Add(dnsSeed(f, dns.RcodeRefused, false))
	f.Add(dnsSeed(f, 11, false))
	f.Add(dnsSeed(f, dns.RcodeSuccess, true))
	f.Add([]byte{0, 0})
	f.Add([]byte{})
	srv := startRawDNS(f)
	d := &DNS{Timeout: 200 * time.Millisecond}
	f.Fuzz(func(t *testing.T, answer []byte) {
		srv.mu.Lock()
		srv.answer = answer
		srv.mu.Unlock()
		start := time.Now()
		vals, nx, err := d.LookupTXT(context.Background(), Nameserver{Addr: srv.addr, Authoritative: true}, "contoso.example")
		if el := time.Since(start); el > 3*d.Timeout {
			t.Fatalf("LookupTXT took %s with a %s timeout", el, d.Timeout)
		}
		if err != nil {
			if vals != nil || nx || strings.Contains(err.Error(), "\n") {
				t.Fatalf("values %q, nxdomain %v with error %q", vals, nx, err)
			}
			return
		}
		if nx {
			if len(vals) > 0 {
				t.Fatalf("NXDOMAIN with values %q", vals)
			}
			return
		}
		// What the answer holds, read by miekg/dns directly.
		var m dns.Msg
		if m.Unpack(answer) != nil {
			return // a truncated answer retried over TCP, say
		}
		var want []string
		for _, rr := range m.Answer {
			if r, ok := rr.(*dns.TXT); ok && strings.EqualFold(r.Hdr.Name, name) {
				want = append(want, strings.Join(r.Txt, ""))
			}
		}
		slices.Sort(want)
		if !slices.Equal(vals, want) && !(len(vals) == 0 && len(want) == 0) {
			t.Fatalf("values %q, want %q", vals, want)
		}
	})
}

// tenantServer is one loopback login service whose answers the fuzzer
// sets: the OpenID configuration and the user-realm endpoint.
type tenantServer struct {
	mu                   sync.Mutex
	openStatus, rlStatus int
	openBody, realmBody  []byte
}

func (s *tenantServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if strings.Contains(r.URL.Path, "getuserrealm") {
		w.WriteHeader(s.rlStatus)
		w.Write(s.realmBody)
		return
	}
	w.WriteHeader(s.openStatus)
	w.Write(s.openBody)
}

// FuzzLookupTenant: whatever the login service answers, LookupTenant
// returns a tenant whose ID is a GUID ParseTenantID accepts unchanged, or
// an error of one line that quotes no more than a short piece of the
// answer.
func FuzzLookupTenant(f *testing.F) {
	good := `{"issuer":"https://login.microsoftonline.com/3f2a1b4c-5d6e-4f70-8a9b-0c1d2e3f4a5b/v2.0","cloud_instance_name":"microsoftonline.com","tenant_region_scope":"AS"}`
	realm := `{"NameSpaceType":"Managed","DomainName":"contoso.example","FederationBrandName":"Contoso Ltd","CloudInstanceName":"microsoftonline.com"}`
	f.Add(200, []byte(good), 200, []byte(realm))
	f.Add(200, []byte(good), 200, []byte(`{"NameSpaceType":"Federated","AuthURL":"https://sts.example/adfs?x=\u001b]8;;http://evil\u0007"}`))
	f.Add(400, []byte(`{"error":"invalid_tenant","error_description":"AADSTS90002: Tenant 'x' not found. Check to make sure.\r\nTrace ID: 1","error_codes":[90002]}`), 200, []byte(realm))
	f.Add(500, []byte(`{"error_description":"AADSTS90033: A transient error has occurred. `+strings.Repeat("x", 5000)+`"}`), 200, []byte(realm))
	f.Add(200, []byte(`{"issuer":"`+strings.Repeat("A", 3000)+`"}`), 200, []byte(realm))
	f.Add(200, []byte(`{"issuer":"https://x/3F2A1B4C-5D6E-4F70-8A9B-0C1D2E3F4A5B/"}`), 200, []byte(`{"NameSpaceType":"Unknown"}`))
	f.Add(200, []byte(`not json`), 200, []byte(`null`))
	f.Add(200, []byte(good), 302, []byte(``))
	ts := &tenantServer{}
	srv := httptest.NewServer(ts)
	f.Cleanup(srv.Close)
	client := &http.Client{Timeout: 2 * time.Second}
	f.Fuzz(func(t *testing.T, openStatus int, openBody []byte, realmStatus int, realmBody []byte) {
		// Statuses an HTTP server can send with a body; the rest are 200.
		fix := func(s int) int {
			if s < 200 || s > 599 || s == 204 || s == 304 || (s >= 300 && s < 400) {
				return 200
			}
			return s
		}
		ts.mu.Lock()
		ts.openStatus, ts.openBody, ts.rlStatus, ts.realmBody = fix(openStatus), openBody, fix(realmStatus), realmBody
		ts.mu.Unlock()
		tn, err := LookupTenant(context.Background(), client, srv.URL+"/", "contoso.example")
		if err != nil {
			if tn != nil {
				t.Fatalf("tenant %+v with error %v", tn, err)
			}
			m := err.Error()
			if strings.ContainsAny(m, "\r\n") || len(m) > 600 {
				t.Fatalf("error of %d bytes, not one short line: %.300q", len(m), m)
			}
			return
		}
		if id, perr := cases.ParseTenantID(tn.TenantID); perr != nil || id != tn.TenantID {
			t.Fatalf("tenant ID %q parses to %q, %v", tn.TenantID, id, perr)
		}
		if tn.NameSpaceType == "" || tn.NameSpaceType == "Unknown" || tn.Domain != "contoso.example" {
			t.Fatalf("tenant %+v", tn)
		}
	})
}
