package reminders

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// FuzzRetryAfter: whatever a server answers, the wait is within [0, cap]
// and reading it does not panic.
func FuzzRetryAfter(f *testing.F) {
	f.Add("7", "", "")
	f.Add("Wed, 21 Oct 2026 07:28:00 GMT", "Wed, 21 Oct 2026 07:27:00 GMT", "")
	f.Add("", "", `{"retry_after": 64.57, "global": false}`)
	f.Add("1e309", "", `{"retry_after": -1}`)
	f.Add("NaN", "", `{"retry_after": 1e308}`)
	f.Fuzz(func(t *testing.T, after, date, body string) {
		h := http.Header{"Retry-After": {after}, "Date": {date}}
		if d := retryAfter(h, []byte(body)); d < 0 || d > maxRetryAfter {
			t.Fatalf("retryAfter(%q, %q, %q) = %s", after, date, body, d)
		}
	})
}

// FuzzRedirectHost: a Location header yields a plain host name or "".
func FuzzRedirectHost(f *testing.F) {
	f.Add("https://hooks.example.net/x/SECRET")
	f.Add("/relative/SECRET")
	f.Add("https://ho\x1b]8;;st/")
	f.Add("//[::1]:8080/p")
	base, _ := url.Parse("https://hooks.slack.com/services/T0SECRET")
	f.Fuzz(func(t *testing.T, loc string) {
		h := redirectHost(base, loc)
		if strings.Contains(h, "SECRET") || strings.ContainsAny(h, "/?#@ \x1b") {
			t.Fatalf("redirectHost(%q) = %q", loc, h)
		}
	})
}
