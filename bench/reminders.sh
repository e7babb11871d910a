#!/usr/bin/env bash
# Benchmark of `reminders check --dry-run` on 100,000 open cases, side by
# side with remind(1) on 100,000 REMs (issue 15). Target: mscase at least
# 2x faster than remind, peak RSS under 60 MB.
#
# A fair comparison has both tools report the same number of due items.
# The database is filled at T0 (bench/remindercases: four countries, every
# open stage, most stalled), and a real `reminders check` at T0 sends
# everything due then (to /dev/null) and records it, as the daemon would
# have. At T1, three hours later, the dry run reports what came due since:
# about a tenth of the cases. The remind file has 100,000 REMs, one per
# case, with OMIT lines for Japan's 2026 holidays and weekends and AFTER
# (move past an omitted day); exactly as many of them trigger on T1's date
# as mscase reports nudges, the others later in December. Each MSG carries
# the same facts a nudge prints (case, TrackingID, what and why, what to
# do, the number to call).
#
# The two run alternately (A B A B …): bench/timeit reports each median,
# peak RSS and the median of the per-pair ratios.
# Usage: bench/reminders.sh [N_CASES] [PAIRS]
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-100000}
pairs=${2:-15}
out=bench/out
mkdir -p "$out"
echo "cores: $(nproc)"
go build -o "$out/mscase" ./cmd/mscase
go build -o "$out/timeit" ./bench/timeit
if ! command -v remind > /dev/null; then
  echo "remind not installed: installing it (Debian package remind)"
  apt-get update -qq && apt-get install -y -qq remind > /dev/null
fi

t0=2026-11-25T10:00:00+09:00
t1=2026-11-25T13:00:00+09:00
export TZ=Asia/Tokyo
export MSCASE_DB="$out/reminders-$n.db" MSCASE_CONFIG="$out/reminders-config.toml"
printf 'schedule = "@every 10m"\n' > "$MSCASE_CONFIG"
# The marker names the layout the file was built with: a file built before
# the country index and 90% pages measures an older mscase's file.
if [ ! -f "$MSCASE_DB.v2" ]; then
  rm -f "$MSCASE_DB" "$MSCASE_DB.done" "$MSCASE_DB.v2" "$MSCASE_DB.v3"
  go run ./bench/remindercases -n "$n" -db "$MSCASE_DB" -now "$t0"
  # The daemon's tick at T0: sends (to /dev/null) and records every nudge.
  MSCASE_NOW=$t0 "$out/mscase" reminders check > /dev/null
  touch "$MSCASE_DB.v2" "$MSCASE_DB.v3"
fi
# A file built before the wake index kept the summaries of its cases: one
# write gets them (and starts the index over), two checks at T0 set every
# case's wake instant again. Nothing is sent: everything due at T0 was.
if [ ! -f "$MSCASE_DB.v3" ]; then
  go run ./bench/remindercases -touch -db "$MSCASE_DB"
  MSCASE_NOW=$t0 "$out/mscase" reminders check > /dev/null
  MSCASE_NOW=$t0 "$out/mscase" reminders check > /dev/null
  touch "$MSCASE_DB.v3"
fi
ls -l "$MSCASE_DB"
export MSCASE_NOW=$t1
due=$("$out/mscase" reminders check --dry-run | grep -c '^case ' || true)
echo "open cases: $n; nudges due at $t1 and not sent: $due"

# The remind file: the same number of items due on 2026-11-25.
rem="$out/reminders-$n.rem"
if [ ! -f "$rem.$due" ]; then
  {
    for d in "1 Jan" "12 Jan" "11 Feb" "23 Feb" "20 Mar" "29 Apr" "3 May" "4 May" "5 May" "6 May" "20 Jul" "11 Aug" "21 Sep" "22 Sep" "23 Sep" "12 Oct" "3 Nov" "23 Nov"; do
      echo "OMIT $d 2026"
    done
    awk -v n="$n" -v due="$due" 'BEGIN {
      split("locked-out ticket-open dpt-review verifying reset-pending", st, " ")
      for (i = 1; i <= n; i++) {
        if (i <= due) { day = "25 Nov 2026" } else { day = (1 + i % 28) " Dec 2026" }
        printf "REM %s AFTER OMIT SAT SUN MSG case %d (TrackingID 2611%012d, tenant%d.onmicrosoft.com): stalled: no contact or stage change in %s for 2d of business time; call Microsoft support with the TrackingID and ask for the status; call +81 3-4332-5300 (Japan, 09:00-17:30 JST)%%\n", day, i, i, i, st[1 + i % 5]
      }
    }'
  } > "$rem"
  touch "$rem.$due"
fi
echo "remind: $(remind -q "$rem" 2026-11-25 | grep -c '^case ') items due on 2026-11-25 of $(grep -c '^REM' "$rem") REMs"

"$out/timeit" -n "$pairs" -rss -label "mscase reminders check --dry-run" -label-b "remind (same due count)" \
  "$out/mscase" reminders check --dry-run :: remind -q "$rem" 2026-11-25

go test -run '^$' -bench 'BenchmarkDue100k|BenchmarkUpcoming100k' -benchtime 3x -benchmem ./reminders
MSCASE_BENCH_CHECK_DB="$PWD/$MSCASE_DB" go test -run '^$' -bench 'BenchmarkCheckDryRun' -benchtime 5x -benchmem ./cmd/mscase
