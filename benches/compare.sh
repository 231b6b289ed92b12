#!/usr/bin/env bash
# Side-by-side benchmark against sqlite3 on the same 1,000,000 orders (issue: "A million orders,
# instantly"). Builds the release binary, generates the data once (cached in target/bench-data),
# installs sqlite3 if missing, runs both sides alternately and prints medians and ratios.
#   benches/compare.sh [--orders N] [--runs R] [--search TEXT] [--regenerate]
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v sqlite3 >/dev/null 2>&1; then
  apt-get update -qq && apt-get install -y -qq sqlite3 >/dev/null
fi
cargo build --release --quiet
exec python3 benches/compare.py "$@"
