package recovery

import (
	"context"
	"errors"
	"net"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/mscase/mscase/cases"
	"github.com/mscase/mscase/recovery/dnstest"
)

// startZone starts a loopback DNS server for the test.
func startZone(t *testing.T) *dnstest.Zone {
	t.Helper()
	z, stop, err := dnstest.Start()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(stop)
	return z
}

func TestCheckTXTRecordAppears(t *testing.T) {
	z := startZone(t)
	z.Mu.Lock()
	z.TXT["contoso.example."] = []string{"v=spf1 include:spf.protection.outlook.com -all"}
	z.Pending["contoso.example."] = "MS=ms12345678"
	z.After = 2
	z.Mu.Unlock()
	d := &DNS{Timeout: time.Second}
	srv := []Nameserver{{Addr: z.Addr, Name: "loopback"}}
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
	has.Mu.Lock()
	has.TXT["contoso.example."] = []string{"MS=ms12345678"}
	has.Mu.Unlock()
	lacks.Mu.Lock()
	lacks.TXT["contoso.example."] = []string{"MS=ms11111111"}
	lacks.Mu.Unlock()
	nx := startZone(t)
	// A port with nobody behind it: take one and close it.
	pc, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	dead := pc.LocalAddr().String()
	pc.Close()

	servers := []Nameserver{{Addr: has.Addr, Name: "a"}, {Addr: lacks.Addr, Name: "b"}, {Addr: nx.Addr, Name: "c"}, {Addr: dead, Name: "d"}}
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
	z.Mu.Lock()
	z.NS["contoso.example."] = []string{"NS2.contoso.example.", "ns1.contoso.example."}
	z.A["ns1.contoso.example."] = "127.0.0.1"
	z.A["ns2.contoso.example."] = "127.0.0.1"
	z.TXT["sub.contoso.example."] = []string{"x"}
	z.Mu.Unlock()
	_, port, _ := net.SplitHostPort(z.Addr)
	d := &DNS{Timeout: time.Second, Port: port}

	for _, domain := range []string{"contoso.example", "sub.contoso.example"} {
		got, err := d.Authoritative(context.Background(), []Nameserver{{Addr: z.Addr}}, domain)
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
	_, err := d.Authoritative(context.Background(), []Nameserver{{Addr: z.Addr}}, "nowhere.example")
	if err == nil || !strings.Contains(err.Error(), "nowhere.example does not exist (NXDOMAIN)") {
		t.Errorf("unknown domain: err = %v", err)
	}
	z.Mu.Lock()
	z.TXT["lonely.example."] = []string{"x"}
	z.Mu.Unlock()
	_, err = d.Authoritative(context.Background(), []Nameserver{{Addr: z.Addr}}, "lonely.example")
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
