#!/usr/bin/env bash
# Soak: `reminders run` at @every 1s with a webhook to a loopback server,
# two writer loops and a `cases list` loop for DURATION (default 60s).
# Prints commands, acknowledged writes, lost writes, exit-3 count, nudges
# sent and sent twice, and p50/p99/max latency per command.
# Usage: bench/soak.sh [DURATION]
set -euo pipefail
cd "$(dirname "$0")/.."
d=${1:-60s}
go test ./cmd/mscase -v -count=1 -run '^TestSoak$' -timeout 30m -args -soak.time "$d" -soak.strict -crash.report
