package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// TestChooseLang: --lang, then MSCASE_LANG, then the config's language,
// then LC_ALL / LC_MESSAGES / LANG, else English.
func TestChooseLang(t *testing.T) {
	dir := t.TempDir()
	jaCfg := filepath.Join(dir, "ja.toml")
	if err := os.WriteFile(jaCfg, []byte("language = \"ja\"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name string
		flag string
		env  map[string]string
		want string
	}{
		{"nothing", "", nil, "en"},
		{"LANG", "", map[string]string{"LANG": "ja_JP.UTF-8"}, "ja"},
		{"LC_ALL=C beats LANG", "", map[string]string{"LANG": "ja_JP.UTF-8", "LC_ALL": "C"}, "en"},
		{"LC_MESSAGES beats LANG", "", map[string]string{"LANG": "C", "LC_MESSAGES": "ja_JP.UTF-8"}, "ja"},
		{"config beats LANG", "", map[string]string{"LANG": "C", "MSCASE_CONFIG": jaCfg}, "ja"},
		{"MSCASE_LANG beats config", "", map[string]string{"MSCASE_LANG": "en", "MSCASE_CONFIG": jaCfg}, "en"},
		{"flag beats MSCASE_LANG", "ja", map[string]string{"MSCASE_LANG": "en"}, "ja"},
	} {
		t.Run(c.name, func(t *testing.T) {
			env := func(k string) string { return c.env[k] }
			a, err := newApp(bytes.NewReader(nil), &bytes.Buffer{}, &bytes.Buffer{}, env)
			if err != nil {
				t.Fatal(err)
			}
			if err := a.chooseLang(c.flag); err != nil {
				t.Fatal(err)
			}
			if a.lang != c.want || a.p.Lang() != c.want {
				t.Errorf("lang = %q (printer %q), want %q", a.lang, a.p.Lang(), c.want)
			}
		})
	}
	a, _ := newApp(bytes.NewReader(nil), &bytes.Buffer{}, &bytes.Buffer{}, func(string) string { return "" })
	if err := a.chooseLang("de"); err == nil || exitCode(err) != exitInput {
		t.Errorf("--lang de: err %v, want bad input", err)
	}
}

// TestLangFlagEndToEnd: the root's --lang reaches the output (a plural
// from the catalog), and piped output stays machine output.
func TestLangFlagEndToEnd(t *testing.T) {
	var out, errOut bytes.Buffer
	env := map[string]string{"MSCASE_DB": filepath.Join(t.TempDir(), "db"), "LANG": "C"}
	code := run([]string{"--lang", "ja", "cases", "help"}, bytes.NewReader(nil), &out, &errOut, func(k string) string { return env[k] })
	if code != exitInput {
		t.Fatalf("exit %d", code)
	}
	out.Reset()
	errOut.Reset()
	if code := run([]string{"--lang", "ja", "cases", "--help"}, bytes.NewReader(nil), &out, &errOut, func(k string) string { return env[k] }); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut.String())
	}
	if !bytes.Contains(out.Bytes(), []byte("使い方:")) || !bytes.Contains(out.Bytes(), []byte("フラグ:")) {
		t.Errorf("help in Japanese has English headings:\n%s", out.String())
	}
}

func TestAnswerYesAndStageNames(t *testing.T) {
	for in, want := range map[string]bool{"y\n": true, "YES": true, "はい\n": true, "ｙ": true, "ｙｅｓ": true,
		"いいえ\n": false, "n": false, "": false, "yes please": false, "はいはい": false} {
		if got := answerYes(in); got != want {
			t.Errorf("answerYes(%q) = %v, want %v", in, got, want)
		}
	}
	for in, want := range map[string]string{"dpt-review": "dpt-review", "データ保護チーム審査中": "dpt-review",
		"データ保護チーム審査": "dpt-review", "リセット待ち": "reset-pending", "完了": "closed", "ロックアウト": "locked-out"} {
		got, err := parseStage(in)
		if err != nil || string(got) != want {
			t.Errorf("parseStage(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	if _, err := parseStage("審査"); err == nil {
		t.Error("parseStage(審査): no error")
	}
}
