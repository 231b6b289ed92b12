#!/usr/bin/env bash
# The search index's cost at generate time, side by side (issue 14): BEFORE, a release binary
# built before the index (694cd77), and AFTER generate the same orders (seed 7) at the same
# moment, both at nice 19, RUNS times; each run prints both processes' wall, CPU and peak RSS,
# the 1-minute load average before and after, and both files' size on disk (allocated blocks).
#   benches/generate_cost.sh BEFORE AFTER [ORDERS=1000000] [RUNS=3]
# The files go to a temporary directory under target/ and are deleted after each run.
set -euo pipefail
cd "$(dirname "$0")/.."
before=${1:?usage: benches/generate_cost.sh BEFORE AFTER [ORDERS] [RUNS]}
after=${2:?usage: benches/generate_cost.sh BEFORE AFTER [ORDERS] [RUNS]}
orders=${3:-1000000}
runs=${4:-3}
mkdir -p target
dir=$(mktemp -d target/generate-cost.XXXXXX)
trap 'rm -rf "$dir"' EXIT
for run in $(seq 1 "$runs"); do
  rm -f "$dir"/*.redb
  load=$(cut -d' ' -f1 /proc/loadavg)
  /usr/bin/time -f "%e s wall, %U+%S s CPU, %M KB peak" -o "$dir/before.time" \
    nice -n 19 "$before" --db "$dir/before.redb" generate --orders "$orders" --seed 7 2>/dev/null &
  /usr/bin/time -f "%e s wall, %U+%S s CPU, %M KB peak" -o "$dir/after.time" \
    nice -n 19 "$after" --db "$dir/after.redb" generate --orders "$orders" --seed 7 2>/dev/null &
  wait
  size() { echo $(( $(du -B1 "$1" | cut -f1) / 1000000 )); }
  echo "run $run (load $load → $(cut -d' ' -f1 /proc/loadavg)): before $(cat "$dir/before.time"), $(size "$dir/before.redb") MB on disk | after $(cat "$dir/after.time"), $(size "$dir/after.redb") MB on disk"
done
