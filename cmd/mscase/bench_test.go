package main

import (
	"bytes"
	"io"
	"os"
	"testing"
)

// BenchmarkCasesList runs `cases list` piped in-process on the database
// bench/cases-list.sh builds (MSCASE_BENCH_DB); it skips without one.
func BenchmarkCasesList(b *testing.B) {
	db := os.Getenv("MSCASE_BENCH_DB")
	if db == "" {
		b.Skip("set MSCASE_BENCH_DB to a database made by bench/cases-list.sh")
	}
	env := map[string]string{"MSCASE_DB": db, "MSCASE_NOW": "2026-11-25T10:00:00+09:00", "TZ": "Asia/Tokyo"}
	getenv := func(k string) string { return env[k] }
	for i := 0; i < b.N; i++ {
		if code := run([]string{"cases", "list"}, bytes.NewReader(nil), io.Discard, io.Discard, getenv); code != 0 {
			b.Fatalf("exit %d", code)
		}
	}
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
