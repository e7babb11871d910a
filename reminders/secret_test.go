package reminders

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/zalando/go-keyring"
)

func TestMaskSecret(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"https://hooks.slack.com/services/T000/B000/XXXX", "https://hooks.slack.com/****"},
		{"https://discord.com/api/webhooks/123/abc", "https://discord.com/****"},
		{"https://prod-12.westeurope.logic.azure.com:443/workflows/abc/triggers/manual/paths/invoke?sig=SECRET", "https://prod-12.westeurope.logic.azure.com:443/****"},
		{"https://user:pw@ntfy.example.net/topic", "https://ntfy.example.net/****"},
		{"hunter2", "****"},
		{"not a url: https", "****"},
	}
	for _, tt := range tests {
		if got := MaskSecret(tt.in); got != tt.want {
			t.Errorf("MaskSecret(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestMasked(t *testing.T) {
	c := ChannelConfig{Name: "hook", Type: "webhook", Format: "slack", URL: "https://hooks.slack.com/services/T0/B0/tokenSECRET",
		Password: "pwSECRET", PasswordEnv: "SMTP_PW", To: []string{"a@example.org"}, Command: []string{"page-me"}}
	m := c.Masked()
	b, _ := json.Marshal(m)
	assertNoSecret(t, string(b), "SECRET")
	if m.URL != "https://hooks.slack.com/****" || m.Password != "****" || m.PasswordEnv != "SMTP_PW" || m.Name != "hook" {
		t.Errorf("Masked() = %+v", m)
	}
	m.To[0] = "changed"
	m.Command[0] = "changed"
	if c.To[0] != "a@example.org" || c.Command[0] != "page-me" {
		t.Error("Masked() shares slices with the original")
	}
	if c.URL == m.URL {
		t.Error("Masked() changed the original")
	}
}

func TestMaskedCommand(t *testing.T) {
	c := ChannelConfig{Name: "pager", Type: "exec", Command: []string{"curl", "-H", "Authorization: Bearer TOPSECRET", "--data", "@-", "https://ntfy.example.net/topicSECRET", "--token=abcSECRET", "-s"}}
	m := c.Masked()
	assertNoSecret(t, strings.Join(m.Command, " "), "SECRET")
	want := []string{"curl", "-H", "****", "--data", "@-", "https://ntfy.example.net/****", "****", "-s"}
	if strings.Join(m.Command, "|") != strings.Join(want, "|") {
		t.Errorf("Masked().Command = %q, want %q", m.Command, want)
	}
}

func TestSecretSources(t *testing.T) {
	const hook = "https://hooks.slack.com/services/T0/B0/tokenSECRET"
	tests := []struct {
		name    string
		cfg     ChannelConfig
		sec     Secrets
		wantErr string // "" = builds
	}{
		{"from env", ChannelConfig{Type: "webhook", Format: "slack", URLEnv: "HOOK"}, Secrets{Getenv: env("HOOK", hook)}, ""},
		{"two sources", ChannelConfig{Type: "webhook", Format: "slack", URL: "x", URLEnv: "HOOK"}, Secrets{Getenv: env("HOOK", hook), FilePrivate: true}, "keep one of url, url_env, url_file and url_keyring"},
		{"private file", ChannelConfig{Type: "webhook", Format: "slack", URL: hook}, Secrets{FilePrivate: true}, ""},
		{"readable file", ChannelConfig{Type: "webhook", Format: "slack", URL: hook}, Secrets{}, "chmod 600"},
		{"readable file names _file", ChannelConfig{Type: "webhook", Format: "slack", URL: hook}, Secrets{}, "url_file"},
		{"env unset", ChannelConfig{Type: "webhook", Format: "slack", URLEnv: "HOOK"}, Secrets{Getenv: env()}, "HOOK, which is empty or not set"},
		{"nil getenv", ChannelConfig{Type: "webhook", Format: "slack", URLEnv: "HOOK"}, Secrets{}, "HOOK, which is empty or not set"},
		{"no url", ChannelConfig{Type: "webhook", Format: "slack"}, Secrets{}, "needs a url"},
		{"not http", ChannelConfig{Type: "webhook", Format: "slack", URLEnv: "HOOK"}, Secrets{Getenv: env("HOOK", "ftp://x.example/SECRET")}, "in HOOK is not an http(s) URL"},
		{"password readable file", ChannelConfig{Type: "email", SMTPHost: "mail.example.net", Username: "u", Password: "pwSECRET", From: "a@example.net", To: []string{"b@example.org"}}, Secrets{}, "chmod 600"},
		{"password from env", ChannelConfig{Type: "email", SMTPHost: "mail.example.net", Username: "u", PasswordEnv: "PW", From: "a@example.net", To: []string{"b@example.org"}}, Secrets{Getenv: env("PW", "pwSECRET")}, ""},
		{"password missing", ChannelConfig{Type: "email", SMTPHost: "mail.example.net", Username: "u", From: "a@example.net", To: []string{"b@example.org"}}, Secrets{}, "password_file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			chans, errs := BuildChannels([]ChannelConfig{tt.cfg}, tt.sec)
			if tt.wantErr == "" {
				if len(errs) != 0 || len(chans) != 1 {
					t.Fatalf("BuildChannels: %d channels, errors %v", len(chans), errs)
				}
				return
			}
			if len(errs) != 1 || len(chans) != 0 || !strings.Contains(errs[0].Error(), tt.wantErr) {
				t.Fatalf("BuildChannels: %d channels, errors %v, want one error with %q", len(chans), errs, tt.wantErr)
			}
			assertNoSecret(t, errs[0].Error(), "SECRET")
			if Retryable(errs[0]) {
				t.Errorf("configuration error %v is retryable", errs[0])
			}
		})
	}
}

func TestRedact(t *testing.T) {
	const hook = "https://hooks.slack.com/services/T0/B0/tokenSECRET?sig=sigSECRET"
	r := newRedactor(hook, "pwSECRET")
	tests := []error{
		&url.Error{Op: "Post", URL: hook, Err: errors.New("dial tcp: connection refused")},
		errors.New("server said: bad path /services/T0/B0/tokenSECRET"),
		errors.New("signature sigSECRET expired"),
		errors.New("535 auth failed for pwSECRET"),
	}
	for _, e := range tests {
		got := r.redact(e).Error()
		assertNoSecret(t, got, "SECRET")
		if !strings.Contains(got, "****") {
			t.Errorf("redact(%q) = %q, want a mask in place of the secret", e, got)
		}
	}
	plain := errors.New("nothing secret here")
	if r.redact(plain) != plain {
		t.Error("redact changed an error without secrets")
	}
}

// TestSecretFile reads secrets from files that only their owner can read,
// relative to the configuration's folder, and refuses the others with the
// command that fixes them.
func TestSecretFile(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("file modes do not say who can read a file on Windows")
	}
	dir := t.TempDir()
	write := func(name, body string, mode os.FileMode) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), mode); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(p, mode); err != nil {
			t.Fatal(err)
		}
		return p
	}
	const hook = "https://ntfy.example.net/topicSECRET"
	good := write("good", hook+"\n", 0o600)
	write("relative", hook, 0o400)
	group := write("group", hook, 0o640)
	world := write("world", hook, 0o604)
	empty := write("empty", " \n", 0o600)
	twoLines := write("two", hook+"\nmore\n", 0o600)
	big := write("big", strings.Repeat("x", secretFileMax+1), 0o600)
	pw := write("pw", "pwSECRET\r\n", 0o600)
	email := ChannelConfig{Name: "mail", Type: "email", SMTPHost: "mail.example.net", Username: "u", From: "a@example.net", To: []string{"b@example.org"}}
	tests := []struct {
		name    string
		cfg     ChannelConfig
		wantErr string
	}{
		{"owner only", ChannelConfig{Name: "phone", Type: "webhook", Format: "ntfy", URLFile: good}, ""},
		{"relative to the config folder", ChannelConfig{Name: "phone", Type: "webhook", Format: "ntfy", URLFile: "relative"}, ""},
		{"group readable", ChannelConfig{Name: "phone", Type: "webhook", Format: "ntfy", URLFile: group}, "channel phone: url_file " + group + " can be read by others (mode 0640): run chmod 600 " + group},
		{"world readable", ChannelConfig{Name: "phone", Type: "webhook", Format: "ntfy", URLFile: world}, "can be read by others (mode 0604)"},
		{"missing", ChannelConfig{Name: "phone", Type: "webhook", Format: "ntfy", URLFile: filepath.Join(dir, "nope")}, "no such file or directory: create it with only the url in it and run chmod 600 on it"},
		{"a folder", ChannelConfig{Name: "phone", Type: "webhook", Format: "ntfy", URLFile: dir}, "is not a regular file"},
		{"empty", ChannelConfig{Name: "phone", Type: "webhook", Format: "ntfy", URLFile: empty}, "is empty: put the url in it"},
		{"two lines", ChannelConfig{Name: "phone", Type: "webhook", Format: "ntfy", URLFile: twoLines}, "holds more than one line"},
		{"too big", ChannelConfig{Name: "phone", Type: "webhook", Format: "ntfy", URLFile: big}, "too big for a secret"},
		{"not a url", ChannelConfig{Name: "phone", Type: "webhook", Format: "ntfy", URLFile: pw}, "the webhook url in " + pw + " is not an http(s) URL"},
		{"file and env", ChannelConfig{Name: "phone", Type: "webhook", Format: "ntfy", URLFile: good, URLEnv: "HOOK"}, "comes from more than one place"},
		{"token file", ChannelConfig{Name: "phone", Type: "webhook", Format: "ntfy", URLFile: good, TokenFile: group}, "token_file " + group + " can be read by others"},
		{"password file", func() ChannelConfig { c := email; c.PasswordFile = pw; return c }(), ""},
		{"password file readable", func() ChannelConfig { c := email; c.PasswordFile = world; return c }(), "password_file " + world + " can be read by others"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			chans, errs := BuildChannels([]ChannelConfig{tt.cfg}, Secrets{Dir: dir, Getenv: env("HOOK", hook)})
			if tt.wantErr == "" {
				if len(errs) != 0 || len(chans) != 1 {
					t.Fatalf("BuildChannels: %d channels, errors %v", len(chans), errs)
				}
				return
			}
			if len(errs) != 1 || len(chans) != 0 || !strings.Contains(errs[0].Error(), tt.wantErr) {
				t.Fatalf("BuildChannels: %d channels, errors %v, want one error with %q", len(chans), errs, tt.wantErr)
			}
			assertNoSecret(t, errs[0].Error(), "SECRET")
		})
	}
	got := ChannelSecrets([]ChannelConfig{{Name: "phone", Type: "webhook", URLFile: good}, {Name: "mail", PasswordFile: pw}, {Name: "x", URLFile: world}}, Secrets{Dir: dir})
	if strings.Join(got, " ") != hook+" pwSECRET" {
		t.Errorf("ChannelSecrets = %q, want the two readable secrets", got)
	}
}

// TestSecretKeyring reads secrets from the OS keychain (go-keyring's
// in-memory mock here) and says what to do when it holds none or cannot be
// reached.
func TestSecretKeyring(t *testing.T) {
	const hook = "https://ntfy.example.net/topicSECRET"
	keyring.MockInit()
	if err := keyring.Set(KeyringService, KeyringUser("phone", "url"), hook); err != nil {
		t.Fatal(err)
	}
	if err := keyring.Set(KeyringService, KeyringUser("phone", "token"), "tk_SECRET"); err != nil {
		t.Fatal(err)
	}
	var auth string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { auth = r.Header.Get("Authorization") }))
	defer srv.Close()
	if err := keyring.Set(KeyringService, KeyringUser("local", "url"), srv.URL+"/topicSECRET"); err != nil {
		t.Fatal(err)
	}
	if err := keyring.Set(KeyringService, KeyringUser("local", "token"), "tk_SECRET"); err != nil {
		t.Fatal(err)
	}
	chans, errs := BuildChannels([]ChannelConfig{
		{Name: "phone", Type: "webhook", Format: "ntfy", URLKeyring: true, TokenKeyring: true},
		{Name: "local", Type: "webhook", Format: "ntfy", URLKeyring: true, TokenKeyring: true},
		{Name: "other", Type: "webhook", Format: "ntfy", URLKeyring: true},
	}, Secrets{})
	if len(chans) != 2 || len(errs) != 1 {
		t.Fatalf("BuildChannels: %d channels, errors %v; want 2 and one error", len(chans), errs)
	}
	if want := `channel other: url_keyring is set but the OS keychain holds no url for it: store it with "mscase config secret set other --field url"`; errs[0].Error() != want {
		t.Errorf("error %q, want %q", errs[0], want)
	}
	if err := chans[1].Notifier.Notify(context.Background(), Nudge{Case: 1, Kind: KindTest}); err != nil {
		t.Fatal(err)
	}
	if auth != "Bearer tk_SECRET" {
		t.Errorf("Authorization = %q, want the token from the keychain", auth)
	}

	keyring.MockInitWithError(errors.New("org.freedesktop.secrets was not provided"))
	_, errs = BuildChannels([]ChannelConfig{{Name: "phone", Type: "webhook", Format: "ntfy", URLKeyring: true}}, Secrets{})
	var ke *KeyringError
	if len(errs) != 1 || !errors.As(errs[0], &ke) || !strings.Contains(errs[0].Error(), "channel phone: the OS keychain is not available here (org.freedesktop.secrets was not provided)") ||
		!strings.Contains(errs[0].Error(), "url_file") {
		t.Errorf("errors %v, want the keychain named as unavailable with url_file as the way out", errs)
	}
}
