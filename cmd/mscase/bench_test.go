package main

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"testing"
)

// benchCmd runs one mscase command in-process b.N times with its output
// discarded, on the database named by MSCASE_BENCH_DB (bench/cases-list.sh
// builds one); it skips without one. tty forces terminal output
// (MSCASE_TTY=1), which adds the NEXT NUDGE column and the aligned table.
func benchCmd(b *testing.B, tty bool, args ...string) {
	b.Helper()
	benchIn(b, "MSCASE_BENCH_DB", "bench/cases-list.sh", "2026-11-25T10:00:00+09:00", "", tty, args...)
}

// benchIn runs the command on the database named by the environment
// variable dbVar (made by script) at now, with the configuration cfg (""
// for none).
func benchIn(b *testing.B, dbVar, script, now, cfg string, tty bool, args ...string) {
	b.Helper()
	db := os.Getenv(dbVar)
	if db == "" {
		b.Skipf("set %s to a database made by %s", dbVar, script)
	}
	if _, err := os.Stat(db); err != nil {
		b.Fatalf("%s: %v (give an absolute path: the benchmark runs in cmd/mscase)", dbVar, err)
	}
	env := map[string]string{"MSCASE_DB": db, "MSCASE_NOW": now, "TZ": "Asia/Tokyo",
		"MSCASE_CONFIG": "/nonexistent/config.toml"}
	if cfg != "" {
		env["MSCASE_CONFIG"] = filepath.Join(b.TempDir(), "config.toml")
		if err := os.WriteFile(env["MSCASE_CONFIG"], []byte(cfg), 0o600); err != nil {
			b.Fatal(err)
		}
	}
	if tty {
		env["MSCASE_TTY"] = "1"
	}
	getenv := func(k string) string { return env[k] }
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if code := run(args, bytes.NewReader(nil), io.Discard, io.Discard, getenv); code != 0 {
			b.Fatalf("exit %d", code)
		}
	}
}

// BenchmarkCasesList runs `cases list` piped in-process.
func BenchmarkCasesList(b *testing.B) { benchCmd(b, false, "cases", "list") }

// BenchmarkCasesListTTY is `cases list` on a terminal: every row with its
// next nudge.
func BenchmarkCasesListTTY(b *testing.B) { benchCmd(b, true, "cases", "list") }

// BenchmarkUpcoming is `reminders upcoming --days 1`, piped.
func BenchmarkUpcoming(b *testing.B) { benchCmd(b, false, "reminders", "upcoming", "--days", "1") }

// BenchmarkUpcomingTTY is `reminders upcoming --days 1` on a terminal.
func BenchmarkUpcomingTTY(b *testing.B) { benchCmd(b, true, "reminders", "upcoming", "--days", "1") }

// BenchmarkCheckDryRun is `reminders check --dry-run` on the 100,000 open
// cases bench/reminders.sh makes, three hours after the check that sent
// everything then (MSCASE_BENCH_CHECK_DB: bench/out/reminders-100000.db).
func BenchmarkCheckDryRun(b *testing.B) {
	// The configuration of bench/reminders.sh: the wake index holds
	// instants worked out with it.
	benchIn(b, "MSCASE_BENCH_CHECK_DB", "bench/reminders.sh", "2026-11-25T13:00:00+09:00", "schedule = \"@every 10m\"\n",
		false, "reminders", "check", "--dry-run")
}

// BenchmarkStartup is what every command pays before its own work: the
// app, the command tree and `version`.
func BenchmarkStartup(b *testing.B) {
	env := map[string]string{"MSCASE_DB": "/nonexistent/m.db", "MSCASE_NOW": "2026-11-25T10:00:00+09:00", "TZ": "Asia/Tokyo"}
	getenv := func(k string) string { return env[k] }
	for i := 0; i < b.N; i++ {
		if code := run([]string{"version"}, bytes.NewReader(nil), io.Discard, io.Discard, getenv); code != 0 {
			b.Fatalf("exit %d", code)
		}
	}
}
