package cases

import (
	"testing"
	"time"
)

// TestParseTimeJapanese: each Japanese input form, at the instant of the
// issue (Thursday 26 Nov 2026, 20:57 JST).
func TestParseTimeJapanese(t *testing.T) {
	jst := time.FixedZone("JST", 9*3600)
	now := time.Date(2026, 11, 26, 20, 57, 0, 0, jst)
	at := func(y int, m time.Month, d, h, mi int) time.Time { return time.Date(y, m, d, h, mi, 0, 0, jst) }
	for _, c := range []struct {
		in   string
		want time.Time
	}{
		{"明日 10時", at(2026, 11, 27, 10, 0)},
		{"明日10時", at(2026, 11, 27, 10, 0)},
		{"明日 10時30分", at(2026, 11, 27, 10, 30)},
		{"明日 10時半", at(2026, 11, 27, 10, 30)},
		{"明日 午後3時", at(2026, 11, 27, 15, 0)},
		{"今日 18:00", at(2026, 11, 26, 18, 0)},
		{"本日 21:30", at(2026, 11, 26, 21, 30)},
		{"明後日 9:00", at(2026, 11, 28, 9, 0)},
		{"昨日 17時", at(2026, 11, 25, 17, 0)},
		{"11月30日 9:00", at(2026, 11, 30, 9, 0)},
		{"11月30日", at(2026, 11, 30, 0, 0)},
		{"来週月曜 9:30", at(2026, 11, 30, 9, 30)},
		{"来週月曜日 9:30", at(2026, 11, 30, 9, 30)},
		{"来週金曜 17時", at(2026, 12, 4, 17, 0)},
		{"金曜 17:00", at(2026, 11, 27, 17, 0)},
		{"木曜 17:00", at(2026, 12, 3, 17, 0)}, // today is Thursday: the next one
		{"今週金曜日 17時", at(2026, 11, 27, 17, 0)},
		{"2026年12月1日 10時", at(2026, 12, 1, 10, 0)},
		{"２０２６年１２月１日　１０時", at(2026, 12, 1, 10, 0)},
		{"１０：００", at(2026, 11, 26, 10, 0)},
		{"明日　１０：００", at(2026, 11, 27, 10, 0)},
		{"２０２６－１１－２７ １０：００", at(2026, 11, 27, 10, 0)},
		{"10時", at(2026, 11, 26, 10, 0)},
	} {
		got, err := ParseTime(c.in, now, jst)
		if err != nil {
			t.Errorf("ParseTime(%q): %v", c.in, err)
			continue
		}
		if !got.Equal(c.want) {
			t.Errorf("ParseTime(%q) = %s, want %s", c.in, got, c.want)
		}
	}
	for _, bad := range []string{"明日 25時", "13月1日 10時", "2月30日 9:00", "明日 あとで", "午後13時", "来週 9:00"} {
		if _, err := ParseTime(bad, now, jst); err == nil {
			t.Errorf("ParseTime(%q) gave no error", bad)
		} else if ie, ok := err.(*InputError); !ok || ie.Value != bad {
			t.Errorf("ParseTime(%q): %v, want an InputError naming the input", bad, err)
		}
	}
	// A promise typed as a bare Japanese clock is the next such time.
	if got, err := ParsePromise("１０時", now, jst); err != nil || !got.Equal(at(2026, 11, 27, 10, 0)) {
		t.Errorf("ParsePromise(１０時) = %s, %v", got, err)
	}
}
