package msg

import (
	"testing"
	"time"
)

// TestCatalogsHoldTheSameIDs fails when a message exists in one language
// and not the other: a Japanese admin would read English there, or an
// English one a message ID.
func TestCatalogsHoldTheSameIDs(t *testing.T) {
	sets := map[string]map[string]bool{}
	for _, l := range Languages {
		list, err := IDs(l)
		if err != nil {
			t.Fatal(err)
		}
		if len(list) < 20 {
			t.Fatalf("%s: only %d messages", l, len(list))
		}
		sets[l] = map[string]bool{}
		for _, id := range list {
			sets[l][id] = true
		}
	}
	for _, a := range Languages {
		for _, b := range Languages {
			for id := range sets[a] {
				if !sets[b][id] {
					t.Errorf("message %q is in %s.toml but not in %s.toml", id, a, b)
				}
			}
		}
	}
}

// TestEveryMessageRenders runs every message of every catalog: a template
// error would otherwise show the ID to a person.
func TestEveryMessageRenders(t *testing.T) {
	for _, l := range Languages {
		p := For(l)
		ids, _ := IDs(l)
		for _, id := range ids {
			if s := p.N(id, 2); s == id || s == "" {
				t.Errorf("%s: %q does not render", l, id)
			}
		}
	}
}

func TestPlurals(t *testing.T) {
	en, ja := For("en"), For("ja")
	for _, c := range []struct {
		p    *Printer
		id   string
		n    int
		want string
	}{
		{en, "unit.entry", 1, "1 entry"},
		{en, "unit.entry", 2, "2 entries"},
		{en, "unit.entry", 0, "0 entries"},
		{en, "unit.day", 1, "1 day"},
		{en, "unit.day", 21, "21 days"},
		{ja, "unit.entry", 1, "1件"},
		{ja, "unit.entry", 2, "2件"},
		{ja, "unit.day", 3, "3日"},
	} {
		if got := c.p.N(c.id, c.n); got != c.want {
			t.Errorf("%s N(%s, %d) = %q, want %q", c.p.Lang(), c.id, c.n, got, c.want)
		}
	}
}

func TestParseAndLocale(t *testing.T) {
	for _, c := range []struct {
		in   string
		want string
		ok   bool
	}{
		{"ja", "ja", true}, {"JA", "ja", true}, {"ja_JP.UTF-8", "ja", true}, {"ja-JP", "ja", true},
		{"en_US.UTF-8", "en", true}, {"de", "", false}, {"C", "", false}, {"", "", false},
	} {
		if got, ok := Parse(c.in); got != c.want || ok != c.ok {
			t.Errorf("Parse(%q) = %q, %v; want %q, %v", c.in, got, ok, c.want, c.ok)
		}
	}
	for _, c := range []struct{ all, msgs, lang, want string }{
		{"", "", "ja_JP.UTF-8", "ja"},
		{"C", "", "ja_JP.UTF-8", "en"},           // LC_ALL wins, and C is English
		{"", "ja_JP.UTF-8", "en_US.UTF-8", "ja"}, // LC_MESSAGES before LANG
		{"", "", "de_DE.UTF-8", "en"},
		{"", "", "", "en"},
	} {
		if got := FromLocale(c.all, c.msgs, c.lang); got != c.want {
			t.Errorf("FromLocale(%q, %q, %q) = %q, want %q", c.all, c.msgs, c.lang, got, c.want)
		}
	}
}

func TestJapaneseFormats(t *testing.T) {
	jst := time.FixedZone("JST", 9*3600)
	ja, en := For("ja"), For("en")
	at := time.Date(2027, 4, 28, 15, 0, 0, 0, jst)
	if got, want := ja.DateTime(at), "2027年4月28日(水) 15:00"; got != want {
		t.Errorf("DateTime = %q, want %q", got, want)
	}
	if got, want := en.DateTime(at), "Wed 28 Apr 2027 15:00"; got != want {
		t.Errorf("en DateTime = %q, want %q", got, want)
	}
	now := time.Date(2026, 11, 26, 20, 57, 0, 0, jst)
	for _, c := range []struct {
		p    *Printer
		t    time.Time
		want string
	}{
		{ja, now.Add(-48 * time.Hour), "2日前"},
		{ja, now.Add(-3 * time.Hour), "3時間前"},
		{ja, now.Add(-5 * time.Minute), "5分前"},
		{ja, now.Add(-10 * time.Second), "たった今"},
		{ja, now.Add(5 * time.Hour), "5時間後 01:57"},
		{ja, now.Add(time.Hour), "今日 21:57"},
		{ja, time.Date(2026, 11, 30, 9, 0, 0, 0, jst), "11月30日(月) 09:00"},
		{en, now.Add(-48 * time.Hour), "2 days ago"},
		{en, now.Add(-1 * time.Hour), "1 hour ago"},
		{en, now.Add(time.Hour), "today 21:57"},
		{en, time.Date(2026, 11, 30, 9, 0, 0, 0, jst), "Mon 09:00"},
	} {
		if got := c.p.Rel(c.t, now); got != c.want {
			t.Errorf("%s Rel(%s) = %q, want %q", c.p.Lang(), c.t, got, c.want)
		}
	}
	for _, c := range []struct {
		d      time.Duration
		ja, en string
	}{
		{28 * time.Hour, "1日4時間", "1d 4h"},
		{45 * time.Minute, "45分", "45m"},
		{5 * time.Hour, "5時間", "5h"},
		{72 * time.Hour, "3日", "3d"},
	} {
		if got := ja.Duration(c.d); got != c.ja {
			t.Errorf("ja Duration(%s) = %q, want %q", c.d, got, c.ja)
		}
		if got := en.Duration(c.d); got != c.en {
			t.Errorf("en Duration(%s) = %q, want %q", c.d, got, c.en)
		}
	}
}

// TestHelpCatalogsRender runs every message of the help catalogs
// (data/i18n/help): they are checked against the command tree in
// cmd/mscase, not against English, but a template error here would still
// show an ID where a person reads help.
func TestHelpCatalogsRender(t *testing.T) {
	ja, err := HelpIDs(Japanese)
	if err != nil {
		t.Fatal(err)
	}
	if len(ja) < 100 {
		t.Fatalf("help catalog ja: only %d messages", len(ja))
	}
	for _, l := range Languages {
		ids, _ := HelpIDs(l)
		main, _ := IDs(l)
		inMain := map[string]bool{}
		for _, id := range main {
			inMain[id] = true
		}
		p := For(l)
		for _, id := range ids {
			if inMain[id] {
				t.Errorf("%s: %q is in both catalogs", l, id)
			}
			if s := p.T(id); s == id || s == "" {
				t.Errorf("%s: help %q does not render", l, id)
			}
		}
	}
}
