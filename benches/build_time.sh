#!/usr/bin/env bash
# Build time of two commits side by side: in each round both are cloned fresh (no target/) and
# built at the same moment, so both see the same load; CPU time (user + sys) is the figure to
# read on a shared machine. Usage: benches/build_time.sh [--ci] BEFORE AFTER [ROUNDS] [OUT_DIR]
# e.g. benches/build_time.sh 9b61bf4 af03be4 3 /tmp/build-time
# With --ci each clone runs `CI=true bash .ci/run` (fmt, clippy, the whole suite) instead of the
# release build, at normal priority; its exit status is kept in OUT_DIR/TAG-ROUND.status. The
# clone's `cargo test` gets --no-fail-fast, so a test that fails at an old commit (a flaky one,
# a file one line over the limit) does not cut that run short and every round does the same work.
set -u
mode=build
if [ "${1:-}" = "--ci" ]; then mode=ci; shift; fi
before=${1:?before commit} after=${2:?after commit} rounds=${3:-3} out=${4:-/tmp/build-time}
repo=$(git -C "$(dirname "$0")/.." rev-parse --show-toplevel)
mkdir -p "$out"
build() { # tag commit round
  local dir="$out/$1-$3"
  rm -rf "$dir" && git clone -q "$repo" "$dir" && git -C "$dir" checkout -q "$2" || return 1
  if [ "$mode" = ci ]; then
    sed -i 's/^cargo test --locked$/cargo test --locked --no-fail-fast/' "$dir/scripts/test.sh"
    grep -q -- '--no-fail-fast' "$dir/scripts/test.sh" || { echo "no 'cargo test --locked' line in $2's scripts/test.sh" >&2; return 1; }
    (cd "$dir" && CI=true /usr/bin/time -v -o "$out/$1-$3.time" bash .ci/run >"$out/$1-$3.log" 2>&1)
  else
    (cd "$dir" && /usr/bin/time -v -o "$out/$1-$3.time" nice -n 19 cargo build --release --locked --offline >"$out/$1-$3.log" 2>&1)
  fi
  echo $? >"$out/$1-$3.status"
  rm -rf "$dir"
}
for round in $(seq 1 "$rounds"); do
  build before "$before" "$round" & build after "$after" "$round" & wait
done
for f in "$out"/*.time; do
  user=$(awk -F': ' '/User time/ {print $2}' "$f"); sys=$(awk -F': ' '/System time/ {print $2}' "$f")
  wall=$(awk -F': ' '/Elapsed/ {print $2}' "$f")
  status=$(cat "${f%.time}.status" 2>/dev/null)
  echo "$(basename "$f" .time): user+sys $(echo "$user + $sys" | bc) s, wall $wall, exit ${status:-?}"
done
