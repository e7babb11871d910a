#!/usr/bin/env bash
# Benchmark of the reminders on 100,000 open cases (issue 5, acceptance 5):
#   1. `reminders check --dry-run`: target < 300 ms
#   2. resident memory of `reminders run` between ticks: target < 30 MB
# plus `go test -bench` for the pure Due function over 100,000 summaries.
# Usage: bench/reminders.sh [N_CASES] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-100000}
runs=${2:-10}
out=bench/out
mkdir -p "$out"
go build -o "$out/mscase" ./cmd/mscase
go build -o "$out/timeit" ./bench/timeit

export MSCASE_NOW=2026-11-25T10:00:00+09:00 TZ=Asia/Tokyo
export MSCASE_DB="$out/reminders-$n.db" MSCASE_CONFIG="$out/reminders-config.toml"
rm -f "$MSCASE_DB"
go run ./bench/remindercases -n "$n" -db "$MSCASE_DB" -now "$MSCASE_NOW"
printf 'schedule = "@every 3s"\n' > "$MSCASE_CONFIG"
ls -l "$MSCASE_DB"

nudges=$("$out/mscase" reminders check --dry-run | grep -c '^case ' || true)
echo "open cases: $n, nudges due now: $nudges"
"$out/timeit" -n "$runs" -label "reminders check --dry-run" "$out/mscase" reminders check --dry-run

# The daemon: the first tick sends every nudge (to /dev/null) and records
# it; later ticks read every case and find nothing new. Sample VmRSS in the
# quiet seconds between ticks.
rss_kb() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status"; }
"$out/mscase" reminders run > /dev/null 2> "$out/reminders-run.log" &
pid=$!
trap 'kill "$pid" 2>/dev/null || true' EXIT
# Wait for the first tick to have sent and recorded everything.
until grep -q ' sent ' "$out/reminders-run.log"; do sleep 0.2; done
echo "first tick (sends and records every nudge) peak VmHWM: $(awk '/^VmHWM:/ {print int($2/1024)}' "/proc/$pid/status") MB"
# Sample every 100 ms for 9 s (three ticks): the lowest samples are the
# quiet time between ticks, the highest fall inside a tick (reading every
# case).
samples=$(for i in $(seq 1 90); do rss_kb "$pid"; sleep 0.1; done | sort -n)
low=$(echo "$samples" | head -1); med=$(echo "$samples" | sed -n 45p); high=$(echo "$samples" | tail -1)
kill -INT "$pid"
wait "$pid" || true
trap - EXIT
echo "daemon log:"; sed 's/^/  /' "$out/reminders-run.log"
echo "daemon VmRSS after the first tick: between ticks (median of 90 samples) $((med / 1024)) MB, lowest $((low / 1024)) MB, highest (inside a tick) $((high / 1024)) MB"
"$out/timeit" -n "$runs" -label "check --dry-run (all sent)" "$out/mscase" reminders check --dry-run

go test -run '^$' -bench 'BenchmarkDue100k' -benchmem ./reminders
