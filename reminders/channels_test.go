package reminders

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"
)

func TestBuildChannels(t *testing.T) {
	okEmail := ChannelConfig{Type: "email", SMTPHost: "mail.example.net", From: "a@example.net", To: []string{"b@example.org"}}
	withEmail := func(f func(*ChannelConfig)) ChannelConfig {
		c := okEmail
		c.To = append([]string(nil), okEmail.To...)
		f(&c)
		return c
	}
	sec := Secrets{Getenv: env("HOOK", "https://ntfy.example.net/topic")}
	tests := []struct {
		name    string
		cfg     ChannelConfig
		wantErr string // "" = builds
	}{
		{"stdout by default", ChannelConfig{}, ""},
		{"desktop", ChannelConfig{Type: "Desktop"}, ""},
		{"webhook", ChannelConfig{Type: "webhook", Format: "NTFY", URLEnv: "HOOK"}, ""},
		{"email", okEmail, ""},
		{"exec", ChannelConfig{Type: "exec", Command: []string{"/bin/true"}}, ""},
		{"unknown type", ChannelConfig{Name: "x", Type: "sms"}, `channel x: type "sms" is not known`},
		{"unknown format", ChannelConfig{Type: "webhook", Format: "mattermost", URLEnv: "HOOK"}, `webhook format "mattermost" is not known (want slack, discord, teams, ntfy, json)`},
		{"no format", ChannelConfig{Type: "webhook", URLEnv: "HOOK"}, `webhook format "" is not known`},
		{"bad timeout", ChannelConfig{Type: "desktop", Timeout: "soon"}, `timeout "soon" is not a positive duration`},
		{"negative timeout", ChannelConfig{Type: "desktop", Timeout: "-1s"}, `is not a positive duration`},
		{"exec without command", ChannelConfig{Type: "exec"}, "exec needs command"},
		{"email without host", withEmail(func(c *ChannelConfig) { c.SMTPHost = "" }), "needs smtp_host"},
		{"email without from", withEmail(func(c *ChannelConfig) { c.From = "" }), "needs from"},
		{"email bad from", withEmail(func(c *ChannelConfig) { c.From = "not an address" }), `from "not an address" is not a mail address`},
		{"email without to", withEmail(func(c *ChannelConfig) { c.To = nil }), "needs to"},
		{"email bad to", withEmail(func(c *ChannelConfig) { c.To = []string{"b@example.org", "nobody"} }), `recipient "nobody" is not a mail address`},
		{"email bad tls", withEmail(func(c *ChannelConfig) { c.TLS = "ssl" }), `tls "ssl" is not known (want starttls, tls or none)`},
		{"email bad port", withEmail(func(c *ChannelConfig) { c.SMTPPort = 70000 }), "smtp_port 70000 is not a port"},
		{"email password without user", withEmail(func(c *ChannelConfig) { c.PasswordEnv = "HOOK" }), "username is empty"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			chans, errs := BuildChannels([]ChannelConfig{tt.cfg}, sec)
			if tt.wantErr == "" {
				if len(errs) != 0 || len(chans) != 1 || chans[0].Notifier == nil {
					t.Fatalf("BuildChannels: %d channels, errors %v", len(chans), errs)
				}
				return
			}
			if len(chans) != 0 || len(errs) != 1 || !strings.Contains(errs[0].Error(), tt.wantErr) {
				t.Fatalf("BuildChannels: %d channels, errors %v, want one error with %q", len(chans), errs, tt.wantErr)
			}
		})
	}
}

func TestBuildChannelsKeepsTheGoodOnes(t *testing.T) {
	var out bytes.Buffer
	chans, errs := BuildChannels([]ChannelConfig{
		{Name: "screen", Type: "stdout"},
		{Name: "broken", Type: "webhook", Format: "slack"},
		{Name: "pager", Type: "exec", Command: []string{"page-me"}},
		{Name: "screen", Type: "desktop"},
		{Type: "desktop"},
	}, Secrets{Stdout: &out})
	var names []string
	for _, c := range chans {
		names = append(names, c.Name)
	}
	if got := strings.Join(names, ","); got != "screen,pager,desktop" {
		t.Errorf("built %s, want screen,pager,desktop in order", got)
	}
	if len(errs) != 2 || !strings.HasPrefix(errs[0].Error(), "channel broken: ") ||
		!strings.Contains(errs[1].Error(), "channel screen: the name is used by another channel") {
		t.Errorf("errors %v, want broken and the duplicate screen", errs)
	}
	if err := chans[0].Notifier.Notify(context.Background(), testNudge()); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "TrackingID 2511250010001234") {
		t.Errorf("stdout channel wrote %q", out.String())
	}
}

func TestTimeouts(t *testing.T) {
	tests := []struct {
		cfg  ChannelConfig
		want time.Duration
	}{
		{ChannelConfig{Type: "webhook", Format: "json", URLEnv: "HOOK"}, 15 * time.Second},
		{ChannelConfig{Type: "webhook", Format: "json", URLEnv: "HOOK", Timeout: "3s"}, 3 * time.Second},
		{ChannelConfig{Type: "email", SMTPHost: "h", From: "a@example.net", To: []string{"b@example.org"}}, 30 * time.Second},
		{ChannelConfig{Type: "exec", Command: []string{"x"}, Timeout: "1m"}, time.Minute},
		{ChannelConfig{Type: "desktop"}, 10 * time.Second},
	}
	for _, tt := range tests {
		nf := buildOne(t, tt.cfg, Secrets{Getenv: env("HOOK", "https://example.net/x")})
		var got time.Duration
		switch n := nf.(type) {
		case *webhookNotifier:
			got = n.timeout
		case *emailNotifier:
			got = n.timeout
		case *execNotifier:
			got = n.timeout
		case *desktopNotifier:
			got = n.timeout
		}
		if got != tt.want {
			t.Errorf("%s timeout %q: got %s, want %s", tt.cfg.Type, tt.cfg.Timeout, got, tt.want)
		}
	}
}
