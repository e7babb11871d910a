package reminders

import (
	"bufio"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/base64"
	"io"
	"mime"
	"net"
	"net/http"
	"net/http/httptest"
	"net/mail"
	"strings"
	"sync"
	"testing"
	"time"
)

// smtpServer is a small SMTP server on 127.0.0.1 for the email tests:
// EHLO, STARTTLS, implicit TLS, AUTH PLAIN and LOGIN, MAIL, RCPT, DATA,
// RSET, NOOP, QUIT. Delivery is also checked against go-smtp, a server
// the project did not write (notify_email_gosmtp_test.go); this one stays
// for the answers go-smtp will not give: a 451 or 550 on RCPT, AUTH
// offered with no STARTTLS.
type smtpServer struct {
	ln        net.Listener
	tlsConf   *tls.Config
	implicit  bool   // TLS from the first byte
	startTLS  bool   // offer STARTTLS
	authMechs string // "PLAIN LOGIN"; empty: no AUTH offered or needed
	user      string
	pass      string
	rcptReply string // answer RCPT with this instead of 250

	mu    sync.Mutex
	mails []smtpMail
}

type smtpMail struct {
	from   string
	to     []string
	data   string
	tls    bool
	authed string // the user who logged in
}

// testCert is a certificate for 127.0.0.1 and the pool that trusts it.
func testCert(t *testing.T) (tls.Certificate, *x509.CertPool) {
	t.Helper()
	s := httptest.NewTLSServer(http.NotFoundHandler())
	defer s.Close()
	pool := x509.NewCertPool()
	pool.AddCert(s.Certificate())
	return s.TLS.Certificates[0], pool
}

func startSMTP(t *testing.T, s *smtpServer) *smtpServer {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s.ln = ln
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
			go func() { defer wg.Done(); s.serve(c) }()
		}
	}()
	return s
}

func (s *smtpServer) port() int { return s.ln.Addr().(*net.TCPAddr).Port }

func (s *smtpServer) received() []smtpMail {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]smtpMail(nil), s.mails...)
}

func (s *smtpServer) serve(c net.Conn) {
	defer func() { c.Close() }()
	_ = c.SetDeadline(time.Now().Add(10 * time.Second))
	isTLS := false
	if s.implicit {
		c = tls.Server(c, s.tlsConf)
		isTLS = true
	}
	r := bufio.NewReader(c)
	say := func(lines ...string) {
		for _, l := range lines {
			if _, err := io.WriteString(c, l+"\r\n"); err != nil {
				return
			}
		}
	}
	read := func() (string, bool) {
		l, err := r.ReadString('\n')
		return strings.TrimRight(l, "\r\n"), err == nil
	}
	say("220 127.0.0.1 ESMTP test")
	var cur smtpMail
	authed := ""
	for {
		line, ok := read()
		if !ok {
			return
		}
		verb, arg, _ := strings.Cut(line, " ")
		switch strings.ToUpper(verb) {
		case "EHLO", "HELO":
			ext := []string{"250-127.0.0.1 hello", "250-8BITMIME"}
			if s.startTLS && !isTLS {
				ext = append(ext, "250-STARTTLS")
			}
			if s.authMechs != "" {
				ext = append(ext, "250-AUTH "+s.authMechs)
			}
			say(append(ext, "250 HELP")...)
		case "STARTTLS":
			say("220 2.0.0 ready to start TLS")
			tc := tls.Server(c, s.tlsConf)
			if err := tc.Handshake(); err != nil {
				return
			}
			c, r, isTLS = tc, bufio.NewReader(tc), true
		case "AUTH":
			mech, initial, _ := strings.Cut(arg, " ")
			var user, pass string
			switch strings.ToUpper(mech) {
			case "PLAIN":
				if initial == "" {
					say("334 ")
					initial, _ = read()
				}
				b, _ := base64.StdEncoding.DecodeString(initial)
				parts := strings.Split(string(b), "\x00")
				if len(parts) == 3 {
					user, pass = parts[1], parts[2]
				}
			case "LOGIN":
				say("334 VXNlcm5hbWU6")
				u, _ := read()
				say("334 UGFzc3dvcmQ6")
				p, _ := read()
				ub, _ := base64.StdEncoding.DecodeString(u)
				pb, _ := base64.StdEncoding.DecodeString(p)
				user, pass = string(ub), string(pb)
			}
			if user == s.user && pass == s.pass {
				authed = user
				say("235 2.7.0 authentication successful")
			} else {
				say("535 5.7.8 authentication credentials invalid")
			}
		case "MAIL":
			if s.authMechs != "" && authed == "" {
				say("530 5.7.0 authentication required")
				continue
			}
			cur = smtpMail{from: arg, tls: isTLS, authed: authed}
			say("250 2.1.0 ok")
		case "RCPT":
			if s.rcptReply != "" {
				say(s.rcptReply)
				continue
			}
			cur.to = append(cur.to, arg)
			say("250 2.1.5 ok")
		case "DATA":
			say("354 end data with <CR><LF>.<CR><LF>")
			var b strings.Builder
			for {
				l, ok := read()
				if !ok {
					return
				}
				if l == "." {
					break
				}
				b.WriteString(strings.TrimPrefix(l, ".") + "\r\n")
			}
			cur.data = b.String()
			s.mu.Lock()
			s.mails = append(s.mails, cur)
			s.mu.Unlock()
			say("250 2.0.0 queued")
		case "RSET":
			cur = smtpMail{}
			say("250 2.0.0 ok")
		case "NOOP":
			say("250 2.0.0 ok")
		case "QUIT":
			say("221 2.0.0 bye")
			return
		default:
			say("502 5.5.2 command not recognized")
		}
	}
}

const smtpPassword = "hunter2-SMTP-SECRET"

func TestEmailDelivers(t *testing.T) {
	cert, pool := testCert(t)
	tlsConf := &tls.Config{Certificates: []tls.Certificate{cert}}
	tests := []struct {
		name    string
		srv     *smtpServer
		mode    string
		user    string
		wantTLS bool
	}{
		{"starttls auth plain", &smtpServer{tlsConf: tlsConf, startTLS: true, authMechs: "PLAIN", user: "me@example.net", pass: smtpPassword}, "starttls", "me@example.net", true},
		{"starttls auth login", &smtpServer{tlsConf: tlsConf, startTLS: true, authMechs: "LOGIN", user: "me@example.net", pass: smtpPassword}, "", "me@example.net", true},
		{"implicit tls", &smtpServer{tlsConf: tlsConf, implicit: true, authMechs: "PLAIN LOGIN", user: "me@example.net", pass: smtpPassword}, "tls", "me@example.net", true},
		{"no tls local relay", &smtpServer{}, "none", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := startSMTP(t, tt.srv)
			nf := loopbackMailer(t, srv.port(), tt.mode, tt.user, "5s", pool)
			if err := nf.Notify(context.Background(), testNudge()); err != nil {
				t.Fatalf("Notify: %v", err)
			}
			got := srv.received()
			if len(got) != 1 {
				t.Fatalf("server received %d mails, want 1", len(got))
			}
			m := got[0]
			if m.tls != tt.wantTLS || m.authed != tt.user {
				t.Errorf("mail went over tls=%v as %q, want tls=%v as %q", m.tls, m.authed, tt.wantTLS, tt.user)
			}
			if !strings.Contains(m.from, "alerts@example.net") || len(m.to) != 2 || !strings.Contains(m.to[1], "b@example.org") {
				t.Errorf("envelope from %q to %q, want alerts@example.net to both recipients", m.from, m.to)
			}
			msg, err := mail.ReadMessage(strings.NewReader(m.data))
			if err != nil {
				t.Fatalf("received mail does not parse: %v\n%s", err, m.data)
			}
			subject, _ := new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject"))
			if want := nudgeTitle(testNudge()); subject != want {
				t.Errorf("subject = %q, want %q", subject, want)
			}
			if !strings.Contains(subject, "2511250010001234") || !strings.Contains(m.data, "TrackingID: 2511250010001234") {
				t.Errorf("mail does not name the TrackingID:\n%s", m.data)
			}
			assertNoSecret(t, m.data, smtpPassword)
		})
	}
}

func TestEmailFailures(t *testing.T) {
	cert, pool := testCert(t)
	tlsConf := &tls.Config{Certificates: []tls.Certificate{cert}}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	refusedPort := ln.Addr().(*net.TCPAddr).Port
	ln.Close()
	// A server that accepts and never greets.
	silent, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { silent.Close() })
	go func() {
		for {
			c, err := silent.Accept()
			if err != nil {
				return
			}
			t.Cleanup(func() { c.Close() })
		}
	}()

	tests := []struct {
		name      string
		srv       *smtpServer // nil: use port
		port      int
		pool      *x509.CertPool
		pass      string
		retryable bool
		want      string
	}{
		{"wrong password", &smtpServer{tlsConf: tlsConf, startTLS: true, authMechs: "PLAIN", user: "me@example.net", pass: "other"}, 0, pool, smtpPassword, false, "535"},
		{"greylisted", &smtpServer{tlsConf: tlsConf, startTLS: true, authMechs: "PLAIN", user: "me@example.net", pass: smtpPassword, rcptReply: "451 4.7.1 greylisted, try again later"}, 0, pool, smtpPassword, true, "451"},
		{"recipient rejected", &smtpServer{tlsConf: tlsConf, startTLS: true, authMechs: "PLAIN", user: "me@example.net", pass: smtpPassword, rcptReply: "550 5.1.1 no such user"}, 0, pool, smtpPassword, false, "550"},
		{"no starttls offered", &smtpServer{authMechs: "PLAIN", user: "me@example.net", pass: smtpPassword}, 0, pool, smtpPassword, false, "STARTTLS"},
		{"untrusted certificate", &smtpServer{tlsConf: tlsConf, startTLS: true, authMechs: "PLAIN", user: "me@example.net", pass: smtpPassword}, 0, x509.NewCertPool(), smtpPassword, false, "certificate"},
		{"refused", nil, refusedPort, pool, smtpPassword, true, "refused"},
		{"silent server", nil, silent.Addr().(*net.TCPAddr).Port, pool, smtpPassword, true, "timed out"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			port := tt.port
			if tt.srv != nil {
				port = startSMTP(t, tt.srv).port()
			}
			cfg := ChannelConfig{Name: "mail", Type: "email", SMTPHost: "127.0.0.1", SMTPPort: port,
				Username: "me@example.net", Password: tt.pass, From: "alerts@example.net", To: []string{"admin@example.org"},
				Timeout: "10s"}
			if tt.name == "silent server" {
				// Only the silent server needs a short timeout; the others
				// answer, and under load a TLS handshake can take longer
				// than 300ms, which would turn their error into a timeout.
				cfg.Timeout = "300ms"
			}
			nf := buildOne(t, cfg, Secrets{FilePrivate: true})
			nf.(*emailNotifier).rootCAs = tt.pool
			err := nf.Notify(context.Background(), testNudge())
			if err == nil {
				t.Fatal("Notify succeeded, want an error")
			}
			msg := err.Error()
			t.Logf("%s: %s", tt.name, msg)
			if got := Retryable(err); got != tt.retryable {
				t.Errorf("Retryable(%q) = %v, want %v", msg, got, tt.retryable)
			}
			if !strings.HasPrefix(msg, "channel mail: ") || !strings.Contains(msg, tt.want) {
				t.Errorf("error %q, want it to name the channel and contain %q", msg, tt.want)
			}
			assertNoSecret(t, msg, tt.pass, base64.StdEncoding.EncodeToString([]byte(tt.pass)))
			if tt.srv != nil && len(tt.srv.received()) != 0 {
				t.Errorf("server received a mail despite %s", tt.name)
			}
		})
	}
}

// TestNudgeTexts pins the texts every channel sends, so a change shows in review.
func TestNudgeTexts(t *testing.T) {
	n := testNudge()
	title := nudgeTitle(n)
	if title != "mscase: TrackingID 2511250010001234, case 7: stalled (late)" {
		t.Errorf("title = %q", title)
	}
	body := nudgeBody(n)
	for _, want := range []string{"Why: " + n.Why, "Do: " + n.Action, "TrackingID: 2511250010001234", "Case: 7 (contoso.com)", "Stage: dpt-review", "Due: 2026-11-27T15:00:00+09:00"} {
		if !strings.Contains(body, want) {
			t.Errorf("body lacks %q:\n%s", want, body)
		}
	}
	n.TrackingID = ""
	if got := nudgeTitle(n); !strings.Contains(got, "TrackingID (none yet)") {
		t.Errorf("title without TrackingID = %q", got)
	}
}

// loopbackMailer is the email channel of the delivery tests: a server on
// 127.0.0.1:port, the given TLS mode, AUTH as user (with smtpPassword from
// the environment) when user is set, and pool as the trusted roots.
func loopbackMailer(t *testing.T, port int, mode, user, timeout string, pool *x509.CertPool) Notifier {
	t.Helper()
	cfg := ChannelConfig{Name: "mail", Type: "email", SMTPHost: "127.0.0.1", SMTPPort: port, TLS: mode,
		Username: user, From: "mscase <alerts@example.net>", To: []string{"admin@example.org", "Backup <b@example.org>"},
		Timeout: timeout}
	sec := Secrets{}
	if user != "" {
		cfg.PasswordEnv = "SMTP_PW"
		sec.Getenv = env("SMTP_PW", smtpPassword)
	}
	nf := buildOne(t, cfg, sec)
	nf.(*emailNotifier).rootCAs = pool
	return nf
}
