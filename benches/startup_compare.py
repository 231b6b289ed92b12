#!/usr/bin/env python3
"""Start-up side by side: `orders list --limit 50` (whole process) against sqlite3 running the
indexed `order by created_at desc limit 50` on the same orders, alternating, medians of wall
time and of CPU time (user + system, from wait4: less disturbed by other processes than the
wall clock on a busy machine), with the load average. Optionally a second console binary
(--before) in the same alternation.

  python3 benches/startup_compare.py --after target/release/smartpay-console --db FILE.redb \
      --sqlite FILE.sqlite [--before OLD_BINARY] [--runs 41]

FILE.sqlite: the CSV export (`orders export --format csv`) imported as table `orders`, with
`CREATE INDEX orders_created_at ON orders(created_at)` (ISO dates of one offset sort as text).
"""
import argparse
import os
import statistics
import subprocess
import time

COLS = "id, created_at, last_name, first_name, amount, status"


def run(cmd):
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - started
    if status != 0:
        raise SystemExit(f"{cmd[0]} exited with {status}")
    return wall * 1000, (usage.ru_utime + usage.ru_stime) * 1000


def load():
    return open("/proc/loadavg").read().split()[0]


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--after", required=True)
    p.add_argument("--before")
    p.add_argument("--db", required=True)
    p.add_argument("--sqlite", required=True)
    p.add_argument("--runs", type=int, default=41)
    a = p.parse_args()
    sides = {"sqlite3": ["sqlite3", a.sqlite, f"SELECT {COLS} FROM orders ORDER BY created_at DESC LIMIT 50;"]}
    if a.before:
        sides["before"] = [a.before, "--db", a.db, "orders", "list", "--limit", "50"]
    sides["after"] = [a.after, "--db", a.db, "orders", "list", "--limit", "50"]
    for cmd in sides.values():
        run(cmd)  # warm the page cache
    samples = {name: ([], []) for name in sides}
    loads = [load()]
    for _ in range(a.runs):
        for name, cmd in sides.items():
            wall, cpu = run(cmd)
            samples[name][0].append(wall)
            samples[name][1].append(cpu)
    loads.append(load())
    sql_wall = statistics.median(samples["sqlite3"][0])
    sql_cpu = statistics.median(samples["sqlite3"][1])
    print(f"{a.runs} alternating runs each, load average {loads[0]} → {loads[1]}")
    print("| process | wall median | CPU median | wall ÷ sqlite3 | CPU ÷ sqlite3 |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for name, (wall, cpu) in samples.items():
        w, c = statistics.median(wall), statistics.median(cpu)
        print(f"| {name} | {w:.1f} ms | {c:.1f} ms | {w / sql_wall:.2f}× | {c / sql_cpu:.2f}× |")


if __name__ == "__main__":
    main()
