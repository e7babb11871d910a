package recovery

import (
	"context"
	"crypto/x509"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/mscase/mscase/cases"
)

// Recorded-shape answers of login.microsoftonline.com (field names and
// values as in real responses; GUIDs made up except Microsoft's own).
const (
	openIDManaged   = `{"token_endpoint":"https://login.microsoftonline.com/3f2a1b4c-5d6e-4f70-8a9b-0c1d2e3f4a5b/oauth2/v2.0/token","token_endpoint_auth_methods_supported":["client_secret_post","private_key_jwt","client_secret_basic"],"jwks_uri":"https://login.microsoftonline.com/3f2a1b4c-5d6e-4f70-8a9b-0c1d2e3f4a5b/discovery/v2.0/keys","response_modes_supported":["query","fragment","form_post"],"subject_types_supported":["pairwise"],"id_token_signing_alg_values_supported":["RS256"],"response_types_supported":["code","id_token","code id_token","id_token token"],"scopes_supported":["openid","profile","email","offline_access"],"issuer":"https://login.microsoftonline.com/3f2a1b4c-5d6e-4f70-8a9b-0c1d2e3f4a5b/v2.0","request_uri_parameter_supported":false,"userinfo_endpoint":"https://graph.microsoft.com/oidc/userinfo","authorization_endpoint":"https://login.microsoftonline.com/3f2a1b4c-5d6e-4f70-8a9b-0c1d2e3f4a5b/oauth2/v2.0/authorize","device_authorization_endpoint":"https://login.microsoftonline.com/3f2a1b4c-5d6e-4f70-8a9b-0c1d2e3f4a5b/oauth2/v2.0/devicecode","http_logout_supported":true,"frontchannel_logout_supported":true,"end_session_endpoint":"https://login.microsoftonline.com/3f2a1b4c-5d6e-4f70-8a9b-0c1d2e3f4a5b/oauth2/v2.0/logout","claims_supported":["sub","iss","cloud_instance_name","cloud_instance_host_name","cloud_graph_host_name","msgraph_host","aud","exp","iat","auth_time","acr","nonce","preferred_username","name","tid","ver","at_hash","c_hash","email"],"kerberos_endpoint":"https://login.microsoftonline.com/3f2a1b4c-5d6e-4f70-8a9b-0c1d2e3f4a5b/kerberos","tenant_region_scope":"AS","cloud_instance_name":"microsoftonline.com","cloud_graph_host_name":"graph.windows.net","msgraph_host":"graph.microsoft.com","rbac_url":"https://pas.windows.net"}`
	openIDFederated = `{"issuer":"https://login.microsoftonline.com/72F988BF-86F1-41AF-91AB-2D7CD011DB47/v2.0","tenant_region_scope":"WW","cloud_instance_name":"microsoftonline.com"}`
	realmManaged    = `{"State":4,"UserState":1,"Login":"user@contoso.example","NameSpaceType":"Managed","DomainName":"contoso.example","FederationBrandName":"Contoso Ltd","CloudInstanceName":"microsoftonline.com","CloudInstanceIssuerUri":"urn:federation:MicrosoftOnline"}`
	realmFederated  = `{"State":3,"UserState":2,"Login":"user@fabrikam.example","NameSpaceType":"Federated","DomainName":"fabrikam.example","FederationGlobalVersion":-1,"AuthURL":"https://sts.fabrikam.example/adfs/ls/?username=user%40fabrikam.example&wa=wsignin1.0&wtrealm=urn%3afederation%3aMicrosoftOnline&wctx=","FederationBrandName":"Fabrikam","CloudInstanceName":"microsoftonline.com","CloudInstanceIssuerUri":"urn:federation:MicrosoftOnline"}`
	realmUnknown    = `{"State":4,"UserState":1,"Login":"user@nowhere.example","NameSpaceType":"Unknown"}`
	invalidTenant   = `{"error":"invalid_tenant","error_description":"AADSTS90002: Tenant 'nowhere.example' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud. Check with your subscription administrator, this may happen if there are no active subscriptions for the tenant. Trace ID: 0e6fd3a4-1b2c-4d5e-8f90-a1b2c3d4e5f6 Correlation ID: 1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d Timestamp: 2026-11-25 01:00:00Z","error_codes":[90002],"timestamp":"2026-11-25 01:00:00Z","trace_id":"0e6fd3a4-1b2c-4d5e-8f90-a1b2c3d4e5f6","correlation_id":"1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d","error_uri":"https://login.microsoftonline.com/error?code=90002"}`
)

// loginHandler serves the two discovery endpoints for a few made-up
// domains: contoso.example (managed), fabrikam.example (federated),
// realmless.example (OpenID works, realm says Unknown), broken.example
// (500), slow.example (answers after the client gave up); all others are
// unknown tenants.
func loginHandler(slow <-chan struct{}) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		domain := ""
		if r.URL.Path == "/getuserrealm.srf" {
			if r.URL.Query().Get("json") != "1" {
				http.Error(w, "want json=1", http.StatusBadRequest)
				return
			}
			_, domain, _ = strings.Cut(r.URL.Query().Get("login"), "@")
		} else if d, ok := strings.CutSuffix(r.URL.Path, "/v2.0/.well-known/openid-configuration"); ok {
			domain = strings.TrimPrefix(d, "/")
		} else {
			http.NotFound(w, r)
			return
		}
		realm := r.URL.Path == "/getuserrealm.srf"
		switch domain {
		case "contoso.example":
			w.Write([]byte(pick(realm, realmManaged, openIDManaged)))
		case "fabrikam.example":
			w.Write([]byte(pick(realm, realmFederated, openIDFederated)))
		case "realmless.example":
			w.Write([]byte(pick(realm, realmUnknown, openIDManaged)))
		case "broken.example":
			w.WriteHeader(http.StatusInternalServerError)
			w.Write([]byte(`{"error":"server_error","error_description":"AADSTS90033: A transient error has occurred. Please try again.\r\nTrace ID: x"}`))
		case "slow.example":
			select {
			case <-slow:
			case <-r.Context().Done():
			}
		default:
			if realm {
				w.Write([]byte(realmUnknown))
				return
			}
			w.WriteHeader(http.StatusBadRequest)
			w.Write([]byte(strings.ReplaceAll(invalidTenant, "nowhere.example", domain)))
		}
	})
}

func pick(realm bool, a, b string) string {
	if realm {
		return a
	}
	return b
}

func TestLookupTenant(t *testing.T) {
	slow := make(chan struct{})
	srv := httptest.NewServer(loginHandler(slow))
	defer srv.Close()
	defer close(slow)

	tests := []struct {
		domain  string
		want    Tenant
		wantErr string
		is      error
	}{
		{domain: "contoso.example", want: Tenant{Domain: "contoso.example", TenantID: "3f2a1b4c-5d6e-4f70-8a9b-0c1d2e3f4a5b", Issuer: "https://login.microsoftonline.com/3f2a1b4c-5d6e-4f70-8a9b-0c1d2e3f4a5b/v2.0", CloudInstance: "microsoftonline.com", RegionScope: "AS", NameSpaceType: "Managed", BrandName: "Contoso Ltd", RealmCloud: "microsoftonline.com"}},
		{domain: " Contoso.Example. ", want: Tenant{Domain: "contoso.example", TenantID: "3f2a1b4c-5d6e-4f70-8a9b-0c1d2e3f4a5b", Issuer: "https://login.microsoftonline.com/3f2a1b4c-5d6e-4f70-8a9b-0c1d2e3f4a5b/v2.0", CloudInstance: "microsoftonline.com", RegionScope: "AS", NameSpaceType: "Managed", BrandName: "Contoso Ltd", RealmCloud: "microsoftonline.com"}},
		{domain: "fabrikam.example", want: Tenant{Domain: "fabrikam.example", TenantID: "72f988bf-86f1-41af-91ab-2d7cd011db47", Issuer: "https://login.microsoftonline.com/72F988BF-86F1-41AF-91AB-2D7CD011DB47/v2.0", CloudInstance: "microsoftonline.com", RegionScope: "WW", NameSpaceType: "Federated", BrandName: "Fabrikam", RealmCloud: "microsoftonline.com", FederationAuth: "https://sts.fabrikam.example/adfs/ls/?username=user%40fabrikam.example&wa=wsignin1.0&wtrealm=urn%3afederation%3aMicrosoftOnline&wctx="}},
		{domain: "nowhere.example", wantErr: "nowhere.example is not a Microsoft 365 domain", is: ErrNotM365},
		{domain: "realmless.example", wantErr: "realmless.example is not a Microsoft 365 domain", is: ErrNotM365},
		{domain: "broken.example", wantErr: "answered 500 Internal Server Error for the OpenID configuration: AADSTS90033: A transient error has occurred."},
		{domain: "slow.example", wantErr: "cannot reach 127.0.0.1:", is: context.DeadlineExceeded},
		{domain: "not a domain", wantErr: `domain "not a domain": expected a DNS name`},
	}
	client := &http.Client{Timeout: 300 * time.Millisecond}
	for _, tt := range tests {
		t.Run(tt.domain, func(t *testing.T) {
			got, err := LookupTenant(context.Background(), client, srv.URL+"/", tt.domain)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want it to contain %q", err, tt.wantErr)
				}
				if strings.Count(err.Error(), "\n") > 0 || strings.Contains(err.Error(), "Trace ID") {
					t.Errorf("error is not one clean line: %q", err)
				}
				if tt.is != nil && !errors.Is(err, tt.is) && !isTimeout(err) {
					t.Errorf("errors.Is(%v, %v) = false", err, tt.is)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if *got != tt.want {
				t.Errorf("got  %+v\nwant %+v", *got, tt.want)
			}
		})
	}
}

func isTimeout(err error) bool {
	var ne *NetError
	return errors.As(err, &ne) && strings.HasPrefix(ne.Reason, "timeout after 300ms")
}

func TestLookupTenantBadInputIsInputError(t *testing.T) {
	_, err := LookupTenant(context.Background(), nil, "http://127.0.0.1:9", "-bad-.example")
	var ie *cases.InputError
	if !errors.As(err, &ie) {
		t.Fatalf("err = %v, want *cases.InputError", err)
	}
}

func TestDiscoverTenantID(t *testing.T) {
	srv := httptest.NewServer(loginHandler(nil))
	defer srv.Close()
	id, err := DiscoverTenantID(context.Background(), srv.Client(), srv.URL, "fabrikam.example")
	if err != nil || id != "72f988bf-86f1-41af-91ab-2d7cd011db47" {
		t.Fatalf("DiscoverTenantID = %q, %v", id, err)
	}
	_, err = DiscoverTenantID(context.Background(), srv.Client(), srv.URL, "nowhere.example")
	var nm *NotM365Error
	if !errors.As(err, &nm) || !strings.HasPrefix(nm.Detail, "AADSTS90002: Tenant 'nowhere.example' not found.") {
		t.Fatalf("err = %#v, want *NotM365Error with the AADSTS90002 sentence", err)
	}
}

// TestNetErrorsAreOneLine checks the failures a user meets offline.
func TestNetErrorsAreOneLine(t *testing.T) {
	// A port nobody listens on: take one and close it.
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := "http://" + l.Addr().String()
	l.Close()

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	tests := []struct {
		name string
		ctx  context.Context
		base string
		want string
	}{
		{"refused", context.Background(), closed, "cannot reach " + strings.TrimPrefix(closed, "http://") + ": connection refused"},
		{"cancelled", ctx, closed, "cannot reach " + strings.TrimPrefix(closed, "http://") + ": cancelled"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := LookupTenant(tt.ctx, &http.Client{Timeout: 2 * time.Second}, tt.base, "contoso.example")
			if err == nil || err.Error() != tt.want {
				t.Fatalf("err = %v, want %q", err, tt.want)
			}
			var ne *NetError
			if !errors.As(err, &ne) {
				t.Fatalf("err is %T, want *NetError", err)
			}
		})
	}
}

func TestNetErrorReasons(t *testing.T) {
	tests := []struct {
		err  error
		want string
	}{
		{&url.Error{Op: "Get", URL: "https://login.microsoftonline.com/x", Err: &net.OpError{Op: "dial", Net: "tcp", Err: &net.DNSError{Err: "no such host", Name: "login.microsoftonline.com", IsNotFound: true}}}, "cannot reach login.microsoftonline.com: cannot resolve the host name (are you offline?)"},
		{&url.Error{Op: "Get", URL: "https://login.microsoftonline.com/x", Err: &net.OpError{Op: "dial", Net: "tcp", Err: os.NewSyscallError("connect", syscall.ENETUNREACH)}}, "cannot reach login.microsoftonline.com: network unreachable (are you offline?)"},
		{&url.Error{Op: "Get", URL: "https://login.microsoftonline.com/x", Err: x509.UnknownAuthorityError{}}, "cannot reach login.microsoftonline.com: the TLS certificate is not trusted (is a proxy inspecting HTTPS?)"},
		{&url.Error{Op: "Get", URL: "https://login.microsoftonline.com/x", Err: context.DeadlineExceeded}, "cannot reach login.microsoftonline.com: timeout after 5s"},
		{&url.Error{Op: "Get", URL: "https://login.microsoftonline.com/x", Err: errors.New("proxyconnect tcp: boom")}, "cannot reach login.microsoftonline.com: proxyconnect tcp: boom"},
	}
	for _, tt := range tests {
		if got := netError("login.microsoftonline.com", 5*time.Second, tt.err).Error(); got != tt.want {
			t.Errorf("netError(%v) = %q, want %q", tt.err, got, tt.want)
		}
	}
}
