#!/usr/bin/env bash
# kill -9 during writes: TestCrashKill9 with N iterations (default 500) of
# cases new / log / stage / import killed at random points, then checks
# that every acknowledged write is present, bbolt's Tx.Check and export.
# Prints iterations, acknowledged writes, lost writes, exit-3 count and
# p50/p99/max latency per command.
# Usage: bench/crash.sh [N]
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-500}
go test ./cmd/mscase -v -count=1 -run '^TestCrashKill9$' -timeout 30m -args -crash.n "$n" -crash.report
