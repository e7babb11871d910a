package reminders

import (
	"strconv"
	"strings"
	"time"

	"github.com/mscase/mscase/safetext"
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
	if n.Routine() { // the tenant profile's drills belong to no case
		return "mscase: " + string(n.Kind) + " for " + n.Domain
	}
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
	if c := callText(n); c != "" {
		b.WriteString("Call: " + c + "\n")
	}
	if h := hoursText(n); h != "" {
		b.WriteString("Hours: " + h + "\n")
	}
	if n.Routine() {
		b.WriteString("Tenant: " + n.Domain + "\n")
	} else {
		b.WriteString("TrackingID: " + trackingID(n) + "\n")
		b.WriteString("Case: " + strconv.FormatUint(n.Case, 10))
		if c := caseName(n); c != "" {
			b.WriteString(" (" + c + ")")
		}
		b.WriteString("\n")
	}
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

// caseName is the case's domain and title, made safe to show: "contoso.co.jp:
// MFA lockout of the only admin".
func caseName(n Nudge) string {
	var parts []string
	if n.Domain != "" {
		parts = append(parts, safetext.Line(n.Domain))
	}
	if t := strings.TrimSpace(n.Title); t != "" {
		parts = append(parts, safetext.Line(safetext.Truncate(t, 120)))
	}
	return strings.Join(parts, ": ")
}

// callText is the number to call and whether it is open at the nudge's
// instant, times in the nudge's zone:
//
//	0120 996 680 (Japan, technical support, open now until 17:00 JST)
//
// or what to do instead; "" when the nudge carries no call.
func callText(n Nudge) string {
	c := n.Call
	if c == nil {
		return ""
	}
	if c.Number == "" {
		return safetext.Line(c.Instead)
	}
	loc := n.Due.Location()
	var state string
	switch {
	case c.State == "open" && c.Always:
		state = "open 24 hours"
	case c.State == "open" && !c.Until.IsZero():
		state = "open until " + c.Until.In(loc).Format("15:04 MST")
	case c.State == "open":
		state = "open"
	case c.State == "closed" && !c.Next.IsZero():
		state = "closed, opens " + c.Next.In(loc).Format("Mon 2 Jan 15:04 MST")
	case c.State == "closed":
		state = "closed"
	default:
		state = "hours unclear"
	}
	what := []string{"technical support", state}
	if c.Country != "" {
		what = append([]string{safetext.Line(c.Country)}, what...)
	}
	return safetext.Line(c.Number) + " (" + strings.Join(what, ", ") + ")"
}

// hoursText is the hours, language and plan of the line to call, or "".
func hoursText(n Nudge) string { return n.Call.HoursLine() }

// HoursLine is the line's hours, language and plan as the support page
// writes them (outside text, in its own language, escaped for display),
// or "" when there is no number to call.
func (c *Call) HoursLine() string {
	if c == nil || c.Number == "" {
		return ""
	}
	var parts []string
	for _, p := range []string{c.Hours, c.Language, c.Plan} {
		if p != "" && (len(parts) == 0 || !strings.Contains(parts[0], p)) {
			parts = append(parts, safetext.Line(p))
		}
	}
	return strings.Join(parts, "; ")
}
