package cases

import (
	"errors"
	"fmt"
	"io/fs"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/mscase/mscase/safetext"
	"golang.org/x/net/idna"
)

// Errors the store returns; cmd maps them to exit codes.
var (
	ErrNotFound  = errors.New("no such case")
	ErrBusy      = errors.New("the database is in use by another mscase process")
	ErrNotBolt   = errors.New("not an mscase database")
	ErrTooNew    = errors.New("database written by a newer mscase")
	ErrDuplicate = errors.New("duplicate TrackingID")
	// ErrTooBig is a write a shared store refused whole for its size (an
	// import bigger than one etcd transaction): nothing was written.
	ErrTooBig = errors.New("too big for one write to the shared store")
	// ErrDamaged is a bbolt file that is truncated or whose meta pages are
	// unreadable: opening it would crash the process (SIGBUS) or read
	// garbage. Nothing was written to it.
	ErrDamaged = errors.New("the database file is damaged")
	// ErrEmpty is a 0-byte database file: nothing has been written yet. It
	// wraps fs.ErrNotExist so a read treats it as no database at all.
	ErrEmpty = fmt.Errorf("the database file is empty: %w", fs.ErrNotExist)
)

// InputError is bad user input: a value that does not have the expected
// shape. cmd exits 2 on it.
type InputError struct {
	Field string // what was being read, e.g. "tracking ID"
	Value string
	Want  string // what is expected, in English
	// Code names what was expected, so that the message layer can say it
	// in the reader's language; "" when Want is all there is.
	Code Code
	// Args are the facts Code's words need besides Field and Value: the
	// choices of CodeOneOf, the counts of CodeTooLong.
	Args []string
}

// Code is what an InputError expected, as a fact: the message layer
// (cmd/mscase, catalog IDs want.<code>) words it.
type Code string

// The codes of InputError.
const (
	CodeTrackingID      Code = "tracking_id"
	CodeTenantID        Code = "tenant_id"
	CodeDomain          Code = "domain"
	CodeAdmin           Code = "admin"
	CodeCountry         Code = "country"
	CodeLanguage        Code = "language"
	CodeLang            Code = "lang" // a language mscase speaks: en or ja
	CodePhone           Code = "phone"
	CodeSeverity        Code = "severity"
	CodeChannel         Code = "channel"
	CodeKind            Code = "kind"
	CodePlan            Code = "plan"
	CodeDirection       Code = "direction"
	CodeCaseRef         Code = "case_ref"
	CodeOneOf           Code = "one_of" // Args: the choices
	CodeSameStage       Code = "same_stage"
	CodeAlreadyClosed   Code = "already_closed"
	CodeNotClosed       Code = "not_closed"
	CodeNoEntry         Code = "no_entry" // Args: the case number
	CodeNoChecklist     Code = "no_checklist"
	CodeCallbackContact Code = "callback_contact"
	CodeTime            Code = "time"
	CodeTimeRange       Code = "time_range"
	CodePast            Code = "future"       // a past event was given a time in the future
	CodeFuture          Code = "must_future"  // a time for later was in the past
	CodeTimeOfDay       Code = "time_of_day"  // Args: the text that is not a clock time
	CodeNoSuchDate      Code = "no_such_date" // Args: the date as typed
	CodeEmpty           Code = "empty"
	CodeUTF8            Code = "utf8"
	CodeControl         Code = "control"      // one line of text
	CodeControlText     Code = "control_text" // text where newlines are fine
	CodeTooLong         Code = "too_long"     // Args: characters given, the most allowed
	CodeEntryNumber     Code = "entry_number"
	CodeTXTEmpty        Code = "txt_empty"
	CodeTXTUTF8         Code = "txt_utf8"
	CodeTXTNonASCII     Code = "txt_non_ascii" // Args: the character, its byte offset
	CodeTXTControl      Code = "txt_control"   // Args: the character as U+XXXX
	CodeTXTTooLong      Code = "txt_too_long"
	CodeEmailEmpty      Code = "email_empty"
	CodeEmailTooLarge   Code = "email_too_large" // Args: the most MB allowed
	CodeEmailNotText    Code = "email_not_text"
)

func (e *InputError) Error() string {
	if e.Value == "" && e.Want != "" {
		return fmt.Sprintf("%s: %s", e.Field, e.Want)
	}
	return fmt.Sprintf("%s %s: %s", e.Field, safetext.Quote(e.Value), e.Want)
}

// ClosedError is returned when a change needs an open case.
type ClosedError struct{ Number uint64 }

func (e *ClosedError) Error() string {
	return fmt.Sprintf("case %d is closed: reopen it first with \"mscase cases reopen %d\"", e.Number, e.Number)
}

// TransitionError is a move the stage table does not allow.
type TransitionError struct{ From, To Stage }

func (e *TransitionError) Error() string {
	var next []string
	for _, s := range NextStages(e.From) {
		next = append(next, string(s))
	}
	return fmt.Sprintf("cannot move from %s to %s: from %s a case may move to %s", e.From, e.To, e.From, strings.Join(next, ", "))
}

// DuplicateError names the case that already holds a TrackingID.
type DuplicateError struct {
	TrackingID string
	Number     uint64
}

func (e *DuplicateError) Error() string {
	if e.TrackingID == "" {
		return fmt.Sprintf("case %d (same number and creation time) is already in the database", e.Number)
	}
	return fmt.Sprintf("tracking ID %s is already used by case %d", e.TrackingID, e.Number)
}

func (e *DuplicateError) Unwrap() error { return ErrDuplicate }

var (
	reTrackingDigits = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[0-9]{7,20}$`) })
	reTrackingDash   = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[0-9]-[0-9]{13}$`) })
	reGUID           = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)
	})
	reUPNLocal = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[A-Za-z0-9.!#$%&'*+/=?^_{|}~-]+$`) })
	reLang     = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$`) })
)

// ParseTrackingID normalises a Microsoft service request number: spaces and
// a leading '#' are dropped (also "TrackingID#"); what remains must be 7 to
// 20 digits or the older 1-1234567890123 form.
func ParseTrackingID(s string) (string, error) {
	v := strings.Join(strings.Fields(s), "")
	if i := strings.LastIndex(strings.ToLower(v), "trackingid"); i == 0 {
		v = v[len("trackingid"):]
	}
	v = strings.TrimLeft(v, "#:")
	if reTrackingDigits().MatchString(v) || reTrackingDash().MatchString(v) {
		return v, nil
	}
	return "", &InputError{Field: "tracking ID", Value: s, Want: "expected digits like 2411250040001234 (7 to 20 digits, or the older form 1-1234567890123)", Code: CodeTrackingID}
}

// ParseTenantID accepts a GUID in any case and returns it lower-case.
func ParseTenantID(s string) (string, error) {
	v := strings.ToLower(strings.Trim(strings.TrimSpace(s), "{}"))
	if reGUID().MatchString(v) {
		return v, nil
	}
	return "", &InputError{Field: "tenant ID", Value: s, Want: "expected a GUID like 12345678-aaaa-4bbb-8ccc-1234567890ab (yours is in the sign-in metadata: mscase tenant lookup DOMAIN)", Code: CodeTenantID}
}

var domainProfile = idna.New(idna.MapForLookup(), idna.BidiRule(), idna.Transitional(false), idna.StrictDomainName(true), idna.ValidateLabels(true), idna.VerifyDNSLength(true))

// ParseDomain validates a DNS name (IDN allowed) and returns its ASCII form.
// What it returns parses again to itself.
func ParseDomain(s string) (string, error) {
	bad := &InputError{Field: "domain", Value: s, Want: "expected a DNS name like contoso.onmicrosoft.com or contoso.co.jp", Code: CodeDomain}
	a, ok := parseDomain(s)
	if !ok {
		return "", bad
	}
	// The IDNA mapping can turn what it cannot read (invalid UTF-8 becomes
	// U+FFFD) into a label it then refuses: accept only what is stable.
	if again, ok := parseDomain(a); !ok || again != a {
		return "", bad
	}
	return a, nil
}

func parseDomain(s string) (string, bool) {
	v := strings.TrimSuffix(strings.TrimSpace(s), ".")
	if v == "" || !strings.Contains(v, ".") || !utf8.ValidString(v) {
		return "", false
	}
	a, err := domainProfile.ToASCII(v)
	if err != nil {
		return "", false
	}
	a = strings.ToLower(a)
	labels := strings.Split(a, ".")
	tld := labels[len(labels)-1]
	for _, r := range tld {
		if (r < 'a' || r > 'z') && !strings.HasPrefix(tld, "xn--") {
			return "", false
		}
	}
	return a, true
}

// MixedScriptError is a domain with a label that mixes Latin, Greek and
// Cyrillic letters: "cοntoso.com" with a Greek omicron looks exactly like
// contoso.com. cmd refuses it unless the user insists.
type MixedScriptError struct {
	Domain  string   // as given
	Label   string   // the label, in Unicode
	Scripts []string // the scripts it mixes, e.g. ["Latin", "Greek"]
}

func (e *MixedScriptError) Error() string {
	return fmt.Sprintf("domain %s: the label %s mixes %s letters, the way look-alike domains do (expected one script per label)",
		safetext.Quote(e.Domain), safetext.Quote(e.Label), strings.Join(e.Scripts, " and "))
}

// lookalikeScripts are the scripts whose letters look like one another.
var lookalikeScripts = []struct {
	name  string
	table *unicode.RangeTable
}{{"Latin", unicode.Latin}, {"Greek", unicode.Greek}, {"Cyrillic", unicode.Cyrillic}}

// CheckScripts returns a *MixedScriptError when a label of the domain
// (ASCII or Unicode form) holds letters of more than one of Latin, Greek
// and Cyrillic. Other mixes (Latin with Han or Kana, as in many Japanese
// names) are allowed.
func CheckScripts(domain string) error {
	for _, label := range strings.Split(DisplayDomain(domain), ".") {
		var seen []string
		for _, sc := range lookalikeScripts {
			for _, r := range label {
				if unicode.Is(sc.table, r) {
					seen = append(seen, sc.name)
					break
				}
			}
		}
		if len(seen) > 1 {
			return &MixedScriptError{Domain: domain, Label: label, Scripts: seen}
		}
	}
	return nil
}

// DisplayDomain shows an ASCII domain in Unicode.
func DisplayDomain(ascii string) string {
	u, err := idna.ToUnicode(ascii)
	if err != nil {
		return ascii
	}
	return u
}

// ParseUPN validates an email-shaped user principal name; its domain is
// stored in ASCII form.
func ParseUPN(s string) (string, error) {
	v := strings.TrimSpace(s)
	bad := &InputError{Field: "admin", Value: s, Want: "expected an email-shaped account like admin@contoso.onmicrosoft.com", Code: CodeAdmin}
	at := strings.LastIndex(v, "@")
	if at <= 0 || at == len(v)-1 {
		return "", bad
	}
	local, dom := v[:at], v[at+1:]
	if !reUPNLocal().MatchString(local) || strings.HasPrefix(local, ".") || strings.HasSuffix(local, ".") || strings.Contains(local, "..") {
		return "", bad
	}
	d, err := ParseDomain(dom)
	if err != nil {
		return "", bad
	}
	return local + "@" + d, nil
}

// ParseCountry accepts an ISO 3166-1 alpha-2 code in any case (XK for Kosovo
// too) and returns it upper-case.
func ParseCountry(s string) (string, error) {
	v := strings.ToUpper(strings.TrimSpace(s))
	if len(v) == 2 && strings.Contains(isoCountries, " "+v+" ") {
		return v, nil
	}
	return "", &InputError{Field: "country", Value: s, Want: "expected an ISO 3166-1 alpha-2 code like JP, US or DE", Code: CodeCountry}
}

// isoCountries holds every ISO 3166-1 alpha-2 code, plus XK.
const isoCountries = " AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS XK YE YT ZA ZM ZW "

// ParseLang accepts a BCP 47-like language tag such as ja, en or pt-BR.
func ParseLang(s string) (string, error) {
	parts := strings.Split(strings.ReplaceAll(strings.TrimSpace(s), "_", "-"), "-")
	parts[0] = strings.ToLower(parts[0])
	if v := strings.Join(parts, "-"); reLang().MatchString(v) {
		return v, nil
	}
	return "", &InputError{Field: "language", Value: s, Want: "expected a language code like ja, en or pt-BR", Code: CodeLanguage}
}

var rePhone = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^\+?[0-9][0-9 ()./-]{4,30}[0-9]$`) })

// ParsePhone accepts a callback phone number: digits with spaces, dashes,
// dots or brackets, optionally starting with +.
func ParsePhone(s string) (string, error) {
	v := strings.Join(strings.Fields(s), " ")
	if rePhone().MatchString(v) {
		return v, nil
	}
	return "", &InputError{Field: "phone", Value: s, Want: "expected a phone number like +81 90 1234 5678", Code: CodePhone}
}

// ParseSeverity accepts A, B or C.
func ParseSeverity(s string) (string, error) {
	v := strings.ToUpper(strings.TrimSpace(s))
	if v == "A" || v == "B" || v == "C" {
		return v, nil
	}
	return "", &InputError{Field: "severity", Value: s, Want: "expected A (critical), B (high) or C (non-critical)", Code: CodeSeverity}
}

// ParseStage accepts a stage name.
func ParseStage(s string) (Stage, error) {
	v := Stage(strings.ToLower(strings.TrimSpace(s)))
	if v.Valid() {
		return v, nil
	}
	var names []string
	for _, st := range Stages {
		names = append(names, string(st))
	}
	return "", &InputError{Field: "stage", Value: s, Want: "expected one of " + strings.Join(names, ", "), Code: CodeOneOf, Args: names}
}

// ParseChannel accepts phone, email, web or chat.
func ParseChannel(s string) (Channel, error) {
	v := Channel(strings.ToLower(strings.TrimSpace(s)))
	for _, c := range Channels {
		if c == v {
			return v, nil
		}
	}
	return "", &InputError{Field: "channel", Value: s, Want: "expected phone, email, web or chat", Code: CodeChannel}
}

// ParseKind accepts the kind of one of the admin's own log entries: check,
// note or document ("contact" is the default kind and parses to "").
func ParseKind(s string) (Kind, error) {
	v := Kind(strings.ToLower(strings.TrimSpace(s)))
	switch v {
	case "contact", "":
		return KindContact, nil
	case "doc", "documents":
		return KindDocument, nil
	}
	for _, k := range Kinds {
		if k == v {
			return v, nil
		}
	}
	return "", &InputError{Field: "kind", Value: s, Want: "expected contact (with Microsoft), check, note or document", Code: CodeKind}
}

// ParsePlan accepts the tenant's plan as the support page's headings name
// it: enterprise (Office 365 Enterprise) or other (Other Plans); "" or
// "unknown" clears it.
func ParsePlan(s string) (string, error) {
	switch v := strings.ToLower(strings.TrimSpace(s)); v {
	case "", "unknown":
		return "", nil
	case "enterprise", "office 365 enterprise", "e":
		return PlanEnterprise, nil
	case "other", "other plans", "o":
		return PlanOther, nil
	}
	return "", &InputError{Field: "plan", Value: s, Want: "expected enterprise (Office 365 Enterprise) or other (Other Plans)", Code: CodePlan}
}

// ParseDirection accepts out (we contacted them) or in (they contacted us).
func ParseDirection(s string) (Direction, error) {
	switch v := Direction(strings.ToLower(strings.TrimSpace(s))); v {
	case DirIn, DirOut:
		return v, nil
	case "inbound":
		return DirIn, nil
	case "outbound":
		return DirOut, nil
	}
	return "", &InputError{Field: "direction", Value: s, Want: "expected out (we contacted Microsoft) or in (Microsoft contacted us)", Code: CodeDirection}
}

var reRelative = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^([+-])([0-9]{1,6})([mhdw])$`) })

// Times before MinTime or after MaxTime are typing mistakes (a year off by
// decades), and a contact so far in the future would silence the stall
// reminders for good.
var (
	MinTime = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	MaxTime = time.Date(2100, 1, 1, 0, 0, 0, 0, time.UTC)
)

const maxRelative = 10 * 366 * 24 * time.Hour

// ParseTime reads a time the way users type it: RFC 3339, "YYYY-MM-DD HH:MM"
// or "HH:MM" in loc (today), "today HH:MM", "tomorrow HH:MM", "yesterday
// HH:MM", "YYYY-MM-DD" (midnight in loc), "now", or a relative "-30m",
// "-2h", "-1d", "+1d" from now. A wall-clock time that does
// not exist in loc (skipped by a daylight-saving change) is refused rather
// than moved.
func ParseTime(s string, now time.Time, loc *time.Location) (time.Time, error) {
	v := strings.TrimSpace(s)
	if loc == nil {
		loc = now.Location()
	}
	want := "expected RFC 3339 (2026-11-26T18:00:00+09:00), \"2026-11-26 18:00\", \"18:00\", \"tomorrow 10:00\", \"明日 10時\" or relative like -30m, +2h, +1d"
	bad := func(why string) error { return &InputError{Field: "time", Value: s, Want: why} }
	check := func(t time.Time) (time.Time, error) {
		if t.Before(MinTime) || !t.Before(MaxTime) {
			return time.Time{}, &InputError{Field: "time", Value: s, Want: "out of range: expected a time between 2000 and 2099", Code: CodeTimeRange}
		}
		return t, nil
	}
	if strings.EqualFold(v, "now") || v == "今" || v == "いま" {
		return now, nil
	}
	if j, ok, err := jaTime(v, now, loc); ok {
		if err != nil {
			if ie, ok := err.(*InputError); ok {
				return time.Time{}, &InputError{Field: "time", Value: s, Want: ie.Want, Code: ie.Code, Args: ie.Args}
			}
			return time.Time{}, bad(err.Error())
		}
		v = j
	} else {
		v = foldWidth(v) // １０：００ is 10:00
	}
	if m := reRelative().FindStringSubmatch(v); m != nil {
		n, _ := strconv.ParseInt(m[2], 10, 64)
		unit := map[string]time.Duration{"m": time.Minute, "h": time.Hour, "d": 24 * time.Hour, "w": 7 * 24 * time.Hour}[m[3]]
		if n > int64(maxRelative/unit) {
			return time.Time{}, bad("too far from now: relative times go up to ten years")
		}
		d := time.Duration(n) * unit
		if m[1] == "-" {
			d = -d
		}
		return check(now.Add(d))
	}
	if t, err := time.Parse(time.RFC3339, v); err == nil {
		return check(t)
	}
	for _, layout := range []string{"2006-01-02 15:04", "2006-01-02T15:04", "2006-01-02 15:04:05", "2006-01-02"} {
		if t, err := time.ParseInLocation(layout, v, loc); err == nil {
			if err := wallExists(t, layout, v, loc, s); err != nil {
				return time.Time{}, err
			}
			return check(t)
		}
	}
	day, clock := 0, v
	if w, rest, ok := strings.Cut(v, " "); ok {
		if n, known := map[string]int{"today": 0, "tomorrow": 1, "yesterday": -1}[strings.ToLower(w)]; known {
			day, clock = n, strings.TrimSpace(rest)
		}
	}
	if t, err := time.ParseInLocation("15:04", clock, loc); err == nil {
		n := now.In(loc)
		d := time.Date(n.Year(), n.Month(), n.Day()+day, t.Hour(), t.Minute(), 0, 0, loc)
		if d.Hour() != t.Hour() || d.Minute() != t.Minute() {
			return time.Time{}, bad(fmt.Sprintf("%s does not exist that day in %s (the clocks change)", clock, loc))
		}
		return check(d)
	}
	return time.Time{}, &InputError{Field: "time", Value: s, Want: want, Code: CodeTime}
}

var reClock = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[0-9]{1,2}:[0-9]{2}$`) })

// ParsePromise reads a promised time, such as a callback Microsoft promised
// during a call made at base: a bare clock time ("09:00") is its next
// occurrence after base, a relative time ("+2h", "+1d") counts from base,
// anything else reads as ParseTime does ("tomorrow 10:00", RFC 3339).
func ParsePromise(s string, base time.Time, loc *time.Location) (time.Time, error) {
	v := strings.TrimSpace(foldWidth(s))
	if c := reJAClock().FindStringSubmatch(v); c != nil {
		// A bare Japanese clock (10時, 午後3時) is the next such time too.
		if j, ok, err := jaTime(v, base, loc); ok && err == nil {
			v = j[len("2006-01-02 "):]
		}
	}
	if loc == nil {
		loc = base.Location()
	}
	if reClock().MatchString(v) {
		t, err := ParseTime(v, base, loc)
		if err != nil {
			return t, err
		}
		if !t.After(base) {
			b := base.In(loc)
			d := time.Date(b.Year(), b.Month(), b.Day()+1, t.Hour(), t.Minute(), 0, 0, loc)
			if d.Hour() != t.Hour() || d.Minute() != t.Minute() {
				return time.Time{}, &InputError{Field: "time", Value: s, Want: fmt.Sprintf("%s does not exist tomorrow in %s (the clocks change)", v, loc)}
			}
			t = d
		}
		return t, nil
	}
	return ParseTime(v, base, loc)
}

// wallExists refuses a local time that a daylight-saving change skips:
// Go would silently move it an hour.
func wallExists(t time.Time, layout, v string, loc *time.Location, raw string) error {
	if t.Format(layout) == v {
		return nil
	}
	return &InputError{Field: "time", Value: raw, Want: fmt.Sprintf("%s does not exist in %s: the clocks jump forward then", v, loc)}
}
