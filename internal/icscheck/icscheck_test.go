package icscheck

import (
	"strings"
	"testing"
)

func TestCheck(t *testing.T) {
	ok := "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:a@x\r\nSUMMARY:one\r\n two\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:b@x\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
	evs, err := Check([]byte(ok))
	if err != nil || len(evs) != 2 || evs[0]["SUMMARY"] != "onetwo" {
		t.Fatalf("Check(ok) = %v, %v", evs, err)
	}
	long := "SUMMARY:" + strings.Repeat("x", 70)
	split := "SUMMARY:" + strings.Repeat("x", 65) + "\xe4\xb8" + "\r\n \xad"
	tests := []struct{ name, in, want string }{
		{"LF", strings.ReplaceAll(ok, "\r\n", "\n"), "CRLF"},
		{"bare LF inside", strings.Replace(ok, "UID:a@x\r\n", "UID:a@x\n", 1), "bare CR or LF"},
		{"long line", strings.Replace(ok, "SUMMARY:one", long, 1), "more than 75"},
		{"split UTF-8", strings.Replace(ok, "SUMMARY:one", split, 1), "not valid UTF-8"},
		{"duplicate UID", strings.Replace(ok, "UID:b@x", "UID:a@x", 1), "UID a@x is used by events 1 and 2"},
		{"no UID", strings.Replace(ok, "UID:b@x\r\n", "", 1), "event 2 has no UID"},
		{"control", strings.Replace(ok, "one", "o\x1bne", 1), "control character"},
		{"unclosed", strings.TrimSuffix(ok, "END:VCALENDAR\r\n"), "unclosed"},
	}
	for _, tt := range tests {
		if _, err := Check([]byte(tt.in)); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: err = %v, want %q", tt.name, err, tt.want)
		}
	}
}
