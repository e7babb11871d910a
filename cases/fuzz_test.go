package cases

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// Fuzz targets for every parser of text a user or another program hands
// mscase. The seed corpora live in testdata/fuzz/FuzzXxx, so plain
// `go test ./...` replays them; bench/fuzz.sh runs each target for longer.

// FuzzParseTrackingID: an accepted TrackingID is 7 to 20 digits (or the
// 1-1234567890123 form), parses again to itself, and is a valid REF.
func FuzzParseTrackingID(f *testing.F) {
	for _, s := range []string{"2411250040001234", "TrackingID#2411250040001234", " #2411 2500 4000 1234 ", "1-1234567890123", "12ab", "", "trackingid", "#:#", "２４１１２５００４０００１２３４", "99999999999999999999999"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		id, err := ParseTrackingID(s)
		if err != nil {
			if _, ok := err.(*InputError); !ok {
				t.Fatalf("ParseTrackingID(%q): error %T, want *InputError", s, err)
			}
			return
		}
		if !reTrackingDigits().MatchString(id) && !reTrackingDash().MatchString(id) || len(id) > 20 {
			t.Fatalf("ParseTrackingID(%q) = %q: not digits", s, id)
		}
		if again, err := ParseTrackingID(id); err != nil || again != id {
			t.Fatalf("ParseTrackingID(%q) = %q, which parses to %q, %v", s, id, again, err)
		}
		if err := CheckRef(id); err != nil {
			t.Fatalf("CheckRef(%q): %v", id, err)
		}
	})
}

// FuzzParseTenantID: an accepted tenant ID is a lower-case 36-character
// GUID that parses again to itself.
func FuzzParseTenantID(f *testing.F) {
	for _, s := range []string{"72f988bf-86f1-41af-91ab-2d7cd011db47", "{72F988BF-86F1-41AF-91AB-2D7CD011DB47}", " 72f988bf-86f1-41af-91ab-2d7cd011db47\n", "72f988bf86f141af91ab2d7cd011db47", "{{}}", "72f988bf-86f1-41af-91ab-2d7cd011db4٧"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		id, err := ParseTenantID(s)
		if err != nil {
			return
		}
		if len(id) != 36 || strings.ToLower(id) != id || !reGUID().MatchString(id) {
			t.Fatalf("ParseTenantID(%q) = %q: not a lower-case GUID", s, id)
		}
		if again, err := ParseTenantID(id); err != nil || again != id {
			t.Fatalf("ParseTenantID(%q) = %q, which parses to %q, %v", s, id, again, err)
		}
	})
}

// FuzzParseDomain: a domain ParseDomain accepts is lower-case ASCII of at
// most 253 characters and parses again to itself; DisplayDomain shows it
// without failing.
func FuzzParseDomain(f *testing.F) {
	for _, s := range []string{"contoso.co.jp", "Contoso.onmicrosoft.com.", "例え.jp", "xn--r8jz45g.jp", "bücher.de", "a..b", ".", "localhost", "a.b-", "-a.b", "a_b.com", "contoso.123", "ｃｏｎｔｏｓｏ．ｃｏｍ", "xn--.com", "a.xn--", strings.Repeat("a.", 130) + "com"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDomain(s)
		if err != nil {
			return
		}
		if len(d) > 253 || strings.ToLower(d) != d || !isPrintableASCII(d) || !strings.Contains(d, ".") {
			t.Fatalf("ParseDomain(%q) = %q: not a lower-case ASCII DNS name", s, d)
		}
		if again, err := ParseDomain(d); err != nil || again != d {
			t.Fatalf("ParseDomain(%q) = %q, which parses to %q, %v", s, d, again, err)
		}
		if u := DisplayDomain(d); !utf8.ValidString(u) {
			t.Fatalf("DisplayDomain(%q) = %q: not UTF-8", d, u)
		}
	})
}

func isPrintableASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x21 || s[i] > 0x7e {
			return false
		}
	}
	return true
}

// FuzzParseTime: an accepted time lies between MinTime and MaxTime, and
// written as RFC 3339 it parses back to the same instant, in every zone
// (Tokyo has no DST, New York and London do, Lord Howe moves half an hour).
func FuzzParseTime(f *testing.F) {
	for _, s := range []string{"now", "-30m", "+1d", "-999999w", "2026-11-26T18:00:00+09:00", "2026-11-26 18:00", "18:00", "2026-03-08 02:30", "2026-11-01 01:30", "2026-11-26", "2099-12-31T23:59:59Z", "2100-01-01T00:00:00Z", "1999-12-31", "24:00", "2026-02-30", "+0m", "-1000000m"} {
		f.Add(s, int64(1795683600)) // 2026-11-26T10:00:00+09:00
	}
	f.Add("02:30", int64(1773000000)) // the day New York springs forward
	zones := []*time.Location{time.UTC}
	for _, n := range []string{"Asia/Tokyo", "America/New_York", "Europe/London", "Australia/Lord_Howe"} {
		l, err := time.LoadLocation(n)
		if err != nil {
			f.Fatal(err)
		}
		zones = append(zones, l)
	}
	f.Fuzz(func(t *testing.T, s string, nowUnix int64) {
		now := time.Unix(nowUnix%(1<<33), 0) // within a few centuries of 1970
		for _, loc := range zones {
			got, err := ParseTime(s, now, loc)
			if err != nil {
				if _, ok := err.(*InputError); !ok {
					t.Fatalf("ParseTime(%q) in %s: error %T, want *InputError", s, loc, err)
				}
				continue
			}
			if got.Equal(now) {
				continue // "now" and "+0m" are whatever now is
			}
			if got.Before(MinTime) || !got.Before(MaxTime) {
				t.Fatalf("ParseTime(%q, now %s) in %s = %s: outside 2000-2099", s, now, loc, got)
			}
			again, err := ParseTime(got.Format(time.RFC3339Nano), now, loc)
			if err != nil || !again.Equal(got) {
				t.Fatalf("ParseTime(%q) in %s = %s, which parses back to %s, %v", s, loc, got, again, err)
			}
		}
	})
}
