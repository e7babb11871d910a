package recovery

import (
	"context"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/mscase/mscase/cases"

	"github.com/mscase/mscase/safetext"
)

// DefaultLoginURL is Microsoft's worldwide sign-in service. Both discovery
// endpoints live under it and need no sign-in.
const DefaultLoginURL = "https://login.microsoftonline.com"

// ErrNotM365 means Microsoft's login service does not know the domain: it
// is not a verified domain of any Microsoft 365 / Entra ID tenant.
var ErrNotM365 = errors.New("not a Microsoft 365 domain")

// NotM365Error names the domain Microsoft did not recognise and what said
// so. errors.Is(err, ErrNotM365) matches it.
type NotM365Error struct {
	Domain string
	Detail string // e.g. "AADSTS90002: Tenant 'contoso.example' not found."
}

// Error says what went wrong in one line.
func (e *NotM365Error) Error() string {
	return fmt.Sprintf("%s is not a Microsoft 365 domain", e.Domain)
}

// Unwrap makes errors.Is(err, ErrNotM365) true.
func (e *NotM365Error) Unwrap() error { return ErrNotM365 }

// NetError is a failure to talk to a server, said in one line: "cannot reach
// login.microsoftonline.com: timeout after 5s". Err keeps the original error
// for errors.Is (context.Canceled, for one).
type NetError struct {
	Host   string
	Reason string
	Err    error
}

// Error says what went wrong in one line.
func (e *NetError) Error() string { return fmt.Sprintf("cannot reach %s: %s", e.Host, e.Reason) }

// Unwrap returns the underlying error.
func (e *NetError) Unwrap() error { return e.Err }

// Tenant is what Microsoft's public endpoints say about a domain's tenant.
type Tenant struct {
	Domain        string `json:"domain"`
	TenantID      string `json:"tenant_id"`
	Issuer        string `json:"issuer"`
	CloudInstance string `json:"cloud_instance_name,omitempty"` // microsoftonline.com for the worldwide cloud
	RegionScope   string `json:"tenant_region_scope,omitempty"` // WW, NA, EU, AS, ...
	// NameSpaceType is Managed (passwords in Entra ID) or Federated
	// (sign-in at the organisation's own identity provider).
	NameSpaceType  string `json:"namespace_type"`
	BrandName      string `json:"federation_brand_name,omitempty"` // the organisation's display name
	RealmCloud     string `json:"realm_cloud_instance_name,omitempty"`
	FederationAuth string `json:"federation_auth_url,omitempty"` // the identity provider of a federated domain
}

// openIDConfig is the part of the OpenID configuration we read.
type openIDConfig struct {
	Issuer            string `json:"issuer"`
	CloudInstanceName string `json:"cloud_instance_name"`
	TenantRegionScope string `json:"tenant_region_scope"`
}

// userRealm is the part of getuserrealm.srf's answer we read.
type userRealm struct {
	NameSpaceType       string `json:"NameSpaceType"`
	DomainName          string `json:"DomainName"`
	FederationBrandName string `json:"FederationBrandName"`
	CloudInstanceName   string `json:"CloudInstanceName"`
	AuthURL             string `json:"AuthURL"`
}

// loginError is the error body of the login service.
type loginError struct {
	Error       string `json:"error"`
	Description string `json:"error_description"`
	Codes       []int  `json:"error_codes"`
}

var reIssuerGUID = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?i)[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}`)
})

// DiscoverTenantID returns the tenant ID (a lower-case GUID) of the tenant
// that holds domain, from its public OpenID configuration at baseURL
// (DefaultLoginURL when empty). It needs no sign-in. An unknown domain gives
// a *NotM365Error, a network failure a *NetError, a malformed domain a
// *cases.InputError. client's Timeout bounds each request.
func DiscoverTenantID(ctx context.Context, client *http.Client, baseURL, domain string) (string, error) {
	t, err := DiscoverTenant(ctx, client, baseURL, domain)
	if err != nil {
		return "", err
	}
	return t.TenantID, nil
}

// DiscoverTenant is DiscoverTenantID with the rest of the OpenID
// configuration's answer: the cloud instance and region scope.
func DiscoverTenant(ctx context.Context, client *http.Client, baseURL, domain string) (*Tenant, error) {
	d, err := cases.ParseDomain(domain)
	if err != nil {
		return nil, err
	}
	t := &Tenant{Domain: d}
	if err := openID(ctx, client, baseURL, t); err != nil {
		return nil, err
	}
	return t, nil
}

// Sovereign names a cloud outside Microsoft's worldwide one, whose support
// may not be reached through the global phone numbers.
type Sovereign string

// Sovereign clouds, as the sign-in metadata's cloud_instance_name shows them.
const (
	SovereignNone  Sovereign = ""
	SovereignUSGov Sovereign = "us-government" // GCC High and DoD: microsoftonline.us
	SovereignChina Sovereign = "china"         // operated by 21Vianet: partner.microsoftonline.cn
)

// SovereignCloud reads a cloud_instance_name ("microsoftonline.us",
// "partner.microsoftonline.cn") as the sovereign cloud it belongs to, or
// SovereignNone for the worldwide cloud, an empty or an unknown name.
func SovereignCloud(instance string) Sovereign {
	v := strings.ToLower(strings.TrimSuffix(strings.TrimSpace(instance), "."))
	switch {
	case v == "microsoftonline.us" || strings.HasSuffix(v, ".microsoftonline.us"):
		return SovereignUSGov
	case v == "partner.microsoftonline.cn" || strings.HasSuffix(v, ".microsoftonline.cn") || v == "chinacloudapi.cn" || strings.HasSuffix(v, ".chinacloudapi.cn"):
		return SovereignChina
	}
	return SovereignNone
}

// LookupTenant asks Microsoft's public endpoints at baseURL
// (DefaultLoginURL when empty) about domain: the tenant ID from the OpenID
// configuration, and the namespace type, brand name and cloud from the
// user-realm endpoint. Errors are as for DiscoverTenantID.
func LookupTenant(ctx context.Context, client *http.Client, baseURL, domain string) (*Tenant, error) {
	d, err := cases.ParseDomain(domain)
	if err != nil {
		return nil, err
	}
	t := &Tenant{Domain: d}
	if err := openID(ctx, client, baseURL, t); err != nil {
		return nil, err
	}
	var realm userRealm
	q := url.Values{"login": {"user@" + d}, "json": {"1"}}
	status, body, err := get(ctx, client, baseURL, "getuserrealm.srf?"+q.Encode())
	if err != nil {
		return nil, err
	}
	if status != http.StatusOK {
		return nil, statusError(baseURL, "the user-realm endpoint", status, body)
	}
	if err := json.Unmarshal(body, &realm); err != nil {
		return nil, fmt.Errorf("read the user-realm answer from %s: not the expected JSON", hostOf(baseURL))
	}
	switch realm.NameSpaceType {
	case "Managed", "Federated":
	case "Unknown", "":
		return nil, &NotM365Error{Domain: d, Detail: "the user-realm endpoint says NameSpaceType " + fallback(realm.NameSpaceType, "(none)")}
	default:
		// A new type Microsoft has added: pass it on rather than fail.
	}
	t.NameSpaceType = clipField(realm.NameSpaceType)
	t.BrandName = clipField(strings.TrimSpace(realm.FederationBrandName))
	t.RealmCloud = clipField(realm.CloudInstanceName)
	if realm.NameSpaceType == "Federated" {
		t.FederationAuth = clipField(realm.AuthURL)
	}
	return t, nil
}

// openID fills t's tenant ID, issuer and cloud from the OpenID configuration.
func openID(ctx context.Context, client *http.Client, baseURL string, t *Tenant) error {
	status, body, err := get(ctx, client, baseURL, url.PathEscape(t.Domain)+"/v2.0/.well-known/openid-configuration")
	if err != nil {
		return err
	}
	if status == http.StatusBadRequest || status == http.StatusNotFound {
		var le loginError
		if json.Unmarshal(body, &le) == nil && (le.Error == "invalid_tenant" || hasCode(le.Codes, 90002) || strings.Contains(le.Description, "AADSTS90002")) {
			return &NotM365Error{Domain: t.Domain, Detail: firstSentence(le.Description)}
		}
	}
	if status != http.StatusOK {
		return statusError(baseURL, "the OpenID configuration", status, body)
	}
	var cfg openIDConfig
	if err := json.Unmarshal(body, &cfg); err != nil {
		return fmt.Errorf("read the OpenID configuration from %s: not the expected JSON", hostOf(baseURL))
	}
	id, err := cases.ParseTenantID(reIssuerGUID().FindString(cfg.Issuer))
	if err != nil {
		return fmt.Errorf("read the OpenID configuration from %s: no tenant ID in issuer %s", hostOf(baseURL), safetext.Quote(cfg.Issuer))
	}
	t.TenantID, t.Issuer = id, clipField(cfg.Issuer)
	t.CloudInstance, t.RegionScope = clipField(cfg.CloudInstanceName), clipField(cfg.TenantRegionScope)
	return nil
}

// maxField bounds each string the login service tells us: Microsoft's are
// short (a brand name, a host, an ADFS URL of a few hundred characters),
// and one that fills the megabyte of maxBody is not shown whole.
const maxField = 512

// clipField cuts s to maxField characters, marking the cut.
func clipField(s string) string { return safetext.Truncate(s, maxField) }

// maxBody bounds what we read from the login service: its answers are a
// few kilobytes.
const maxBody = 1 << 20

// loginHosts are the sign-in hosts of Microsoft's clouds: worldwide,
// US Government (GCC High, DoD) and China (21Vianet). A redirect is
// followed only to one of these.
var loginHosts = map[string]bool{
	"login.microsoftonline.com":        true,
	"login.microsoft.com":              true,
	"login.windows.net":                true,
	"sts.windows.net":                  true,
	"login.microsoftonline.us":         true,
	"login-us.microsoftonline.com":     true,
	"login.partner.microsoftonline.cn": true,
	"login.chinacloudapi.cn":           true,
}

// IsLoginHost reports whether host (a host name, optionally with :443) is
// one of Microsoft's sign-in hosts.
func IsLoginHost(host string) bool {
	h := strings.TrimSuffix(strings.ToLower(host), ":443")
	return loginHosts[strings.TrimSuffix(h, ".")]
}

// RedirectError is a redirect the tenant lookup refused to follow: to a
// host that is not one of Microsoft's sign-in hosts, or from https to http.
type RedirectError struct {
	From string // host that answered with the redirect
	To   string // host it pointed to; "" when not fit to print
}

// Error says what was refused in one line.
func (e *RedirectError) Error() string {
	to := "an address that is not a host name"
	if e.To != "" {
		to = e.To
	}
	return fmt.Sprintf("%s redirected to %s, which is not a Microsoft sign-in host: not followed", e.From, to)
}

// LoginRedirects is an http.Client CheckRedirect that follows at most five
// redirects, each to a host allowed says yes to, never from https to
// http. LookupTenant and DiscoverTenantID use it with IsLoginHost (and the
// base URL's own host) when the client sets no CheckRedirect; tests pass
// their own allowed to reach loopback servers.
func LoginRedirects(allowed func(host string) bool) func(req *http.Request, via []*http.Request) error {
	return func(req *http.Request, via []*http.Request) error {
		prev := via[len(via)-1].URL
		if len(via) >= 5 {
			return fmt.Errorf("%s: stopped after 5 redirects", prev.Host)
		}
		if !allowed(req.URL.Host) || (prev.Scheme == "https" && req.URL.Scheme != "https") {
			return &RedirectError{From: prev.Host, To: printableHost(req.URL.Host)}
		}
		return nil
	}
}

// printableHost is host when it holds only host-name characters, else "":
// a Location header is outside text.
func printableHost(host string) string {
	if host == "" || len(host) > 253 {
		return ""
	}
	for _, r := range strings.ToLower(host) {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || strings.ContainsRune(".-:[]", r)) {
			return ""
		}
	}
	return strings.ToLower(host)
}

// get fetches base/path and returns the status and body; network failures
// come back as one-line *NetError, a refused redirect as *RedirectError.
func get(ctx context.Context, client *http.Client, baseURL, path string) (int, []byte, error) {
	if client == nil {
		client = http.DefaultClient
	}
	if baseURL == "" {
		baseURL = DefaultLoginURL
	}
	if client.CheckRedirect == nil {
		c := *client
		base := strings.ToLower(hostOf(baseURL))
		c.CheckRedirect = LoginRedirects(func(h string) bool { return strings.ToLower(h) == base || IsLoginHost(h) })
		client = &c
	}
	u := strings.TrimRight(baseURL, "/") + "/" + path
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return 0, nil, fmt.Errorf("login URL %q: %v", baseURL, err)
	}
	req.Header.Set("Accept", "application/json")
	resp, err := client.Do(req)
	if err != nil {
		var re *RedirectError
		if errors.As(err, &re) {
			return 0, nil, re
		}
		return 0, nil, netError(hostOf(baseURL), client.Timeout, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxBody))
	if err != nil {
		return 0, nil, netError(hostOf(baseURL), client.Timeout, err)
	}
	return resp.StatusCode, body, nil
}

// netError turns the nest of *url.Error, *net.OpError and syscall errors
// into one line that says what the user can do about it.
func netError(host string, timeout time.Duration, err error) error {
	reason := "network error"
	var dnsErr *net.DNSError
	var certErr x509.UnknownAuthorityError
	var invErr x509.CertificateInvalidError
	var hostErr x509.HostnameError
	var ue *url.Error
	var ne net.Error
	switch {
	case errors.Is(err, context.Canceled):
		reason = "cancelled"
	case errors.Is(err, context.DeadlineExceeded), errors.As(err, &ne) && ne.Timeout():
		reason = "timed out"
		if timeout > 0 {
			reason = "timeout after " + timeout.String()
		}
	case errors.Is(err, syscall.ECONNREFUSED):
		reason = "connection refused"
	case errors.Is(err, syscall.ECONNRESET):
		reason = "connection reset"
	case errors.Is(err, syscall.ENETUNREACH), errors.Is(err, syscall.EHOSTUNREACH):
		reason = "network unreachable (are you offline?)"
	case errors.As(err, &dnsErr):
		reason = "cannot resolve the host name (are you offline?)"
	case errors.As(err, &certErr), errors.As(err, &hostErr), errors.As(err, &invErr):
		reason = "the TLS certificate is not trusted (is a proxy inspecting HTTPS?)"
	case errors.As(err, &ue):
		reason = innermost(ue.Err).Error()
	default:
		reason = innermost(err).Error()
	}
	return &NetError{Host: host, Reason: reason, Err: err}
}

// innermost unwraps err as far as it goes.
func innermost(err error) error {
	for {
		u := errors.Unwrap(err)
		if u == nil {
			return err
		}
		err = u
	}
}

// statusError says in one line that the service answered with an error.
func statusError(baseURL, what string, status int, body []byte) error {
	msg := fmt.Sprintf("%s answered %d %s for %s", hostOf(baseURL), status, http.StatusText(status), what)
	var le loginError
	if json.Unmarshal(body, &le) == nil && le.Description != "" {
		msg += ": " + firstSentence(le.Description)
	}
	return errors.New(msg)
}

func hostOf(baseURL string) string {
	if baseURL == "" {
		baseURL = DefaultLoginURL
	}
	u, err := url.Parse(baseURL)
	if err != nil || u.Host == "" {
		return baseURL
	}
	return u.Host
}

func hasCode(codes []int, want int) bool {
	for _, c := range codes {
		if c == want {
			return true
		}
	}
	return false
}

// firstSentence keeps an AADSTS description to its first line and sentence:
// the rest is trace and correlation IDs.
func firstSentence(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexAny(s, "\r\n"); i >= 0 {
		s = s[:i]
	}
	if i := strings.Index(s, ". "); i >= 0 {
		s = s[:i+1]
	}
	return safetext.Truncate(s, maxQuoted)
}

// maxQuoted bounds how much of a server's answer an error quotes: enough
// for Microsoft's AADSTS sentences, not a page of whatever a proxy sent.
const maxQuoted = 200

func fallback(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
