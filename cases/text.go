package cases

import (
	"fmt"
	"unicode/utf8"

	"github.com/mscase/mscase/safetext"
)

// Longest text, in characters, the user may type into each field. A phone
// note of a page or two is fine; a pasted log file belongs in a file.
const (
	MaxTitle      = 200
	MaxAgent      = 100
	MaxSummary    = 4000
	MaxNote       = 2000
	MaxResolution = 2000
	MaxAddress    = 254 // the longest email address
	MaxCustomer   = 100
	MaxAuthor     = 100 // the configuration's name
	MaxMachine    = 253 // the longest DNS host name
)

// CheckTyped checks text the user typed for field (a flag name such as
// "--title"): it must be valid UTF-8 without control characters and at
// most max characters long. multiline allows newlines and tabs.
//
// Outside text (emails, imports) is not checked here: it is kept as
// received and neutralised when shown.
func CheckTyped(field, v string, max int, multiline bool) error {
	if !utf8.ValidString(v) {
		return &InputError{Field: field, Value: v, Want: "is not valid UTF-8 text", Code: CodeUTF8}
	}
	bad := safetext.HasControl(v)
	if multiline {
		bad = safetext.HasControlText(v)
	}
	if bad {
		want := "must not hold control characters (escape sequences, bidi overrides, tabs or newlines)"
		if multiline {
			want = "must not hold control characters (escape sequences, bidi overrides); newlines and tabs are fine"
		}
		code := CodeControl
		if multiline {
			code = CodeControlText
		}
		return &InputError{Field: field, Value: v, Want: want, Code: code}
	}
	if n := utf8.RuneCountInString(v); n > max {
		return &InputError{Field: field, Value: v, Want: fmt.Sprintf("too long: %d characters, at most %d", n, max), Code: CodeTooLong, Args: []string{fmt.Sprint(n), fmt.Sprint(max)}}
	}
	return nil
}
