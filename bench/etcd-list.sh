#!/usr/bin/env bash
# Benchmark: `cases list` piped on 10,000 cases in a team store on a
# single-node etcd over loopback (an embedded server, bench/etcdserver).
# Target: median under 150 ms. Usage: bench/etcd-list.sh [N_CASES] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-10000}
runs=${2:-30}
out=bench/out
mkdir -p "$out"
go build -tags etcd -o "$out/mscase-team" ./cmd/mscase
go build -o "$out/etcdserver" ./bench/etcdserver
go build -o "$out/timeit" ./bench/timeit
# etcd takes about 40 cases in one transaction at its defaults, and an
# import is one transaction: the cases go in files of 30.
rm -rf "$out/etcd-import" && mkdir -p "$out/etcd-import"
go run ./bench/gencases -n "$n" -per 30 -dir "$out/etcd-import"
"$out/etcdserver" > "$out/etcd-url" &
srv=$!
trap 'kill $srv 2>/dev/null; wait $srv 2>/dev/null || true' EXIT
for _ in $(seq 100); do [ -s "$out/etcd-url" ] && break; sleep 0.2; done
export MSCASE_STORE=$(cat "$out/etcd-url") MSCASE_NOW=2026-11-25T10:00:00+09:00 MSCASE_CONFIG="$PWD/$out/no-config.toml"
echo "store $MSCASE_STORE"
: > "$out/etcd-import.log"
for f in "$out"/etcd-import/cases-*.json; do
  "$out/mscase-team" cases import "$f" > /dev/null 2>> "$out/etcd-import.log" || { tail -3 "$out/etcd-import.log" >&2; exit 1; }
done
echo "imported: $(grep -c '^imported' "$out/etcd-import.log") files"
echo "cases list --all rows: $("$out/mscase-team" cases list --all | wc -l)"
"$out/timeit" -n "$runs" -label "cases list (piped, etcd)" "$out/mscase-team" cases list
"$out/timeit" -n "$runs" -label "cases list --all (piped, etcd)" "$out/mscase-team" cases list --all
"$out/timeit" -n "$runs" -label "cases show 5000 (etcd)" "$out/mscase-team" cases show 5000
