// Package icscheck checks an iCalendar file byte by byte against the parts
// of RFC 5545 that calendar apps are strict about, independently of the
// library that wrote it: CRLF line endings (§3.1), lines of at most 75
// octets folded without splitting a UTF-8 sequence (§3.1), no control
// characters but HTAB in a content line (§3.3.11), and a UID on every
// VEVENT that is unique in the file (§3.8.4.7). It is for tests; it imports
// nothing of ours.
package icscheck

import (
	"bytes"
	"fmt"
	"strings"
	"unicode/utf8"
)

// Event is one VEVENT's properties after unfolding, by name (parameters
// dropped), with TEXT escapes still in place.
type Event map[string]string

// Check returns the events of b, or the first way b breaks the rules.
func Check(b []byte) ([]Event, error) {
	if len(b) == 0 {
		return nil, fmt.Errorf("empty file")
	}
	if !bytes.HasSuffix(b, []byte("\r\n")) {
		return nil, fmt.Errorf("the file does not end with CRLF")
	}
	phys := strings.Split(strings.TrimSuffix(string(b), "\r\n"), "\r\n")
	var lines []string
	for i, l := range phys {
		n := i + 1
		if strings.ContainsAny(l, "\r\n") {
			return nil, fmt.Errorf("line %d: a bare CR or LF (lines must end in CRLF): %q", n, l)
		}
		if len(l) > 75 {
			return nil, fmt.Errorf("line %d: %d octets, more than 75: %q", n, len(l), l)
		}
		if !utf8.ValidString(l) {
			return nil, fmt.Errorf("line %d: not valid UTF-8 on its own (a fold split a character?): %q", n, l)
		}
		for _, r := range l {
			if (r < 0x20 && r != '\t') || r == 0x7f {
				return nil, fmt.Errorf("line %d: control character %U: %q", n, r, l)
			}
		}
		if strings.HasPrefix(l, " ") || strings.HasPrefix(l, "\t") {
			if len(lines) == 0 {
				return nil, fmt.Errorf("line %d: a continuation with nothing before it", n)
			}
			lines[len(lines)-1] += l[1:]
			continue
		}
		lines = append(lines, l)
	}
	var events []Event
	var stack []string
	var cur Event
	uids := map[string]int{}
	for _, l := range lines {
		name, value, ok := strings.Cut(l, ":")
		if !ok {
			return nil, fmt.Errorf("content line without a colon: %q", l)
		}
		name, _, _ = strings.Cut(name, ";")
		name = strings.ToUpper(name)
		switch name {
		case "BEGIN":
			stack = append(stack, value)
			if value == "VEVENT" {
				cur = Event{}
			}
			continue
		case "END":
			if len(stack) == 0 || stack[len(stack)-1] != value {
				return nil, fmt.Errorf("END:%s does not close %v", value, stack)
			}
			stack = stack[:len(stack)-1]
			if value == "VEVENT" {
				uid := cur["UID"]
				if uid == "" {
					return nil, fmt.Errorf("event %d has no UID", len(events)+1)
				}
				if uids[uid] > 0 {
					return nil, fmt.Errorf("UID %s is used by events %d and %d", uid, uids[uid], len(events)+1)
				}
				uids[uid] = len(events) + 1
				events = append(events, cur)
				cur = nil
			}
			continue
		}
		// Properties of the event itself, not of its alarms.
		if cur != nil && len(stack) > 0 && stack[len(stack)-1] == "VEVENT" {
			cur[name] = value
		}
	}
	if len(stack) != 0 {
		return nil, fmt.Errorf("unclosed %v", stack)
	}
	return events, nil
}

// Unescape reads a TEXT value's escapes (§3.3.11).
func Unescape(s string) string {
	return strings.NewReplacer(`\\`, `\`, `\n`, "\n", `\N`, "\n", `\;`, ";", `\,`, ",").Replace(s)
}
