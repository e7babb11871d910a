package main

import (
	"go/ast"
	"go/parser"
	"go/token"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/mscase/mscase/cases"
	"github.com/mscase/mscase/msg"
	"github.com/mscase/mscase/recovery"
)

// TestEveryInputErrorCodeHasWords reads the codes of cases.InputError from
// their source and fails when one has no want.<code> in a catalog: a new
// code must come with its words.
func TestEveryInputErrorCodeHasWords(t *testing.T) {
	f, err := parser.ParseFile(token.NewFileSet(), "../../cases/validate.go", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	ast.Inspect(f, func(node ast.Node) bool {
		vs, ok := node.(*ast.ValueSpec)
		if !ok || vs.Type == nil || len(vs.Values) != 1 {
			return true
		}
		if id, ok := vs.Type.(*ast.Ident); !ok || id.Name != "Code" {
			return true
		}
		lit, ok := vs.Values[0].(*ast.BasicLit)
		if !ok {
			return true
		}
		code, _ := strconv.Unquote(lit.Value)
		n++
		for _, l := range msg.Languages {
			if !msg.Has(l, "want."+code) {
				t.Errorf("%s: no want.%s in %s.toml", vs.Names[0].Name, code, l)
			}
		}
		return true
	})
	if n < 20 {
		t.Fatalf("found %d codes in cases/validate.go: has the declaration moved?", n)
	}
}

// TestInputErrorsInJapanese renders the typed input errors of cases and
// recovery by their code: Japanese words, the English Error() unchanged.
func TestInputErrorsInJapanese(t *testing.T) {
	now := time.Date(2026, 11, 26, 20, 57, 0, 0, time.FixedZone("JST", 9*3600))
	errOf := func(_ any, err error) error { return err }
	errOf3 := func(_, _ string, err error) error { return err }
	tests := []struct {
		name    string
		err     error
		english string
		ja      string
	}{
		{"tracking ID", errOf(cases.ParseTrackingID("12ab")), `tracking ID "12ab": expected digits like 2411250040001234`, `TrackingID "12ab": 2411250040001234 のような数字`},
		{"stage", errOf(cases.ParseStage("verifyingx")), `stage "verifyingx": expected one of locked-out,`, `次のどれかを入力してください: locked-out、ticket-open、`},
		{"time of day", errOf(cases.ParseTime("明日 25時", now, now.Location())), `is not a time of day`, `25:00 は時刻として読めません`},
		{"no such date", errOf(cases.ParseTime("2月30日 10時", now, now.Location())), `no such date: 2月30日`, `2月30日 という日付はありません`},
		{"time", errOf(cases.ParseTime("someday", now, now.Location())), `time "someday": expected RFC 3339`, `日時 "someday": 2026-11-26T18:00:00+09:00、`},
		{"too long", cases.CheckTyped("--title", strings.Repeat("あ", 30), 20, false), `too long: 30 characters, at most 20`, `長すぎます: 30文字あります。20文字までにしてください`},
		{"txt", errOf3(recovery.ParseTXTValue("ＭＳ=ms1")), `has the non-ASCII character 'Ｍ' at byte 0`, `0バイト目の 'Ｍ' は半角の英数字・記号ではありません`},
	}
	ja := msg.For(msg.Japanese)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.err == nil {
				t.Fatal("no error")
			}
			if !strings.Contains(tt.err.Error(), tt.english) {
				t.Errorf("Error() = %q, want it to hold %q", tt.err.Error(), tt.english)
			}
			text, _, ok := errorJA(ja, tt.err)
			if !ok || !strings.Contains(text, tt.ja) {
				t.Errorf("errorJA = %q, %v; want it to hold %q", text, ok, tt.ja)
			}
			if bad := englishLines("mscase: error: " + text); len(bad) > 0 {
				t.Errorf("English in %q: %v", text, bad)
			}
		})
	}
}
