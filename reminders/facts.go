package reminders

import (
	"time"

	"github.com/mscase/mscase/calendar"
)

// Facts are what a nudge's words are made of. The message layer (in cmd)
// makes the sentences from them in the reader's language; Why and Action
// stay as the English record of the same facts, for --json and logs.
type Facts struct {
	// Break is the run of days off a before- or after-break nudge is
	// about; When says how the nudge day stands to it.
	Break *Break    `json:"break,omitempty"`
	When  BreakWhen `json:"when,omitempty"`
	// Then, for a before-break nudge, is a break of three days or more
	// that follows after one working day (Between).
	Then    *Break       `json:"then,omitempty"`
	Between calendar.Day `json:"-"`
	// Resume is the first working day after the break.
	Resume calendar.Day `json:"-"`

	Limit  time.Duration `json:"limit,omitempty"`  // stalled: the stage's limit in business time
	Since  time.Time     `json:"since,omitzero"`   // stalled: the last contact or stage change
	Repeat int           `json:"repeat,omitempty"` // stalled: 1 for the first reminder, 2 for the next...

	Promise    time.Time `json:"promise,omitzero"`      // promise-overdue: the promised callback
	OpenChecks int       `json:"open_checks,omitempty"` // harden: checklist items still open

	EveryDays int       `json:"every_days,omitempty"` // drill: days between drills
	Retrieved time.Time `json:"retrieved,omitzero"`   // directory-old: when the support directory was retrieved
	MaxAge    int       `json:"max_age,omitempty"`    // directory-old: days after which it counts as old
}

// BreakWhen says how a break nudge's day stands to its break.
type BreakWhen string

// The break nudges' days.
const (
	LastBeforeBreak BreakWhen = "last-before" // last working day before the break
	TwoBeforeBreak  BreakWhen = "two-before"  // two working days before a long break
	FirstAfterBreak BreakWhen = "first-after" // first working day after it
)

// Break is a run of days off and what makes each one off: public holidays
// (with their names in the country's language where the calendar has
// them: 昭和の日), the admin's closures, the Japanese year-end closure;
// days with none of these are weekend days.
type Break struct {
	First    calendar.Day       `json:"-"`
	Last     calendar.Day       `json:"-"`
	Holidays []calendar.Holiday `json:"-"`
	Closures []string           `json:"-"` // names of the admin's closures
	YearEnd  bool               `json:"-"` // the 29 Dec – 3 Jan closure
}

// Days is the break's length in days.
func (b *Break) Days() int { return int(b.Last-b.First) + 1 }

// breakFacts lists what makes each day of b a day off on c.
func breakFacts(c *Calendar, b calendar.Break) *Break {
	out := &Break{First: b.First, Last: b.Last}
	seenC := map[string]bool{}
	for d := b.First; d <= b.Last && d-b.First < 40; d++ {
		r := c.Reason(d)
		switch r.Why {
		case calendar.PublicHoliday:
			out.Holidays = append(out.Holidays, r.Holidays...)
		case calendar.Closure:
			if r.Name != "" && !seenC[r.Name] {
				seenC[r.Name] = true
				out.Closures = append(out.Closures, r.Name)
			}
		case calendar.YearEnd:
			out.YearEnd = true
		}
	}
	return out
}

// Text is a nudge in words, in one language: what every channel sends.
type Text struct {
	Lang    string // "en", "ja"
	Title   string // one line: case, TrackingID, kind
	Body    string // why, what to do, the number to call, the facts: one per line
	Alarm   string // what a phone's calendar alarm shows: the number and the TrackingID
	Summary string // a calendar event's title
	Footer  string // the last line of an email
}

// Words makes a nudge's Text in a language; "" means the nudge's own (the
// case's) language. cmd supplies it from the message layer, so reminders
// holds no sentences of any language but the English fallback.
type Words interface {
	Text(n Nudge, lang string) Text
}

// texts is what a notifier needs to word a nudge: the Words and the
// channel's language ("" = each case's own).
type texts struct {
	words Words
	lang  string
}

// of is n in words: through the Words when there are some, else the
// built-in English.
func (t texts) of(n Nudge) Text {
	if t.words != nil {
		return t.words.Text(n, t.lang)
	}
	return Text{Lang: "en", Title: nudgeTitle(n), Body: nudgeBody(n), Alarm: alarmText(n),
		Summary: nudgeTitle(n), Footer: "Sent by mscase reminders."}
}

// Chat is the title and the body: what a chat message carries.
func (t Text) Chat() string { return t.Title + "\n" + t.Body }
