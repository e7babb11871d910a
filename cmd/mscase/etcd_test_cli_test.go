package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/mscase/mscase/cases"
	"github.com/mscase/mscase/etcdstore/etcdtest"
)

// TestStoreCopy copies bbolt → etcd → bbolt: the exports are one file.
func TestStoreCopy(t *testing.T) {
	c := etcdtest.Start(t, 1)
	dir := t.TempDir()
	first, second := filepath.Join(dir, "first.db"), filepath.Join(dir, "second.db")
	url := c.URL("copy")
	env := map[string]string{"MSCASE_DB": first, "MSCASE_CONFIG": filepath.Join(dir, "none.toml")}
	steps := [][]string{
		{"cases", "new", "--domain", "contoso.co.jp", "--admin", "admin@contoso.co.jp", "--tracking-id", "2411250040001234", "--country", "JP", "--customer", "Contoso Holdings"},
		{"cases", "new", "--domain", "fabrikam.com", "--admin", "it@fabrikam.com", "--country", "US"},
		{"cases", "log", "1", "--channel", "phone", "--summary", "Agent Sato: escalated, 日本語", "--agent", "Sato"},
		{"cases", "stage", "1", "dpt-review"},
	}
	for _, s := range steps {
		if _, stderr, code := runCmd(t, env, s...); code != 0 {
			t.Fatalf("%v: exit %d: %s", s, code, stderr)
		}
	}
	want, _, _ := runCmd(t, env, "cases", "export")
	// Who did what, and for which customer, cross both ways too.
	for _, field := range []string{`"customer": "Contoso Holdings"`, `"author": "k-sato"`, `"machine": "kanri-pc"`} {
		if !strings.Contains(want, field) {
			t.Fatalf("export lacks %s:\n%s", field, want)
		}
	}
	if _, stderr, code := runCmd(t, env, "store", "copy", "--from", first, "--to", url); code != 0 || !strings.Contains(stderr, "copied 2 cases") {
		t.Fatalf("copy to etcd: exit %d: %s", code, stderr)
	}
	onEtcd, stderr, code := runCmd(t, map[string]string{"MSCASE_STORE": url, "MSCASE_CONFIG": env["MSCASE_CONFIG"]}, "cases", "export")
	if code != 0 || onEtcd != want {
		t.Fatalf("export from etcd differs (exit %d, %s):\n%s\nwant:\n%s", code, stderr, onEtcd, want)
	}
	if _, stderr, code := runCmd(t, env, "store", "copy", "--from", url, "--to", second); code != 0 {
		t.Fatalf("copy back: exit %d: %s", code, stderr)
	}
	back, _, _ := runCmd(t, map[string]string{"MSCASE_DB": second, "MSCASE_CONFIG": env["MSCASE_CONFIG"]}, "cases", "export")
	if back != want {
		t.Fatalf("bbolt → etcd → bbolt changed the export:\n%s", back)
	}
	// Copying again is refused: the TrackingID is there; nothing is added.
	if _, stderr, code := runCmd(t, env, "store", "copy", "--from", first, "--to", url); code != 2 || !strings.Contains(stderr, "2411250040001234") {
		t.Fatalf("second copy: exit %d: %s", code, stderr)
	}
}

// TestUnreachableCluster: commands on a cluster that is not there fail
// within a few seconds, with one line naming the endpoints, exit 1.
func TestUnreachableCluster(t *testing.T) {
	env := map[string]string{"MSCASE_STORE": "etcd://127.0.0.1:1,127.0.0.1:2/x", "MSCASE_CONFIG": filepath.Join(t.TempDir(), "none.toml")}
	for _, args := range [][]string{{"cases", "list"}, {"cases", "new", "--domain", "contoso.com", "--admin", "a@contoso.com"}} {
		start := time.Now()
		_, stderr, code := runCmd(t, env, args...)
		if took := time.Since(start); took > 5*time.Second {
			t.Errorf("%v took %v", args, took)
		}
		if code != 1 || strings.Count(stderr, "\n") != 1 || !strings.Contains(stderr, "etcd at 127.0.0.1:1,127.0.0.1:2") {
			t.Errorf("%v: exit %d, stderr %q", args, code, stderr)
		}
	}
}

// TestImportTooBigForEtcd: an import is one etcd transaction; one bigger
// than the cluster takes is refused whole, exit 2, an error and a hint,
// and the store keeps no case of it (cases import and store copy alike).
func TestImportTooBigForEtcd(t *testing.T) {
	c := etcdtest.Start(t, 1)
	dir := t.TempDir()
	db := filepath.Join(dir, "big.db")
	bs, err := cases.Open(db, cases.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 60; i++ {
		cs := cases.New(cases.Case{Domain: fmt.Sprintf("d%02d.example", i), Admin: "admin@example.com", Country: "JP",
			TrackingID: fmt.Sprintf("24112500400%05d", i)}, "opened", time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC))
		if err := bs.Create(cs); err != nil {
			t.Fatal(err)
		}
	}
	bs.Close()
	cfg := filepath.Join(dir, "none.toml")
	out, stderr, code := runCmd(t, map[string]string{"MSCASE_DB": db, "MSCASE_CONFIG": cfg}, "cases", "export")
	if code != 0 {
		t.Fatalf("export: %s", stderr)
	}
	file := filepath.Join(dir, "big.json")
	if err := os.WriteFile(file, []byte(out), 0o600); err != nil {
		t.Fatal(err)
	}
	url := c.URL("big")
	env := map[string]string{"MSCASE_STORE": url, "MSCASE_CONFIG": cfg}
	for _, args := range [][]string{{"cases", "import", file}, {"store", "copy", "--from", db, "--to", url}} {
		_, stderr, code := runCmd(t, env, args...)
		lines := strings.Split(strings.TrimSuffix(stderr, "\n"), "\n")
		if code != 2 || len(lines) != 2 || !strings.Contains(lines[0], "60 cases are ") || strings.Count(lines[0], "nothing was imported") != 1 ||
			!strings.HasPrefix(lines[1], "mscase: hint: import the cases in smaller files") {
			t.Errorf("%v: exit %d, stderr:\n%s", args[:2], code, stderr)
		}
		if out, _, _ := runCmd(t, env, "cases", "list", "--all"); out != "" {
			t.Fatalf("%v refused, yet the store holds cases:\n%s", args[:2], out)
		}
	}
}
