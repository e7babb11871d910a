package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"github.com/mscase/mscase/msg"
	"net"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/miekg/dns"
	"github.com/mscase/mscase/cases"
	"github.com/mscase/mscase/recovery"
	"github.com/mscase/mscase/recovery/dnstest"
	"github.com/rogpeppe/go-internal/testscript"
)

func init() {
	// dnsserver VAR DOMAIN [VALUE N]: start a DNS server on 127.0.0.1 in
	// the test process that knows DOMAIN, and store its address in $VAR.
	// With VALUE, the TXT record VALUE appears after N TXT queries (0: from
	// the start), the way a new record reaches a server after a moment.
	scriptCmds["dnsserver"] = func(ts *testscript.TestScript, neg bool, args []string) {
		if neg || (len(args) != 2 && len(args) != 4) {
			ts.Fatalf("usage: dnsserver VAR DOMAIN [VALUE N]")
		}
		z, stop, err := dnstest.Start()
		ts.Check(err)
		ts.Defer(stop)
		name := dns.Fqdn(args[1])
		z.Mu.Lock()
		z.TXT[name] = []string{"v=spf1 include:spf.protection.outlook.com -all"}
		z.Mu.Unlock()
		if len(args) == 4 {
			n, err := strconv.Atoi(args[3])
			ts.Check(err)
			z.Mu.Lock()
			z.Pending[name], z.After = args[2], n
			z.Mu.Unlock()
		}
		ts.Setenv(args[0], z.Addr)
	}
}

// newTestCase creates case 1 for domain in a fresh database and returns
// the environment that points mscase at it.
func newTestCase(t *testing.T, domain string) map[string]string {
	t.Helper()
	db := filepath.Join(t.TempDir(), "mscase.db")
	s, err := cases.Open(db, cases.Options{Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	now, _ := time.Parse(time.RFC3339, "2026-11-25T09:00:00+09:00")
	if err := s.Create(cases.New(cases.Case{Domain: domain, Admin: "admin@" + domain, TrackingID: "2411250040001234"}, "", now)); err != nil {
		t.Fatal(err)
	}
	return map[string]string{"MSCASE_DB": db, "MSCASE_NOW": "2026-11-25T10:42:00+09:00", "TZ": "Asia/Tokyo", "NO_COLOR": "1"}
}

func testApp(t *testing.T, env map[string]string) (*app, *bytes.Buffer, *bytes.Buffer) {
	t.Helper()
	var out, errOut bytes.Buffer
	a, err := newApp(bytes.NewReader(nil), &out, &errOut, func(k string) string { return env[k] })
	if err != nil {
		t.Fatal(err)
	}
	return a, &out, &errOut
}

func lastContact(t *testing.T, env map[string]string) cases.Contact {
	t.Helper()
	s, err := cases.Open(env["MSCASE_DB"], cases.Options{ReadOnly: true, Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	c, err := s.Get("1")
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Contacts) == 0 {
		t.Fatal("nothing logged on case 1")
	}
	return c.Contacts[len(c.Contacts)-1]
}

// TestVerifyDNSDefaultServers runs the default path: "public resolvers"
// (here one loopback server standing in for them) plus the domain's own
// name servers found through an NS lookup. The record appears on the
// shared server after a few queries; --wait sees it and logs it.
func TestVerifyDNSDefaultServers(t *testing.T) {
	z, stop, err := dnstest.Start()
	if err != nil {
		t.Fatal(err)
	}
	defer stop()
	z.Mu.Lock()
	z.NS["contoso.example."] = []string{"ns1.contoso.example."}
	z.A["ns1.contoso.example."] = "127.0.0.1"
	z.Pending["contoso.example."], z.After = "MS=ms12345678", 3
	z.Mu.Unlock()
	_, port, _ := net.SplitHostPort(z.Addr)

	env := newTestCase(t, "contoso.example")
	a, out, errOut := testApp(t, env)
	a.jsonOut = true
	opts := &verifyDNSOptions{ref: "1", txt: "MS=ms12345678", wait: 10 * time.Second, interval: 5 * time.Millisecond,
		dns: &recovery.DNS{Timeout: time.Second, Port: port}, public: []recovery.Nameserver{{Addr: z.Addr, Name: "Loopback"}}}
	if err := runVerifyDNS(context.Background(), a, opts); err != nil {
		t.Fatalf("runVerifyDNS: %v\nstderr: %s", err, errOut)
	}
	var rep verifyReport
	if err := json.Unmarshal(out.Bytes(), &rep); err != nil {
		t.Fatal(err)
	}
	if rep.Servers != 2 || rep.Visible != 2 || !rep.AllVisible || rep.Since == nil {
		t.Fatalf("report = %+v", rep)
	}
	if r := rep.Results[1]; !r.Authoritative || r.Name != "ns1.contoso.example" || r.Addr != "127.0.0.1:"+port {
		t.Errorf("authoritative row = %+v", r)
	}
	e := lastContact(t, env)
	if e.Kind != cases.KindCheck || e.Channel != "" || e.Summary != "DNS TXT MS=ms12345678 at contoso.example visible on 2/2 servers (since 10:42)" {
		t.Errorf("logged %+v", e)
	}
	if !strings.Contains(errOut.String(), "logged on case 1: DNS TXT MS=ms12345678") {
		t.Errorf("stderr = %q", errOut)
	}
}

// TestVerifyDNSProgress checks the progress line on a terminal and that it
// is cleared before the report.
func TestVerifyDNSProgress(t *testing.T) {
	z, stop, err := dnstest.Start()
	if err != nil {
		t.Fatal(err)
	}
	defer stop()
	z.Mu.Lock()
	z.TXT["contoso.example."] = []string{"x"}
	z.Pending["contoso.example."], z.After = "MS=ms12345678", 2
	z.Mu.Unlock()
	env := newTestCase(t, "contoso.example")
	env["MSCASE_TTY"] = "1"
	a, out, errOut := testApp(t, env)
	opts := &verifyDNSOptions{ref: "1", txt: "MS=ms12345678", servers: []string{z.Addr}, wait: time.Minute, interval: time.Millisecond, dns: &recovery.DNS{Timeout: time.Second}}
	if err := runVerifyDNS(context.Background(), a, opts); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(errOut.String(), "\rwaiting for MS=ms12345678 on contoso.example: 0/1 servers see it (") {
		t.Errorf("no progress line in %q", errOut)
	}
	if !strings.Contains(out.String(), "visible since 10:42") {
		t.Errorf("terminal table lacks the since column:\n%s", out)
	}
}

// TestVerifyDNSInterrupted: Ctrl-C during --wait stops at once, logs what
// the last complete round saw and exits 1.
func TestVerifyDNSInterrupted(t *testing.T) {
	z, stop, err := dnstest.Start()
	if err != nil {
		t.Fatal(err)
	}
	defer stop()
	z.Mu.Lock()
	z.TXT["contoso.example."] = []string{"x"}
	z.Mu.Unlock()
	env := newTestCase(t, "contoso.example")
	a, _, _ := testApp(t, env)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	// Ctrl-C arrives while the second round is being asked.
	z.Mu.Lock()
	z.OnTXT = func(n int) {
		if n == 2 {
			cancel()
		}
	}
	z.Mu.Unlock()
	d := &recovery.DNS{Timeout: time.Second}
	opts := &verifyDNSOptions{ref: "1", txt: "MS=ms12345678", servers: []string{z.Addr}, wait: time.Hour, interval: time.Millisecond, dns: d}
	err = runVerifyDNS(ctx, a, opts)
	if err == nil || !strings.HasPrefix(err.Error(), "stopped waiting after ") || exitCode(err) != exitFailure || !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v (exit %d)", err, exitCode(err))
	}
	// In Japanese too (it was English in a Japanese session).
	if ja, _, ok := errorJA(msg.For(msg.Japanese), err); !ok || !strings.Contains(ja, "待ったところで中断しました") || strings.Contains(ja, "stopped") {
		t.Errorf("in Japanese: %q (%v)", ja, ok)
	}
	if e := lastContact(t, env); !strings.HasPrefix(e.Summary, "DNS TXT MS=ms12345678 at contoso.example not visible on any of 1 servers (stopped after ") {
		t.Errorf("logged %q", e.Summary)
	}
}

func TestParseServer(t *testing.T) {
	tests := []struct{ in, want string }{
		{"1.1.1.1", "1.1.1.1:53"},
		{"127.0.0.1:5353", "127.0.0.1:5353"},
		{"ns1.contoso.co.jp", "ns1.contoso.co.jp:53"},
		{"ns1.contoso.co.jp:domain", "ns1.contoso.co.jp:domain"},
		{"2001:db8::53", "[2001:db8::53]:53"},
		{"[2001:db8::53]:5353", "[2001:db8::53]:5353"},
		{"", ""},
		{"127.0.0.1:99999", ""},
		{"ns1 .example", ""},
	}
	for _, tt := range tests {
		got, err := parseServer(tt.in)
		if got != tt.want || (err != nil) != (tt.want == "") {
			t.Errorf("parseServer(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
		if err != nil && exitCode(err) != exitInput {
			t.Errorf("parseServer(%q): exit %d, want 2", tt.in, exitCode(err))
		}
	}
}

func TestFmtWait(t *testing.T) {
	for d, want := range map[time.Duration]string{
		120 * time.Millisecond: "120ms", 45 * time.Second: "45s", 30 * time.Minute: "30m",
		90 * time.Minute: "1h30m", time.Hour: "1h", 3*time.Hour + 20*time.Second: "3h",
	} {
		if got := fmtWait(d); got != want {
			t.Errorf("fmtWait(%s) = %q, want %q", d, got, want)
		}
	}
}
