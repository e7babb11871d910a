package main

import (
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// TestRemindersTestCommand sends a test nudge through a webhook that works
// and one that fails, warns about a channel inside the locked tenant, and
// never prints the secret webhook paths.
func TestRemindersTestCommand(t *testing.T) {
	var mu sync.Mutex
	var bodies []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		mu.Lock()
		bodies = append(bodies, r.URL.Path+" "+string(b))
		mu.Unlock()
		if strings.HasPrefix(r.URL.Path, "/broken") {
			http.Error(w, "boom", http.StatusInternalServerError)
		}
	}))
	defer srv.Close()
	dir := t.TempDir()
	cfg := filepath.Join(dir, "config.toml")
	conf := `
[[channel]]
name = "phone-ntfy"
type = "webhook"
format = "ntfy"
url_env = "GOOD_HOOK"

[[channel]]
name = "broken-slack"
type = "webhook"
format = "slack"
url = "` + srv.URL + `/broken/T0000SECRET"

[[channel]]
name = "work-mail"
type = "email"
smtp_host = "127.0.0.1"
smtp_port = 1
tls = "none"
from = "mscase@contoso.co.jp"
to = ["admin@contoso.co.jp"]
`
	if err := os.WriteFile(cfg, []byte(conf), 0o600); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"MSCASE_DB": filepath.Join(dir, "mscase.db"), "MSCASE_CONFIG": cfg, "GOOD_HOOK": srv.URL + "/good/tk_SECRET2"}
	if _, errOut, code := runCmd(t, env, "cases", "new", "--domain", "contoso.co.jp", "--admin", "admin@contoso.co.jp", "--country", "JP"); code != 0 {
		t.Fatal(errOut)
	}
	out, errOut, code := runCmd(t, env, "reminders", "test")
	if code != 1 {
		t.Errorf("exit %d, want 1 (one channel fails)", code)
	}
	for _, want := range []string{
		"channel phone-ntfy: ok",
		"channel broken-slack: FAILED: post to http://127.0.0.1:",
		"(temporary: it would be retried)",
		"channel work-mail: FAILED:",
		"mscase: warning: channel work-mail",
		"contoso.co.jp",
	} {
		if !strings.Contains(errOut, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errOut)
		}
	}
	for _, secret := range []string{"T0000SECRET", "tk_SECRET2"} {
		if strings.Contains(out+errOut, secret) {
			t.Errorf("output shows the secret %s:\n%s%s", secret, out, errOut)
		}
	}
	mu.Lock()
	defer mu.Unlock()
	if len(bodies) != 2 || !strings.Contains(strings.Join(bodies, "\n"), "0000000000000000") {
		t.Errorf("webhook server got %q, want the test nudge twice", bodies)
	}
	// config show warns about the same channel.
	if _, errOut, _ := runCmd(t, env, "config", "show"); !strings.Contains(errOut, "warning: channel work-mail") {
		t.Errorf("config show does not warn about the locked domain:\n%s", errOut)
	}
}
