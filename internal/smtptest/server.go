package smtptest

// Why two SMTP servers live here. Server is github.com/emersion/go-smtp, a
// maintained SMTP server the project did not write: when mscase's email
// notifier (go-mail on the client side) gets a mail through it, the
// protocol has been checked by someone else's reading of RFC 5321, RFC
// 3207 (STARTTLS) and RFC 4954 (AUTH), not by our own. StartEcho, in
// echo.go, stays because it does what a well-behaved server never does:
// it quotes the client's AUTH exchange back in its 535 reply, the hostile
// answer the redaction of secrets has to survive.

import (
	"bytes"
	"crypto/tls"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"log"
	"mime"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// Options say what a Server offers.
type Options struct {
	// TLS, when set, is offered as STARTTLS, or from the first byte when
	// Implicit is set.
	TLS      *tls.Config
	Implicit bool
	// Mechs are the AUTH mechanisms offered ("PLAIN", "LOGIN"); empty: no
	// AUTH, and mail is accepted from anyone. When set, MAIL FROM needs a
	// login as User with Pass, and a wrong one gets go-smtp's 535.
	Mechs      []string
	User, Pass string
	// InsecureAuth allows AUTH before TLS (a local relay on port 25).
	InsecureAuth bool
}

// Mail is one message as the server received it.
type Mail struct {
	From string
	To   []string
	Data []byte // as received after DATA, CRLF line ends
	TLS  bool   // the session was encrypted when DATA came
	User string // who logged in; empty: nobody
}

// Server is a go-smtp server on 127.0.0.1.
type Server struct {
	Port int
	srv  *smtp.Server
	done chan struct{}

	mu     sync.Mutex
	mails  []Mail
	failed int // failed logins
}

// Start starts a go-smtp server on a free port of 127.0.0.1. Close stops it.
func Start(o Options) (*Server, error) {
	var ln net.Listener
	var err error
	if o.Implicit && o.TLS != nil {
		ln, err = tls.Listen("tcp", "127.0.0.1:0", o.TLS)
	} else {
		ln, err = net.Listen("tcp", "127.0.0.1:0")
	}
	if err != nil {
		return nil, err
	}
	s := &Server{Port: ln.Addr().(*net.TCPAddr).Port, done: make(chan struct{})}
	srv := smtp.NewServer(smtp.BackendFunc(func(c *smtp.Conn) (smtp.Session, error) {
		return &session{s: s, o: o, c: c}, nil
	}))
	srv.Domain = "127.0.0.1"
	srv.ReadTimeout = 10 * time.Second
	srv.WriteTimeout = 10 * time.Second
	srv.MaxMessageBytes = 1 << 20
	srv.AllowInsecureAuth = o.InsecureAuth
	// A client that gives up (an untrusted certificate, a refused login)
	// is what the tests are about, not news for the test log.
	srv.ErrorLog = log.New(io.Discard, "", 0)
	if !o.Implicit {
		srv.TLSConfig = o.TLS
	}
	s.srv = srv
	go func() { _ = srv.Serve(ln); close(s.done) }()
	return s, nil
}

// Close stops the server and waits for it.
func (s *Server) Close() {
	_ = s.srv.Close()
	<-s.done
}

// Mails returns the messages received so far.
func (s *Server) Mails() []Mail {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Mail(nil), s.mails...)
}

// FailedLogins counts the logins refused with 535.
func (s *Server) FailedLogins() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.failed
}

type session struct {
	s    *Server
	o    Options
	c    *smtp.Conn
	user string
	cur  Mail
}

var _ smtp.AuthSession = (*session)(nil)

func (ss *session) AuthMechanisms() []string { return ss.o.Mechs }

func (ss *session) Auth(mech string) (sasl.Server, error) {
	check := func(user, pass string) error {
		if user != ss.o.User || pass != ss.o.Pass {
			ss.s.mu.Lock()
			ss.s.failed++
			ss.s.mu.Unlock()
			return smtp.ErrAuthFailed
		}
		ss.user = user
		return nil
	}
	offered := false
	for _, m := range ss.o.Mechs {
		offered = offered || m == mech
	}
	if !offered {
		return nil, smtp.ErrAuthUnknownMechanism
	}
	switch mech {
	case sasl.Plain:
		return sasl.NewPlainServer(func(identity, user, pass string) error {
			if identity != "" && identity != user {
				return smtp.ErrAuthFailed
			}
			return check(user, pass)
		}), nil
	case sasl.Login:
		return &loginServer{check: check}, nil
	}
	return nil, smtp.ErrAuthUnknownMechanism
}

func (ss *session) Mail(from string, _ *smtp.MailOptions) error {
	if len(ss.o.Mechs) > 0 && ss.user == "" {
		return smtp.ErrAuthRequired
	}
	ss.cur = Mail{From: from, User: ss.user}
	return nil
}

func (ss *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	ss.cur.To = append(ss.cur.To, to)
	return nil
}

func (ss *session) Data(r io.Reader) error {
	b, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	_, isTLS := ss.c.TLSConnectionState()
	m := ss.cur
	m.Data, m.TLS = b, isTLS
	ss.s.mu.Lock()
	ss.s.mails = append(ss.s.mails, m)
	ss.s.mu.Unlock()
	return nil
}

func (ss *session) Reset()        { ss.cur = Mail{} }
func (ss *session) Logout() error { return nil }

// loginServer is the server side of AUTH LOGIN (draft-murchison-sasl-login),
// which go-sasl offers only as a client: two challenges, "Username:" and
// "Password:", each answered with one base64 line.
type loginServer struct {
	check func(user, pass string) error
	user  *string
}

func (l *loginServer) Next(response []byte) (challenge []byte, done bool, err error) {
	switch {
	case l.user == nil && response == nil:
		return []byte("Username:"), false, nil
	case l.user == nil:
		u := string(response)
		l.user = &u
		return []byte("Password:"), false, nil
	case response == nil:
		return nil, false, errors.New("smtptest: LOGIN wants a password")
	default:
		return nil, true, l.check(*l.user, string(response))
	}
}

// Message is a received mail read back with net/mail and mime: the way a
// mail reader would, not the way mscase wrote it.
type Message struct {
	Header   mail.Header
	Subject  string // RFC 2047 words decoded
	Date     time.Time
	From     *mail.Address
	To       []*mail.Address
	MIMEType string // from Content-Type, e.g. text/plain
	Charset  string
	Body     string // Content-Transfer-Encoding undone
}

// Parse reads one received mail with net/mail and mime, and refuses what a
// mail reader would trip on: a header that does not parse, an undecodable
// subject, a Date or address that is not RFC 5322, a Content-Type or
// transfer encoding it cannot undo.
func Parse(data []byte) (*Message, error) {
	msg, err := mail.ReadMessage(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("read message: %w", err)
	}
	m := &Message{Header: msg.Header}
	dec := new(mime.WordDecoder)
	if m.Subject, err = dec.DecodeHeader(msg.Header.Get("Subject")); err != nil {
		return nil, fmt.Errorf("subject: %w", err)
	}
	if m.Date, err = msg.Header.Date(); err != nil {
		return nil, fmt.Errorf("date: %w", err)
	}
	if m.From, err = mail.ParseAddress(msg.Header.Get("From")); err != nil {
		return nil, fmt.Errorf("from: %w", err)
	}
	if m.To, err = msg.Header.AddressList("To"); err != nil {
		return nil, fmt.Errorf("to: %w", err)
	}
	var params map[string]string
	if m.MIMEType, params, err = mime.ParseMediaType(msg.Header.Get("Content-Type")); err != nil {
		return nil, fmt.Errorf("content-type: %w", err)
	}
	m.Charset = params["charset"]
	var body io.Reader = msg.Body
	switch cte := strings.ToLower(msg.Header.Get("Content-Transfer-Encoding")); cte {
	case "quoted-printable":
		body = quotedprintable.NewReader(body)
	case "base64":
		body = base64.NewDecoder(base64.StdEncoding, body)
	case "", "7bit", "8bit":
	default:
		return nil, fmt.Errorf("content-transfer-encoding %q", cte)
	}
	b, err := io.ReadAll(body)
	if err != nil {
		return nil, fmt.Errorf("body: %w", err)
	}
	if !utf8.Valid(b) {
		return nil, errors.New("body: not UTF-8")
	}
	m.Body = strings.ReplaceAll(string(b), "\r\n", "\n")
	return m, nil
}
