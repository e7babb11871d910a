package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

var update = flag.Bool("update", false, "rewrite golden files and testscript cmp targets")

// scriptCmds are extra testscript commands; test files add theirs in init.
var scriptCmds = map[string]func(ts *testscript.TestScript, neg bool, args []string){
	// dbsum FILE VAR: store the SHA-256 of FILE in $VAR.
	"dbsum": func(ts *testscript.TestScript, neg bool, args []string) {
		if len(args) != 2 {
			ts.Fatalf("usage: dbsum FILE VAR")
		}
		ts.Setenv(args[1], fileSum(ts, ts.MkAbs(args[0])))
	},
	// unchanged FILE SUM: FILE still has the SHA-256 SUM (from dbsum).
	"unchanged": func(ts *testscript.TestScript, neg bool, args []string) {
		if len(args) != 2 {
			ts.Fatalf("usage: unchanged FILE SUM")
		}
		got := fileSum(ts, ts.MkAbs(args[0]))
		if (got == args[1]) == neg {
			ts.Fatalf("%s: checksum %s, want %s (neg=%v): the database changed", args[0], got, args[1], neg)
		}
	},
	// perm FILE MODE: FILE has the permission bits MODE (octal), on Unix.
	"perm": func(ts *testscript.TestScript, neg bool, args []string) {
		if len(args) != 2 {
			ts.Fatalf("usage: perm FILE MODE")
		}
		fi, err := os.Stat(ts.MkAbs(args[0]))
		ts.Check(err)
		if got := fi.Mode().Perm().String(); (got == args[1]) == neg {
			ts.Fatalf("%s: mode %s, want %s", args[0], got, args[1])
		}
	},
}

func fileSum(ts *testscript.TestScript, path string) string {
	b, err := os.ReadFile(path)
	if err != nil {
		ts.Fatalf("read %s: %v", path, err)
	}
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"mscase": func() { os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr, os.Getenv)) },
	})
}

// TestScripts runs every cmd/mscase/testdata/*.txtar. Each script gets its
// own database, config and data folders under $WORK, a fixed clock
// (Wednesday 25 Nov 2026 10:00 JST), TZ=Asia/Tokyo and a fixed author and
// machine (MSCASE_NAME, MSCASE_MACHINE); scripts override
// MSCASE_NOW with env where they need another instant.
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir:           "testdata",
		UpdateScripts: *update,
		Cmds:          scriptCmds,
		Condition:     storeCondition(false),
		Setup:         scriptSetup,
	})
}

// scriptSetup gives a script its own database, config and data folders
// under $WORK, the fixed clock, TZ=Asia/Tokyo, no colour and an
// unreachable login service.
func scriptSetup(e *testscript.Env) error {
	e.Setenv("MSCASE_DB", filepath.Join(e.WorkDir, "mscase.db"))
	e.Setenv("MSCASE_CONFIG", filepath.Join(e.WorkDir, "config", "config.toml"))
	e.Setenv("XDG_CONFIG_HOME", filepath.Join(e.WorkDir, "config-home"))
	e.Setenv("XDG_DATA_HOME", filepath.Join(e.WorkDir, "data-home"))
	e.Setenv("HOME", e.WorkDir)
	e.Setenv("MSCASE_NOW", "2026-11-25T10:00:00+09:00")
	e.Setenv("TZ", "Asia/Tokyo")
	e.Setenv("NO_COLOR", "1")
	e.Setenv("MSCASE_LOGIN_URL", "http://127.0.0.1:9/")
	// Who signs the changes: fixed, as the clock is.
	e.Setenv("MSCASE_NAME", "k-sato")
	e.Setenv("MSCASE_MACHINE", "kanri-pc")
	return nil
}

func init() {
	// dbgrep PATTERN FILE: the database's stored bytes match PATTERN (a
	// regular expression): the file on bbolt, every key and value under
	// the script's prefix on etcd (TestScriptsEtcd).
	scriptCmds["dbgrep"] = func(ts *testscript.TestScript, neg bool, args []string) {
		if len(args) != 2 {
			ts.Fatalf("usage: dbgrep PATTERN FILE")
		}
		b, err := os.ReadFile(ts.MkAbs(args[1]))
		ts.Check(err)
		dbgrep(ts, neg, args[0], b)
	}
}

func dbgrep(ts *testscript.TestScript, neg bool, pattern string, b []byte) {
	re, err := regexp.Compile(pattern)
	ts.Check(err)
	if re.Match(b) != !neg {
		ts.Fatalf("dbgrep %s: match %v, want %v", pattern, !neg, neg)
	}
}

// storeCondition answers the scripts' [etcd] condition: true when the
// suite runs on a store on etcd (TestScriptsEtcd), for the lines that are
// about the bbolt file itself.
func storeCondition(etcd bool) func(cond string) (bool, error) {
	return func(cond string) (bool, error) {
		if cond == "etcd" {
			return etcd, nil
		}
		return false, fmt.Errorf("unknown condition %q", cond)
	}
}

// runCmd runs mscase in-process with args and returns stdout, stderr and
// the exit code; env entries override the defaults of TestScripts.
func runCmd(t *testing.T, env map[string]string, args ...string) (string, string, int) {
	t.Helper()
	var out, errOut bytes.Buffer
	base := map[string]string{"MSCASE_NOW": "2026-11-25T10:00:00+09:00", "NO_COLOR": "1", "TZ": "Asia/Tokyo",
		"MSCASE_NAME": "k-sato", "MSCASE_MACHINE": "kanri-pc"}
	for k, v := range env {
		base[k] = v
	}
	code := run(args, bytes.NewReader(nil), &out, &errOut, func(k string) string { return base[k] })
	return out.String(), errOut.String(), code
}

// checkGolden compares got with testdata/golden/NAME.txt, or rewrites the
// file with -update.
func checkGolden(t *testing.T, name, got string) {
	t.Helper()
	golden := filepath.Join("testdata", "golden", name+".txt")
	if *update {
		if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs from %s (run with -update to accept):\n%s", name, golden, got)
	}
}
