package reminders

import (
	"io"
	"strconv"
	"time"

	"github.com/mscase/mscase/safetext"
)

// TextWriter writes nudges as WriteText does, through one buffer, and
// words each number to call once: a check with 10,000 nudges due names a
// handful of lines (the CallFinder gives the nudges with the same
// country, language, plan and instant equal Calls).
type TextWriter struct {
	w     io.Writer
	buf   []byte
	calls map[callKey]string
}

type callKey struct {
	c   Call
	loc *time.Location
}

// NewTextWriter returns a TextWriter on w. Call Flush at the end.
func NewTextWriter(w io.Writer) *TextWriter {
	return &TextWriter{w: w, buf: make([]byte, 0, 64<<10), calls: map[callKey]string{}}
}

// Write writes n.
func (t *TextWriter) Write(n *Nudge) error {
	if n.Routine() {
		if err := t.Flush(); err != nil {
			return err
		}
		return WriteText(t.w, *n)
	}
	id := n.TrackingID
	if id == "" {
		id = "(none yet)"
	}
	b := t.buf
	b = append(b, "case "...)
	b = strconv.AppendUint(b, n.Case, 10)
	b = append(b, "  TrackingID "...)
	b = append(b, safetext.Line(id)...)
	b = append(b, "  "...)
	b = append(b, n.Kind...)
	if n.Late {
		b = append(b, " (late)"...)
	}
	b = append(b, "  due "...)
	b = n.Due.AppendFormat(b, "2006-01-02T15:04:05Z07:00")
	b = append(b, "\n  why: "...)
	b = append(b, safetext.Line(n.Why)...)
	b = append(b, "\n  do:  "...)
	b = append(b, safetext.Line(n.Action)...)
	b = append(b, t.call(n)...)
	b = append(b, '\n')
	t.buf = b
	if len(b) >= 60<<10 {
		return t.Flush()
	}
	return nil
}

// call is the call and hours lines of n, as WriteText writes them.
func (t *TextWriter) call(n *Nudge) string {
	if n.Call == nil {
		return ""
	}
	k := callKey{*n.Call, n.Due.Location()}
	s, ok := t.calls[k]
	if !ok {
		if c := callText(*n); c != "" {
			s = "\n  call: " + c
			if h := hoursText(*n); h != "" {
				s += "\n  hours: " + h
			}
		}
		if len(t.calls) < 1024 {
			t.calls[k] = s
		}
	}
	return s
}

// Flush writes what is buffered.
func (t *TextWriter) Flush() error {
	if len(t.buf) == 0 {
		return nil
	}
	_, err := t.w.Write(t.buf)
	t.buf = t.buf[:0]
	return err
}
