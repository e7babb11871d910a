package main

import (
	"strconv"

	"github.com/mscase/mscase/internal/smtptest"
	"github.com/rogpeppe/go-internal/testscript"
)

func init() {
	// smtpecho VAR: start an SMTP server on 127.0.0.1 that refuses every
	// login and quotes the client's AUTH exchange (base64 of user and
	// password) in its 535 reply; its port goes into $VAR.
	scriptCmds["smtpecho"] = func(ts *testscript.TestScript, neg bool, args []string) {
		if len(args) != 1 {
			ts.Fatalf("usage: smtpecho VAR")
		}
		port, stop, err := smtptest.StartEcho("PLAIN")
		ts.Check(err)
		ts.Defer(stop)
		ts.Setenv(args[0], strconv.Itoa(port))
	}
}
