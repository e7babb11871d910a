package reminders

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/base64"
	"strings"
	"testing"
	"time"

	"github.com/mscase/mscase/internal/smtptest"
)

// These tests send the email nudge to github.com/emersion/go-smtp, an SMTP
// server the project did not write, so that STARTTLS, AUTH and DATA are
// checked against someone else's reading of the RFCs. The hand-written
// smtpServer in notify_email_test.go stays for the replies go-smtp will
// not give (greylisting on RCPT, a server with no STARTTLS that still
// offers AUTH); smtptest.StartEcho for the 535 that quotes the password.

// goSMTPCert is a certificate for 127.0.0.1 made here with crypto/x509,
// served by go-smtp, and the pool the notifier trusts it through.
func goSMTPCert(t *testing.T) (*tls.Config, *x509.CertPool) {
	t.Helper()
	cert, _, pool, err := smtptest.Cert(time.Now())
	if err != nil {
		t.Fatal(err)
	}
	return &tls.Config{Certificates: []tls.Certificate{cert}}, pool
}

func TestEmailDeliversToGoSMTP(t *testing.T) {
	tlsConf, pool := goSMTPCert(t)
	const user = "me@example.net"
	tests := []struct {
		name    string
		opts    smtptest.Options
		mode    string // the channel's tls setting
		user    string
		wantTLS bool
	}{
		{"plain relay, no auth", smtptest.Options{}, "none", "", false},
		{"plain relay, auth plain on loopback", smtptest.Options{Mechs: []string{"PLAIN"}, User: user, Pass: smtpPassword, InsecureAuth: true}, "none", user, false},
		{"starttls, no auth", smtptest.Options{TLS: tlsConf}, "starttls", "", true},
		{"starttls, auth plain", smtptest.Options{TLS: tlsConf, Mechs: []string{"PLAIN"}, User: user, Pass: smtpPassword}, "starttls", user, true},
		{"starttls, auth login", smtptest.Options{TLS: tlsConf, Mechs: []string{"LOGIN"}, User: user, Pass: smtpPassword}, "", user, true},
		{"implicit tls, auth plain or login", smtptest.Options{TLS: tlsConf, Implicit: true, Mechs: []string{"PLAIN", "LOGIN"}, User: user, Pass: smtpPassword}, "tls", user, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv, err := smtptest.Start(tt.opts)
			if err != nil {
				t.Fatal(err)
			}
			defer srv.Close()
			nf := loopbackMailer(t, srv.Port, tt.mode, tt.user, "10s", pool)
			n := testNudge()
			if err := nf.Notify(context.Background(), n); err != nil {
				t.Fatalf("Notify: %v", err)
			}
			got := srv.Mails()
			if len(got) != 1 {
				t.Fatalf("go-smtp received %d mails, want 1", len(got))
			}
			m := got[0]
			if m.TLS != tt.wantTLS || m.User != tt.user {
				t.Errorf("mail went over tls=%v as %q, want tls=%v as %q", m.TLS, m.User, tt.wantTLS, tt.user)
			}
			if m.From != "alerts@example.net" || strings.Join(m.To, ",") != "admin@example.org,b@example.org" {
				t.Errorf("envelope MAIL FROM %q RCPT TO %q, want alerts@example.net to admin@example.org,b@example.org", m.From, m.To)
			}
			msg, err := smtptest.Parse(m.Data)
			if err != nil {
				t.Fatalf("received mail does not parse with net/mail and mime: %v\n%s", err, m.Data)
			}
			if want := nudgeTitle(n); msg.Subject != want {
				t.Errorf("Subject = %q, want %q", msg.Subject, want)
			}
			if !msg.Date.Equal(n.Due) {
				t.Errorf("Date = %v, want the nudge's due instant %v", msg.Date, n.Due)
			}
			if msg.From.Address != "alerts@example.net" || msg.From.Name != "mscase" || len(msg.To) != 2 || msg.To[1].Name != "Backup" {
				t.Errorf("From %v To %v, want mscase <alerts@example.net> to two, one named Backup", msg.From, msg.To)
			}
			if msg.MIMEType != "text/plain" || !strings.EqualFold(msg.Charset, "utf-8") {
				t.Errorf("Content-Type %s charset %q, want text/plain utf-8", msg.MIMEType, msg.Charset)
			}
			if !strings.Contains(msg.Body, nudgeBody(n)) {
				t.Errorf("body does not carry the nudge text:\n%s\nwant it to contain:\n%s", msg.Body, nudgeBody(n))
			}
			assertNoSecret(t, string(m.Data), smtpPassword, base64.StdEncoding.EncodeToString([]byte(smtpPassword)))
		})
	}
}

// TestEmailLoginRefusedByGoSMTP: go-smtp's 535 for a wrong password is a
// clear, permanent error that names the channel and never the password,
// and no mail goes through.
func TestEmailLoginRefusedByGoSMTP(t *testing.T) {
	tlsConf, pool := goSMTPCert(t)
	const wrong = "not-the-Pa55word"
	for _, mech := range []string{"PLAIN", "LOGIN"} {
		t.Run(mech, func(t *testing.T) {
			srv, err := smtptest.Start(smtptest.Options{TLS: tlsConf, Mechs: []string{mech}, User: "me@example.net", Pass: smtpPassword})
			if err != nil {
				t.Fatal(err)
			}
			defer srv.Close()
			cfg := ChannelConfig{Name: "mail", Type: "email", SMTPHost: "127.0.0.1", SMTPPort: srv.Port,
				Username: "me@example.net", Password: wrong, From: "alerts@example.net", To: []string{"admin@example.org"},
				Timeout: "10s"}
			nf := buildOne(t, cfg, Secrets{FilePrivate: true})
			nf.(*emailNotifier).rootCAs = pool
			err = nf.Notify(context.Background(), testNudge())
			if err == nil {
				t.Fatal("Notify succeeded with a wrong password")
			}
			msg := err.Error()
			t.Log(msg)
			if !strings.HasPrefix(msg, "channel mail: smtp 127.0.0.1:") || !strings.Contains(msg, "535") {
				t.Errorf("error %q, want it to name the channel and server and carry the 535", msg)
			}
			if Retryable(err) {
				t.Errorf("a refused login is retryable: %q", msg)
			}
			if srv.FailedLogins() != 1 {
				t.Errorf("go-smtp saw %d failed logins, want 1 (no retry with the same password)", srv.FailedLogins())
			}
			assertNoSecret(t, msg, wrong, base64.StdEncoding.EncodeToString([]byte(wrong)),
				base64.StdEncoding.EncodeToString([]byte("\x00me@example.net\x00"+wrong)))
			if n := len(srv.Mails()); n != 0 {
				t.Errorf("go-smtp received %d mails after a refused login", n)
			}
		})
	}
}
