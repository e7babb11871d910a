package reminders

import (
	"context"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"encoding/hex"
	"fmt"
	"net"
	netmail "net/mail"
	"strings"
	"time"

	mail "github.com/wneessen/go-mail"
)

// The email TLS modes.
const (
	TLSStartTLS = "starttls" // plain connection upgraded with STARTTLS (port 587); the default
	TLSImplicit = "tls"      // TLS from the first byte (port 465)
	TLSNone     = "none"     // no encryption (a local relay on port 25)
)

// defaultSMTPPort is the usual port for each TLS mode.
var defaultSMTPPort = map[string]int{TLSStartTLS: 587, TLSImplicit: 465, TLSNone: 25}

// emailNotifier sends each nudge as a plain-text mail over SMTP.
type emailNotifier struct {
	name     string
	host     string
	port     int
	tlsMode  string
	username string
	password string // secret
	from     string
	to       []string
	timeout  time.Duration
	rootCAs  *x509.CertPool // nil: the system roots; tests set their own
	redact   redactor
	now      func() time.Time // the Date header; nil: the nudge's due instant
	texts    texts
}

var _ Notifier = (*emailNotifier)(nil)

func (e *emailNotifier) Notify(ctx context.Context, n Nudge) error {
	msg := mail.NewMsg()
	if err := msg.From(e.from); err != nil {
		return &SendError{Channel: e.name, Err: fmt.Errorf("from address %q: %w", e.from, err)}
	}
	if err := msg.To(e.to...); err != nil {
		return &SendError{Channel: e.name, Err: fmt.Errorf("to address: %w", err)}
	}
	t := e.texts.of(n)
	msg.Subject(t.Title)
	// Dated by the nudge's clock, which honours MSCASE_NOW, not the wall
	// clock go-mail would read.
	date := n.Due
	if e.now != nil {
		date = e.now()
	}
	msg.SetDateWithValue(date)
	msg.SetMessageIDWithValue(messageID(e.from))
	msg.SetBodyString(mail.TypeTextPlain, t.Body+"\n-- \n"+t.Footer+"\n")

	tlsConf := &tls.Config{ServerName: e.host, RootCAs: e.rootCAs, MinVersion: tls.VersionTLS12}
	// Dial ourselves so the connection is closed whatever happens: go-mail
	// leaves it open when the greeting, STARTTLS or login fails.
	var conn net.Conn
	defer func() {
		if conn != nil {
			_ = conn.Close()
		}
	}()
	dial := func(ctx context.Context, network, addr string) (net.Conn, error) {
		var d net.Dialer
		var err error
		if e.tlsMode == TLSImplicit {
			conn, err = (&tls.Dialer{NetDialer: &d, Config: tlsConf}).DialContext(ctx, network, addr)
		} else {
			conn, err = d.DialContext(ctx, network, addr)
		}
		return conn, err
	}
	opts := []mail.Option{
		mail.WithPort(e.port),
		mail.WithTimeout(e.timeout),
		mail.WithTLSConfig(tlsConf),
		mail.WithDialContextFunc(dial),
	}
	if e.tlsMode == TLSStartTLS {
		opts = append(opts, mail.WithTLSPolicy(mail.TLSMandatory))
	} else {
		// Implicit TLS is done by dial; none means none.
		opts = append(opts, mail.WithTLSPolicy(mail.NoTLS))
	}
	if e.username != "" {
		// The strongest mechanism the server offers. PLAIN and LOGIN refuse
		// to send the password over an unencrypted connection (except to
		// localhost).
		opts = append(opts,
			mail.WithOpportunisticSMTPAuth(mail.SMTPAuthSCRAMSHA256, mail.SMTPAuthSCRAMSHA1,
				mail.SMTPAuthCramMD5, mail.SMTPAuthPlain, mail.SMTPAuthLogin),
			mail.WithUsername(e.username), mail.WithPassword(e.password))
	}
	client, err := mail.NewClient(e.host, opts...)
	if err != nil {
		return &SendError{Channel: e.name, Err: e.redact.redact(fmt.Errorf("smtp %s: %w", e.host, err))}
	}
	ctx, cancel := context.WithTimeout(ctx, e.timeout)
	defer cancel()
	if err := client.DialAndSendWithContext(ctx, msg); err != nil {
		tmp := temporary(err)
		if timedOut(ctx, err) {
			err = fmt.Errorf("%w after %s: %w", errTimeout, e.timeout, err)
			tmp = true
		}
		return &SendError{Channel: e.name, Temporary: tmp,
			Err: e.redact.redact(fmt.Errorf("smtp %s:%d: %w", e.host, e.port, err))}
	}
	return nil
}

// messageID is a Message-ID (RFC 5322 §3.6.4) under the sender's own domain
// (or mscase.invalid when it has none): go-mail's default ends in the bare
// host name, which is not a domain and tells the world the machine's name.
func messageID(from string) string {
	domain := "mscase.invalid"
	if a, err := netmail.ParseAddress(from); err == nil {
		if _, d, ok := strings.Cut(a.Address, "@"); ok && validIDDomain(d) {
			domain = strings.ToLower(d)
		}
	}
	var b [16]byte
	_, _ = rand.Read(b[:])
	return "mscase." + hex.EncodeToString(b[:]) + "@" + domain
}

// validIDDomain accepts a dot-atom domain: letters, digits, hyphens, dots.
func validIDDomain(d string) bool {
	if d == "" || len(d) > 253 || strings.HasPrefix(d, ".") || strings.HasSuffix(d, ".") || strings.Contains(d, "..") {
		return false
	}
	for _, r := range d {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '.') {
			return false
		}
	}
	return true
}
