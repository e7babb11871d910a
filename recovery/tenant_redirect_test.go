package recovery

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// TestLookupTenantRedirects: the lookup follows a redirect only within the
// host it was pointed at and Microsoft's sign-in hosts. Two loopback
// servers stand in for login.microsoftonline.com and another host; the
// allowed-host check is injected through the client, as the base URL is.
func TestLookupTenantRedirects(t *testing.T) {
	var reached atomic.Int32
	login := loginHandler(nil)
	target := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		reached.Add(1)
		login.ServeHTTP(w, r)
	}))
	defer target.Close()
	targetHost := strings.TrimPrefix(target.URL, "http://")
	// The first server sends everything under /moved/ to the second host,
	// and everything under /here/ to itself.
	first := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case strings.HasPrefix(r.URL.Path, "/moved/"):
			http.Redirect(w, r, target.URL+strings.TrimPrefix(r.URL.RequestURI(), "/moved"), http.StatusFound)
		case strings.HasPrefix(r.URL.Path, "/here/"):
			http.Redirect(w, r, strings.TrimPrefix(r.URL.RequestURI(), "/here"), http.StatusMovedPermanently)
		default:
			login.ServeHTTP(w, r)
		}
	}))
	defer first.Close()
	firstHost := strings.TrimPrefix(first.URL, "http://")

	tests := []struct {
		name        string
		base        string
		allow       func(string) bool // nil: the default check
		wantErr     string
		wantReached int32
	}{
		{"to another host: refused", first.URL + "/moved", nil, firstHost + " redirected to " + targetHost + ", which is not a Microsoft sign-in host: not followed", 0},
		{"within the same host: followed", first.URL + "/here", nil, "", 0},
		{"to an allowed host: followed", first.URL + "/moved", func(h string) bool { return h == targetHost }, "", 2},
		{"allowed check says no", first.URL + "/moved", func(string) bool { return false }, "not a Microsoft sign-in host", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			reached.Store(0)
			client := &http.Client{Timeout: 2 * time.Second}
			if tt.allow != nil {
				client.CheckRedirect = LoginRedirects(tt.allow)
			}
			got, err := LookupTenant(context.Background(), client, tt.base, "contoso.example")
			if tt.wantErr != "" {
				var re *RedirectError
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) || !errors.As(err, &re) {
					t.Fatalf("err = %v, want a *RedirectError containing %q", err, tt.wantErr)
				}
			} else if err != nil || got.TenantID != "3f2a1b4c-5d6e-4f70-8a9b-0c1d2e3f4a5b" {
				t.Fatalf("LookupTenant = %+v, %v", got, err)
			}
			if n := reached.Load(); n != tt.wantReached {
				t.Errorf("the other host got %d requests, want %d", n, tt.wantReached)
			}
		})
	}
}

func TestLoginRedirectsNoDowngrade(t *testing.T) {
	check := LoginRedirects(IsLoginHost)
	req := func(u string) *http.Request { r, _ := http.NewRequest(http.MethodGet, u, nil); return r }
	via := []*http.Request{req("https://login.microsoftonline.com/x")}
	tests := []struct {
		to string
		ok bool
	}{
		{"https://login.microsoftonline.us/x", true},
		{"https://login.partner.microsoftonline.cn/x", true},
		{"https://LOGIN.MICROSOFTONLINE.COM./x", true},
		{"http://login.microsoftonline.com/x", false},
		{"https://login.microsoftonline.com.evil.example/x", false},
		{"https://evil.example/login.microsoftonline.com", false},
	}
	for _, tt := range tests {
		if err := check(req(tt.to), via); (err == nil) != tt.ok {
			t.Errorf("redirect to %s: err %v, want ok %v", tt.to, err, tt.ok)
		}
	}
	many := []*http.Request{via[0], via[0], via[0], via[0], via[0]}
	if err := check(req("https://login.microsoftonline.com/y"), many); err == nil {
		t.Error("a sixth redirect was followed")
	}
}
