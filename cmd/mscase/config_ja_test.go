package main

import (
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/mscase/mscase/msg"
	"github.com/mscase/mscase/reminders"
)

// TestStarterConfigCatalogs: the English starter file in the catalog is
// reminders' own text (one English, not two), and the Japanese one holds
// the same settings: it parses to the same configuration, and every line
// that is not a comment is the same line.
func TestStarterConfigCatalogs(t *testing.T) {
	if got := msg.For(msg.English).T("config_x.starter"); got != reminders.StarterTemplate {
		t.Errorf("config_x.starter in en.toml differs from reminders.StarterTemplate")
	}
	for _, country := range []string{"JP", "US", ""} {
		en := reminders.StarterConfig(country)
		ja := reminders.StarterConfigFrom(msg.For(msg.Japanese).T("config_x.starter"), country)
		ce, err := reminders.ParseConfig("en.toml", en)
		if err != nil {
			t.Fatalf("%s: English starter: %v", country, err)
		}
		cj, err := reminders.ParseConfig("ja.toml", ja)
		if err != nil {
			t.Fatalf("%s: Japanese starter: %v", country, err)
		}
		if !reflect.DeepEqual(ce, cj) {
			t.Errorf("%s: the Japanese starter file sets other values:\n%+v\n%+v", country, cj, ce)
		}
		if a, b := settings(string(en)), settings(string(ja)); a != b {
			t.Errorf("%s: settings differ:\nen:\n%s\nja:\n%s", country, a, b)
		}
		if !strings.Contains(string(ja), "年末年始休業") {
			t.Errorf("%s: Japanese starter file not in Japanese", country)
		}
		for _, l := range englishLines(comments(string(ja))) {
			t.Errorf("%s: English in a Japanese comment: %s", country, l)
		}
	}
}

// settings are a TOML file's lines that are not comments or blank.
func settings(s string) string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if t := strings.TrimSpace(l); t != "" && !strings.HasPrefix(t, "#") {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

// comments are the prose comments of a TOML file: commented-out settings
// and tables (# closures = [...], # [[channel]]) are examples, not prose.
func comments(s string) string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		t := strings.TrimSpace(l)
		if !strings.HasPrefix(t, "#") {
			continue
		}
		t = strings.TrimSpace(strings.TrimPrefix(t, "#"))
		if strings.HasPrefix(t, "[") || reSettingLine.MatchString(t) {
			continue
		}
		out = append(out, t)
	}
	return strings.Join(out, "\n")
}

var reSettingLine = regexp.MustCompile(`^[a-z_]+ = `)
