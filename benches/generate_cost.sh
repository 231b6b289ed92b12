#!/usr/bin/env bash
# The search index's cost at generate time, side by side (issue 14): BEFORE, a release binary
# built before the index (694cd77), and AFTER generate the same orders (seed 7), RUNS times;
# each run prints both processes' wall, CPU and peak RSS, the 1-minute load average before and
# after, and both files' size on disk (allocated blocks).
#   benches/generate_cost.sh BEFORE AFTER [ORDERS=1000000] [RUNS=3] [together|alternate]
# together (the default): both start at the same moment, both at nice 19, so both see the same
# load, each with about one core. alternate: one after the other (BEFORE first in odd runs, AFTER first in even ones), each alone
# with the whole machine: what a person running `generate` waits for, on a quiet machine.
# The files go to a temporary directory under target/ and are deleted after each run.
set -euo pipefail
cd "$(dirname "$0")/.."
before=${1:?usage: benches/generate_cost.sh BEFORE AFTER [ORDERS] [RUNS]}
after=${2:?usage: benches/generate_cost.sh BEFORE AFTER [ORDERS] [RUNS]}
orders=${3:-1000000}
runs=${4:-3}
mode=${5:-together}
case "$mode" in together | alternate) ;; *) echo "mode: together or alternate" >&2; exit 2 ;; esac
mkdir -p target
dir=$(mktemp -d target/generate-cost.XXXXXX)
trap 'rm -rf "$dir"' EXIT
for run in $(seq 1 "$runs"); do
  rm -f "$dir"/*.redb
  load=$(cut -d' ' -f1 /proc/loadavg)
  one() {
    /usr/bin/time -f "%e s wall, %U+%S s CPU, %M KB peak" -o "$dir/$1.time" \
      nice -n "$3" "$2" --db "$dir/$1.redb" generate --orders "$orders" --seed 7 2>/dev/null
  }
  if [ "$mode" = together ]; then
    one before "$before" 19 &
    one after "$after" 19 &
    wait
  elif [ $((run % 2)) = 1 ]; then
    one before "$before" 0
    one after "$after" 0
  else
    one after "$after" 0
    one before "$before" 0
  fi
  size() { echo $(( $(du -B1 "$1" | cut -f1) / 1000000 )); }
  echo "run $run (load $load → $(cut -d' ' -f1 /proc/loadavg)): before $(cat "$dir/before.time"), $(size "$dir/before.redb") MB on disk | after $(cat "$dir/after.time"), $(size "$dir/after.redb") MB on disk"
done
