package main

import (
	"context"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// chromium is where the card test looks for a browser to print with.
const chromium = "/usr/bin/chromium"

// TestCardHTMLOnePage renders the emergency card as HTML for the largest
// profile mscase accepts (federated, a second admin, every account field
// full, long free text) in both languages, checks that it is one
// self-contained file, and, where Chromium is installed, prints it to PDF
// and checks that the PDF has one page.
func TestCardHTMLOnePage(t *testing.T) {
	srv := httptest.NewServer(fakeLogin())
	defer srv.Close()
	db := filepath.Join(t.TempDir(), "mscase.db")
	env := map[string]string{"MSCASE_LOGIN_URL": srv.URL, "MSCASE_DB": db}
	args := []string{"prepare", "init", "--domain", "fabrikam.example", "--country", "JP", "--plan", "other",
		"--credentials-at", strings.Repeat("金庫 B（大阪）", 30)}
	for _, d := range []string{"fabrikam.co.jp", "fabrikam-holdings.example", "fabrikam.onmicrosoft.com"} {
		args = append(args, "--also-domain", d)
	}
	for i := 0; i < 4; i++ {
		args = append(args, "--admin", "administrator"+string(rune('a'+i))+"@fabrikam-holdings.example")
		args = append(args, "--break-glass", "emergency-access-"+string(rune('a'+i))+"@fabrikam.onmicrosoft.com")
	}
	if out, errOut, code := runCmd(t, env, args...); code != 0 {
		t.Fatalf("prepare init: exit %d\n%s%s", code, out, errOut)
	}
	for _, lang := range []string{"en", "ja"} {
		t.Run(lang, func(t *testing.T) {
			out, errOut, code := runCmd(t, env, "prepare", "card", "--html", "--lang", lang)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			for _, want := range []string{"<!DOCTYPE html>", "@page { size: A4;", "72f988bf-86f1-41af-91ab-2d7cd011db47", "Remove-MgUserAuthenticationPhoneMethod", "federatedIdpMfaBehavior"} {
				if !strings.Contains(out, want) {
					t.Errorf("card lacks %q", want)
				}
			}
			// Self-contained: nothing the browser would fetch.
			if m := regexp.MustCompile(`(?i)<script|<link|<img|<iframe|<object|\bsrc=|\bhref=|url\(|@import`).FindString(out); m != "" {
				t.Errorf("card refers to an outside resource: %q", m)
			}
			if _, err := os.Stat(chromium); err != nil {
				t.Skipf("%s is not installed: the one-page check needs a browser (apt-get install chromium)", chromium)
			}
			dir := t.TempDir()
			html, pdf := filepath.Join(dir, "card.html"), filepath.Join(dir, "card.pdf")
			if err := os.WriteFile(html, []byte(out), 0o600); err != nil {
				t.Fatal(err)
			}
			ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
			defer cancel()
			cmd := exec.CommandContext(ctx, chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
				"--disable-background-networking", "--no-pdf-header-footer", "--user-data-dir="+filepath.Join(dir, "profile"),
				"--print-to-pdf="+pdf, "file://"+html)
			if b, err := cmd.CombinedOutput(); err != nil {
				t.Fatalf("chromium: %v\n%s", err, b)
			}
			b, err := os.ReadFile(pdf)
			if err != nil {
				t.Fatal(err)
			}
			pages := regexp.MustCompile(`/Type\s*/Page\b`).FindAll(b, -1)
			count := regexp.MustCompile(`/Count\s+(\d+)`).FindSubmatch(b)
			if len(pages) != 1 || count == nil || string(count[1]) != "1" {
				t.Errorf("the card prints on %d pages (/Count %s), want 1", len(pages), count)
			}
		})
	}
}
