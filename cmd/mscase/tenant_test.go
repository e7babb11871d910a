package main

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

func init() {
	// loginserver: start a loopback stand-in for login.microsoftonline.com
	// in the test process and point MSCASE_LOGIN_URL at it.
	scriptCmds["loginserver"] = func(ts *testscript.TestScript, neg bool, args []string) {
		if neg || len(args) != 0 {
			ts.Fatalf("usage: loginserver")
		}
		srv := httptest.NewServer(fakeLogin())
		ts.Defer(srv.Close)
		ts.Setenv("MSCASE_LOGIN_URL", srv.URL)
	}
}

// fakeLogin answers like Microsoft's login service, with recorded-shape
// bodies: contoso.example is managed, fabrikam.example federated,
// broken.example fails with 500, gcchigh.example is in the US government
// cloud and vianet.example in China's (21Vianet), every other domain is
// unknown (400 AADSTS90002).
func fakeLogin() http.Handler {
	const (
		contosoID = "3f2a1b4c-5d6e-4f70-8a9b-0c1d2e3f4a5b"
		fabrikam  = "72F988BF-86F1-41AF-91AB-2D7CD011DB47"
	)
	openID := func(id, region string) string {
		return `{"token_endpoint":"https://login.microsoftonline.com/` + id + `/oauth2/v2.0/token","issuer":"https://login.microsoftonline.com/` + id + `/v2.0","tenant_region_scope":"` + region + `","cloud_instance_name":"microsoftonline.com","cloud_graph_host_name":"graph.windows.net","msgraph_host":"graph.microsoft.com","rbac_url":"https://pas.windows.net"}`
	}
	sovereign := func(host, cloud, id string) string {
		return `{"token_endpoint":"https://` + host + `/` + id + `/oauth2/v2.0/token","issuer":"https://` + host + `/` + id + `/v2.0","tenant_region_scope":"NA","cloud_instance_name":"` + cloud + `"}`
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		var domain string
		realm := r.URL.Path == "/getuserrealm.srf"
		if realm {
			_, domain, _ = strings.Cut(r.URL.Query().Get("login"), "@")
		} else {
			domain = strings.TrimSuffix(strings.TrimPrefix(r.URL.Path, "/"), "/v2.0/.well-known/openid-configuration")
		}
		switch {
		case domain == "contoso.example" && realm:
			w.Write([]byte(`{"State":4,"UserState":1,"Login":"user@contoso.example","NameSpaceType":"Managed","DomainName":"contoso.example","FederationBrandName":"Contoso Ltd","CloudInstanceName":"microsoftonline.com","CloudInstanceIssuerUri":"urn:federation:MicrosoftOnline"}`))
		case domain == "contoso.example":
			w.Write([]byte(openID(contosoID, "AS")))
		case domain == "fabrikam.example" && realm:
			w.Write([]byte(`{"State":3,"UserState":2,"Login":"user@fabrikam.example","NameSpaceType":"Federated","DomainName":"fabrikam.example","FederationGlobalVersion":-1,"AuthURL":"https://sts.fabrikam.example/adfs/ls/?username=user%40fabrikam.example&wa=wsignin1.0","FederationBrandName":"Fabrikam","CloudInstanceName":"microsoftonline.com","CloudInstanceIssuerUri":"urn:federation:MicrosoftOnline"}`))
		case domain == "fabrikam.example":
			w.Write([]byte(openID(fabrikam, "WW")))
		case (domain == "gcchigh.example" || domain == "vianet.example") && realm:
			w.Write([]byte(`{"State":4,"UserState":1,"Login":"user@` + domain + `","NameSpaceType":"Managed","DomainName":"` + domain + `","CloudInstanceName":"microsoftonline.com"}`))
		case domain == "gcchigh.example":
			w.Write([]byte(sovereign("login.microsoftonline.us", "microsoftonline.us", "12345678-aaaa-4bbb-8ccc-000000000001")))
		case domain == "vianet.example":
			w.Write([]byte(sovereign("login.partner.microsoftonline.cn", "partner.microsoftonline.cn", "12345678-aaaa-4bbb-8ccc-000000000002")))
		case domain == "broken.example":
			w.WriteHeader(http.StatusInternalServerError)
			w.Write([]byte(`{"error":"server_error","error_description":"AADSTS90033: A transient error has occurred. Please try again.\r\nTrace ID: 5b1c"}`))
		case realm:
			w.Write([]byte(`{"State":4,"UserState":1,"Login":"user@` + domain + `","NameSpaceType":"Unknown"}`))
		default:
			w.WriteHeader(http.StatusBadRequest)
			w.Write([]byte(`{"error":"invalid_tenant","error_description":"AADSTS90002: Tenant '` + domain + `' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud. Trace ID: 0e6f Correlation ID: 1a2b Timestamp: 2026-11-25 01:00:00Z","error_codes":[90002],"timestamp":"2026-11-25 01:00:00Z","trace_id":"0e6f","correlation_id":"1a2b","error_uri":"https://login.microsoftonline.com/error?code=90002"}`))
		}
	})
}

func TestTenantLookupInProcess(t *testing.T) {
	srv := httptest.NewServer(fakeLogin())
	defer srv.Close()
	tests := []struct {
		name     string
		env      map[string]string
		args     []string
		code     int
		out, err string
	}{
		{"managed piped", nil, []string{"tenant", "lookup", "contoso.example"}, 0,
			"domain\tcontoso.example\ntenant_id\t3f2a1b4c-5d6e-4f70-8a9b-0c1d2e3f4a5b\nnamespace\tManaged\norganisation\tContoso Ltd\ncloud\tmicrosoftonline.com\nregion\tAS\n", ""},
		{"federated terminal", map[string]string{"MSCASE_TTY": "1"}, []string{"tenant", "lookup", "FABRIKAM.example"}, 0,
			"Domain        fabrikam.example\nTenant ID     72f988bf-86f1-41af-91ab-2d7cd011db47\nNamespace     Federated (sign-in at the organisation's own identity provider)\nOrganisation  Fabrikam\nCloud         microsoftonline.com (region WW)\nFederation    https://sts.fabrikam.example/adfs/ls/?username=user%40fabrikam.example&wa=wsignin1.0\n",
			"Write the tenant ID down somewhere outside the tenant; support asks for it on every call.\n"},
		{"unknown", nil, []string{"tenant", "lookup", "nowhere.example"}, 2, "",
			"mscase: error: nowhere.example is not a Microsoft 365 domain\nmscase: hint: Microsoft's login service does not know nowhere.example; check the spelling, or try the tenant's initial domain (NAME.onmicrosoft.com)\n"},
		{"server error", nil, []string{"tenant", "lookup", "broken.example"}, 1, "",
			"mscase: error: " + strings.TrimPrefix(srv.URL, "http://") + " answered 500 Internal Server Error for the OpenID configuration: AADSTS90033: A transient error has occurred.\n"},
		{"bad domain", nil, []string{"tenant", "lookup", "contoso"}, 2, "",
			"mscase: error: domain \"contoso\": expected a DNS name like contoso.onmicrosoft.com or contoso.co.jp\n"},
		{"bad login url", map[string]string{"MSCASE_LOGIN_URL": "login.example"}, []string{"tenant", "lookup", "contoso.example"}, 2, "",
			"mscase: error: MSCASE_LOGIN_URL \"login.example\": expected an http(s) URL like https://login.microsoftonline.com\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env := map[string]string{"MSCASE_LOGIN_URL": srv.URL, "MSCASE_DB": t.TempDir() + "/never.db"}
			for k, v := range tt.env {
				env[k] = v
			}
			out, errOut, code := runCmd(t, env, tt.args...)
			if code != tt.code || out != tt.out || errOut != tt.err {
				t.Errorf("exit %d, want %d\nstdout:\n%s\nwant:\n%s\nstderr:\n%s\nwant:\n%s", code, tt.code, out, tt.out, errOut, tt.err)
			}
		})
	}
}
