package main

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/mscase/mscase/reminders"
	"github.com/zalando/go-keyring"
)

// TestConfigSecretSet stores a webhook URL and token in the keychain
// (go-keyring's in-memory mock) from stdin, and "reminders test" then
// reaches the server with them, printing neither.
func TestConfigSecretSet(t *testing.T) {
	keyring.MockInit()
	var mu sync.Mutex
	var got []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		mu.Lock()
		got = append(got, r.URL.Path+" "+r.Header.Get("Authorization")+" "+string(b))
		mu.Unlock()
	}))
	defer srv.Close()
	dir := t.TempDir()
	cfg := filepath.Join(dir, "config.toml")
	conf := "[[channel]]\nname = \"phone\"\ntype = \"webhook\"\nformat = \"ntfy\"\nurl_keyring = true\ntoken_keyring = true\n"
	if err := os.WriteFile(cfg, []byte(conf), 0o644); err != nil { // readable by others: fine, it holds no secret
		t.Fatal(err)
	}
	env := map[string]string{"MSCASE_DB": filepath.Join(dir, "mscase.db"), "MSCASE_CONFIG": cfg, "NO_COLOR": "1"}
	getenv := func(k string) string { return env[k] }
	secretIn := func(args []string, stdin string) (string, int) {
		var out, errOut bytes.Buffer
		code := run(args, strings.NewReader(stdin), &out, &errOut, getenv)
		if out.Len() > 0 {
			t.Errorf("%v printed on stdout: %q", args, out.String())
		}
		return errOut.String(), code
	}

	// Before: the keychain holds nothing, the channel is named.
	_, errOut, code := runCmd(t, env, "reminders", "test")
	if code != 1 || !strings.Contains(errOut, `channel phone: url_keyring is set but the OS keychain holds no url for it: store it with "mscase config secret set phone --field url"`) {
		t.Fatalf("reminders test before set: exit %d\n%s", code, errOut)
	}

	errOut, code = secretIn([]string{"config", "secret", "set", "phone"}, "not a url\n")
	if code != 2 || !strings.Contains(errOut, "not an http(s) URL") {
		t.Errorf("set a non-URL: exit %d\n%s", code, errOut)
	}
	if _, err := keyring.Get(reminders.KeyringService, "phone/url"); err == nil {
		t.Error("a bad URL was stored")
	}
	errOut, code = secretIn([]string{"config", "secret", "set", "phone"}, srv.URL+"/topicSECRET\n")
	if code != 0 || !strings.Contains(errOut, `stored the url of channel phone in the OS keychain (service "mscase", account "phone/url")`) {
		t.Fatalf("set url: exit %d\n%s", code, errOut)
	}
	if strings.Contains(errOut, "hint: add") {
		t.Errorf("hint to add url_keyring though the channel has it:\n%s", errOut)
	}
	if errOut, code = secretIn([]string{"config", "secret", "set", "phone", "--field", "token"}, "tk_SECRET"); code != 0 {
		t.Fatalf("set token: exit %d\n%s", code, errOut)
	}
	if v, _ := keyring.Get(reminders.KeyringService, "phone/url"); v != srv.URL+"/topicSECRET" {
		t.Errorf("keychain holds %q, want the URL without its newline", v)
	}

	out, errOut, code := runCmd(t, env, "reminders", "test")
	if code != 0 || !strings.Contains(errOut, "channel phone: ok") {
		t.Fatalf("reminders test: exit %d\n%s", code, errOut)
	}
	if strings.Contains(out+errOut, "SECRET") {
		t.Errorf("a secret was printed:\n%s%s", out, errOut)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(got) != 1 || !strings.HasPrefix(got[0], "/topicSECRET Bearer tk_SECRET ") {
		t.Errorf("server got %q, want one post to /topicSECRET with the bearer token", got)
	}

	// A channel without url_keyring gets told how to use what was stored.
	conf2 := "[[channel]]\nname = \"other\"\ntype = \"email\"\n"
	if err := os.WriteFile(cfg, []byte(conf2), 0o600); err != nil {
		t.Fatal(err)
	}
	errOut, code = secretIn([]string{"config", "secret", "set", "other"}, "pwSECRET")
	if code != 0 || !strings.Contains(errOut, `hint: add password_keyring = true to the [[channel]] named "other"`) {
		t.Errorf("set password: exit %d\n%s", code, errOut)
	}
}
