package cases

import (
	"errors"
	"strings"
	"testing"
)

func TestCheckTyped(t *testing.T) {
	tests := []struct {
		name      string
		v         string
		max       int
		multiline bool
		ok        bool
	}{
		{"plain", "MFA phone lost", MaxTitle, false, true},
		{"japanese", "管理者ロックアウト", MaxTitle, false, true},
		{"osc title", "x\x1b]0;pwned\a", MaxTitle, false, false},
		{"c1 csi", "x\u009b2J", MaxTitle, false, false},
		{"rlo", "x\u202eexe", MaxTitle, false, false},
		{"nul", "x\x00", MaxTitle, false, false},
		{"tab in one line", "a\tb", MaxAgent, false, false},
		{"newline in one line", "a\nb", MaxAgent, false, false},
		{"newline in summary", "a\nb\tc", MaxSummary, true, true},
		{"escape in summary", "a\n\x1b[2J", MaxSummary, true, false},
		{"lone cr in summary", "ok\rdenied", MaxSummary, true, false},
		{"invalid utf8", "a\xffb", MaxTitle, false, false},
		{"at the limit", strings.Repeat("あ", MaxTitle), MaxTitle, false, true},
		{"over the limit", strings.Repeat("a", MaxTitle+1), MaxTitle, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := CheckTyped("--title", tt.v, tt.max, tt.multiline)
			if (err == nil) != tt.ok {
				t.Fatalf("CheckTyped(%q) = %v, want ok=%v", tt.v, err, tt.ok)
			}
			var ie *InputError
			if err != nil && !errors.As(err, &ie) {
				t.Fatalf("error %T is not an *InputError", err)
			}
		})
	}
}

func TestInputErrorQuotesAtMost80(t *testing.T) {
	err := CheckTyped("--summary", strings.Repeat("x", 100000), MaxSummary, true)
	if err == nil {
		t.Fatal("100 KB summary accepted")
	}
	if n := len(err.Error()); n > 300 {
		t.Errorf("error is %d bytes long: %.120s…", n, err.Error())
	}
	if !strings.Contains(err.Error(), "(100000 bytes)") || !strings.Contains(err.Error(), "at most 4000") {
		t.Errorf("error does not say how long the value is and what is allowed: %v", err)
	}
}

func TestCheckScripts(t *testing.T) {
	tests := []struct {
		domain string
		ok     bool
	}{
		{"contoso.com", true},
		{"c\u03bfntoso.com", false},                                 // Greek omicron
		{"cont\u043eso.co.jp", false},                               // Cyrillic o
		{"xn--cntoso-0ve.com", false},                               // the ASCII form of the Greek one
		{"\u043f\u0440\u0438\u043c\u0435\u0440.\u0440\u0444", true}, // all Cyrillic
		{"contoso.\u0440\u0444", true},                              // one script per label
		{"\u65e5\u672cabc.jp", true},                                // Han with Latin is allowed
		{"\u03b1\u03b2\u03b3.gr", true},                             // all Greek
	}
	for _, tt := range tests {
		err := CheckScripts(tt.domain)
		if (err == nil) != tt.ok {
			t.Errorf("CheckScripts(%q) = %v, want ok=%v", tt.domain, err, tt.ok)
		}
		var me *MixedScriptError
		if err != nil && (!errors.As(err, &me) || len(me.Scripts) != 2) {
			t.Errorf("CheckScripts(%q): want a MixedScriptError naming two scripts, got %#v", tt.domain, err)
		}
	}
}

func TestParseDomainIsStable(t *testing.T) {
	for _, s := range []string{"0\xef.A", "a\xff.com", "0\ufffd.a", "contoso.co.jp", "Bücher.example", "xn--bcher-kva.example", "EXAMPLE.COM."} {
		got, err := ParseDomain(s)
		if err != nil {
			continue
		}
		again, err := ParseDomain(got)
		if err != nil || again != got {
			t.Errorf("ParseDomain(%q) = %q, which parses again to %q, %v", s, got, again, err)
		}
	}
	if _, err := ParseDomain("0\xef.A"); err == nil {
		t.Error(`ParseDomain("0\xef.A") accepted invalid UTF-8`)
	}
}
