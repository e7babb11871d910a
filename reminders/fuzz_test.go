package reminders

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/mscase/mscase/cases"
)

// Fuzz targets for the configuration file and the limits a user types.
// Seed corpora live in testdata/fuzz/FuzzXxx and are replayed by plain
// `go test ./...`; bench/fuzz.sh runs each target for longer.

// FuzzParseConfig: any file gives a config or a *ConfigError whose line is
// inside the file, never a panic. A config that parses builds its Policy
// (ParseConfig promises it), its limits are not negative, and Masked shows
// no password or secret URL path in full.
func FuzzParseConfig(f *testing.F) {
	for _, s := range []string{
		"",
		string(StarterConfig("JP")),
		string(StarterConfig("US")),
		"country = \"jp\"\n[stall_limits]\ndpt-review = \"3d\"\nverifying = \"0\"\n[countries.us]\ntime_zone = \"America/Chicago\"\nclosures = [\"2026-11-27\", \"2026-12-24..2027-01-03\"]\n",
		"[[channel]]\nname = \"hook\"\ntype = \"webhook\"\nformat = \"slack\"\nurl = \"https://hooks.slack.com/services/T000/B000/XXXXSECRET\"\n[[channel]]\nname = \"mail\"\ntype = \"email\"\nsmtp_host = \"smtp.example.net\"\npassword = \"hunter2\"\nto = [\"me@example.net\"]\n",
		"[[channel]]\ntype = \"exec\"\ncommand = [\"/usr/bin/notify-send\", \"x\"]\n[[channel]]\ntype = \"desktop\"\n[[channel]]\ntype = \"stdout\"\n",
		"schedule = \"CRON_TZ=Asia/Tokyo 0 9-18 * * 1-5\"\n",
		"schedule = \"@every 1s\"\nworking_hours = \"22:00-06:00\"\n",
		"weekend = [\"mon\",\"tue\",\"wed\",\"thu\",\"fri\",\"sat\",\"sun\"]\n",
		"[stall_limits]\nlocked-out = \"9999999999999999999d\"\n",
		"time_zone = \"Mars/Olympus\"\n",
		"closures = [\"2026-12-28..2026-12-01\"]\n",
		"[nudge]\nbefore_break = \"25:00\"\n",
		"country = 81\n",
		"[[channel]]\nname = \"\x1b]0;x\x07\"\ntype = \"sms\"\n",
		"a = \"\"\"\n" + strings.Repeat("x", 300) + "\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		cfg, err := ParseConfig("fuzz.toml", src)
		if err != nil {
			var ce *ConfigError
			if !errors.As(err, &ce) {
				t.Fatalf("error %T %v, want *ConfigError", err, err)
			}
			if lines := bytes.Count(src, []byte("\n")) + 1; ce.Line < 0 || ce.Line > lines+1 {
				t.Fatalf("error on line %d of a %d-line file: %v", ce.Line, lines, err)
			}
			return
		}
		for _, loc := range []*time.Location{time.UTC, time.FixedZone("JST", 9*3600)} {
			if _, err := cfg.Policy(loc); err != nil {
				t.Fatalf("a config that parses does not build its policy: %v", err)
			}
		}
		for st, d := range cfg.Limits() {
			if d < 0 {
				t.Fatalf("limit for %s is %s", st, d)
			}
		}
		m := cfg.Masked()
		for i, ch := range cfg.Channels {
			if ch.Password != "" && strings.Contains(m.Channels[i].Password, ch.Password) && ch.Password != "****" {
				t.Fatalf("Masked shows the password %q", ch.Password)
			}
		}
	})
}

// FuzzParseLimit: an accepted limit is not negative, and written back with
// cases.FormatLimit it reads as the same duration.
func FuzzParseLimit(f *testing.F) {
	for _, s := range []string{"0", "2h", "1d", "1d4h", "90m", "1d12h30m", " 3d ", "", "d", "1h1d", "-1d", "99999999999999999999d", "106751d", "1e3h", "２h"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseLimit(s)
		if err != nil {
			return
		}
		if d < 0 {
			t.Fatalf("ParseLimit(%q) = %s", s, d)
		}
		text := cases.FormatLimit(d)
		if again, err := ParseLimit(text); err != nil || again != d {
			t.Fatalf("ParseLimit(%q) = %s, written %q, which reads as %s, %v", s, d, text, again, err)
		}
	})
}

// FuzzParseSchedule: a schedule from the configuration is read or refused
// with an error, never a panic (robfig/cron panics on "CRON_TZ=Zone" with
// nothing after it), and an accepted one gives next ticks that move
// forward.
func FuzzParseSchedule(f *testing.F) {
	for _, s := range []string{"*/5 * * * *", "@every 1s", "@every 10m", "@hourly", "CRON_TZ=Asia/Tokyo 0 9-18 * * 1-5", "TZ=UTC @daily", "CRON_TZ=Asia/Tokyo", "TZ=", "CRON_TZ= ", "@every 0s", "@every -1s", "60 * * * *", "* * * * * *", "0 0 30 2 *"} {
		f.Add(s)
	}
	t0 := time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, spec string) {
		s, err := ParseSchedule(spec)
		if err != nil {
			if s != nil {
				t.Fatalf("ParseSchedule(%q): a schedule and error %v", spec, err)
			}
			return
		}
		if next := s.Next(t0); !next.IsZero() && !next.After(t0) {
			t.Fatalf("ParseSchedule(%q): next tick after %s is %s", spec, t0, next)
		}
	})
}
