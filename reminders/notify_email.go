package reminders

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"fmt"
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
	msg.Subject(nudgeTitle(n))
	msg.SetBodyString(mail.TypeTextPlain, nudgeBody(n)+"\n-- \nSent by mscase reminders.\n")

	opts := []mail.Option{
		mail.WithPort(e.port),
		mail.WithTimeout(e.timeout),
		mail.WithTLSConfig(&tls.Config{ServerName: e.host, RootCAs: e.rootCAs, MinVersion: tls.VersionTLS12}),
	}
	switch e.tlsMode {
	case TLSImplicit:
		opts = append(opts, mail.WithSSL())
	case TLSNone:
		opts = append(opts, mail.WithTLSPolicy(mail.NoTLS))
	default:
		opts = append(opts, mail.WithTLSPolicy(mail.TLSMandatory))
	}
	if e.username != "" {
		// Autodiscover picks the strongest mechanism the server offers and
		// never sends a password in clear over an unencrypted connection.
		opts = append(opts, mail.WithSMTPAuth(mail.SMTPAuthAutoDiscover),
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
		if ctx.Err() == context.DeadlineExceeded {
			err = fmt.Errorf("%w after %s: %w", errTimeout, e.timeout, err)
			tmp = true
		}
		return &SendError{Channel: e.name, Temporary: tmp,
			Err: e.redact.redact(fmt.Errorf("smtp %s:%d: %w", e.host, e.port, err))}
	}
	return nil
}
