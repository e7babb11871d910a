package reminders

import (
	"bufio"
	"context"
	"encoding/base64"
	"net"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// echoSMTP is an SMTP server on 127.0.0.1 that refuses every login and
// quotes what the client sent in its 535 reply, as some servers do: the
// AUTH PLAIN line carries base64("\0user\0password"), the LOGIN exchange
// base64(user) and base64(password).
func echoSMTP(t *testing.T, mech string) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	t.Cleanup(func() { ln.Close(); wg.Wait() })
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			wg.Add(1)
			go func() {
				defer wg.Done()
				defer c.Close()
				_ = c.SetDeadline(time.Now().Add(5 * time.Second))
				r := bufio.NewReader(c)
				say := func(s string) { _, _ = c.Write([]byte(s + "\r\n")) }
				read := func() string { l, _ := r.ReadString('\n'); return strings.TrimRight(l, "\r\n") }
				say("220 127.0.0.1 ESMTP echo")
				for {
					line := read()
					verb, _, _ := strings.Cut(line, " ")
					switch strings.ToUpper(verb) {
					case "EHLO", "HELO":
						say("250-127.0.0.1 hello")
						say("250 AUTH " + mech)
					case "AUTH":
						got := line
						if strings.EqualFold(mech, "LOGIN") {
							say("334 VXNlcm5hbWU6")
							got += " " + read()
							say("334 UGFzc3dvcmQ6")
							got += " " + read()
						}
						say("535 5.7.8 authentication failed for <" + got + ">")
					case "QUIT", "":
						say("221 bye")
						return
					default:
						say("502 5.5.2 not recognized")
					}
				}
			}()
		}
	}()
	return ln.Addr().(*net.TCPAddr).Port
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
