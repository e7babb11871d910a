package main

import (
	"crypto/tls"
	"fmt"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/mscase/mscase/internal/smtptest"
	"github.com/rogpeppe/go-internal/testscript"
)

// smtpServers are the go-smtp servers the running scripts started, by
// script and name.
var smtpServers sync.Map // smtpKey → *smtptest.Server

type smtpKey struct {
	ts   *testscript.TestScript
	name string
}

func init() {
	// smtpserver NAME [starttls CAFILE] [auth MECH USER PASS]: start
	// github.com/emersion/go-smtp, an SMTP server the project did not
	// write, on 127.0.0.1 in the test process; its port goes into
	// $NAME_PORT. starttls offers STARTTLS with a certificate made here and
	// writes that certificate to CAFILE (for SSL_CERT_FILE); auth requires
	// a login with MECH (PLAIN or LOGIN) as USER with PASS. Without
	// starttls, AUTH is allowed in the clear, as on a loopback relay.
	scriptCmds["smtpserver"] = func(ts *testscript.TestScript, neg bool, args []string) {
		if neg || len(args) < 1 {
			ts.Fatalf("usage: smtpserver NAME [starttls CAFILE] [auth MECH USER PASS]")
		}
		name, rest := args[0], args[1:]
		var o smtptest.Options
		for len(rest) > 0 {
			switch {
			case rest[0] == "starttls" && len(rest) >= 2:
				cert, pem, _, err := smtptest.Cert(time.Now())
				ts.Check(err)
				ts.Check(os.WriteFile(ts.MkAbs(rest[1]), pem, 0o600))
				o.TLS = &tls.Config{Certificates: []tls.Certificate{cert}}
				rest = rest[2:]
			case rest[0] == "auth" && len(rest) >= 4:
				o.Mechs, o.User, o.Pass = []string{rest[1]}, rest[2], rest[3]
				rest = rest[4:]
			default:
				ts.Fatalf("smtpserver: unexpected %q", rest[0])
			}
		}
		o.InsecureAuth = o.TLS == nil
		srv, err := smtptest.Start(o)
		ts.Check(err)
		smtpServers.Store(smtpKey{ts, name}, srv)
		ts.Defer(func() { srv.Close(); smtpServers.Delete(smtpKey{ts, name}) })
		ts.Setenv(name+"_PORT", strconv.Itoa(srv.Port))
	}
	// smtpmails NAME COUNT: server NAME received COUNT mails; each is read
	// back with net/mail and mime (smtptest.Parse) and printed to stdout as
	// "envelope", "tls", "user", "subject", "date", "from", "to",
	// "content-type" lines, then the decoded body, so the script checks
	// what a mail reader would show. No login was refused unless "failed N"
	// follows: smtpmails NAME COUNT failed N.
	scriptCmds["smtpmails"] = func(ts *testscript.TestScript, neg bool, args []string) {
		if neg || (len(args) != 2 && len(args) != 4) {
			ts.Fatalf("usage: smtpmails NAME COUNT [failed N]")
		}
		v, ok := smtpServers.Load(smtpKey{ts, args[0]})
		if !ok {
			ts.Fatalf("smtpmails: no server %s", args[0])
		}
		srv := v.(*smtptest.Server)
		want, err := strconv.Atoi(args[1])
		ts.Check(err)
		wantFailed := 0
		if len(args) == 4 {
			wantFailed, err = strconv.Atoi(args[3])
			ts.Check(err)
		}
		if got := srv.FailedLogins(); got != wantFailed {
			ts.Fatalf("server %s refused %d logins, want %d", args[0], got, wantFailed)
		}
		mails := srv.Mails()
		if len(mails) != want {
			ts.Fatalf("server %s received %d mails, want %d", args[0], len(mails), want)
		}
		w := ts.Stdout()
		for _, m := range mails {
			msg, err := smtptest.Parse(m.Data)
			if err != nil {
				ts.Fatalf("received mail does not parse with net/mail and mime: %v\n%s", err, m.Data)
			}
			to := make([]string, len(msg.To))
			for i, a := range msg.To {
				to[i] = a.String()
			}
			fmt.Fprintf(w, "envelope\t%s -> %s\ntls\t%v\nuser\t%s\nsubject\t%s\ndate\t%s\nfrom\t%s\nto\t%s\ncontent-type\t%s; charset=%s\n\n%s\n",
				m.From, strings.Join(m.To, ","), m.TLS, m.User, msg.Subject, msg.Date.Format(time.RFC3339),
				msg.From, strings.Join(to, ","), msg.MIMEType, msg.Charset, msg.Body)
		}
	}
}
