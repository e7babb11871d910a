package main

import (
	"fmt"
	"os"
	"regexp"
	"strconv"
	"unicode/utf8"

	"github.com/rogpeppe/go-internal/testscript"
)

func init() {
	// unescape IN OUT: write IN to OUT with \e, \a, \0, \xNN and \uNNNN
	// turned into the raw bytes they name, so hostile test input can be
	// kept readable in a .txtar. \xNN writes the single byte (invalid UTF-8
	// for 80-ff); \uNNNN writes the rune in UTF-8.
	scriptCmds["unescape"] = func(ts *testscript.TestScript, neg bool, args []string) {
		if len(args) != 2 {
			ts.Fatalf("usage: unescape IN OUT")
		}
		in, err := os.ReadFile(ts.MkAbs(args[0]))
		ts.Check(err)
		ts.Check(os.WriteFile(ts.MkAbs(args[1]), unescapeTest(in), 0o600))
	}
	// nocontrol stdout|stderr|FILE: fail if the text holds a byte a
	// terminal could act on. This is the acceptance check of issue 9,
	// written without safetext so that it does not check safetext against
	// itself.
	scriptCmds["nocontrol"] = func(ts *testscript.TestScript, neg bool, args []string) {
		if len(args) != 1 {
			ts.Fatalf("usage: nocontrol stdout|stderr|FILE")
		}
		var b []byte
		switch args[0] {
		case "stdout", "stderr":
			b = []byte(ts.ReadFile(args[0]))
		default:
			var err error
			b, err = os.ReadFile(ts.MkAbs(args[0]))
			ts.Check(err)
		}
		at, what := firstTerminalControl(b)
		if neg {
			if at < 0 {
				ts.Fatalf("%s holds no control character", args[0])
			}
			return
		}
		if at >= 0 {
			ts.Fatalf("%s holds %s at byte %d: %q", args[0], what, at, b[max(0, at-20):min(len(b), at+20)])
		}
	}
}

var reTestEscape = regexp.MustCompile(`\\(e|a|0|x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4})`)

func unescapeTest(in []byte) []byte {
	return reTestEscape.ReplaceAllFunc(in, func(m []byte) []byte {
		switch m[1] {
		case 'e':
			return []byte{0x1b}
		case 'a':
			return []byte{0x07}
		case '0':
			return []byte{0}
		case 'x':
			n, _ := strconv.ParseUint(string(m[2:]), 16, 8)
			return []byte{byte(n)}
		}
		n, _ := strconv.ParseUint(string(m[2:]), 16, 32)
		return utf8.AppendRune(nil, rune(n))
	})
}

// firstTerminalControl finds the first ESC, BEL or other C0 control
// (newline, tab and carriage return aside), DEL, C1 control (as a raw
// byte or UTF-8 encoded) or bidi control in b.
func firstTerminalControl(b []byte) (int, string) {
	for i := 0; i < len(b); {
		c := b[i]
		if c < 0x80 {
			if (c < 0x20 && c != '\n' && c != '\t' && c != '\r') || c == 0x7f {
				return i, fmt.Sprintf("control byte 0x%02x", c)
			}
			i++
			continue
		}
		r, size := utf8.DecodeRune(b[i:])
		switch {
		case r == utf8.RuneError && size == 1 && c <= 0x9f:
			return i, fmt.Sprintf("raw C1 byte 0x%02x", c)
		case r >= 0x80 && r <= 0x9f:
			return i, fmt.Sprintf("C1 control U+%04X", r)
		case (r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069):
			return i, fmt.Sprintf("bidi control U+%04X", r)
		}
		i += size
	}
	return -1, ""
}
