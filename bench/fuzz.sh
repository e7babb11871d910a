#!/usr/bin/env bash
# Run every fuzz target for SECONDS each (default 60), one after another,
# and print the executions per target. A finding stops the script with the
# failing input written under the package's testdata/fuzz/FuzzXxx/, where
# plain `go test ./...` replays it from then on.
# Usage: bench/fuzz.sh [SECONDS] [PATTERN]   e.g. bench/fuzz.sh 30 Email
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-60}
pattern=${2:-.}
# Minimising a new input runs it many times and reports no executions
# meanwhile; for targets that open a database that can take the whole
# minute. Keep it short: the inputs are small anyway.
minimize=${FUZZ_MINIMIZE:-200x}
summary=()
log=$(mktemp)
trap 'rm -f "$log"' EXIT
for pkg in $(go list ./...); do
  dir=$(go list -f '{{.Dir}}' "$pkg")
  targets=$(grep -ho '^func Fuzz[A-Za-z0-9_]*' "$dir"/*_test.go 2>/dev/null | sed 's/^func //' | sort -u || true)
  for t in $targets; do
    [[ $t =~ $pattern ]] || continue
    echo "== $pkg $t (${secs}s)" >&2
    if ! go test "$pkg" -run '^$' -fuzz "^${t}\$" -fuzztime "${secs}s" -fuzzminimizetime "$minimize" > "$log" 2>&1; then
      grep -v '^fuzz: elapsed' "$log" >&2
      echo "fuzz.sh: $t found a failure (see above)" >&2
      exit 1
    fi
    execs=$(grep -o 'execs: [0-9]*' "$log" | tail -1 | cut -d' ' -f2)
    line=$(printf '%-24s %-14s %12s execs in %ss' "$t" "${pkg#github.com/mscase/mscase/}" "${execs:-?}" "$secs")
    echo "$line" >&2
    summary+=("$line")
  done
done
echo "---"
printf '%s\n' "${summary[@]}"
