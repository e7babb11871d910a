// Package safetext owns how text from outside (emails, imports,
// contacts.json, HTTP and DNS answers) and text the user typed is made safe
// to show: on a terminal, in a TSV row, a Markdown brief, an ICS file, a
// webhook or an email body. It shows every C0 and C1 control character,
// ESC, DEL, the bidi controls and invalid UTF-8 as visible escapes
// (`\x1b`, `\u202e`, `\xff`), so a stored title cannot set the window title,
// plant a hyperlink, write the clipboard, clear the screen or reorder what
// the admin reads.
//
// Stored values are never changed: evidence is kept as received, and
// neutralised only when shown. This package is a leaf: it imports nothing
// of ours, and every package may import it.
package safetext

import (
	"bytes"
	"strconv"
	"strings"
	"unicode/utf8"
)

// MaxQuote is how many characters of a bad value an error message quotes.
const MaxQuote = 80

// Line returns s with every control character escaped, for one-line
// fields: table cells, TSV fields, headers, titles. Tab, newline and
// carriage return are escaped too (`\t`, `\n`, `\r`). s is returned
// unchanged (and unallocated) when it holds nothing to escape.
func Line(s string) string {
	i := firstUnsafe(s, false)
	if i < 0 {
		return s
	}
	return escape(s, i, false)
}

// Text is Line for multi-line text (a summary, an email body, a note): it
// keeps newline, tab and CRLF. A lone carriage return is escaped: it would
// let a line overwrite itself on a terminal.
func Text(s string) string {
	i := firstUnsafe(s, true)
	if i < 0 {
		return s
	}
	return escape(s, i, true)
}

// HasControl reports whether s holds a character Line would escape: a C0 or
// C1 control (tab and newline included), DEL, a bidi control, or invalid
// UTF-8. Text the user types in a one-line flag is refused when it does.
func HasControl(s string) bool { return firstUnsafe(s, false) >= 0 }

// HasControlText is HasControl for multi-line text: newline, tab and CRLF
// are allowed.
func HasControlText(s string) bool { return firstUnsafe(s, true) >= 0 }

// Quote returns s for an error message: at most the first MaxQuote
// characters, Go-quoted (so controls show as escapes), followed by "…" and
// the full length in bytes when it was cut.
func Quote(s string) string {
	n := 0
	for i := range s {
		if n == MaxQuote {
			return strconv.Quote(s[:i]) + "… (" + strconv.Itoa(len(s)) + " bytes)"
		}
		n++
	}
	return strconv.Quote(s)
}

// Truncate returns the first max characters of s, with "…" in place of
// the rest when it was cut.
func Truncate(s string, max int) string {
	n := 0
	for i := range s {
		if n == max {
			return s[:i] + "…"
		}
		n++
	}
	return s
}

// JSON rewrites encoded JSON so that C1 controls, DEL, bidi controls and
// line separators inside strings appear as \uXXXX escapes. The result
// decodes to the same values; encoding/json already escapes C0 controls
// but passes these through raw. b must be valid JSON (they can only occur
// inside strings there).
func JSON(b []byte) []byte {
	if !hasUnsafeJSON(b) {
		return b
	}
	var out bytes.Buffer
	out.Grow(len(b) + 16)
	for i := 0; i < len(b); {
		c := b[i]
		if c < utf8.RuneSelf {
			if c == 0x7f {
				out.WriteString(`\u007f`)
			} else {
				out.WriteByte(c)
			}
			i++
			continue
		}
		r, size := utf8.DecodeRune(b[i:])
		if r != utf8.RuneError && isUnsafeRune(r) {
			out.WriteString(`\u`)
			out.WriteString(hex4(r))
		} else {
			out.Write(b[i : i+size])
		}
		i += size
	}
	return out.Bytes()
}

func hasUnsafeJSON(b []byte) bool {
	for i := 0; i < len(b); {
		c := b[i]
		if c < utf8.RuneSelf {
			if c == 0x7f {
				return true
			}
			i++
			continue
		}
		r, size := utf8.DecodeRune(b[i:])
		if r != utf8.RuneError && isUnsafeRune(r) {
			return true
		}
		i += size
	}
	return false
}

// isUnsafeRune reports the non-ASCII runes that are shown escaped: C1
// controls, the bidi embeddings, overrides and isolates (the "Trojan
// Source" set), the implicit direction marks, and the Unicode line and
// paragraph separators (some terminals and editors break lines on them).
func isUnsafeRune(r rune) bool {
	switch {
	case r >= 0x80 && r <= 0x9f: // C1, including CSI (0x9b) and OSC (0x9d)
		return true
	case r >= 0x202a && r <= 0x202e: // LRE RLE PDF LRO RLO
		return true
	case r >= 0x2066 && r <= 0x2069: // LRI RLI FSI PDI
		return true
	case r == 0x200e || r == 0x200f || r == 0x061c: // LRM RLM ALM
		return true
	case r == 0x2028 || r == 0x2029:
		return true
	}
	return false
}

// plainPrefix is the length of the longest prefix of s made of whole
// 8-byte words of printable ASCII (0x20 to 0x7e), none of which needs
// escaping. Table cells and TSV rows are mostly that: looking at eight
// bytes at a time makes checking them several times quicker than one
// byte at a time.
func plainPrefix(s string) int {
	const (
		ones  = 0x0101010101010101
		highs = 0x8080808080808080
	)
	i := 0
	for ; i+8 <= len(s); i += 8 {
		w := uint64(s[i]) | uint64(s[i+1])<<8 | uint64(s[i+2])<<16 | uint64(s[i+3])<<24 |
			uint64(s[i+4])<<32 | uint64(s[i+5])<<40 | uint64(s[i+6])<<48 | uint64(s[i+7])<<56
		// A byte with its high bit set (not ASCII), one below 0x20 (its
		// high bit is set after subtracting 0x20 with no borrow out of a
		// non-ASCII byte, which the first test already catches), or 0x7f
		// (0x7f+1 sets the high bit).
		if (w|(w-0x20*ones)|(w+ones))&highs != 0 {
			break
		}
	}
	return i
}

// firstUnsafe returns the byte offset of the first character to escape,
// or -1. multi allows newline, tab and CRLF.
func firstUnsafe(s string, multi bool) int {
	i := plainPrefix(s)
	for i < len(s) {
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
		// A well-formed three-byte character from U+3000 on (lead byte
		// E3 to EF, but not ED, whose range holds the surrogates) is safe:
		// every character to escape is below U+2070. Japanese text is
		// mostly such characters.
		if c >= 0xe3 && c <= 0xef && c != 0xed && i+2 < len(s) && s[i+1]&0xc0 == 0x80 && s[i+2]&0xc0 == 0x80 {
			i += 3
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

func escape(s string, from int, multi bool) string {
	var b strings.Builder
	b.Grow(len(s) + 16)
	b.WriteString(s[:from])
	for i := from; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case multi && (c == '\n' || c == '\t'):
				b.WriteByte(c)
			case multi && c == '\r' && i+1 < len(s) && s[i+1] == '\n':
				b.WriteByte(c)
			case c == '\n':
				b.WriteString(`\n`)
			case c == '\t':
				b.WriteString(`\t`)
			case c == '\r':
				b.WriteString(`\r`)
			case c < 0x20 || c == 0x7f:
				b.WriteString(`\x`)
				b.WriteString(hex2(c))
			default:
				b.WriteByte(c)
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b.WriteString(`\x`)
			b.WriteString(hex2(c))
		case isUnsafeRune(r):
			b.WriteString(`\u`)
			b.WriteString(hex4(r))
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

const hexDigits = "0123456789abcdef"

func hex2(c byte) string { return string([]byte{hexDigits[c>>4], hexDigits[c&0xf]}) }

func hex4(r rune) string {
	return string([]byte{hexDigits[r>>12&0xf], hexDigits[r>>8&0xf], hexDigits[r>>4&0xf], hexDigits[r&0xf]})
}

// DangerousAt returns the byte offset of the first character in printed
// output that a terminal could act on (ESC, BEL and every other C0 control
// but newline, tab and CRLF; DEL; C1 controls, raw or UTF-8 encoded; bidi
// controls; invalid UTF-8), or -1 when there is none. Tests use it to check
// what a command printed.
func DangerousAt(out []byte) int { return firstUnsafe(string(out), true) }
