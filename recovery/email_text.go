package recovery

import (
	"bytes"

	"github.com/mscase/mscase/cases"
)

// checkText refuses what is not text: a file with NUL bytes, or one where
// more than one byte in twenty is a control character that text does not
// use. ESC is allowed (ISO-2022-JP switches character sets with it), and
// so are 8-bit bytes (Shift_JIS, EUC-JP and Latin-1 bodies are not UTF-8).
// Escape sequences that do get through are kept as evidence and shown
// escaped by safetext.
func checkText(b []byte) error {
	notText := &cases.InputError{Field: "email", Want: "is not text: save the email as .eml from your mail program, or paste its text (is this an attachment or a binary file?)", Code: cases.CodeEmailNotText}
	if bytes.IndexByte(b, 0) >= 0 {
		return notText
	}
	ctl := 0
	for _, c := range b {
		if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != 0x1b) || c == 0x7f {
			ctl++
		}
	}
	if ctl > 0 && ctl*20 > len(b) {
		return notText
	}
	return nil
}
