#!/usr/bin/env bash
# The one command that sets up and runs every check: what the README calls "run the tests"
# and what CI runs. Installs tmux (for the end-to-end terminal tests) when it is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
# apt-get needs root: as root directly, else through sudo when it asks for no password.
as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null 2>&1; then sudo -n "$@"; else return 1; fi
}
if ! command -v tmux >/dev/null 2>&1; then
  echo "== installing tmux (terminal end-to-end tests)"
  (as_root apt-get update -qq && as_root apt-get install -y -qq tmux >/dev/null) || echo "warning: could not install tmux; the terminal end-to-end tests (tests/e2e_tmux.rs) will fail and say so"
fi
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "== installing node and npm (the official Smartpay Node SDK test)"
  (as_root apt-get update -qq && as_root apt-get install -y -qq nodejs npm >/dev/null) || echo "warning: could not install node; the Node SDK test will fail and say so"
fi
if command -v npm >/dev/null 2>&1; then
  echo "== npm ci (tests/sdk-node: @smartpay/sdk-node from its package-lock.json)"
  (cd tests/sdk-node && npm ci --no-audit --no-fund)
fi
# On CI (a clean clone, built once) incremental compilation only costs: about 1.5 GB of disk.
if [ "${CI:-}" = "true" ]; then export CARGO_INCREMENTAL=0; fi
# A full debug build of the tests takes about 2.5 GB of target/ (4 GB incremental): say what
# is free, so a run that runs out of disk is plain from its first lines.
echo "== disk free where the build goes: $(df -h . | awk 'NR == 2 {print $4}')"
echo "== cargo fmt --check"
cargo fmt --check
echo "== cargo clippy --all-targets -- -D warnings"
cargo clippy --all-targets --locked -- -D warnings
echo "== cargo test (benchmarks are compiled by clippy above; run them with cargo bench)"
cargo test --locked
