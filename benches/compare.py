#!/usr/bin/env python3
"""Side-by-side performance of smartpay-console against sqlite3 on the same orders.

Run through benches/compare.sh, which builds the release binary first. Every figure is a median
of whole-process runs, the two sides run alternately so machine noise hits both alike. Prints a
Markdown table (paste it into docs/PERFORMANCE.md).
"""

import argparse
import fcntl
import json
import http.client
import os
import pty
import select
import shutil
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
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


def run_measured(cmd):
    """Runs cmd to completion; returns (wall seconds, peak resident KiB from wait4)."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    if status != 0:
        sys.exit(f"command failed: {' '.join(map(str, cmd))}\n{proc.stderr.read().decode(errors='replace')}")
    return elapsed, usage.ru_maxrss


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
    """The order file, its CSV export and the SQLite database loaded from that CSV, made once and
    cached in target/bench-data. Returns paths and, when made now, (seconds, peak KiB) of
    generate and of the CSV export."""
    DATA.mkdir(parents=True, exist_ok=True)
    # Its own names: the criterion benches share orders-N.redb and may make it again under us.
    db = DATA / f"compare-{orders}.redb"
    csv = DATA / f"compare-{orders}.csv"
    sqlite_db = DATA / f"compare-{orders}.sqlite"
    # A file this build cannot read, or reads only as unverified (an older layout), is made again.
    probe = db.exists() and subprocess.run([BIN, "--db", db, "--read-only", "orders", "list", "--limit", "1"], capture_output=True)
    usable = bool(probe) and probe.returncode == 0 and b"unverified" not in probe.stderr and b"no search index" not in probe.stderr
    gen = export = None
    if regenerate or not usable:
        for f in (db, csv, sqlite_db):
            f.unlink(missing_ok=True)
        print(f"generating {orders:,} orders…", file=sys.stderr)
        gen = run_measured([BIN, "--db", db, "generate", "--orders", str(orders), "--seed", "7"])
    if not csv.exists():
        export = run_measured([BIN, "--db", db, "orders", "export", "--format", "csv", "--out", csv])
        sqlite_db.unlink(missing_ok=True)
    if not sqlite_db.exists():
        print("loading the CSV into sqlite3…", file=sys.stderr)
        script = f"""
.mode csv
.import {csv} orders
CREATE INDEX orders_id ON orders(id);
CREATE INDEX orders_created ON orders(created_at);
CREATE INDEX orders_status ON orders(status, created_at);
ALTER TABLE orders ADD COLUMN haystack TEXT;
UPDATE orders SET haystack = lower(id || ' ' || reference || ' ' || last_name || first_name || ' ' || last_name || ' ' || first_name || ' ' || last_name_kana || first_name_kana || ' ' || email);
VACUUM;
"""
        run(["sqlite3", sqlite_db], stdin=script.encode())
    return db, csv, sqlite_db, gen, export


def sandbox_rust(orders):
    """The Rust load generator (benches/sandbox_load.rs): requests per second, or None."""
    env = dict(os.environ, SMARTPAY_BENCH_ORDERS=str(orders))
    proc = subprocess.run(["cargo", "bench", "--quiet", "--bench", "sandbox_load"], cwd=ROOT, capture_output=True, text=True, env=env)
    for line in proc.stdout.splitlines():
        if "requests/s" in line:
            return float(line.split(":", 1)[1].split()[0])
    print(proc.stdout, proc.stderr, file=sys.stderr)
    return None


def tui_bytes(orders):
    """The table printed by benches/tui_bytes.rs (bytes and CPU per scroll step), or None."""
    env = dict(os.environ, SMARTPAY_BENCH_ORDERS=str(orders))
    proc = subprocess.run(["cargo", "bench", "--quiet", "--bench", "tui_bytes"], cwd=ROOT, capture_output=True, text=True, env=env)
    lines = [l for l in proc.stdout.splitlines() if l.startswith("|") or l.startswith("bytes")]
    return "\n".join(lines) if lines else None


def sandbox_throughput(db, seconds=5.0, clients=8):
    """GET /orders/{id} per second against the sandbox with `clients` keep-alive connections."""
    ids_out = run([BIN, "--db", db, "orders", "list", "--limit", "200", "--json"])[1]

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


def proc_cpu_seconds(pid):
    """User + system CPU seconds of a live process, from /proc/PID/stat."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def vm_hwm_kib(pid):
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return None


# A row of the Order List: its status cell (the header and status bar never carry these words).
ROW_MARKERS = (b"requires_capture", b"succeeded", b"canceled", b"rejected")


def tui_probe(db, steps=200, cols=120, lines=40):
    """Starts the real TUI on a pseudo-terminal of cols x lines and reads what it writes.

    Returns the seconds from spawn until the first order row has been written; CPU seconds and
    terminal bytes per step over `steps` presses of j (one row) and then of PgDn (one page, the
    last followed by End); peak resident memory in KiB after all of them. The
    output is drained continuously, so the console never waits on a full terminal."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", lines, cols, 0, 0))
    env = dict(os.environ, NO_COLOR="1", TERM="xterm-256color")
    start = time.perf_counter()
    proc = subprocess.Popen([BIN, "--db", db, "--read-only"], stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True)
    os.close(slave)
    seen = bytearray()
    first = None
    last_output = [time.perf_counter()]
    written = [0]

    def drain(until):
        nonlocal first
        while time.perf_counter() < until:
            ready, _, _ = select.select([master], [], [], 0.05)
            if not ready:
                if first is not None and time.perf_counter() - last_output[0] > 0.5:
                    return
                continue
            try:
                chunk = os.read(master, 65536)
            except OSError:
                return
            last_output[0] = time.perf_counter()
            written[0] += len(chunk)
            if b"\x1b[6n" in chunk:  # the cursor position query a terminal answers
                os.write(master, b"\x1b[1;1R")
            if first is None:
                seen.extend(chunk)
                if any(m in seen for m in ROW_MARKERS):
                    first = last_output[0] - start
                    seen.clear()

    try:
        drain(time.perf_counter() + 10)
        if first is None:
            return None
        cpu_before = proc_cpu_seconds(proc.pid)
        written[0] = 0
        for _ in range(steps):
            os.write(master, b"j")  # one row down
            drain(time.perf_counter() + 0.002)
        drain(time.perf_counter() + 10)
        cpu_per_row = (proc_cpu_seconds(proc.pid) - cpu_before) / steps
        bytes_per_row = written[0] / steps
        cpu_before = proc_cpu_seconds(proc.pid)
        written[0] = 0
        for _ in range(steps):
            os.write(master, b"\x1b[6~")  # PgDn
            drain(time.perf_counter() + 0.002)
        os.write(master, b"\x1b[F")  # End
        drain(time.perf_counter() + 10)
        cpu_per_step = (proc_cpu_seconds(proc.pid) - cpu_before) / (steps + 1)
        bytes_per_step = written[0] / (steps + 1)
        return {
            "first_frame": first,
            "cpu_per_row": cpu_per_row,
            "bytes_per_row": bytes_per_row,
            "cpu_per_page": cpu_per_step,
            "bytes_per_page": bytes_per_step,
            "hwm_kib": vm_hwm_kib(proc.pid),
        }
    finally:
        proc.kill()
        proc.wait()
        os.close(master)


def online_first_row(db, latency_ms=200, tries=5):
    """Online mode against a local sandbox that answers every request after `latency_ms`:
    seconds from spawning the TUI (empty mirror, fresh home) until the first order row is
    written. The median of `tries` starts, and the latency, for counting round trips."""
    sandbox = subprocess.Popen([BIN, "--db", db, "sandbox", "--listen", "127.0.0.1:0", "--latency-ms", str(latency_ms)], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        url = next(w for w in sandbox.stdout.readline().split() if w.startswith("http://"))
        times = []
        for _ in range(tries):
            with tempfile.TemporaryDirectory() as home:
                env = dict(os.environ, NO_COLOR="1", TERM="xterm-256color", HOME=home, SMARTPAY_SECRET_KEY=KEY)
                for var in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
                    env[var] = os.path.join(home, var)
                master, slave = pty.openpty()
                fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
                start = time.perf_counter()
                proc = subprocess.Popen([BIN, "--api-url", url, "--read-only"], stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True)
                os.close(slave)
                seen = bytearray()
                try:
                    while time.perf_counter() - start < 30:
                        ready, _, _ = select.select([master], [], [], 0.05)
                        if not ready:
                            continue
                        try:
                            chunk = os.read(master, 65536)
                        except OSError:
                            break
                        if b"\x1b[6n" in chunk:
                            os.write(master, b"\x1b[1;1R")
                        seen.extend(chunk)
                        if any(m in seen for m in ROW_MARKERS):
                            times.append(time.perf_counter() - start)
                            break
                finally:
                    proc.kill()
                    proc.wait()
                    os.close(master)
        return statistics.median(times) if times else None
    finally:
        sandbox.terminate()
        sandbox.wait(timeout=10)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--orders", type=int, default=1_000_000)
    parser.add_argument("--small", type=int, default=10_000, help="the smaller file the TUI memory is compared with")
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--search", default="山田 誠")
    parser.add_argument("--regenerate", action="store_true")
    parser.add_argument("--quick", action="store_true", help="only the side-by-side table")
    args = parser.parse_args()
    if not shutil.which("sqlite3"):
        sys.exit("sqlite3 is missing (compare.sh installs it)")

    db, csv, sqlite_db, gen, export = ensure_data(args.orders, args.regenerate)
    ours = lambda *a: run([BIN, "--db", db, *a])[0]
    sql = lambda q: run(["sqlite3", sqlite_db, q])[0]
    rows = []

    def row(name, a, b, goal):
        rows.append((name, a, b, goal))

    needle = args.search.lower()
    ours_matching = json.loads(run([BIN, "--db", db, "orders", "list", "--search", args.search, "--limit", "1", "--json"])[1])["matching"]
    sql_matching = int(run(["sqlite3", sqlite_db, f"SELECT count(*) FROM orders WHERE haystack LIKE '%{needle}%';"])[1])
    a, b = alternate(
        lambda: ours("orders", "list", "--limit", "50"),
        lambda: sql("SELECT id, created_at, last_name, first_name, amount, captured, refunded, status, capture_method, expires_at FROM orders ORDER BY created_at DESC LIMIT 50; SELECT count(*) FROM orders;"),
        args.runs,
    )
    row("orders list --limit 50 (newest first, with the total)", a, b, "≤ 50 ms and ≤ sqlite3")
    a, b = alternate(
        lambda: ours("orders", "list", "--search", args.search, "--limit", "50"),
        lambda: sql(f"SELECT id, created_at, last_name, first_name, amount, status FROM orders WHERE haystack LIKE '%{needle}%' ORDER BY created_at DESC LIMIT 50; SELECT count(*) FROM orders WHERE haystack LIKE '%{needle}%';"),
        args.runs,
    )
    row(f"orders list --search '{args.search}' (page of 50 and the count: {ours_matching:,} / {sql_matching:,})", a, b, "≤ sqlite3")
    a, b = alternate(
        lambda: ours("orders", "list", "--status", "requires_capture", "--limit", "50"),
        lambda: sql("SELECT id, created_at, last_name, first_name, amount, status FROM orders WHERE status = 'requires_capture' ORDER BY created_at DESC LIMIT 50; SELECT count(*) FROM orders WHERE status = 'requires_capture';"),
        args.runs,
    )
    row("orders list --status requires_capture --limit 50", a, b, "(no goal)")
    oid = json.loads(run([BIN, "--db", db, "orders", "list", "--limit", "1", "--offset", str(args.orders // 2), "--json"])[1])["data"][0]["id"]
    a, b = alternate(
        lambda: ours("orders", "show", oid),
        lambda: sql(f"SELECT * FROM orders WHERE id = '{oid}';"),
        args.runs,
    )
    row("orders show ID (indexed id on both sides)", a, b, "≤ 10 ms")

    print(f"\n{args.orders:,} orders, medians of {args.runs} whole-process runs, the two sides alternating; {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}\n")
    print("| measure | smartpay-console | sqlite3 | ratio | goal |")
    print("| --- | ---: | ---: | ---: | --- |")
    for name, a, b, goal in rows:
        print(f"| {name} | {a * 1000:.1f} ms | {b * 1000:.1f} ms | {a / b:.2f}× | {goal} |")
    print(flush=True)
    if args.quick:
        return

    if gen is not None:
        print(f"- generate --orders {args.orders:,}: {gen[0]:.1f} s, peak RSS {gen[1] / 1024:.0f} MiB (goal ≤ 60 s); file {db.stat().st_size / 2**20:.0f} MiB")
    if export is None:
        export = run_measured([BIN, "--db", db, "orders", "export", "--format", "csv", "--out", DATA / "export.csv"])
        (DATA / "export.csv").unlink(missing_ok=True)
    print(f"- orders export --format csv of {args.orders:,}: {export[0]:.1f} s, peak RSS {export[1] / 1024:.1f} MiB")
    jsonl = run_measured([BIN, "--db", db, "orders", "export", "--format", "jsonl", "--out", DATA / "export.jsonl"])
    (DATA / "export.jsonl").unlink(missing_ok=True)
    print(f"- orders export --format jsonl of {args.orders:,}: {jsonl[0]:.1f} s, peak RSS {jsonl[1] / 1024:.1f} MiB")
    small_db, *_ = ensure_data(args.small, False)
    small_export = run_measured([BIN, "--db", small_db, "orders", "export", "--format", "jsonl", "--out", DATA / "export.jsonl"])
    (DATA / "export.jsonl").unlink(missing_ok=True)
    print(f"- orders export --format jsonl of {args.small:,}: peak RSS {small_export[1] / 1024:.1f} MiB (flat: the same as for {args.orders:,})")
    print(f"- peak RSS, orders list --search over {args.orders:,}: {peak_rss_kib([BIN, '--db', db, 'orders', 'list', '--search', args.search]) / 1024:.1f} MiB", flush=True)

    probes = {}
    for name, path in ((args.orders, db), (args.small, small_db)):
        results = [tui_probe(path) for _ in range(5)]
        results = [r for r in results if r]
        if results:
            probes[name] = {k: statistics.median(r[k] for r in results) for k in results[0]}
    big, small = probes.get(args.orders), probes.get(args.small)
    if big and small:
        print(f"- TUI on a 120x40 pseudo-terminal, medians of 5 starts ({args.orders:,} / {args.small:,} orders):")
        print(f"  - first frame (spawn to the first order row written): {big['first_frame'] * 1000:.0f} ms / {small['first_frame'] * 1000:.0f} ms (goal ≤ 100 ms)")
        print(f"  - one row down (j), whole process CPU: {big['cpu_per_row'] * 1000:.2f} ms / {small['cpu_per_row'] * 1000:.2f} ms; {big['bytes_per_row']:.0f} bytes written")
        print(f"  - one page down (PgDn, new rows fetched as needed), whole process CPU: {big['cpu_per_page'] * 1000:.2f} ms / {small['cpu_per_page'] * 1000:.2f} ms; {big['bytes_per_page']:.0f} bytes written")
        print(f"  - peak RSS (VmHWM) after 200 j, 200 PgDn and End: {big['hwm_kib'] / 1024:.1f} MiB / {small['hwm_kib'] / 1024:.1f} MiB (goal ≤ 64 MB, flat)")
    else:
        print("- TUI probe: no order row appeared on the pseudo-terminal")
    print(flush=True)
    for latency in (0, 200):
        first = online_first_row(small_db, latency)
        if first is not None:
            print(f"- online TUI, empty mirror, sandbox over {args.small:,} orders answering after {latency} ms: first order row after {first * 1000:.0f} ms (median of 5)", flush=True)
    table = tui_bytes(args.orders)
    if table:
        print(table)
        print()
    rps = sandbox_rust(args.orders)
    py_rps = sandbox_throughput(db)
    if rps is not None:
        print(f"- sandbox GET /v1/orders/{{id}}, 8 keep-alive clients, 5 s: {rps:,.0f} requests/s with the Rust client (benches/sandbox_load.rs), {py_rps or 0:,.0f} with the Python client (goal ≥ 2,000)")
    elif py_rps is not None:
        print(f"- sandbox GET /v1/orders/{{id}}, 8 keep-alive clients (Python): {py_rps:,.0f} requests/s (goal ≥ 2,000)")


if __name__ == "__main__":
    main()
