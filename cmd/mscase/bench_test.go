package main

import (
	"bytes"
	"io"
	"os"
	"testing"
)

// benchCmd runs one mscase command in-process b.N times with its output
// discarded, on the database named by MSCASE_BENCH_DB (bench/cases-list.sh
// builds one); it skips without one. tty forces terminal output
// (MSCASE_TTY=1), which adds the NEXT NUDGE column and the aligned table.
func benchCmd(b *testing.B, tty bool, args ...string) {
	b.Helper()
	db := os.Getenv("MSCASE_BENCH_DB")
	if db == "" {
		b.Skip("set MSCASE_BENCH_DB to a database made by bench/cases-list.sh")
	}
	if _, err := os.Stat(db); err != nil {
		b.Fatalf("MSCASE_BENCH_DB: %v (give an absolute path: the benchmark runs in cmd/mscase)", err)
	}
	env := map[string]string{"MSCASE_DB": db, "MSCASE_NOW": "2026-11-25T10:00:00+09:00", "TZ": "Asia/Tokyo",
		"MSCASE_CONFIG": "/nonexistent/config.toml"}
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
