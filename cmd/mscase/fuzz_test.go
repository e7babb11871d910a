package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	bolt "go.etcd.io/bbolt"
)

// FuzzImport feeds any file to `cases import` on a new database. It never
// panics; exit 2 means refused before anything was written (no database
// file); every error is "mscase: " lines with no stack trace. A file that
// imports round-trips: its export, imported into another new database,
// exports the same bytes, and bbolt's consistency check passes. The seed
// corpus lives in testdata/fuzz/FuzzImport and is replayed by plain
// `go test ./...`; bench/fuzz.sh runs it for longer.
func FuzzImport(f *testing.F) {
	good := `{"format":"mscase-export","version":1,"cases":[{"number":3,"tracking_id":"2411250040001234","domain":"contoso.co.jp","admin":"admin@contoso.co.jp","country":"JP","title":"MFA phone lost","stage":"ticket-open","stage_since":"2026-11-25T10:00:00+09:00","created":"2026-11-25T10:00:00+09:00","updated":"2026-11-25T10:00:00+09:00","contacts":[{"at":"2026-11-25T10:30:00+09:00","channel":"phone","direction":"out","summary":"called, got the TrackingID"}],"history":[{"at":"2026-11-25T10:00:00+09:00","to":"ticket-open"}]}]}`
	for _, s := range []string{
		good,
		strings.Replace(good, `"number":3`, `"number":999999`, 1),
		strings.Replace(good, `"title":"MFA phone lost"`, `"title":"\u001b]0;owned\u0007\u0000"`, 1),
		strings.Replace(good, `"domain":"contoso.co.jp"`, `"domain":"0\u00ef.A"`, 1),
		strings.Replace(good, `"stage":"ticket-open"`, `"stage":"closed"`, 1),
		strings.Replace(good, `"cases":[`, `"cases":[{"number":1,"domain":"a.example","admin":"a@a.example","stage":"locked-out"},`, 1),
		`{"format":"mscase-export","version":1,"cases":null}`,
		`{"format":"mscase-export","version":2,"cases":[]}`,
		`{"format":"other","version":1}`,
		`{"format":"mscase-export","version":1,"cases":[{}]}`,
		`{"format":"mscase-export","version":1,"cases":[{"number":-1}]}`,
		`{"format":"mscase-export","version":1,"extra":1}`,
		`{"format":"mscase-export","version":1,"cases":[` + good[strings.Index(good, `{"number"`):len(good)-2] + `,` + good[strings.Index(good, `{"number"`):len(good)-2] + `]}`,
		`{"format":`,
		``,
		`[]`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		dir := t.TempDir()
		file := filepath.Join(dir, "in.json")
		if err := os.WriteFile(file, in, 0o600); err != nil {
			t.Fatal(err)
		}
		db := filepath.Join(dir, "a.db")
		env := map[string]string{"MSCASE_DB": db}
		_, errOut, code := runCmd(t, env, "cases", "import", file)
		checkStderr(t, "import", errOut, code)
		switch code {
		case exitOK:
		case exitInput:
			if _, err := os.Stat(db); err == nil {
				t.Fatalf("import exited 2 (refused, nothing written) but created the database: %s", errOut)
			}
			return
		case exitFailure:
			return
		default:
			t.Fatalf("import exited %d: %s", code, errOut)
		}
		if _, err := os.Stat(db); err == nil {
			checkBolt(t, db)
		} // else an empty import, which writes nothing
		export := func(db string) string {
			out, errOut, code := runCmd(t, map[string]string{"MSCASE_DB": db}, "cases", "export")
			if code != 0 {
				t.Fatalf("export after a successful import exited %d: %s", code, errOut)
			}
			return out
		}
		e1 := export(db)
		if err := os.WriteFile(file, []byte(e1), 0o600); err != nil {
			t.Fatal(err)
		}
		db2 := filepath.Join(dir, "b.db")
		if _, errOut, code := runCmd(t, map[string]string{"MSCASE_DB": db2}, "cases", "import", file); code != 0 {
			t.Fatalf("the export of an imported file does not import (exit %d): %s\n%s", code, errOut, e1)
		}
		if e2 := export(db2); e2 != e1 {
			t.Fatalf("export, import, export differs:\n%s\n%s", e1, e2)
		}
	})
}

// checkStderr: every line mscase printed on stderr for a failure is its
// own ("mscase: error:", "mscase: hint:"), with no panic or stack trace.
func checkStderr(t *testing.T, what, errOut string, code int) {
	t.Helper()
	if strings.Contains(errOut, "internal error") || strings.Contains(errOut, "goroutine ") || strings.Contains(errOut, "panic") {
		t.Fatalf("%s: exit %d with a crash: %s", what, code, errOut)
	}
	if code == 0 {
		return
	}
	if !strings.HasPrefix(errOut, "mscase: error: ") {
		t.Fatalf("%s: exit %d, stderr does not start with mscase: error: %q", what, code, errOut)
	}
}

// checkBolt runs bbolt's own consistency check on the file.
func checkBolt(t *testing.T, path string) {
	t.Helper()
	db, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true})
	if err != nil {
		t.Fatalf("bbolt open %s: %v", path, err)
	}
	defer db.Close()
	if err := db.View(func(tx *bolt.Tx) error {
		for err := range tx.Check() {
			return err
		}
		return nil
	}); err != nil {
		t.Fatalf("bbolt check %s: %v", path, err)
	}
}
