#!/usr/bin/env bash
# Side-by-side benchmark against sqlite3 on the same 1,000,000 orders (issue: "A million orders,
# instantly"). Builds the release binary and the two script-style benches, generates the data
# once (cached in target/bench-data; made again when this build cannot read it), installs
# sqlite3 if missing, runs both sides alternately and prints medians and ratios, then the TUI,
# memory, generate, export and sandbox figures. See docs/PERFORMANCE.md.
#   benches/compare.sh [--orders N] [--small N] [--runs R] [--search TEXT] [--regenerate] [--quick]
# `bulk` offline (rows per second at 10,000 rows, peak RSS at 10,000 vs 1,000 rows) runs after
# them; alone with:
#   benches/compare.sh --bulk [--orders 10000] [--small 1000] [--runs 3]
#   benches/compare.sh --reconcile [--orders N] [--keep]   (reconcile at scale: benches/reconcile.py)
#   benches/compare.sh --search-index [--before BIN] [--orders N] [--runs R] [--keep] [--reuse]
#     search at a million orders beside SQLite's FTS5 trigram table, the per-keystroke filter,
#     and the index's cost against BIN, a release binary built before the index
#     (benches/search_compare.py)
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${1:-}" = "--bulk" ]; then
  shift
  cargo build --release --quiet
  exec python3 benches/bulk_bench.py "$@"
fi
if ! command -v sqlite3 >/dev/null 2>&1; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq && $sudo apt-get install -y -qq sqlite3 >/dev/null
fi
cargo build --release --quiet
if [ "${1:-}" = "--search-index" ]; then
  shift
  cargo bench --quiet --no-run --bench search_keystroke
  exec python3 benches/search_compare.py "$@"
fi
if [ "${1:-}" = "--reconcile" ]; then
  shift
  exec python3 benches/reconcile.py "$@"
fi
# The counting-writer TUI bench and the Rust load generator for the sandbox (run by compare.py).
cargo bench --quiet --no-run --bench tui_bytes --bench sandbox_load
python3 benches/compare.py "$@"
exec python3 benches/bulk_bench.py
