// Package smtptest holds SMTP servers for tests, on 127.0.0.1 only. It is
// imported by tests and by nothing the binary runs.
package smtptest

import (
	"bufio"
	"net"
	"strings"
	"sync"
	"time"
)

// StartEcho starts an SMTP server on 127.0.0.1 that refuses every login and
// quotes what the client sent in its 535 reply, as some real servers do:
// the AUTH PLAIN line carries base64("\0user\0password"), the LOGIN
// exchange base64(user) and base64(password). mech is the one mechanism it
// offers, "PLAIN" or "LOGIN". stop closes the listener and waits for every
// connection to end.
func StartEcho(mech string) (port int, stop func(), err error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, nil, err
	}
	var wg sync.WaitGroup
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
				serveEcho(c, mech)
			}()
		}
	}()
	return ln.Addr().(*net.TCPAddr).Port, func() { ln.Close(); wg.Wait() }, nil
}

func serveEcho(c net.Conn, mech string) {
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
}
