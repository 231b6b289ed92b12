#!/usr/bin/env python3
"""Side-by-side performance of smartpay-console against sqlite3 on the same orders.

Run through benches/compare.sh, which builds the release binary first. Every figure is a median
of whole-process runs, the two sides run alternately so machine noise hits both alike. Prints a
Markdown table (paste it into docs/PERFORMANCE.md).
"""

import argparse
import http.client
import os
import shutil
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / "target" / "release" / "smartpay-console"
DATA = ROOT / "target" / "bench-data"
KEY = "sk_test_benchCompareKey0123"


def run(cmd, env=None, stdin=None):
    """Runs cmd; returns (seconds, stdout bytes). Exits the script if cmd fails."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.PIPE if stdin else None, env=env)
    out, err = proc.communicate(stdin)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        sys.exit(f"command failed ({proc.returncode}): {' '.join(map(str, cmd))}\n{err.decode(errors='replace')}")
    return elapsed, out


def peak_rss_kib(cmd, env=None):
    """Peak resident memory of one whole process, from wait4's rusage."""
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    _, status, usage = os.wait4(proc.pid, 0)
    if status != 0:
        sys.exit(f"command failed: {' '.join(map(str, cmd))}")
    return usage.ru_maxrss


def alternate(a, b, runs):
    """Runs a() and b() alternately `runs` times each; returns their median seconds."""
    ta, tb = [], []
    a(), b()  # warm the page cache for both
    for _ in range(runs):
        ta.append(a())
        tb.append(b())
    return statistics.median(ta), statistics.median(tb)


def ensure_data(orders, regenerate):
    DATA.mkdir(parents=True, exist_ok=True)
    db = DATA / f"orders-{orders}.redb"
    gen_seconds = None
    if regenerate or not db.exists():
        if db.exists():
            db.unlink()
        gen_seconds, _ = run([BIN, "--db", db, "generate", "--orders", str(orders), "--seed", "7"])
    csv = DATA / f"orders-{orders}.csv"
    sqlite_db = DATA / f"orders-{orders}.sqlite"
    export_seconds = None
    if regenerate or not csv.exists():
        export_seconds, _ = run([BIN, "--db", db, "orders", "export", "--format", "csv", "--out", csv])
    if regenerate or not sqlite_db.exists():
        if sqlite_db.exists():
            sqlite_db.unlink()
        script = f"""
.mode csv
.import {csv} orders
CREATE INDEX orders_created ON orders(CAST(created_at AS INTEGER));
CREATE INDEX orders_status ON orders(status, CAST(created_at AS INTEGER));
ALTER TABLE orders ADD COLUMN haystack TEXT;
UPDATE orders SET haystack = lower(id || ' ' || reference || ' ' || last_name || first_name || ' ' || last_name || ' ' || first_name || ' ' || last_name_kana || first_name_kana || ' ' || email);
VACUUM;
"""
        run(["sqlite3", sqlite_db], stdin=script.encode())
    return db, csv, sqlite_db, gen_seconds, export_seconds


def sandbox_throughput(db, seconds=5.0, clients=8):
    """GET /orders/{id} per second against the sandbox with `clients` keep-alive connections."""
    ids_out = run([BIN, "--db", db, "orders", "list", "--limit", "200", "--json"])[1]
    import json

    ids = [o["id"] for o in json.loads(ids_out)["data"]]
    proc = subprocess.Popen([BIN, "--db", db, "sandbox", "--listen", "127.0.0.1:0"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    addr = None
    deadline = time.time() + 30
    while time.time() < deadline and addr is None:
        line = proc.stdout.readline()
        for word in line.split():
            if word.startswith("127.0.0.1:") or word.startswith("http://127.0.0.1:"):
                addr = word.replace("http://", "").rstrip("/").split("/")[0]
    if addr is None:
        proc.kill()
        return None
    host, port = addr.split(":")
    counts = [0] * clients
    stop = time.time() + seconds

    def worker(n):
        conn = http.client.HTTPConnection(host, int(port), timeout=10)
        i = n
        while time.time() < stop:
            conn.request("GET", f"/v1/orders/{ids[i % len(ids)]}", headers={"Authorization": f"Basic {KEY}"})
            resp = conn.getresponse()
            resp.read()
            if resp.status == 200:
                counts[n] += 1
            i += clients

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(clients)]
    start = time.time()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.time() - start
    proc.terminate()
    proc.wait(timeout=10)
    return sum(counts) / elapsed


def tmux(sock, *args):
    return subprocess.run(["tmux", "-L", sock, "-f", "/dev/null", *args], capture_output=True, text=True)


def tui_probe(db, steps=200):
    """Starts the TUI in tmux at 120x40: seconds until the first order row is on screen, then
    scrolls `steps` pages and reads the process's peak resident memory (VmHWM)."""
    if not shutil.which("tmux"):
        return None
    sock = f"compare-{os.getpid()}"
    start = time.perf_counter()
    tmux(sock, "new-session", "-d", "-x", "120", "-y", "40", "env", "NO_COLOR=1", str(BIN), "--db", str(db), "--read-only")
    first = None
    while time.perf_counter() - start < 10:
        if "order_test_" in tmux(sock, "capture-pane", "-p").stdout:
            first = time.perf_counter() - start
            break
        time.sleep(0.002)
    pid = tmux(sock, "list-panes", "-F", "#{pane_pid}").stdout.strip()
    for _ in range(steps):
        tmux(sock, "send-keys", "PgDn")
    tmux(sock, "send-keys", "G")
    time.sleep(1.0)
    hwm = None
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                hwm = int(line.split()[1])
    except OSError:
        pass
    tmux(sock, "kill-server")
    return first, hwm


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--orders", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--search", default="山田 誠")
    parser.add_argument("--regenerate", action="store_true")
    args = parser.parse_args()
    if not shutil.which("sqlite3"):
        sys.exit("sqlite3 is missing (compare.sh installs it)")

    db, csv, sqlite_db, gen_seconds, export_seconds = ensure_data(args.orders, args.regenerate)
    ours = lambda *a: run([BIN, "--db", db, *a])[0]
    sql = lambda q: run(["sqlite3", sqlite_db, q])[0]
    rows = []

    def row(name, a, b, goal):
        rows.append((name, a, b, goal))

    needle = args.search.lower()
    a, b = alternate(
        lambda: ours("orders", "list", "--limit", "50"),
        lambda: sql("SELECT id, created_at, last_name, first_name, amount, captured, refunded, status, capture_method, expires_at FROM orders ORDER BY CAST(created_at AS INTEGER) DESC LIMIT 50; SELECT count(*) FROM orders;"),
        args.runs,
    )
    row("orders list --limit 50 (newest first)", a, b, "≤ 50 ms and ≤ sqlite3")
    a, b = alternate(
        lambda: ours("orders", "list", "--search", args.search, "--limit", "50"),
        lambda: sql(f"SELECT id, created_at, last_name, first_name, amount, status FROM orders WHERE haystack LIKE '%{needle}%' ORDER BY CAST(created_at AS INTEGER) DESC LIMIT 50; SELECT count(*) FROM orders WHERE haystack LIKE '%{needle}%';"),
        args.runs,
    )
    row(f"orders list --search '{args.search}'", a, b, "≤ sqlite3")
    some_id = run([BIN, "--db", db, "orders", "list", "--limit", "1", "--offset", str(args.orders // 2), "--json"])[1]
    import json

    oid = json.loads(some_id)["data"][0]["id"]
    a, b = alternate(
        lambda: ours("orders", "show", oid),
        lambda: sql(f"SELECT * FROM orders WHERE id = '{oid}';"),
        args.runs,
    )
    row("orders show ID", a, b, "≤ 10 ms")

    export_rss = peak_rss_kib([BIN, "--db", db, "orders", "export", "--format", "jsonl", "--out", str(DATA / "export.jsonl")])
    list_rss = peak_rss_kib([BIN, "--db", db, "orders", "list", "--search", args.search])
    rps = sandbox_throughput(db)
    small_db, *_ = ensure_data(10_000, False)
    tui_big = tui_probe(db)
    tui_small = tui_probe(small_db)

    print(f"\n{args.orders:,} orders, medians of {args.runs} whole-process runs, alternating; {os.cpu_count()} cores\n")
    print("| measure | smartpay-console | sqlite3 | ratio | goal |")
    print("| --- | ---: | ---: | ---: | --- |")
    for name, a, b, goal in rows:
        print(f"| {name} | {a * 1000:.1f} ms | {b * 1000:.1f} ms | {a / b:.2f}× | {goal} |")
    print()
    if gen_seconds is not None:
        print(f"- generate --orders {args.orders}: {gen_seconds:.1f} s (goal ≤ 60 s)")
    if export_seconds is not None:
        print(f"- orders export --format csv: {export_seconds:.1f} s")
    print(f"- peak RSS, orders export --format jsonl of all orders: {export_rss / 1024:.1f} MiB")
    print(f"- peak RSS, orders list --search over all orders: {list_rss / 1024:.1f} MiB")
    if tui_big and tui_small and tui_big[0] is not None:
        print(f"- TUI first frame (spawn to first row on screen, via tmux polling): {tui_big[0] * 1000:.0f} ms with {args.orders:,} orders, {tui_small[0] * 1000:.0f} ms with 10,000 (goal ≤ 100 ms)")
        if tui_big[1] and tui_small[1]:
            print(f"- TUI peak RSS after 200 pages and End: {tui_big[1] / 1024:.1f} MiB with {args.orders:,} orders, {tui_small[1] / 1024:.1f} MiB with 10,000 (goal ≤ 64 MB, flat)")
    if rps is not None:
        print(f"- sandbox GET /orders/{{id}}, 8 keep-alive clients: {rps:,.0f} requests/s (goal ≥ 2,000)")
    else:
        print("- sandbox: could not read its listening address")


if __name__ == "__main__":
    main()
