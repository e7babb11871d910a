#!/usr/bin/env bash
# Benchmark: `cases list` piped and `cases show` on 10,000 cases with five
# log entries each, loaded through `cases import`. Target: list piped < 15 ms.
# Usage: bench/cases-list.sh [N_CASES] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-10000}
runs=${2:-30}
out=bench/out
mkdir -p "$out"
go build -o "$out/mscase" ./cmd/mscase
go run ./bench/gencases -n "$n" > "$out/cases-$n.json"
export MSCASE_DB="$out/list-$n.db" MSCASE_NOW=2026-11-25T10:00:00+09:00
rm -f "$MSCASE_DB"
"$out/mscase" cases import "$out/cases-$n.json"
ls -l "$MSCASE_DB"

go build -o "$out/timeit" ./bench/timeit
# time_runs LABEL CMD...: run CMD $runs times (stdout discarded) and print min / median.
time_runs() { local label=$1; shift; "$out/timeit" -n "$runs" -label "$label" "$@"; }
rows=$("$out/mscase" cases list --all | wc -l)
echo "cases list --all rows: $rows"
time_runs "cases list (piped)" "$out/mscase" cases list
time_runs "cases list --all (piped)" "$out/mscase" cases list --all
time_runs "cases show 5000" "$out/mscase" cases show 5000
time_runs "mscase version (startup)" "$out/mscase" version

if command -v task > /dev/null; then
  # Taskwarrior on the same number of tasks, for comparison.
  export TASKDATA="$out/task-$n" TASKRC="$out/taskrc"
  if [ ! -f "$TASKDATA/pending.data" ]; then
    mkdir -p "$TASKDATA"; printf 'data.location=%s\nconfirmation=no\nverbose=nothing\n' "$TASKDATA" > "$TASKRC"
    for i in $(seq "$n"); do
      printf '[description:"tenant%d.onmicrosoft.com lockout" entry:"1700000000" status:"pending" uuid:"%08x-0000-4000-8000-000000000000"]\n' "$i" "$i"
    done > "$TASKDATA/pending.data"
  fi
  time_runs "task list (taskwarrior)" task rc.verbose=nothing list
else
  echo "taskwarrior not installed (apt-get install taskwarrior) - skipping the comparison"
fi
