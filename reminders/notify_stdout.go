package reminders

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/mscase/mscase/safetext"
)

// stdoutNotifier prints each nudge as a few plain lines.
type stdoutNotifier struct {
	name  string
	w     io.Writer
	texts texts
}

var _ Notifier = (*stdoutNotifier)(nil)

// Notify writes n. A failed write (a closed pipe, a full disk) may work on
// a later tick, so it is retryable.
func (s *stdoutNotifier) Notify(_ context.Context, n Nudge) error {
	write := WriteText
	if s.texts.words != nil {
		// A nudge in another language than English is the message
		// layer's title and lines; English keeps WriteText's form.
		if t := s.texts.of(n); t.Lang != "" && t.Lang != "en" {
			write = func(w io.Writer, _ Nudge) error {
				_, err := io.WriteString(w, t.Title+"\n"+indent(t.Body))
				return err
			}
		}
	}
	if err := write(s.w, n); err != nil {
		return &SendError{Channel: s.name, Temporary: true, Err: err}
	}
	return nil
}

// WriteText writes a nudge for a person: case, TrackingID, kind, why, what
// to do. The TrackingID comes first because it is what the admin reads out
// on the phone.
func WriteText(w io.Writer, n Nudge) error {
	id := n.TrackingID
	if id == "" {
		id = "(none yet)"
	}
	late := ""
	if n.Late {
		late = " (late)"
	}
	if n.Routine() { // the tenant profile's drills belong to no case
		_, err := fmt.Fprintf(w, "%s for %s%s  due %s\n  why: %s\n  do:  %s\n",
			n.Kind, n.Domain, late, n.Due.Format("2006-01-02T15:04:05Z07:00"), n.Why, n.Action)
		return err
	}
	call := ""
	if c := callText(n); c != "" {
		call = "\n  call: " + c
		if h := hoursText(n); h != "" {
			call += "\n  hours: " + h
		}
	}
	_, err := fmt.Fprintf(w, "case %d  TrackingID %s  %s%s  due %s\n  why: %s\n  do:  %s%s\n",
		n.Case, safetext.Line(id), n.Kind, late, n.Due.Format("2006-01-02T15:04:05Z07:00"), safetext.Line(n.Why), safetext.Line(n.Action), call)
	return err
}

// indent puts two spaces before each line of s.
func indent(s string) string {
	var b strings.Builder
	for _, l := range strings.SplitAfter(s, "\n") {
		if l != "" {
			b.WriteString("  " + l)
		}
	}
	return b.String()
}
