package contacts

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
	"testing/fstest"
	"time"
	_ "time/tzdata" // zones on every platform

	"github.com/mscase/mscase/data"
)

func load(t *testing.T) *Directory {
	t.Helper()
	d, warns, err := Load(data.FS, "")
	if err != nil || len(warns) > 0 {
		t.Fatalf("Load: %v %v", err, warns)
	}
	return d
}

func at(t *testing.T, s string) time.Time {
	t.Helper()
	v, err := time.Parse(time.RFC3339, s)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func TestLoadBundled(t *testing.T) {
	d := load(t)
	if len(d.Entries) != 245 || d.Source.Entries != 245 {
		t.Fatalf("entries = %d (source says %d), want 245", len(d.Entries), d.Source.Entries)
	}
	if d.Source.Repo != "MicrosoftDocs/microsoft-365-docs" || d.Source.Commit != "0776bed328ccc1fd41a489490d8e97ca204401ae" ||
		d.Source.Path != "microsoft-365/admin/support-contact-info.md" || d.Source.Retrieved != "2026-11-25" {
		t.Errorf("source = %+v", d.Source)
	}
	for _, e := range d.Entries {
		if _, err := time.LoadLocation(e.Zone); err != nil {
			t.Errorf("%s (%s): zone %q does not load: %v", e.Country, e.ISO2, e.Zone, err)
		}
		if e.NoPhone() != (e.ISO2 == "NP") {
			t.Errorf("%s: NoPhone = %v", e.Country, e.NoPhone())
		}
	}
}

// TestEveryHoursLine: every hours line parses into a schedule or is kept as
// text for a stated reason, and the text-kept lines are exactly these.
func TestEveryHoursLine(t *testing.T) {
	d := load(t)
	var kept []string
	lines := 0
	for _, e := range d.Entries {
		for _, h := range e.Hours {
			lines++
			if h.Raw == "" {
				t.Errorf("%s: hours line without raw text", e.Country)
			}
			switch {
			case h.Schedule == nil && h.TextReason == "":
				t.Errorf("%s: %q neither parsed nor given a reason", e.Country, h.Raw)
			case h.Schedule == nil:
				kept = append(kept, e.ISO2+": "+h.Raw)
			case !h.Schedule.Always && len(h.Schedule.Spans) == 0:
				t.Errorf("%s: %q parsed to an empty schedule", e.Country, h.Raw)
			}
		}
	}
	want := []string{
		"GW: Portuguese: 8 AM-9 PM",
		"TG: English: Monday through Friday, 8 AM-4 AM",
		"TG: French: Monday through Friday, 7 AM-8 AM",
		"TG: French: Monday through Friday, 8 AM-4 AM",
	}
	sort.Strings(kept)
	if !slices.Equal(kept, want) {
		t.Errorf("lines kept as text:\n%s\nwant:\n%s", strings.Join(kept, "\n"), strings.Join(want, "\n"))
	}
	if lines != 705 {
		t.Errorf("hours lines = %d, want 705", lines)
	}
}

func TestParseSchedule(t *testing.T) {
	mon := 1 * day
	tests := []struct {
		days, time string
		want       Schedule
	}{
		{"7 days a week", "24 hours a day", Schedule{Always: true}},
		{"Monday through Friday", "9 AM-5 PM", Schedule{Spans: spans(1, 5, 9*60, 17*60)}},
		{"Monday through Friday", "9:00-17:30", Schedule{Spans: spans(1, 5, 9*60, 17*60+30)}},
		{"weekdays", "9:00-17:30", Schedule{Spans: spans(1, 5, 9*60, 17*60+30)}},
		{"Sunday through Thursday", "8AM-4 PM", Schedule{Spans: spans(0, 4, 8*60, 16*60)}},
		{"Monday through Friday", "4 AM-noon", Schedule{Spans: spans(1, 5, 4*60, 12*60)}},
		{"Monday through Friday", "11 AM-midnight", Schedule{Spans: spans(1, 5, 11*60, 24*60)}},
		{"Monday through Friday", "12 PM-8 PM", Schedule{Spans: spans(1, 5, 12*60, 20*60)}},
		{"Monday through Friday", "9 PM-5 AM", Schedule{Spans: spans(1, 5, 21*60, 29*60)}},
		{"Sunday through Friday", "10 PM-6 AM", Schedule{Spans: spans(0, 5, 22*60, 30*60)}},
		{"Monday through Friday", "9 AM-5 PM ET", Schedule{Spans: spans(1, 5, 9*60, 17*60), Zone: "America/New_York", ZoneLabel: "ET"}},
		{"Monday through Friday", "10 AM-7 PM Moscow", Schedule{Spans: spans(1, 5, 10*60, 19*60), Zone: "Europe/Moscow", ZoneLabel: "Moscow"}},
		{"Monday through Friday", "9 AM-5 PM London", Schedule{Spans: spans(1, 5, 9*60, 17*60), Zone: "Europe/London", ZoneLabel: "London"}},
		{"Monday through Friday", "9 AM-5 PM Local", Schedule{Spans: spans(1, 5, 9*60, 17*60), ZoneLabel: "Local"}},
		{"between Mon noon and Sat noon", "24 hours a day", Schedule{Spans: []Span{{mon + 12*60, 6*day + 12*60}}}},
		{"Monday through Friday", "24 hours a day", Schedule{Spans: spans(1, 5, 0, 24*60)}},
	}
	for _, tt := range tests {
		got, err := parseSchedule(tt.days, tt.time)
		if err != nil {
			t.Errorf("%s, %s: %v", tt.days, tt.time, err)
			continue
		}
		if got.Always != tt.want.Always || !slices.Equal(got.Spans, tt.want.Spans) || got.Zone != tt.want.Zone || got.ZoneLabel != tt.want.ZoneLabel {
			t.Errorf("%s, %s = %+v, want %+v", tt.days, tt.time, *got, tt.want)
		}
	}
	for _, bad := range [][2]string{{"Monday through Funday", "9 AM-5 PM"}, {"Monday through Friday", "9-5"}, {"Monday through Friday", "13 PM-5 PM"}, {"sometimes", "9 AM-5 PM"}} {
		if s, err := parseSchedule(bad[0], bad[1]); err == nil {
			t.Errorf("%q, %q parsed to %+v, want an error", bad[0], bad[1], s)
		}
	}
}

func spans(from, to, start, end int) []Span {
	var out []Span
	for d := from; d <= to; d++ {
		out = append(out, Span{d*day + start, d*day + end})
	}
	return out
}

// TestLookupEveryEntry: every country in the bundled data is reachable by
// its code and by its name, in any case.
func TestLookupEveryEntry(t *testing.T) {
	d := load(t)
	for _, e := range d.Entries {
		for _, q := range []string{e.ISO2, strings.ToLower(e.ISO2), e.Country, strings.ToUpper(e.Country), e.Name()} {
			got, err := d.Lookup(q)
			if err != nil {
				t.Errorf("Lookup(%q): %v", q, err)
				continue
			}
			if !slices.Contains(got, e) {
				t.Errorf("Lookup(%q) does not include %s", q, e.Name())
			}
		}
	}
}

func TestLookup(t *testing.T) {
	d := load(t)
	tests := []struct {
		q    string
		want []string // Name() of each entry
	}{
		{"JP", []string{"Japan"}},
		{"jp", []string{"Japan"}},
		{"日本", []string{"Japan"}},
		{"にっぽん", []string{"Japan"}},
		{"Deutschland", []string{"Germany"}},
		{"us", []string{"United States"}},
		{"USA", []string{"United States"}},
		{"españa", []string{"Spain"}},
		{"Espana", []string{"Spain"}},
		{"NA", []string{"Namibia"}},
		{"curacao", []string{"Curaçao"}},
		{"Saint Kitts and Nevis", []string{"Saint Kitts and Nevis"}},
		{"CN", []string{"China", "China (Office 365 operated by 21Vianet only)"}},
		{"21Vianet", []string{"China (Office 365 operated by 21Vianet only)"}},
		{"BQ", []string{"Bonaire", "Saba", "Sint Eustatius"}},
		{"sj", []string{"Jan Mayen", "Svalbard"}},
		{"Saba", []string{"Saba"}},
	}
	for _, tt := range tests {
		got, err := d.Lookup(tt.q)
		if err != nil {
			t.Errorf("Lookup(%q): %v", tt.q, err)
			continue
		}
		var names []string
		for _, e := range got {
			names = append(names, e.Name())
		}
		if !slices.Equal(names, tt.want) {
			t.Errorf("Lookup(%q) = %q, want %q", tt.q, names, tt.want)
		}
	}
}

func TestLookupUnknown(t *testing.T) {
	d := load(t)
	tests := []struct{ q, want string }{
		{"Jpan", `unknown country "Jpan": did you mean Japan (JP)?`},
		{"Germny", `unknown country "Germny": did you mean Germany (DE)?`},
		{"Deutchland", `unknown country "Deutchland": did you mean Germany (DE)?`},
		{"QQ", `unknown country "QQ": expected an ISO code like JP or a name like Japan`},
		{"", `unknown country "": expected an ISO code like JP or a name like Japan`},
	}
	for _, tt := range tests {
		_, err := d.Lookup(tt.q)
		var ue *UnknownCountryError
		if !errors.As(err, &ue) || err.Error() != tt.want {
			t.Errorf("Lookup(%q) error = %v, want %s", tt.q, err, tt.want)
		}
	}
}

func TestNumbers(t *testing.T) {
	tests := []struct{ raw, iso2, e164, calling, problem string }{
		{"0120 996 680", "JP", "+81120996680", "81", ""},
		{"03 4332 5493", "JP", "+81343325493", "81", ""},
		{"1 800 865 9408", "US", "+18008659408", "1", ""},
		{"800-865-9408", "GU", "+18008659408", "1", ""},
		{"001 212 497 6305", "BZ", "+12124976305", "1", ""},
		{"0800 589 2332", "DE", "+498005892332", "49", ""},
		{"02 6943 0746", "IT", "+390269430746", "39", ""},
		{"8 10 800 2548 1044", "RU", "+80025481044", "800", ""},
		{"8800 30 960", "LT", "+37080030960", "370", ""},
		{"+1877 857 3235", "BD", "+18778573235", "1", ""},
		{"+86 4000 890 365", "CN", "+864000890365", "86", ""},
		{"+8 800 555 1349", "KZ", "", "", "+8 is not a country calling code"},
		{"000 800 440 2038", "IN", "", "", "written with an access code (000…): dial it as written from inside the country"},
		{"00800 051 0398", "PA", "", "", "written with an access code (008…): dial it as written from inside the country"},
		{"0-0", "JP", "", "", "written with an access code (00…): dial it as written from inside the country"}, // two digits only: used to slice past the end
	}
	for _, tt := range tests {
		n := parseNumber(tt.raw, "primary", "", tt.iso2)
		if n.E164 != tt.e164 || n.Calling != tt.calling || n.Problem != tt.problem {
			t.Errorf("parseNumber(%q, %s) = %q %q %q, want %q %q %q", tt.raw, tt.iso2, n.E164, n.Calling, n.Problem, tt.e164, tt.calling, tt.problem)
		}
	}
	if got := parseNumber("0120 996 680", "primary", "", "JP").TelURI("JP"); got != "tel:+81120996680" {
		t.Errorf("TelURI = %q", got)
	}
	if got := parseNumber("000 800 440 2038", "primary", "", "IN").TelURI("IN"); got != "tel:0008004402038;phone-context=+91" {
		t.Errorf("TelURI = %q", got)
	}
}

// TestCountryCodeMismatches lists every number whose calling code is not
// its country's and that the page does not mark "International call
// charges apply.", so that a reviewer sees them. A change in the data shows
// up here.
func TestCountryCodeMismatches(t *testing.T) {
	d := load(t)
	var got []string
	intl := 0
	for _, e := range d.Entries {
		cc := countries()[e.ISO2].code
		for _, n := range e.Numbers {
			if n.E164 == "" {
				got = append(got, e.ISO2+" "+n.Raw+": no E.164 form ("+n.Problem+")")
				continue
			}
			if n.Calling == cc {
				continue
			}
			if strings.Contains(n.Note, "International call charges apply.") {
				intl++
				continue
			}
			got = append(got, e.ISO2+" "+n.Raw+": +"+n.Calling+", not +"+cc)
		}
	}
	for _, g := range got {
		t.Log(g)
	}
	want := []string{
		"BG 00800 118 4446: no E.164 form (written with an access code (008…): dial it as written from inside the country)",
		"BS 00800 051 0398: no E.164 form (written with an access code (008…): dial it as written from inside the country)",
		"BZ 001 212 497 6305: +1, not +501",
		"FJ 004 890 1001: no E.164 form (written with an access code (004…): dial it as written from inside the country)",
		"GR 00800 4414 2831: no E.164 form (written with an access code (008…): dial it as written from inside the country)",
		"ID 001 803 442 304: no E.164 form (written with an access code (001…): dial it as written from inside the country)",
		"ID 007 803 011 0882: no E.164 form (written with an access code (007…): dial it as written from inside the country)",
		"IN 000 800 440 2038: no E.164 form (written with an access code (000…): dial it as written from inside the country)",
		"KM +1 312 843 5147: +1, not +269",
		"KZ +8 800 555 1349: no E.164 form (+8 is not a country calling code)",
		"LI +41 22 76 141 14: +41, not +423",
		"LI +41 800 000 300: +41, not +423",
		"PA 00800 051 0398: no E.164 form (written with an access code (008…): dial it as written from inside the country)",
		"PE 009 800 441 0088: no E.164 form (written with an access code (009…): dial it as written from inside the country)",
		"RE +1 312 843 5147: +1, not +262",
		"RU 8 10 800 2548 1044: +800, not +7",
		"TH 001 800 441 2619: no E.164 form (written with an access code (001…): dial it as written from inside the country)",
		"UY 000 411 002 7131: no E.164 form (written with an access code (000…): dial it as written from inside the country)",
		"UZ +8 641 744 0010: no E.164 form (+8 is not a country calling code)",
	}
	sort.Strings(got)
	if !slices.Equal(got, want) {
		t.Errorf("mismatches changed:\n%s", strings.Join(got, "\n"))
	}
	if intl < 100 {
		t.Errorf("only %d numbers in another country marked international; the page has over 100", intl)
	}
}

type wantOption struct {
	number string
	state  State
	why    string // substring of Why
}

func TestSuggest(t *testing.T) {
	d := load(t)
	tests := []struct {
		name  string
		q     Query
		want  []wantOption
		notes Note // one of the notes: its kind and the fields set here
	}{
		{
			name: "Japan weekday 10:00 JST",
			q:    Query{Country: "JP", Lang: "ja", At: at(t, "2026-11-25T10:00:00+09:00")},
			want: []wantOption{
				{"0120 996 680", Open, "open now, 24 hours: Japanese"},
				{"0120 996 680", Open, "open now, 24 hours: English"},
				{"0120 628 860", Open, "open now until Wed 17:30: language not stated, weekdays, 9:00-17:30"},
				{"0120 628 860", Open, "open now, 24 hours: language not stated, 7 days a week, 24 hours a day [Other Plans: high severity issues only]"},
			},
			notes: Note{Kind: NotePlansSplit, Country: "Japan", ISO2: "JP"},
		},
		{
			name: "Japan Saturday 10:00 JST, Other Plans",
			q:    Query{Country: "Japan", Lang: "ja", At: at(t, "2026-11-28T10:00:00+09:00"), Plan: "other"},
			want: []wantOption{
				{"0120 628 860", Open, "open now, 24 hours: language not stated, 7 days a week, 24 hours a day [Other Plans: high severity issues only]"},
				{"0120 628 860", Closed, "closed now: language not stated, weekdays, 9:00-17:30 [Other Plans: telephone technical support]; opens Mon 09:00, in 2 days"},
			},
		},
		{
			name: "Japan public holiday (Labor Thanksgiving Day), billing",
			q:    Query{Country: "日本", Lang: "ja", At: at(t, "2026-11-23T10:00:00+09:00"), Support: Billing},
			want: []wantOption{
				{"0120 996 680", Closed, "closed now: Labor Thanksgiving Day is a public holiday: Japanese, Monday through Friday, 9:00-17:00, closed on weekends and public holidays; opens Tue 09:00, tomorrow"},
				{"0120 996 680", Closed, "English"},
			},
			notes: Note{Kind: NoteBilling},
		},
		{
			name: "Japan citizens' holiday after 2032 (Tue 22 Sep 2037), billing: closed by the law's rule",
			q:    Query{Country: "JP", Lang: "ja", At: at(t, "2037-09-22T10:00:00+09:00"), Support: Billing},
			want: []wantOption{
				{"0120 996 680", Closed, "closed now: Citizens' holiday is a public holiday: Japanese, Monday through Friday, 9:00-17:00, closed on weekends and public holidays; opens Thu 09:00, in 2 days"},
				{"0120 996 680", Closed, "English"},
			},
		},
		{
			name: "United States 03:00 Eastern",
			q:    Query{Country: "us", At: at(t, "2026-11-25T03:00:00-05:00")},
			want: []wantOption{{"1 800 865 9408", Open, "open now, 24 hours: English"}},
		},
		{
			name: "Germany Friday 20:00, German",
			q:    Query{Country: "Deutschland", Lang: "de", At: at(t, "2026-11-27T20:00:00+01:00")},
			want: []wantOption{
				{"0800 589 2332", Open, "open now until Fri 21:00: German, Monday through Friday, 8 AM-9 PM"},
				{"0800 589 2332", Open, "open now, 24 hours: English"},
			},
		},
		{
			name: "Germany Friday 21:30: German closed until Monday",
			q:    Query{Country: "DE", Lang: "de", At: at(t, "2026-11-27T21:30:00+01:00")},
			want: []wantOption{
				{"0800 589 2332", Open, "open now, 24 hours: English"},
				{"0800 589 2332", Closed, "opens Mon 08:00, in 3 days"},
			},
		},
		{
			name: "Canada French uses Eastern time",
			q:    Query{Country: "CA", Lang: "fr", At: at(t, "2026-11-25T08:30:00-05:00")},
			want: []wantOption{
				{"1 800 865 9408", Open, "open now, 24 hours: English"},
				{"1 800 865 9408", Closed, "opens 09:00, in 30m"},
			},
		},
		{
			name:  "Swedish asked in Sweden: English first, with a note",
			q:     Query{Country: "SE", Lang: "sv", At: at(t, "2026-11-25T10:00:00+01:00")},
			want:  []wantOption{{"020 160 5899", Open, "open now, 24 hours: English"}},
			notes: Note{Kind: NoteNoLanguage, Country: "Sweden", ISO2: "SE", Lang: "sv"},
		},
		{
			name: "Togo: hours kept as text rank last",
			q:    Query{Country: "TG", Lang: "fr", At: at(t, "2026-11-25T10:00:00Z")},
			want: []wantOption{
				{"+1 312 843 5147", Open, "open now, 24 hours: English"},
				{"+1 312 843 5147", Unknown, "hours unclear (French)"},
			},
		},
		{
			name: "China: both entries, 21Vianet after the global service",
			q:    Query{Country: "CN", Lang: "zh", At: at(t, "2026-11-25T10:00:00+08:00")},
			want: []wantOption{
				{"800 988 0365", Open, "Chinese (Mandarin)"},
				{"+86 4000 890 365", Open, "Chinese and English phone support"},
				{"800 988 0365", Open, "English"},
			},
			notes: Note{Kind: NoteOnline, Text: "online support (through the admin center)"},
		},
		{
			name:  "Nepal: no phone support",
			q:     Query{Country: "Nepal", At: at(t, "2026-11-25T10:00:00+05:45")},
			want:  nil,
			notes: Note{Kind: NoteTechnical},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := d.Suggest(tt.q)
			if err != nil {
				t.Fatal(err)
			}
			if len(s.Options) != len(tt.want) {
				for _, o := range s.Options {
					t.Logf("%d %s %s %s", o.Rank, o.State, o.Numbers[0].Raw, o.Why)
				}
				t.Fatalf("%d options, want %d", len(s.Options), len(tt.want))
			}
			for i, w := range tt.want {
				o := s.Options[i]
				if o.Rank != i+1 || o.Numbers[0].Raw != w.number || o.State != w.state || !strings.Contains(o.Why, w.why) {
					t.Errorf("option %d = %d %s %s %q, want %s %s containing %q", i+1, o.Rank, o.Numbers[0].Raw, o.State, o.Why, w.number, w.state, w.why)
				}
			}
			if tt.notes.Kind != "" && !slices.ContainsFunc(s.Notes, func(n Note) bool {
				w := tt.notes
				return n.Kind == w.Kind && (w.Country == "" || n.Country == w.Country) && (w.Lang == "" || n.Lang == w.Lang) &&
					strings.Contains(n.Text, w.Text)
			}) {
				t.Errorf("notes %+v do not hold %+v", s.Notes, tt.notes)
			}
			if s.PINWarning != PINWarning {
				t.Error("no PIN warning")
			}
		})
	}
	s, err := d.Suggest(Query{Country: "NP", At: at(t, "2026-11-25T10:00:00+05:45")})
	if err != nil || !strings.HasPrefix(s.NoPhone, "no phone support in Nepal: use the admin center's online support") {
		t.Errorf("Nepal: %v %q", err, s.NoPhone)
	}
}

func TestSuggestZoneOverride(t *testing.T) {
	d := load(t)
	// 10:00 in Tokyo is 17:00 the day before in Los Angeles: US billing
	// (9 AM-5 PM local) is closed when read in Pacific time, open in Eastern.
	when := at(t, "2026-11-26T05:30:00+09:00") // Wed 15:30 Eastern, 12:30 Pacific
	for _, tt := range []struct{ tz, why string }{{"", "open now until Wed 17:00"}, {"America/Los_Angeles", "open now until Wed 17:00"}, {"Asia/Tokyo", "opens 09:00, in 3h 30m"}} {
		s, err := d.Suggest(Query{Country: "US", At: when, TZ: tt.tz, Support: Billing})
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(s.Options[0].Why, tt.why) {
			t.Errorf("tz %q: %q, want %q", tt.tz, s.Options[0].Why, tt.why)
		}
	}
}

func TestSuggestBadInput(t *testing.T) {
	d := load(t)
	now := at(t, "2026-11-25T10:00:00+09:00")
	tests := []struct {
		q    Query
		want string
	}{
		{Query{Country: "Jpan", At: now}, `did you mean Japan (JP)?`},
		{Query{Country: "JP", Lang: "klingon", At: now}, `language "klingon": expected a language code`},
		{Query{Country: "JP", TZ: "Mars/Olympus", At: now}, `time zone "Mars/Olympus": expected an IANA zone`},
		{Query{Country: "JP", Plan: "gold", At: now}, `plan "gold": expected enterprise`},
		{Query{Country: "JP", Support: "sales", At: now}, `support "sales": expected technical or billing`},
	}
	for _, tt := range tests {
		_, err := d.Suggest(tt.q)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Suggest(%+v) = %v, want %q", tt.q, err, tt.want)
		}
	}
}

func TestOpensIn(t *testing.T) {
	from := at(t, "2026-11-28T10:00:00+09:00") // Saturday
	tests := []struct{ next, want string }{
		{"2026-11-28T10:45:00+09:00", "opens 10:45, in 45m"},
		{"2026-11-28T13:00:00+09:00", "opens 13:00, in 3h"},
		{"2026-11-29T09:00:00+09:00", "opens Sun 09:00, tomorrow"},
		{"2026-11-30T09:00:00+09:00", "opens Mon 09:00, in 2 days"},
		{"2026-12-08T09:00:00+09:00", "opens Tue 8 Dec 09:00, in 10 days"},
	}
	for _, tt := range tests {
		if got := OpensIn(from, at(t, tt.next)); got != tt.want {
			t.Errorf("OpensIn(%s) = %q, want %q", tt.next, got, tt.want)
		}
	}
}

func writeFile(t *testing.T, body string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "contacts.json")
	if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestOverride(t *testing.T) {
	p := writeFile(t, `{
  "entries": [
    {"country": "Japan", "iso2": "JP",
     "phones": [{"number": "0120 111 222", "kind": "primary", "note": "(Office 365 Enterprise)"}]},
    {"country": "Atlantis", "iso2": "AQ", "tz": "Antarctica/McMurdo", "section": "Elsewhere",
     "phones": [{"number": "+64 9 123 4567"}],
     "hours": [{"support": "technical", "language": "English", "days": "7 days a week", "time": "24 hours a day"}]}
  ]
}`)
	d, warns, err := Load(data.FS, p)
	if err != nil || len(warns) > 0 {
		t.Fatalf("Load: %v %v", err, warns)
	}
	jp, _ := d.Lookup("JP")
	if len(jp) != 1 || !jp[0].Override || len(jp[0].Numbers) != 1 || jp[0].Numbers[0].Raw != "0120 111 222" {
		t.Fatalf("Japan not replaced: %+v", jp[0])
	}
	if len(jp[0].Hours) != 6 || jp[0].Region != "Asia" {
		t.Errorf("Japan lost the hours or region the override left out: %d hours, region %q", len(jp[0].Hours), jp[0].Region)
	}
	at, err := d.Lookup("atlantis")
	if err != nil || !at[0].Override || at[0].Numbers[0].E164 != "+6491234567" || at[0].Zone != "Antarctica/McMurdo" {
		t.Fatalf("Atlantis not added: %v %+v", err, at)
	}
	if d.Source.Replaced != 1 || d.Source.Added != 1 || d.Source.Override != p {
		t.Errorf("source = %+v", d.Source)
	}
	if len(d.Entries) != 246 {
		t.Errorf("%d entries, want 246", len(d.Entries))
	}
}

func TestOverrideBroken(t *testing.T) {
	tests := []struct {
		name, body string
		want       string // the first warning
	}{
		{"syntax", "{\n  \"entries\": [\n    {\"country\": \"Japan\",, }\n  ]\n}", "contacts.json:3: not valid JSON: invalid character ',' looking for beginning of object key string"},
		{"type", "{\n  \"entries\": [\n    {\"country\": \"Japan\", \"iso2\": 81}\n  ]\n}", "contacts.json:3: entries.iso2: expected string, found number"},
		{"unknown field", "{\n  \"entries\": [\n    {\"country\": \"Japan\", \"iso\": \"JP\"}\n  ]\n}", `contacts.json:3: unknown field "iso"`},
		{"bad number", "{\n  \"entries\": [\n    {\"country\": \"Atlantis\", \"iso2\": \"AQ\", \"tz\": \"UTC\", \"phones\": [{\"number\": \"+64 9 123 4567\"}]},\n    {\"country\": \"Japan\", \"iso2\": \"JP\",\n     \"phones\": [{\"number\": \"call me maybe\"}]}\n  ]\n}",
			`contacts.json:5: entries[1].phones[0].number: "call me maybe": expected digits, spaces, hyphens and an optional leading +`},
		{"bad code", "{\"entries\": [{\"country\": \"Atlantis\", \"iso2\": \"ZZZ\"}]}", `contacts.json:1: entries[0].iso2: "ZZZ" is not a country code mscase knows`},
		{"bad zone", "{\"entries\": [{\"country\": \"Atlantis\", \"iso2\": \"AQ\", \"tz\": \"Sea/Bottom\"}]}", `contacts.json:1: entries[0].tz: "Sea/Bottom" is not an IANA time zone`},
		{"bad support", "{\"entries\": [{\"country\": \"Japan\", \"iso2\": \"JP\", \"hours\": [{\"support\": \"sales\", \"time\": \"9 AM-5 PM\"}]}]}", `contacts.json:1: entries[0].hours[0].support: "sales": expected billing or technical`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := writeFile(t, tt.body)
			d, warns, err := Load(data.FS, p)
			if err != nil {
				t.Fatal(err)
			}
			if len(warns) < 2 {
				t.Fatalf("warnings = %v, want a problem and the fallback", warns)
			}
			got := strings.TrimPrefix(warns[0].String(), filepath.Dir(p)+string(filepath.Separator))
			if !strings.HasPrefix(got, tt.want) {
				t.Errorf("warning = %q, want %q", got, tt.want)
			}
			if last := warns[len(warns)-1].Msg; last != "ignored the whole file; using the bundled directory only" {
				t.Errorf("last warning = %q", last)
			}
			// Nothing half-applied: the directory is the bundled one.
			if len(d.Entries) != 245 || d.Source.Override != "" {
				t.Errorf("%d entries, override %q: the broken file was partly applied", len(d.Entries), d.Source.Override)
			}
			for _, e := range d.Entries {
				if e.Override {
					t.Errorf("%s marked overridden", e.Country)
				}
			}
		})
	}
}

func TestLoadErrors(t *testing.T) {
	if _, _, err := Load(fstest.MapFS{}, ""); err == nil {
		t.Error("Load of an empty FS succeeded")
	}
	if _, _, err := Load(fstest.MapFS{File: {Data: []byte("{")}}, ""); err == nil {
		t.Error("Load of broken bundled JSON succeeded")
	}
	d, warns, err := Load(data.FS, filepath.Join(t.TempDir(), "missing.json"))
	if err != nil || len(warns) != 0 || len(d.Entries) != 245 {
		t.Errorf("missing override file: %v %v", err, warns)
	}
}

func TestSourceAge(t *testing.T) {
	s := Source{Retrieved: "2026-11-25"}
	if got := s.AgeDays(at(t, "2027-02-23T10:00:00+09:00")); got != 90 {
		t.Errorf("AgeDays = %d, want 90", got)
	}
	if got := (Source{}).AgeDays(at(t, "2027-02-23T10:00:00+09:00")); got != -1 {
		t.Errorf("AgeDays of an unknown date = %d, want -1", got)
	}
}

func TestZone(t *testing.T) {
	tests := []struct{ code, zone string }{
		{"JP", "Asia/Tokyo"}, {"jp", "Asia/Tokyo"}, {"US", "America/New_York"}, {"DE", "Europe/Berlin"}, {"ZZ", ""},
	}
	for _, tt := range tests {
		if got := Zone(tt.code); got != tt.zone {
			t.Errorf("Zone(%q) = %q, want %q", tt.code, got, tt.zone)
		}
	}
	if got := CountryOfZone("Asia/Tokyo"); got != "JP" {
		t.Errorf("CountryOfZone(Asia/Tokyo) = %q", got)
	}
	if got := CountryOfZone("Mars/Olympus"); got != "" {
		t.Errorf("CountryOfZone(Mars/Olympus) = %q", got)
	}
	// Every bundled country has a zone that loads.
	for code := range countries() {
		if _, err := time.LoadLocation(Zone(code)); err != nil || Zone(code) == "" {
			t.Errorf("%s: zone %q: %v", code, Zone(code), err)
		}
	}
}

// TestSuggestEveryOptionHasANumber: a correction that replaces Japan's
// numbers with an Other Plans number only leaves the Enterprise hours with
// nothing to dial. Those lines are left out with a note; every option that
// remains has a number to show first (callers index Numbers[0]).
func TestSuggestEveryOptionHasANumber(t *testing.T) {
	p := filepath.Join(t.TempDir(), "contacts.json")
	if err := os.WriteFile(p, []byte(`{"entries":[{"country":"Japan","iso2":"JP","phones":[{"number":"0120 628 860","kind":"primary","note":"(Other Plans)"}]}]}`), 0o600); err != nil {
		t.Fatal(err)
	}
	d, warns, err := Load(data.FS, p)
	if err != nil || len(warns) > 0 {
		t.Fatalf("Load: %v %v", err, warns)
	}
	for _, plan := range []string{"", "enterprise", "other"} {
		sg, err := d.Suggest(Query{Country: "JP", At: at(t, "2026-11-26T10:00:00+09:00"), Plan: plan})
		if err != nil {
			t.Fatalf("plan %q: %v", plan, err)
		}
		for _, o := range sg.Options {
			if len(o.Numbers) == 0 {
				t.Errorf("plan %q: option %d (%s) has no number", plan, o.Rank, o.Why)
			} else if o.Numbers[0].Raw != "0120 628 860" {
				t.Errorf("plan %q: option %d offers %s", plan, o.Rank, o.Numbers[0].Raw)
			}
		}
		if plan != "enterprise" && len(sg.Options) == 0 {
			t.Errorf("plan %q: no option left, want the Other Plans lines", plan)
		}
		if plan != "other" && !slices.ContainsFunc(sg.Notes, func(n Note) bool { return n.Kind == NoteNoNumber && n.Plan == PlanEnterprise }) {
			t.Errorf("plan %q: notes %q do not say why the Enterprise lines are missing", plan, sg.Notes)
		}
	}
}
