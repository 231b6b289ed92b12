#!/usr/bin/env python3
"""`bulk` offline: rows per second over a 10,000-row file, and peak RSS at 10,000 rows against
1,000 rows (the file is streamed, so memory must stay flat). One-shot runs of the release
binary, median of --runs (3). Each run works on a fresh copy of an order file of --orders
manual-capture orders awaiting capture, and captures each named order in full (an empty
amount), so every row is validated, journaled in its write transaction and moved.

    python3 benches/bulk_bench.py [--orders 10000] [--small 1000] [--runs 3] [--bin PATH]
"""

import argparse
import json
import os
import shutil
import statistics
import subprocess
import tempfile
import time

HOUR = 3_600_000


def order(i, now):
    created = now - 2 * HOUR - i
    return {
        "id": f"order_test_bulk{i:07d}", "object": "order", "amount": 1000 + i % 9000, "currency": "JPY",
        "status": "requires_capture", "captureMethod": "manual",
        "customerInfo": {"lastName": "山田", "firstName": "太郎", "emailAddress": f"b{i}@example.jp"},
        "reference": f"BULK-{i}", "createdAt": created, "expiresAt": created + 7 * 24 * HOUR,
        "lineItems": [], "payments": [],
    }


def run_measured(argv, env):
    """Runs argv to the end; returns (seconds, peak RSS in MiB, exit status)."""
    start = time.perf_counter()
    with open(os.devnull, "wb") as null:
        child = subprocess.Popen(argv, env=env, stdout=null, stderr=subprocess.PIPE)
        _, status, usage = os.wait4(child.pid, 0)
        elapsed = time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(status)
        err = child.stderr.read().decode(errors="replace")
    return elapsed, usage.ru_maxrss / 1024, child.returncode, err


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--orders", type=int, default=10_000)
    parser.add_argument("--small", type=int, default=1_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--bin", default="target/release/smartpay-console")
    args = parser.parse_args()
    work = tempfile.mkdtemp(prefix="bulk-bench-")
    try:
        env = {k: v for k, v in os.environ.items() if not k.startswith("SMARTPAY")}
        env.update({"HOME": work, "XDG_CONFIG_HOME": f"{work}/config", "XDG_DATA_HOME": f"{work}/data",
                    "XDG_STATE_HOME": f"{work}/state", "USER": "bench"})
        now = int(time.time() * 1000)
        source = f"{work}/orders.jsonl"
        with open(source, "w") as f:
            for i in range(args.orders):
                f.write(json.dumps(order(i, now), ensure_ascii=False) + "\n")
        seed = f"{work}/seed.redb"
        subprocess.run([args.bin, "--db", seed, "import", source], env=env, check=True, stdout=subprocess.DEVNULL)
        config = f"{work}/config.toml"
        with open(config, "w") as f:
            f.write(f"[bulk]\nconfirm_above_orders = {args.orders}\nconfirm_above_amount = 1000000000000\n")
        results = {}
        for rows in (args.small, args.orders):
            csv = f"{work}/rows-{rows}.csv"
            with open(csv, "w") as f:
                f.write("order,operation,amount\n")
                for i in range(rows):
                    f.write(f"order_test_bulk{i:07d},capture,\n")
            times, peaks = [], []
            for _ in range(args.runs):
                db = f"{work}/run.redb"
                shutil.copyfile(seed, db)
                argv = [args.bin, "--db", db, "--config", config, "bulk", csv, "--yes", "--json"]
                elapsed, peak, code, err = run_measured(argv, env)
                if code != 0:
                    raise SystemExit(f"bulk exited {code}: {err}")
                times.append(elapsed)
                peaks.append(peak)
                os.remove(db)
            results[rows] = (statistics.median(times), statistics.median(peaks))
            t, peak = results[rows]
            print(f"bulk {rows:>6} rows offline: {t:6.2f} s, {rows / t:8.0f} rows/s, peak RSS {peak:6.1f} MiB"
                  f"  (median of {args.runs})")
        ratio = results[args.orders][1] / results[args.small][1]
        verdict = "ok" if ratio <= 1.2 else "OVER the 1.2x bound"
        print(f"peak RSS {args.orders} rows / {args.small} rows: {ratio:.2f}x ({verdict})")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
