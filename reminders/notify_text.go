package reminders

import (
	"strconv"
	"strings"
	"time"
)

// The texts every channel sends. They are plain ASCII where a header may
// carry them (ntfy's Title, the mail subject) and always name the
// TrackingID first: it is what the admin reads out on the phone.

// trackingID is the TrackingID as a person should read it.
func trackingID(n Nudge) string {
	if n.TrackingID == "" {
		return "(none yet)"
	}
	return n.TrackingID
}

// nudgeTitle is one line: case, TrackingID, kind.
func nudgeTitle(n Nudge) string {
	var b strings.Builder
	b.WriteString("mscase: TrackingID ")
	b.WriteString(trackingID(n))
	b.WriteString(", case ")
	b.WriteString(strconv.FormatUint(n.Case, 10))
	b.WriteString(": ")
	b.WriteString(string(n.Kind))
	if n.Late {
		b.WriteString(" (late)")
	}
	return b.String()
}

// nudgeBody is the why, the what-to-do and the facts, one per line.
func nudgeBody(n Nudge) string {
	var b strings.Builder
	b.WriteString("Why: " + n.Why + "\n")
	b.WriteString("Do: " + n.Action + "\n")
	b.WriteString("TrackingID: " + trackingID(n) + "\n")
	b.WriteString("Case: " + strconv.FormatUint(n.Case, 10))
	if n.Domain != "" {
		b.WriteString(" (" + n.Domain + ")")
	}
	b.WriteString("\n")
	if n.Stage != "" {
		b.WriteString("Stage: " + n.Stage + "\n")
	}
	if !n.Due.IsZero() {
		b.WriteString("Due: " + n.Due.Format(time.RFC3339) + "\n")
	}
	return b.String()
}

// nudgeText is the title and the body: what a chat message carries.
func nudgeText(n Nudge) string {
	return nudgeTitle(n) + "\n" + nudgeBody(n)
}
