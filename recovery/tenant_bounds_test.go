package recovery

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"unicode/utf8"
)

// TestLookupTenantBoundsFields: a login service that sends a brand name,
// cloud or ADFS URL of hundreds of kilobytes (inside the 1 MB body limit)
// gets each cut to maxField characters, marked with "…", so no display of
// a Tenant can be flooded. Short fields pass unchanged.
func TestLookupTenantBoundsFields(t *testing.T) {
	big := strings.Repeat("Contoso ", 30_000) // 240 KB; three of them stay under maxBody
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/getuserrealm.srf" {
			w.Write([]byte(`{"NameSpaceType":"Federated","FederationBrandName":"` + big + `","CloudInstanceName":"` + big + `","AuthURL":"https://sts.example/` + big + `"}`))
			return
		}
		w.Write([]byte(`{"issuer":"https://login.microsoftonline.com/3f2a1b4c-5d6e-4f70-8a9b-0c1d2e3f4a5b/v2.0","tenant_region_scope":"AS","cloud_instance_name":"` + big + `"}`))
	}))
	defer srv.Close()
	got, err := LookupTenant(context.Background(), srv.Client(), srv.URL, "contoso.example")
	if err != nil {
		t.Fatal(err)
	}
	for name, v := range map[string]string{"brand": got.BrandName, "realm cloud": got.RealmCloud, "auth url": got.FederationAuth, "cloud": got.CloudInstance} {
		if n := utf8.RuneCountInString(v); n != maxField+1 || !strings.HasSuffix(v, "…") {
			t.Errorf("%s: %d characters ending %q, want %d and a final …", name, n, v[len(v)-8:], maxField+1)
		}
	}
	if got.TenantID != "3f2a1b4c-5d6e-4f70-8a9b-0c1d2e3f4a5b" || got.RegionScope != "AS" || got.NameSpaceType != "Federated" {
		t.Errorf("short fields changed: %+v", got)
	}
}
