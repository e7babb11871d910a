package safetext

import (
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestLine(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"plain", "Contoso lockout", "Contoso lockout"},
		{"japanese", "管理者ロックアウト", "管理者ロックアウト"},
		{"emoji and accents", "café 🔒", "café 🔒"},
		{"osc title", "\x1b]0;pwned\a", `\x1b]0;pwned\x07`},
		{"osc hyperlink", "\x1b]8;;http://evil\aclick\x1b]8;;\a", `\x1b]8;;http://evil\x07click\x1b]8;;\x07`},
		{"osc 52 clipboard", "\x1b]52;c;cm0gLXJmIH4=\a", `\x1b]52;c;cm0gLXJmIH4=\x07`},
		{"clear screen", "\x1b[2J", `\x1b[2J`},
		{"c1 csi as rune", "a\u009b2Jb", `a\u009b2Jb`},
		{"c1 osc as rune", "\u009d0;x\u009c", `\u009d0;x\u009c`},
		{"c1 csi raw byte", "a\x9b2J", `a\x9b2J`},
		{"rlo", "invoice\u202Etxt.exe", `invoice\u202etxt.exe`},
		{"isolates", "\u2066a\u2067b\u2068c\u2069", `\u2066a\u2067b\u2068c\u2069`},
		{"embeddings", "\u202a\u202b\u202c\u202d", `\u202a\u202b\u202c\u202d`},
		{"marks", "\u200e\u200f\u061c", `\u200e\u200f\u061c`},
		{"line separators", "a\u2028b\u2029c", `a\u2028b\u2029c`},
		{"del", "a\x7fb", `a\x7fb`},
		{"nul", "a\x00b", `a\x00b`},
		{"tab newline cr", "a\tb\nc\rd", `a\tb\nc\rd`},
		{"crlf", "a\r\nb", `a\r\nb`},
		{"invalid utf8", "0\xef.A", `0\xef.A`},
		{"truncated rune", "ab\xe3\x81", `ab\xe3\x81`},
		{"backspace", "safe\b\b\b\bevil", `safe\x08\x08\x08\x08evil`},
		{"empty", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Line(tt.in)
			if got != tt.want {
				t.Errorf("Line(%q) = %q, want %q", tt.in, got, tt.want)
			}
			if HasControl(got) {
				t.Errorf("Line(%q) = %q still holds a control character", tt.in, got)
			}
			if HasControl(tt.in) != (got != tt.in) {
				t.Errorf("HasControl(%q) = %v, but Line changed it: %v", tt.in, HasControl(tt.in), got != tt.in)
			}
		})
	}
}

func TestText(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"keeps newline and tab", "line 1\n\tline 2", "line 1\n\tline 2"},
		{"keeps crlf", "a\r\nb\r\n", "a\r\nb\r\n"},
		{"keeps crlf around escapes", "a\r\n\x1b[2Jb\r\n", "a\r\n\\x1b[2Jb\r\n"},
		{"lone cr", "Approved\rDenied", `Approved\rDenied`},
		{"cr at end", "x\r", `x\r`},
		{"escape in body", "Hello\n\x1b]0;title\a\nbye", "Hello\n\\x1b]0;title\\x07\nbye"},
		{"bidi", "ok\n\u202egnp.exe", "ok\n\\u202egnp.exe"},
		{"vertical tab and form feed", "a\vb\fc", `a\x0bb\x0cc`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Text(tt.in)
			if got != tt.want {
				t.Errorf("Text(%q) = %q, want %q", tt.in, got, tt.want)
			}
			if HasControlText(got) {
				t.Errorf("Text(%q) = %q still holds a control character", tt.in, got)
			}
			if HasControlText(tt.in) != (got != tt.in) {
				t.Errorf("HasControlText(%q) = %v, but Text changed it: %v", tt.in, HasControlText(tt.in), got != tt.in)
			}
		})
	}
}

// TestNoDangerousBytes runs every byte and a wide rune range through Line
// and Text and checks that no ESC, BEL, C0, C1 or bidi control survives.
func TestNoDangerousBytes(t *testing.T) {
	var all strings.Builder
	for b := 0; b < 256; b++ {
		all.WriteByte(byte(b))
	}
	for r := rune(0x80); r < 0x3000; r++ {
		all.WriteRune(r)
	}
	for _, f := range []func(string) string{Line, Text} {
		out := f(all.String())
		if i := DangerousAt([]byte(out)); i >= 0 {
			t.Fatalf("output holds a dangerous character at byte %d: %q", i, out[i:min(len(out), i+8)])
		}
	}
}

func TestQuote(t *testing.T) {
	long := strings.Repeat("a", 100000)
	tests := []struct {
		name, in, want string
	}{
		{"short", "12ab", `"12ab"`},
		{"controls", "\x1b[2J", `"\x1b[2J"`},
		{"bidi", "a\u202eb", `"a\u202eb"`},
		{"exactly 80", strings.Repeat("x", 80), `"` + strings.Repeat("x", 80) + `"`},
		{"cut", long, `"` + strings.Repeat("a", 80) + `"… (100000 bytes)`},
		{"cut by characters not bytes", strings.Repeat("あ", 81), `"` + strings.Repeat("あ", 80) + `"… (243 bytes)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Quote(tt.in); got != tt.want {
				t.Errorf("Quote = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestTruncate(t *testing.T) {
	if got := Truncate("abcdef", 3); got != "abc…" {
		t.Errorf("Truncate = %q", got)
	}
	if got := Truncate("あいう", 3); got != "あいう" {
		t.Errorf("Truncate = %q", got)
	}
}

func TestJSON(t *testing.T) {
	in := map[string]string{
		"title": "a\u202eb\u009b2J\x1b]0;x\a<b>&\u2028\x7f",
		"plain": "管理者",
	}
	b, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	out := JSON(b)
	if i := DangerousAt(out); i >= 0 {
		t.Fatalf("JSON output holds a dangerous character at %d: %s", i, out)
	}
	var back map[string]string
	if err := json.Unmarshal(out, &back); err != nil {
		t.Fatalf("JSON output is not valid JSON: %v\n%s", err, out)
	}
	if back["title"] != in["title"] || back["plain"] != in["plain"] {
		t.Errorf("round trip changed the values: %q", back)
	}
	clean := []byte(`{"a":"b"}`)
	if got := JSON(clean); &got[0] != &clean[0] {
		t.Error("clean JSON was copied")
	}
}

func TestDangerousAt(t *testing.T) {
	tests := []struct {
		in   string
		want int
	}{
		{"hello\n\tworld\r\n", -1},
		{"日本語 café", -1},
		{"ab\x1b", 2},
		{"\a", 0},
		{"x\u009b", 1},
		{"x\x9b", 1},
		{"xy\u202e", 2},
		{"\u2069", 0},
		{"\x7f", 0},
	}
	for _, tt := range tests {
		if got := DangerousAt([]byte(tt.in)); got != tt.want {
			t.Errorf("DangerousAt(%q) = %d, want %d", tt.in, got, tt.want)
		}
	}
}

func BenchmarkLineClean(b *testing.B) {
	s := "Contoso lockout: admin@contoso.onmicrosoft.com, DPT review pending"
	for b.Loop() {
		_ = Line(s)
	}
}

func BenchmarkLineHostile(b *testing.B) {
	s := "Contoso \x1b]0;pwned\a lockout \u202e"
	for b.Loop() {
		_ = Line(s)
	}
}

// TestPlainPrefixEveryByte puts each byte value at each position of a
// printable ASCII line and checks that the word-at-a-time scan stops no
// later than that byte when it needs looking at, and that Line and Text
// give what a byte-at-a-time scan gives.
func TestPlainPrefixEveryByte(t *testing.T) {
	base := []byte("abcdefghijklmnopqrstuvwxyz 0123456789~")
	for pos := range base {
		for c := 0; c < 256; c++ {
			b := append([]byte(nil), base...)
			b[pos] = byte(c)
			s := string(b)
			plain := c >= 0x20 && c <= 0x7e
			if p := plainPrefix(s); !plain && p > pos {
				t.Fatalf("byte %#x at %d: plainPrefix %d skips it", c, pos, p)
			}
			if got, want := firstUnsafe(s, false), slowFirstUnsafe(s, false); got != want {
				t.Fatalf("byte %#x at %d: firstUnsafe %d, byte by byte %d", c, pos, got, want)
			}
			if got, want := firstUnsafe(s, true), slowFirstUnsafe(s, true); got != want {
				t.Fatalf("byte %#x at %d: firstUnsafe multi %d, byte by byte %d", c, pos, got, want)
			}
		}
	}
	if got := Line("tenant.onmicrosoft.com\x1b]0;pwned\x07 and more text after it"); got != `tenant.onmicrosoft.com\x1b]0;pwned\x07 and more text after it` {
		t.Errorf("Line: %q", got)
	}
}

// slowFirstUnsafe is firstUnsafe one byte at a time, as it was.
func slowFirstUnsafe(s string, multi bool) int {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c < 0x20 || c == 0x7f {
				if !multi || !(c == '\n' || c == '\t' || (c == '\r' && i+1 < len(s) && s[i+1] == '\n')) {
					return i
				}
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if (r == utf8.RuneError && size == 1) || isUnsafeRune(r) {
			return i
		}
		i += size
	}
	return -1
}

// TestThreeByteFastPath: firstUnsafe steps over well-formed characters
// from U+3000 on without decoding them. Every three-byte sequence with a
// lead byte from E0 to FF, followed by an unsafe character or nothing,
// gets the answer decoding gives.
func TestThreeByteFastPath(t *testing.T) {
	for _, tail := range []string{"", "\u202e", "\x1b", "漢", "\xe3\x81"} {
		for lead := 0xe0; lead <= 0xff; lead++ {
			for b1 := 0; b1 < 256; b1++ {
				for _, b2 := range []int{0x00, 0x41, 0x7f, 0x80, 0x9f, 0xa0, 0xbf, 0xc0, 0xe3, 0xff} {
					s := "あ" + string([]byte{byte(lead), byte(b1), byte(b2)}) + tail
					for _, multi := range []bool{false, true} {
						if got, want := firstUnsafe(s, multi), slowFirstUnsafe(s, multi); got != want {
							t.Fatalf("%q (multi %v): firstUnsafe %d, decoding %d", s, multi, got, want)
						}
					}
				}
			}
		}
	}
}
