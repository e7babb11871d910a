package recovery

import (
	"context"
	"errors"
	"fmt"
	"net"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/miekg/dns"
	"github.com/mscase/mscase/cases"
)

// Nameserver is one DNS server to ask.
type Nameserver struct {
	Addr string `json:"addr"`           // host:port
	Name string `json:"name,omitempty"` // "Cloudflare", "ns1.contoso.com."
	// Authoritative servers hold the domain's zone: they see a new record
	// first. Resolvers may answer from their cache until its TTL runs out.
	Authoritative bool `json:"authoritative"`
}

// Label is the server's name and address, e.g. "Cloudflare 1.1.1.1:53".
func (n Nameserver) Label() string {
	if n.Name == "" {
		return n.Addr
	}
	return strings.TrimSuffix(n.Name, ".") + " " + n.Addr
}

// PublicResolvers are the resolvers asked by default, besides the domain's
// own name servers: what most of the world, Microsoft included, sees.
var PublicResolvers = []Nameserver{
	{Addr: "1.1.1.1:53", Name: "Cloudflare"},
	{Addr: "8.8.8.8:53", Name: "Google"},
	{Addr: "9.9.9.9:53", Name: "Quad9"},
}

// DNS asks DNS servers about TXT records. The zero value asks with a 3
// second timeout and finds authoritative servers on port 53.
type DNS struct {
	Timeout time.Duration // per query; 3s when zero
	// Port is the port of the authoritative servers found by
	// Authoritative; "53" when empty. Tests set it to a loopback server's.
	Port string
}

func (d *DNS) timeout() time.Duration {
	if d.Timeout <= 0 {
		return 3 * time.Second
	}
	return d.Timeout
}

// exchange sends one query, over UDP and again over TCP when the answer
// was truncated.
func (d *DNS) exchange(ctx context.Context, addr, name string, qtype uint16, recurse bool) (*dns.Msg, error) {
	m := new(dns.Msg)
	m.SetQuestion(dns.Fqdn(name), qtype)
	m.RecursionDesired = recurse
	m.SetEdns0(4096, false)
	c := &dns.Client{Net: "udp", Timeout: d.timeout()}
	r, _, err := c.ExchangeContext(ctx, m, addr)
	if err == nil && r.Truncated {
		c.Net = "tcp"
		r, _, err = c.ExchangeContext(ctx, m, addr)
	}
	if err != nil {
		return nil, dnsError(err, d.timeout())
	}
	return r, nil
}

// dnsError says in a few words why a server gave no answer.
func dnsError(err error, timeout time.Duration) error {
	var ne net.Error
	switch {
	case errors.Is(err, context.Canceled):
		return errors.New("cancelled")
	case errors.Is(err, context.DeadlineExceeded), errors.As(err, &ne) && ne.Timeout():
		return fmt.Errorf("no answer after %s", timeout)
	case errors.Is(err, syscall.ECONNREFUSED):
		return errors.New("connection refused")
	case errors.Is(err, syscall.ENETUNREACH), errors.Is(err, syscall.EHOSTUNREACH):
		return errors.New("network unreachable (are you offline?)")
	}
	return errors.New(innermost(err).Error())
}

// rcodeError is an answer that is neither data nor "no such name".
func rcodeError(r *dns.Msg) error {
	switch r.Rcode {
	case dns.RcodeServerFailure:
		return errors.New("server failure (SERVFAIL: a broken zone or DNSSEC signature?)")
	case dns.RcodeRefused:
		return errors.New("refused the query (REFUSED)")
	}
	return fmt.Errorf("answered %s", dns.RcodeToString[r.Rcode])
}

// ErrNoNameservers means the domain's own name servers could not be found.
var ErrNoNameservers = errors.New("no authoritative name servers found")

// Authoritative finds the name servers of domain (or of the nearest parent
// zone that has NS records) by asking the resolvers in via, in order, until
// one answers. Each server is returned with its first IPv4 address (IPv6
// when it has none) and d.Port, sorted by name.
func (d *DNS) Authoritative(ctx context.Context, via []Nameserver, domain string) ([]Nameserver, error) {
	var lastErr error
	for _, res := range via {
		ns, err := d.authoritativeVia(ctx, res.Addr, domain)
		if err == nil {
			return ns, nil
		}
		lastErr = err
		if ctx.Err() != nil {
			break
		}
	}
	if lastErr == nil {
		lastErr = errors.New("no resolver to ask")
	}
	return nil, fmt.Errorf("find the name servers of %s: %w", domain, lastErr)
}

func (d *DNS) authoritativeVia(ctx context.Context, resolver, domain string) ([]Nameserver, error) {
	name := dns.Fqdn(domain)
	for {
		r, err := d.exchange(ctx, resolver, name, dns.TypeNS, true)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", resolver, err)
		}
		if r.Rcode != dns.RcodeSuccess && r.Rcode != dns.RcodeNameError {
			return nil, fmt.Errorf("%s: %w", resolver, rcodeError(r))
		}
		if r.Rcode == dns.RcodeNameError {
			return nil, fmt.Errorf("%s does not exist (NXDOMAIN)", strings.TrimSuffix(name, "."))
		}
		var hosts []string
		for _, rr := range r.Answer {
			if ns, ok := rr.(*dns.NS); ok && strings.EqualFold(ns.Hdr.Name, name) {
				hosts = append(hosts, strings.ToLower(ns.Ns))
			}
		}
		if len(hosts) > 0 {
			return d.addresses(ctx, resolver, hosts, r.Extra)
		}
		// No NS at this name: it lives in a parent zone. Stop before the
		// top-level domain, whose servers are not the domain's.
		off, end := dns.NextLabel(name, 0)
		if end || dns.CountLabel(name) <= 2 {
			return nil, ErrNoNameservers
		}
		name = name[off:]
	}
}

// addresses turns NS host names into addresses, from the glue in extra or
// by asking resolver.
func (d *DNS) addresses(ctx context.Context, resolver string, hosts []string, extra []dns.RR) ([]Nameserver, error) {
	sort.Strings(hosts)
	port := d.Port
	if port == "" {
		port = "53"
	}
	var out []Nameserver
	for _, h := range hosts {
		ip := glue(h, extra)
		for _, qt := range []uint16{dns.TypeA, dns.TypeAAAA} {
			if ip != "" {
				break
			}
			r, err := d.exchange(ctx, resolver, h, qt, true)
			if err != nil || r.Rcode != dns.RcodeSuccess {
				continue
			}
			ip = glue(h, r.Answer)
		}
		if ip != "" {
			out = append(out, Nameserver{Addr: net.JoinHostPort(ip, port), Name: h, Authoritative: true})
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%w: no address for %s", ErrNoNameservers, strings.Join(hosts, ", "))
	}
	return out, nil
}

// glue finds the address of host among rrs, IPv4 first.
func glue(host string, rrs []dns.RR) string {
	v6 := ""
	for _, rr := range rrs {
		if !strings.EqualFold(rr.Header().Name, host) {
			continue
		}
		switch a := rr.(type) {
		case *dns.A:
			return a.A.String()
		case *dns.AAAA:
			if v6 == "" {
				v6 = a.AAAA.String()
			}
		}
	}
	return v6
}

// TXTResult is what one server says about a TXT record.
type TXTResult struct {
	Server  Nameserver `json:"server"`
	Visible bool       `json:"visible"`
	// Values are all TXT values at the name, each with its strings joined,
	// so a wrong or old value shows up next to the missing one.
	Values []string `json:"values"`
	// NoDomain is set when the server says the name does not exist.
	NoDomain bool `json:"no_domain,omitempty"`
	// Err is why the server gave no usable answer; nil when it answered.
	Err error `json:"-"`
}

// Status says in a few words what the server sees: "visible", "not
// visible", "no such domain", or the error.
func (r TXTResult) Status() string {
	switch {
	case r.Err != nil:
		return r.Err.Error()
	case r.Visible:
		return "visible"
	case r.NoDomain:
		return "no such domain (NXDOMAIN)"
	}
	return "not visible"
}

// LookupTXT returns the TXT values at name as server sees them. Resolvers
// are asked to recurse; authoritative servers are not.
func (d *DNS) LookupTXT(ctx context.Context, server Nameserver, name string) (values []string, noDomain bool, err error) {
	r, err := d.exchange(ctx, server.Addr, name, dns.TypeTXT, !server.Authoritative)
	if err != nil {
		return nil, false, err
	}
	switch r.Rcode {
	case dns.RcodeSuccess:
	case dns.RcodeNameError:
		return nil, true, nil
	default:
		return nil, false, rcodeError(r)
	}
	values = []string{}
	for _, rr := range r.Answer {
		if t, ok := rr.(*dns.TXT); ok && strings.EqualFold(t.Hdr.Name, dns.Fqdn(name)) {
			values = append(values, strings.Join(t.Txt, ""))
		}
	}
	sort.Strings(values)
	return values, false, nil
}

// CheckTXT asks every server, at once, whether the TXT record want is at
// domain (the zone apex, where Microsoft looks for it). Results come back
// in the order of servers.
func (d *DNS) CheckTXT(ctx context.Context, servers []Nameserver, domain, want string) []TXTResult {
	out := make([]TXTResult, len(servers))
	var wg sync.WaitGroup
	for i, s := range servers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			vals, nx, err := d.LookupTXT(ctx, s, domain)
			res := TXTResult{Server: s, Values: vals, NoDomain: nx, Err: err}
			for _, v := range vals {
				if v == want {
					res.Visible = true
				}
			}
			if res.Values == nil {
				res.Values = []string{}
			}
			out[i] = res
		}()
	}
	wg.Wait()
	return out
}

// CountVisible returns how many results see the record and how many
// servers gave no answer at all.
func CountVisible(results []TXTResult) (visible, failed int) {
	for _, r := range results {
		if r.Visible {
			visible++
		}
		if r.Err != nil {
			failed++
		}
	}
	return visible, failed
}

var reMSTXT = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^MS=ms[0-9]+$`) })

// ParseTXTValue checks a TXT value the Data Protection Team asked for.
// Surrounding spaces and quotes are dropped. It returns a warning (not an
// error) for a printable value that is not of the usual MS=ms12345678
// shape, and a *cases.InputError for an empty value or one with control or
// non-ASCII characters (a full-width ＝ typed by an input method, say),
// which DNS would store but Microsoft would never match.
func ParseTXTValue(s string) (value, warning string, err error) {
	v := strings.TrimSpace(s)
	if len(v) >= 2 && v[0] == '"' && v[len(v)-1] == '"' {
		v = strings.TrimSpace(v[1 : len(v)-1])
	}
	const want = "expected the value Microsoft gave, like MS=ms12345678"
	if v == "" {
		return "", "", &cases.InputError{Field: "--txt", Value: s, Want: "must not be empty: " + want, Code: cases.CodeTXTEmpty}
	}
	for i, r := range v {
		switch {
		case r == utf8.RuneError:
			return "", "", &cases.InputError{Field: "--txt", Value: s, Want: "is not valid UTF-8: " + want, Code: cases.CodeTXTUTF8}
		case r > unicode.MaxASCII:
			return "", "", &cases.InputError{Field: "--txt", Value: s, Want: fmt.Sprintf("has the non-ASCII character %q at byte %d (a full-width character from an input method?): %s", r, i, want),
				Code: cases.CodeTXTNonASCII, Args: []string{strconv.QuoteRune(r), strconv.Itoa(i)}}
		case !unicode.IsPrint(r):
			return "", "", &cases.InputError{Field: "--txt", Value: s, Want: fmt.Sprintf("has the control character %U: %s", r, want),
				Code: cases.CodeTXTControl, Args: []string{fmt.Sprintf("%U", r)}}
		}
	}
	if len(v) > 2048 {
		return "", "", &cases.InputError{Field: "--txt", Value: v[:40] + "…", Want: "is longer than 2048 characters: " + want, Code: cases.CodeTXTTooLong}
	}
	if !reMSTXT().MatchString(v) {
		switch {
		case strings.EqualFold(v[:min(len(v), 5)], "ms=ms") && reMSTXT().MatchString("MS=ms"+v[5:]):
			warning = fmt.Sprintf("%q differs in upper/lower case from the usual MS=ms12345678; TXT values are compared exactly, so check it against Microsoft's email", v)
		default:
			warning = fmt.Sprintf("%q is not of the usual shape MS=ms12345678; checking for it exactly as given", v)
		}
	}
	return v, warning, nil
}
