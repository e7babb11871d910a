package main

import (
	"strings"
	"testing"

	"github.com/mattn/go-runewidth"
)

func TestFitWidth(t *testing.T) {
	headers := []string{"#", "STAGE", "TITLE"} // STAGE is kept whole
	rows := [][]string{
		{"1", "dpt-review", "管理者がMFA端末を紛失してサインインできない"},
		{"2", "locked-out", "short"},
	}
	tests := []struct {
		width int
		fits  bool
	}{{0, false}, {200, false}, {40, true}, {30, true}}
	for _, tt := range tests {
		got := fitWidth(headers, rows, tt.width)
		if tt.width == 0 || tt.width >= 200 {
			if got[0][2] != rows[0][2] {
				t.Errorf("width %d: changed a row that fits: %q", tt.width, got[0][2])
			}
			continue
		}
		total := 0
		for i := range headers {
			w := runewidth.StringWidth(headers[i])
			for _, r := range got {
				w = max(w, runewidth.StringWidth(r[i]))
			}
			total += w + 2
		}
		if total > tt.width {
			t.Errorf("width %d: table is %d wide", tt.width, total)
		}
		if !strings.HasSuffix(got[0][2], "…") || got[1][2] != "short" || got[0][1] != "dpt-review" {
			t.Errorf("width %d: %q", tt.width, got)
		}
	}
	if rows[0][2] != "管理者がMFA端末を紛失してサインインできない" {
		t.Error("fitWidth changed its input")
	}
}

// TestCellWidth: the ASCII fast path gives what runewidth gives, and text
// that is not plain ASCII still goes to runewidth.
func TestCellWidth(t *testing.T) {
	for _, s := range []string{"", "abc", "2411250040001234", " ~", "日本語", "contoso.co.jp 株式会社", "e\u0301", "\x1b[31m", "tab\there", "👍🏽", "ｱｲｳ"} {
		if got, want := cellWidth(s), runewidth.StringWidth(s); got != want {
			t.Errorf("cellWidth(%q) = %d, runewidth says %d", s, got, want)
		}
	}
}
