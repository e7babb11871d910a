#!/usr/bin/env bash
# Benchmark of `cases list` and `reminders upcoming` on 10,000 cases with
# five log entries each, side by side with Taskwarrior (issue 15):
#   - cases list piped (output read through a pipe, and to /dev/null)
#     against `task list` on 10,000 equivalent tasks: target >= 30x faster
#   - cases list on a terminal (MSCASE_TTY=1: NEXT NUDGE column, aligned
#     table): target < 150 ms
#   - reminders upcoming --days 1, piped and on a terminal: < 200 ms
#   - mscase version against a cobra+lipgloss hello (bench/hello): <= 2x
#   - the database's size
# Each pair runs alternately (A B A B …); bench/timeit reports each median
# and the median of the per-pair ratios. Taskwarrior is installed when
# missing (Debian package taskwarrior).
# Usage: bench/cases-list.sh [N_CASES] [PAIRS]
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-10000}
pairs=${2:-20}
out=bench/out
mkdir -p "$out"
echo "cores: $(nproc)"
go build -o "$out/mscase" ./cmd/mscase
go build -o "$out/hello" ./bench/hello
go build -o "$out/timeit" ./bench/timeit
export MSCASE_DB="$out/list-$n.db" MSCASE_NOW=2026-11-25T10:00:00+09:00 TZ=Asia/Tokyo
export MSCASE_CONFIG="$out/list-config.toml"
: > "$MSCASE_CONFIG"
if [ ! -f "$MSCASE_DB" ]; then
  go run ./bench/gencases -n "$n" > "$out/cases-$n.json"
  "$out/mscase" cases import "$out/cases-$n.json"
fi
echo "database: $(du -k "$MSCASE_DB" | cut -f1) KiB on disk, $(stat -c %s "$MSCASE_DB") bytes; JSON export: $("$out/mscase" cases export --json 2>/dev/null | wc -c) bytes"
echo "cases list rows: $("$out/mscase" cases list | wc -l)"

if ! command -v task > /dev/null; then
  echo "taskwarrior not installed: installing it (Debian package taskwarrior)"
  apt-get update -qq && apt-get install -y -qq taskwarrior > /dev/null
fi
# Equivalent tasks: a project, a tag, a due date and five annotations (the
# five contact log entries of each case), written as Taskwarrior's own
# data file.
export TASKDATA="$out/task-$n" TASKRC="$out/taskrc"
if [ ! -f "$TASKDATA/pending.data" ] || [ "$(wc -l < "$TASKDATA/pending.data")" != "$n" ]; then
  mkdir -p "$TASKDATA"; printf 'data.location=%s\nconfirmation=no\nverbose=nothing\n' "$TASKDATA" > "$TASKRC"
  a='called support with the TrackingID; the agent escalated to the Data Protection Team'
  awk -v n="$n" -v a="$a" 'BEGIN {
    for (i = 1; i <= n; i++)
      printf "[annotation_1700003600:\"%s\" annotation_1700007200:\"%s\" annotation_1700010800:\"%s\" annotation_1700014400:\"%s\" annotation_1700018000:\"%s\" description:\"tenant%d.onmicrosoft.com lockout 2611%012d\" due:\"1700100000\" entry:\"1700000000\" modified:\"1700018000\" project:\"lockout\" status:\"pending\" tags:\"dpt\" uuid:\"%08x-0000-4000-8000-000000000000\"]\n", a, a, a, a, a, i, i, i
  }' > "$TASKDATA/pending.data"
fi
echo "task list rows: $(task rc.verbose=nothing list | wc -l)"

echo "== cases list piped vs task list (output read through a pipe)"
"$out/timeit" -n "$pairs" -label "mscase cases list" -label-b "task list" "$out/mscase" cases list :: task rc.verbose=nothing list
echo "== same, output to /dev/null"
"$out/timeit" -n "$pairs" -out null -label "mscase cases list" -label-b "task list" "$out/mscase" cases list :: task rc.verbose=nothing list
echo "== same on one core (GOMAXPROCS=1): a piped list reads its summaries in two parts side by side on two cores"
GOMAXPROCS=1 "$out/timeit" -n "$pairs" -label "cases list (one core)" -label-b "task list" "$out/mscase" cases list :: task rc.verbose=nothing list
echo "== on a terminal (MSCASE_TTY=1) and reminders upcoming"
MSCASE_TTY=1 "$out/timeit" -n "$pairs" -label "cases list (terminal)" "$out/mscase" cases list
"$out/timeit" -n "$pairs" -label "reminders upcoming --days 1" "$out/mscase" reminders upcoming --days 1
MSCASE_TTY=1 "$out/timeit" -n "$pairs" -label "upcoming --days 1 (terminal)" "$out/mscase" reminders upcoming --days 1
echo "== startup"
"$out/timeit" -n "$pairs" -label "mscase version" -label-b "cobra+lipgloss hello" "$out/mscase" version :: "$out/hello" version

MSCASE_BENCH_DB="$PWD/$MSCASE_DB" go test -run '^$' -bench 'BenchmarkCasesList|BenchmarkUpcoming|BenchmarkStartup' -benchtime 5x ./cmd/mscase
