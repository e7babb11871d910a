package main

import (
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
)

// TestRemindersWebhookRedirect: a webhook answering 302 to a second host is
// reported as a failure by "reminders test" and "reminders check", naming
// the new host and not the secret path; nothing reaches the second host,
// and the check does not record the nudge as sent.
func TestRemindersWebhookRedirect(t *testing.T) {
	var second atomic.Int32
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { second.Add(1) }))
	defer other.Close()
	ou, _ := url.Parse(other.URL)
	newHost := "localhost:" + ou.Port()
	first := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		http.Redirect(w, r, "http://"+newHost+"/moved/T0000SECRET", http.StatusFound)
	}))
	defer first.Close()
	dir := t.TempDir()
	cfg := filepath.Join(dir, "config.toml")
	conf := "[[channel]]\nname = \"phone\"\ntype = \"webhook\"\nformat = \"ntfy\"\nurl_env = \"HOOK\"\n"
	if err := os.WriteFile(cfg, []byte(conf), 0o600); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"MSCASE_DB": filepath.Join(dir, "mscase.db"), "MSCASE_CONFIG": cfg, "HOOK": first.URL + "/mytopicSECRET"}

	out, errOut, code := runCmd(t, env, "reminders", "test")
	if code != 1 {
		t.Errorf("reminders test exit %d, want 1:\n%s", code, errOut)
	}
	for _, want := range []string{"channel phone: FAILED:", "302 Found", "a redirect to " + newHost, "update the channel's URL", "(permanent: fix the channel's settings)"} {
		if !strings.Contains(errOut, want) {
			t.Errorf("reminders test stderr lacks %q:\n%s", want, errOut)
		}
	}

	if _, e, code := runCmd(t, env, "cases", "new", "--domain", "contoso.co.jp", "--admin", "admin@contoso.co.jp", "--country", "JP"); code != 0 {
		t.Fatal(e)
	}
	out2, errOut2, code := runCmd(t, env, "reminders", "check")
	if code != 1 {
		t.Errorf("reminders check exit %d, want 1:\n%s", code, errOut2)
	}
	for _, want := range []string{"mscase: channel phone: case 1 call-now:", "a redirect to " + newHost, "(permanent: not retried; fix the channel's settings)"} {
		if !strings.Contains(errOut2, want) {
			t.Errorf("reminders check stderr lacks %q:\n%s", want, errOut2)
		}
	}
	if strings.Contains(errOut2, "repeated") {
		t.Errorf("a first-try permanent failure is worded as repeated failures:\n%s", errOut2)
	}
	all := out + errOut + out2 + errOut2
	for _, secret := range []string{"SECRET", "/moved"} {
		if strings.Contains(all, secret) {
			t.Errorf("output shows %q:\n%s", secret, all)
		}
	}
	if n := second.Load(); n != 0 {
		t.Errorf("the redirect target got %d requests, want none", n)
	}
}
