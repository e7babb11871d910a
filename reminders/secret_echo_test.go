package reminders

import (
	"context"
	"encoding/base64"
	"strconv"
	"strings"
	"testing"

	"github.com/mscase/mscase/internal/smtptest"
)

// echoSMTP starts smtptest's echoing server offering mech and returns its
// port.
func echoSMTP(t *testing.T, mech string) int {
	t.Helper()
	port, stop, err := smtptest.StartEcho(mech)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(stop)
	return port
}

// TestEmailEchoedCredentialsMasked: a server that quotes the login in its
// error must not put the password, plain or base64, into the error that
// "reminders test" prints and the sent-log stores.
func TestEmailEchoedCredentialsMasked(t *testing.T) {
	const user, pass = "me@example.net", "Zq9-echo-PASSWORD-x"
	secretForms := []string{
		pass,
		base64.StdEncoding.EncodeToString([]byte("\x00" + user + "\x00" + pass)),
		base64.StdEncoding.EncodeToString([]byte(pass)),
		base64.RawStdEncoding.EncodeToString([]byte("\x00" + user + "\x00" + pass)),
	}
	for _, mech := range []string{"PLAIN", "LOGIN"} {
		t.Run(mech, func(t *testing.T) {
			cfg := ChannelConfig{Name: "mail", Type: "email", SMTPHost: "127.0.0.1", SMTPPort: echoSMTP(t, mech), TLS: TLSNone,
				Username: user, Password: pass, From: "alerts@example.net", To: []string{"admin@example.org"}, Timeout: "3s"}
			err := buildOne(t, cfg, Secrets{FilePrivate: true}).Notify(context.Background(), testNudge())
			if err == nil {
				t.Fatal("Notify succeeded against a server that refuses every login")
			}
			msg := err.Error()
			t.Logf("%s", msg)
			if !strings.Contains(msg, "535") || !strings.Contains(msg, "****") {
				t.Errorf("error %q: want the server's 535 reply with the login masked", msg)
			}
			assertNoSecret(t, msg, secretForms...)
			// The same masking applies to any text a caller scrubs (the
			// daemon log, the sent-log).
			raw := "535 AUTH PLAIN " + secretForms[1] + " / " + secretForms[2]
			assertNoSecret(t, MaskScrub(raw, pass), secretForms...)
		})
	}
}

func TestMaskEncoded(t *testing.T) {
	const pw = "s3cret-PASS"
	b64 := func(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }
	tests := []struct{ in, want string }{
		{"nothing here", "nothing here"},
		{"AUTH PLAIN " + b64("\x00me\x00"+pw), "AUTH PLAIN ****"},
		{"<" + b64(pw) + ">", "<****>"},
		{"url-safe " + base64.RawURLEncoding.EncodeToString([]byte("x"+pw+"?>")), "url-safe ****"},
		{"unrelated " + b64("hello world, nothing secret"), "unrelated " + b64("hello world, nothing secret")},
		{"glued xy" + b64("ab"+pw), "glued ****"},
	}
	for _, tt := range tests {
		if got := maskEncoded(tt.in, []string{pw}); got != tt.want {
			t.Errorf("maskEncoded(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestArgvWarnings(t *testing.T) {
	tests := []struct {
		argv []string
		warn []int // argument positions warned about
	}{
		{[]string{"/usr/local/bin/page-me", "--urgent"}, nil},
		{[]string{"curl", "-H", "Authorization: Bearer TOPSECRET", "--data", "@-", "https://ntfy.example.net/topic"}, []int{2}},
		{[]string{"notify", "--token=abcSECRET"}, []int{1}},
		{[]string{"notify", "--token", "abcSECRET"}, []int{2}},
		{[]string{"notify", "--api-key", "abcSECRET", "--title", "x"}, []int{2}},
		{[]string{"notify", "--token-file=/home/me/.tok", "--key", "~/.key", "--password-file", "pw.txt"}, nil},
		{[]string{"curl", "https://user:pw@hooks.example.net/x"}, []int{1}},
		{[]string{"curl", "https://hooks.example.net/x?sig=abc"}, []int{1}},
		{[]string{"curl", "https://hooks.example.net/plain"}, nil},
		{[]string{"send", "secret-abc123"}, []int{1}},
	}
	for _, tt := range tests {
		got := ArgvWarnings([]ChannelConfig{{Name: "pager", Type: "exec", Command: tt.argv}})
		if len(got) != len(tt.warn) {
			t.Errorf("ArgvWarnings(%q) = %q, want warnings for arguments %v", tt.argv, got, tt.warn)
			continue
		}
		for i, n := range tt.warn {
			if want := "command argument " + strconv.Itoa(n) + " looks like a secret"; !strings.Contains(got[i], want) || !strings.HasPrefix(got[i], "channel pager: ") {
				t.Errorf("ArgvWarnings(%q)[%d] = %q, want it to name the channel and say %q", tt.argv, i, got[i], want)
			}
			assertNoSecret(t, got[i], "SECRET", "abc", "pw@")
		}
	}
	// Other channel types are not exec: nothing to warn about.
	if w := ArgvWarnings([]ChannelConfig{{Type: "webhook", Command: []string{"x", "--token=abc"}}}); w != nil {
		t.Errorf("webhook channel warned: %q", w)
	}
}
