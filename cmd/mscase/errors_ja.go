package main

import (
	"errors"
	"io/fs"
	"regexp"
	"strings"
	"sync"

	"github.com/mscase/mscase/cases"
	"github.com/mscase/mscase/msg"
	"github.com/mscase/mscase/safetext"
)

// errorJA words the common failures in Japanese from the typed errors the
// domain returns (cases.InputError's field, value and what was expected;
// ClosedError; TransitionError; ErrNotFound, ErrBusy). ok is false for an
// error it has no words for: report then prints the English text.
func errorJA(p *msg.Printer, err error) (text, hint string, ok bool) {
	var ie *cases.InputError
	var ce *cases.ClosedError
	var te *cases.TransitionError
	var he *hintError
	var ue *usageError
	var we *wordsError
	if errors.As(err, &he) {
		if he.words == nil {
			// A hint written at the call site in English only: keep the
			// pair whole.
			return "", "", false
		}
		text, _, ok := errorJA(p, he.err)
		if !ok || he != err {
			// The error itself has no Japanese words (or was wrapped
			// with English context): its English, then the hint.
			text = err.Error()
		}
		return text, he.words(p), true
	}
	switch {
	case errors.As(err, &ue) && ue.words != nil && ue == err:
		return ue.words(p), "", true
	case errors.As(err, &we) && we == err:
		return we.words(p), "", true
	case errors.As(err, &ce):
		return p.T("err.closed", "Case", ce.Number), "", true
	case errors.As(err, &te):
		var next []string
		for _, s := range cases.NextStages(te.From) {
			next = append(next, stageWithID(p, s))
		}
		return p.T("err.transition", "From", stageWithID(p, te.From), "To", stageWithID(p, te.To), "Next", strings.Join(next, "、")), "", true
	case errors.As(err, &ie):
		want, ok := wantIn(p, ie)
		if !ok {
			// An error built without a code: its English Want, read by
			// its start (configuration errors are worded this way too).
			want, ok = wantJA(p, ie.Want)
		}
		if !ok {
			return "", "", false
		}
		field := ie.Field
		if id := "errfield." + strings.ReplaceAll(field, " ", "_"); msg.Has(p.Lang(), id) {
			field = p.T(id)
		}
		if ie.Value == "" {
			return field + ": " + want, "", true
		}
		return field + " " + safetext.Quote(ie.Value) + ": " + want, "", true
	case errors.Is(err, cases.ErrNotFound):
		hint = p.T("hint.not_found")
		if m := reCaseRef().FindStringSubmatch(err.Error()); m != nil {
			if m[1] != "" {
				return p.T("err.not_found_case", "Case", m[1]), hint, true
			}
			return p.T("err.not_found_tid", "TrackingID", m[2]), hint, true
		}
		return p.T("err.not_found"), hint, true
	case errors.Is(err, cases.ErrBusy):
		return p.T("err.busy"), p.T("hint.busy"), true
	case errors.Is(err, cases.ErrConflict):
		return "", "", false
	case errors.Is(err, fs.ErrPermission):
		return "", "", false
	case isCobraUsage(err):
		if t, ok := cobraJA(p, err.Error()); ok {
			return t, "", true
		}
	}
	if words := cobraWords(err.Error()); words != nil {
		// Required flags and flag groups: cobra checks them after the
		// hooks that wrap its other errors.
		return words(p), "", true
	}
	return "", "", false
}

var reCaseRef = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`case (?:(\d+)|with tracking ID (\S+)): no such case`)
})

// stageWithID is a stage's Japanese name with its identifier, which is
// what "cases stage" takes: データ保護チーム審査中（dpt-review）.
func stageWithID(p *msg.Printer, s cases.Stage) string {
	return p.T("stage."+string(s)) + "（" + string(s) + "）"
}

// wantJA is what an InputError expected, in Japanese: the domain states it
// as a fact in a fixed form, recognised here by its start.
func wantJA(p *msg.Printer, want string) (string, bool) {
	if m := reNotTimeOfDay().FindStringSubmatch(want); m != nil {
		return p.T("want.time_of_day", "Rest", m[1], "A", m[1]), true
	}
	if m := reNoEntry().FindStringSubmatch(want); m != nil {
		return p.T("want.no_entry", "Case", m[1], "A", m[1]), true
	}
	if strings.HasPrefix(want, "no such date: ") {
		return p.T("want.no_such_date", "Rest", strings.TrimPrefix(want, "no such date: "), "A", strings.TrimPrefix(want, "no such date: ")), true
	}
	if strings.Contains(want, "expected cron fields like") {
		// The cron parser's own sentence comes first; the form is what
		// the reader needs.
		return p.T("want.cron"), true
	}
	for _, w := range wantPrefixes {
		if strings.HasPrefix(want, w.prefix) {
			rest := strings.TrimPrefix(want, w.prefix)
			return p.T("want."+w.id, "Rest", strings.TrimSpace(rest)), true
		}
	}
	return "", false
}

var reNotTimeOfDay = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^(.*) is not a time of day`) })

var reNoEntry = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^case (\d+) has no such entry`) })

var wantPrefixes = []struct{ prefix, id string }{
	{"expected digits like 2411250040001234", "tracking_id"},
	{"expected a GUID like", "tenant_id"},
	{"expected a lower-case GUID like", "tenant_id"},
	{"expected a DNS name like", "domain"},
	{"expected RFC 3339", "time"},
	{"out of range: expected a time between 2000 and 2099", "time_range"},
	{"is in the future", "future"},
	{"must be in the future", "must_future"},
	{"expected a case number like", "case_ref"},
	{"expected an ISO 3166-1", "country"},
	{"expected an upper-case ISO 3166-1", "country"},
	{"expected one of ", "one_of"},
	{"the case is already in that stage", "same_stage"},
	{"expected en or ja", "lang"},
	{"expected an email-shaped account", "admin"},
	{"expected a phone number", "phone"},
	{"must not be empty", "empty"},
	{"is already closed", "already_closed"},
	{"is not closed", "not_closed"},
	{"expected A (critical)", "severity"},
	{"expected phone, email, web or chat", "channel"},
	{"expected a number of days from 1 to 366", "days"},
	{"expected enterprise (Office 365 Enterprise) or other (Other Plans)", "plan"},
	{"expected \"enterprise\" (Office 365 Enterprise)", "plan"},
	{"expected working hours like", "working_hours"},
	{"expected day names like", "weekend_days"},
	{"expected an IANA time zone like", "time_zone"},
	{"expected business time like", "business_time"},
	{"the working day must end after it starts", "day_order"},
}

// wantIn is what an InputError expected, in p's language, from its Code
// (catalog ID want.<code>) and Args (.A, .B, and .Rest for all of them).
// ok is false for an error without a code the catalog words.
func wantIn(p *msg.Printer, ie *cases.InputError) (string, bool) {
	id := "want." + string(ie.Code)
	if ie.Code == "" || !msg.Has(p.Lang(), id) {
		return "", false
	}
	kv := []any{"Rest", strings.Join(ie.Args, p.T("word.sep"))}
	for i, a := range ie.Args {
		if i < 2 {
			kv = append(kv, string(rune('A'+i)), a)
		}
	}
	return p.T(id, kv...), true
}
