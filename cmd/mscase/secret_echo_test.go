package main

import (
	"bufio"
	"net"
	"strconv"
	"strings"
	"time"

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
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		ts.Check(err)
		ts.Defer(func() { ln.Close() })
		go func() {
			for {
				c, err := ln.Accept()
				if err != nil {
					return
				}
				go serveEchoSMTP(c)
			}
		}()
		ts.Setenv(args[0], strconv.Itoa(ln.Addr().(*net.TCPAddr).Port))
	}
}

func serveEchoSMTP(c net.Conn) {
	defer c.Close()
	_ = c.SetDeadline(time.Now().Add(10 * time.Second))
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
			say("250 AUTH PLAIN")
		case "AUTH":
			say("535 5.7.8 authentication failed for <" + line + ">")
		case "QUIT", "":
			say("221 bye")
			return
		default:
			say("502 5.5.2 not recognized")
		}
	}
}
