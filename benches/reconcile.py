#!/usr/bin/env python3
"""reconcile at scale: N orders (offline, a generated order file) against an N-row shop file.

Run through benches/compare.sh --reconcile (which builds the release binary first), or alone:
    python3 benches/reconcile.py [--orders N] [--keep]
Makes target/bench-data/reconcile-N.redb with `generate --orders N --seed 11`, exports it as CSV,
turns the export into a shop file (columns order, reference, amount, captured, refunded,
status, updated_at) with planted differences (every 1,000th row: 100 more refunded; every
2,000th: an amount 1 yen off; 0.1% of the orders left out; 0.1% rows no order answers), runs
`reconcile --shop FILE --json` once, and prints the wall time, peak RSS (wait4) and the
findings per kind. Deletes the shop file and the order file afterwards unless --keep.
"""

import argparse
import collections
import csv
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / "target" / "release" / "smartpay-console"
DATA = ROOT / "target" / "bench-data"


def timed(cmd, stdout):
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=stdout, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode(errors="replace")
    return elapsed, usage.ru_maxrss, code, err


def make_shop(export_csv, shop_csv):
    planted = collections.Counter()
    with open(export_csv, newline="", encoding="utf-8") as src, open(shop_csv, "w", newline="", encoding="utf-8") as dst:
        reader = csv.DictReader(src)
        writer = csv.writer(dst)
        writer.writerow(["order", "reference", "amount", "captured", "refunded", "status", "updated_at"])
        for i, row in enumerate(reader):
            if i % 1000 == 999:
                planted["missing-in-shop"] += 1
                continue
            amount, captured, refunded = int(row["amount"]), int(row["captured"]), int(row["refunded"])
            if i % 1000 == 5 and captured - refunded >= 100:
                refunded += 100
                planted["refunded-mismatch"] += 1
            if i % 2000 == 7:
                amount += 1
                planted["amount-mismatch"] += 1
            writer.writerow([row["id"], row["reference"], f"{amount:,}", captured, refunded, "", ""])
            if i % 1000 == 500:
                writer.writerow([f"order_test_ghost{i}", "", "1,000", 0, 0, "", ""])
                planted["missing-at-smartpay"] += 1
    return planted


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--orders", type=int, default=1_000_000)
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()
    DATA.mkdir(parents=True, exist_ok=True)
    db = DATA / f"reconcile-{args.orders}.redb"
    if not db.exists():
        t, rss, code, err = timed([BIN, "--db", db, "generate", "--orders", str(args.orders), "--seed", "11"], subprocess.DEVNULL)
        if code != 0:
            sys.exit(err)
        print(f"generate --orders {args.orders}: {t:.1f} s")
    with tempfile.TemporaryDirectory(dir=DATA) as tmp:
        export = Path(tmp) / "export.csv"
        shop = Path(tmp) / "shop.csv"
        with open(export, "wb") as out:
            subprocess.run([BIN, "--db", db, "orders", "export", "--format", "csv"], stdout=out, check=True)
        planted = make_shop(export, shop)
        export.unlink()
        findings = Path(tmp) / "findings.jsonl"
        with open(findings, "wb") as out:
            t, rss, code, err = timed([BIN, "--db", db, "reconcile", "--shop", shop, "--json"], out)
        if code not in (0, 6):
            sys.exit(f"reconcile failed ({code}): {err}")
        kinds = collections.Counter()
        with open(findings, encoding="utf-8") as f:
            for line in f:
                kinds[json.loads(line)["kind"]] += 1
        size = shop.stat().st_size
    print(f"reconcile --json, {args.orders:,} orders against a {args.orders:,}-row shop file ({size / 1e6:.0f} MB):")
    print(f"  wall {t:.1f} s, peak RSS {rss / 1024:.1f} MiB, exit {code}")
    print(f"  {err.strip()}")
    print("  planted:  " + ", ".join(f"{k} {v:,}" for k, v in sorted(planted.items())))
    print("  found:    " + ", ".join(f"{k} {v:,}" for k, v in sorted(kinds.items())))
    if not args.keep:
        db.unlink()


if __name__ == "__main__":
    main()
