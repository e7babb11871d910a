package main

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// TestJapaneseNudgeBeforeGoldenWeek: a ja case's nudge on Wednesday 28
// April 2027, the last working day before 昭和の日, sent through a webhook
// by a daemon tick running with LANG=C, is in Japanese, names 昭和の日 and
// the number to call.
func TestJapaneseNudgeBeforeGoldenWeek(t *testing.T) {
	var mu sync.Mutex
	var bodies []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		var m map[string]string
		_ = json.Unmarshal(b, &m)
		mu.Lock()
		bodies = append(bodies, m["text"])
		mu.Unlock()
	}))
	defer srv.Close()
	dir := t.TempDir()
	cfg := filepath.Join(dir, "config.toml")
	conf := "country = \"JP\"\n[[channel]]\nname = \"chat\"\ntype = \"webhook\"\nformat = \"slack\"\nurl_env = \"HOOK\"\n"
	if err := os.WriteFile(cfg, []byte(conf), 0o600); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"MSCASE_DB": filepath.Join(dir, "mscase.db"), "MSCASE_CONFIG": cfg, "HOOK": srv.URL + "/hook",
		"LANG": "C", "MSCASE_NOW": "2027-04-28T14:00:00+09:00"}
	if _, e, code := runCmd(t, env, "cases", "new", "--domain", "contoso.co.jp", "--admin", "admin@contoso.co.jp",
		"--tracking-id", "2411250040001234", "--country", "JP", "--lang", "ja", "--plan", "enterprise"); code != 0 {
		t.Fatal(e)
	}
	if _, e, code := runCmd(t, env, "cases", "stage", "1", "dpt-review"); code != 0 {
		t.Fatal(e)
	}
	env["MSCASE_NOW"] = "2027-04-28T15:05:00+09:00"
	if _, e, code := runCmd(t, env, "reminders", "check"); code != 0 {
		t.Fatalf("reminders check: %s", e)
	}
	mu.Lock()
	defer mu.Unlock()
	var got string
	for _, b := range bodies {
		if strings.Contains(b, "休業前") {
			got = b
		}
	}
	if got == "" {
		t.Fatalf("no before-break nudge in Japanese among %q", bodies)
	}
	for _, want := range []string{"昭和の日", "0120", "理由:", "最終営業日", "TrackingID 2411250040001234", "すること:", "2027年4月28日(水) 15:00 JST", "データ保護チーム審査中"} {
		if !strings.Contains(got, want) {
			t.Errorf("the nudge lacks %q:\n%s", want, got)
		}
	}
	for _, english := range []string{"Why:", "last working day", "Showa Day", "call before"} {
		if strings.Contains(got, english) {
			t.Errorf("the nudge holds English %q:\n%s", english, got)
		}
	}
	t.Logf("nudge:\n%s", got)
}
