package reminders

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/mscase/mscase/cases"
)

func TestParseConfigErrors(t *testing.T) {
	tests := []struct {
		name, src string
		line      int
		msg       string
	}{
		{"syntax", "country = \"JP\"\nworking_hours = 09:00-18:00\n", 2, ""},
		{"unknown setting", "country = \"JP\"\n\n[nudge]\nbefore = \"15:00\"\n", 4, `unknown setting "nudge.before"`},
		{"bad country", "# mine\ncountry = \"Japan\"\n", 2, `country: "Japan": expected an ISO 3166-1 alpha-2 code`},
		{"bad zone", "time_zone = \"Tokyo\"\n", 1, "expected an IANA time zone"},
		{"bad hours", "working_hours = \"18:00-09:00\"\n", 1, "must end after it starts"},
		{"bad nudge time", "[nudge]\nafter_break = \"9.30\"\n", 2, `nudge.after_break: "9.30": expected HH:MM`},
		{"bad limit", "[stall_limits]\ndpt-review = \"two days\"\n", 2, "stall_limits.dpt-review"},
		{"bad closure", "closures = [\"2026-12-32\"]\n", 1, "expected a date like 2026-12-24"},
		{"bad schedule", "schedule = \"every five minutes\"\n", 1, "expected cron fields"},
		{"bad country table", "[countries.Japan]\ntime_zone = \"Asia/Tokyo\"\n", 1, "countries.Japan"},
		{"bad channel type", "[[channel]]\ntype = \"stdout\"\n\n[[channel]]\nname = \"pager\"\ntype = \"sms\"\n", 6, `channel 2 (pager): type "sms"`},
		{"wrong type", "country = 81\n", 1, ""},
		{"weekend every day", "weekend = [\"mon\",\"tue\",\"wed\",\"thu\",\"fri\",\"sat\",\"sun\"]\n", 1, "nothing would ever be a working day"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseConfig("/x/config.toml", []byte(tc.src))
			var ce *ConfigError
			if !errors.As(err, &ce) {
				t.Fatalf("got %v, want a *ConfigError", err)
			}
			if ce.Line != tc.line {
				t.Errorf("line %d, want %d (%v)", ce.Line, tc.line, err)
			}
			if !strings.Contains(err.Error(), tc.msg) || !strings.HasPrefix(err.Error(), "config /x/config.toml line ") {
				t.Errorf("error %q, want it to name the file, line and contain %q", err, tc.msg)
			}
		})
	}
}

func TestParseConfigDefaultsAndOverrides(t *testing.T) {
	cfg, err := ParseConfig("c.toml", nil)
	if err != nil {
		t.Fatal(err)
	}
	def := DefaultConfig()
	if cfg.WorkingHours != def.WorkingHours || cfg.Schedule != DefaultSchedule || cfg.Nudge != def.Nudge || cfg.StallLimits != def.StallLimits {
		t.Fatalf("empty file is not the defaults: %+v", cfg)
	}
	if l := cfg.Limits(); l[cases.StageDPTReview] != 48*time.Hour || l[cases.StageLockedOut] != 2*time.Hour {
		t.Fatalf("limits %v", l)
	}
	src := `country = "jp"
[stall_limits]
dpt-review = "3d"
verifying = "0"
[countries.us]
time_zone = "America/Chicago"
[[channel]]
name = "hook"
type = "webhook"
format = "slack"
url = "https://hooks.slack.com/services/T000/B000/XXXXSECRET"
[[channel]]
name = "mail"
type = "email"
smtp_host = "smtp.example.net"
password = "hunter2"
to = ["me@example.net"]
`
	cfg, err = ParseConfig("c.toml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Country != "JP" || cfg.Countries["US"].TimeZone != "America/Chicago" {
		t.Fatalf("codes not normalised: %q %v", cfg.Country, cfg.Countries)
	}
	l := cfg.Limits()
	if l[cases.StageDPTReview] != 72*time.Hour || l[cases.StageVerifying] != 0 || l[cases.StageTicketOpen] != 24*time.Hour {
		t.Fatalf("limits %v", l)
	}
	if len(cfg.Channels) != 2 || cfg.Channels[1].To[0] != "me@example.net" {
		t.Fatalf("channels %+v", cfg.Channels)
	}
	m := cfg.Masked()
	if m.Channels[0].URL != "https://hooks.slack.com/****" || m.Channels[1].Password != "****" {
		t.Fatalf("masked %+v", m.Channels)
	}
	if cfg.Channels[0].URL == m.Channels[0].URL {
		t.Fatal("Masked changed the original")
	}
}

func TestStarterConfigParses(t *testing.T) {
	for _, country := range []string{"", "JP", "US"} {
		src := StarterConfig(country)
		cfg, err := ParseConfig("init.toml", src)
		if err != nil {
			t.Fatalf("starter config for %q: %v\n%s", country, err, src)
		}
		if cfg.Country != country {
			t.Errorf("country %q, want %q", cfg.Country, country)
		}
		def := DefaultConfig()
		if cfg.Nudge != def.Nudge || cfg.StallLimits != def.StallLimits || cfg.WorkingHours != def.WorkingHours || len(cfg.Channels) != 0 {
			t.Errorf("starter config is not the defaults: %+v", cfg)
		}
	}
}

func TestWarnings(t *testing.T) {
	cfg, err := ParseConfig("c.toml", []byte("country = \"KW\"\n[countries.LA]\nclosures = [\"2026-12-25\"]\n"))
	if err != nil {
		t.Fatal(err)
	}
	w := cfg.Warnings([]string{"JP", "AF", "LA", "PT"})
	if len(w) != 2 || !strings.Contains(w[0], "public holidays of KW are not built in (neither rickar/cal nor date-holidays") || !strings.Contains(w[1], "[countries.AF]") {
		t.Fatalf("warnings %q", w)
	}
}
