package reminders

import (
	"encoding/json"
	"errors"
	"net/url"
	"strings"
	"testing"
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
		{"env wins over file", ChannelConfig{Type: "webhook", Format: "slack", URL: "x", URLEnv: "HOOK"}, Secrets{Getenv: env("HOOK", hook)}, ""},
		{"private file", ChannelConfig{Type: "webhook", Format: "slack", URL: hook}, Secrets{FilePrivate: true}, ""},
		{"readable file", ChannelConfig{Type: "webhook", Format: "slack", URL: hook}, Secrets{}, "chmod 600"},
		{"readable file names _env", ChannelConfig{Type: "webhook", Format: "slack", URL: hook}, Secrets{}, "url_env"},
		{"env unset", ChannelConfig{Type: "webhook", Format: "slack", URLEnv: "HOOK"}, Secrets{Getenv: env()}, "HOOK, which is empty or not set"},
		{"nil getenv", ChannelConfig{Type: "webhook", Format: "slack", URLEnv: "HOOK"}, Secrets{}, "HOOK, which is empty or not set"},
		{"no url", ChannelConfig{Type: "webhook", Format: "slack"}, Secrets{}, "needs a url"},
		{"not http", ChannelConfig{Type: "webhook", Format: "slack", URLEnv: "HOOK"}, Secrets{Getenv: env("HOOK", "ftp://x.example/SECRET")}, "in HOOK is not an http(s) URL"},
		{"password readable file", ChannelConfig{Type: "email", SMTPHost: "mail.example.net", Username: "u", Password: "pwSECRET", From: "a@example.net", To: []string{"b@example.org"}}, Secrets{}, "chmod 600"},
		{"password from env", ChannelConfig{Type: "email", SMTPHost: "mail.example.net", Username: "u", PasswordEnv: "PW", From: "a@example.net", To: []string{"b@example.org"}}, Secrets{Getenv: env("PW", "pwSECRET")}, ""},
		{"password missing", ChannelConfig{Type: "email", SMTPHost: "mail.example.net", Username: "u", From: "a@example.net", To: []string{"b@example.org"}}, Secrets{}, "password_env"},
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
