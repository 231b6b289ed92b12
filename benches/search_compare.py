#!/usr/bin/env python3
"""Search at a million orders, side by side: smartpay-console's n-gram index against SQLite's
FTS5 trigram table over the same fields, and the index's cost (file size, generate time)
against the build before it. Run through `benches/compare.sh --search-index BEFORE_BIN`.

Every timing is a whole process (start-up included), the two sides alternating, median of
--runs. Prints Markdown tables for docs/PERFORMANCE.md.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
AFTER = ROOT / "target" / "release" / "smartpay-console"
DATA = ROOT / "target" / "bench-data"


def timed(cmd, stdin=None):
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, input=stdin)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        sys.exit(f"failed ({proc.returncode}): {' '.join(map(str, cmd))}\n{proc.stderr.decode(errors='replace')}")
    return elapsed, proc.stdout


def measured(cmd):
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    if status != 0:
        sys.exit(f"failed: {' '.join(map(str, cmd))}\n{proc.stderr.read().decode(errors='replace')}")
    return time.perf_counter() - start, usage.ru_maxrss


def together(cmd_a, cmd_b):
    """Runs two commands at once; each one's (wall seconds, peak RSS KiB)."""
    start = time.perf_counter()
    procs = {subprocess.Popen(c, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE).pid: i for i, c in enumerate((cmd_a, cmd_b))}
    out = [None, None]
    while procs:
        pid, status, usage = os.wait4(-1, 0)
        if pid not in procs:
            continue
        if status != 0:
            sys.exit(f"failed: {' '.join(map(str, (cmd_a, cmd_b)[procs[pid]]))}")
        out[procs.pop(pid)] = (time.perf_counter() - start, usage.ru_maxrss)
    return out[0], out[1]


def load():
    """The 1-minute load average now, for each figure (the machine is shared)."""
    return f"{os.getloadavg()[0]:.1f}"


def sizes(path):
    st = os.stat(path)
    return st.st_size, st.st_blocks * 512


def alternate(a, b, runs):
    ta, tb = [], []
    a(), b()
    for _ in range(runs):
        ta.append(a())
        tb.append(b())
    return statistics.median(ta), statistics.median(tb)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--before", help="release binary of the build before the index (for the cost table)")
    p.add_argument("--after", default=str(AFTER), help="release binary with the index (default: this build)")
    p.add_argument("--orders", type=int, default=1_000_000)
    p.add_argument("--runs", type=int, default=11)
    p.add_argument("--keep", action="store_true", help="keep the generated files")
    p.add_argument("--reuse", action="store_true", help="use the files a --keep run left")
    a = p.parse_args()
    after_bin = Path(a.after)
    DATA.mkdir(parents=True, exist_ok=True)
    n = a.orders
    before_db, after_db = DATA / f"search-before-{n}.redb", DATA / f"search-after-{n}.redb"
    csv, sqlite_db = DATA / f"search-{n}.csv", DATA / f"search-{n}.sqlite"
    reuse = a.reuse and after_db.exists() and sqlite_db.exists()
    for f in (before_db, after_db, csv, sqlite_db) if not reuse else ():
        f.unlink(missing_ok=True)

    print(f"generate {n:,}…", file=sys.stderr, flush=True)
    gen_before, size_before = (float("nan"), 0), (float("nan"), float("nan"))
    if reuse:
        gen_after = (float("nan"), 0)
    elif a.before:
        # Both builds generate the same orders at the same time, so both see the same load.
        gen_after, gen_before = together(
            [after_bin, "--db", after_db, "generate", "--orders", str(n), "--seed", "7"],
            [a.before, "--db", before_db, "generate", "--orders", str(n), "--seed", "7"],
        )
        size_before = sizes(before_db)
        print(f"generate before the index: {gen_before[0]:.1f} s, {size_before[0]/1e6:,.0f} MB apparent, {size_before[1]/1e6:,.0f} MB on disk", file=sys.stderr, flush=True)
        before_db.unlink()
    else:
        gen_after = measured([after_bin, "--db", after_db, "generate", "--orders", str(n), "--seed", "7"])
    size_after = sizes(after_db)
    gen_load = load()
    print(f"generate: {gen_after[0]:.1f} s, {size_after[0]/1e6:,.0f} MB apparent, {size_after[1]/1e6:,.0f} MB on disk (load {gen_load})", file=sys.stderr, flush=True)

    print("export + sqlite3 load with an FTS5 trigram table…", file=sys.stderr, flush=True)
    if not reuse:
        timed([after_bin, "--db", after_db, "orders", "export", "--format", "csv", "--out", csv])
    script = f"""
.mode csv
.import {csv} orders
CREATE INDEX orders_created ON orders(created_at);
CREATE VIRTUAL TABLE fts USING fts5(id, reference, name, kana, email, tokenize='trigram');
INSERT INTO fts(rowid, id, reference, name, kana, email)
  SELECT rowid, id, reference, last_name || first_name, last_name_kana || first_name_kana, email FROM orders;
VACUUM;
"""
    load_s = float("nan")
    if not reuse:
        load_s, _ = timed(["sqlite3", sqlite_db], stdin=script.encode())
        csv.unlink()

    first = json.loads(timed([after_bin, "--db", after_db, "orders", "list", "--limit", "1", "--json"])[1])["data"][0]
    id_fragment = first["id"][11:19]
    cols = "o.id, o.created_at, o.last_name, o.first_name, o.amount, o.status"

    def fts(match):
        return (f"SELECT {cols} FROM orders o WHERE o.rowid IN (SELECT rowid FROM fts WHERE fts MATCH '{match}') "
                f"ORDER BY o.created_at DESC LIMIT 50; SELECT count(*) FROM fts WHERE fts MATCH '{match}';")

    # FTS5's trigram table finds nothing for a pattern under 3 characters (LIKE '%高橋%' on it
    # counts 0), so those run as LIKE over the orders table: what SQLite can do for them.
    def like(where):
        where = where.replace("name LIKE", "(o.last_name || o.first_name) LIKE")
        return (f"SELECT {cols} FROM orders o WHERE {where} "
                f"ORDER BY o.created_at DESC LIMIT 50; SELECT count(*) FROM orders o WHERE {where};")

    cases = [
        ("kanji surname (2 chars)", "高橋", like("name LIKE '%高橋%'"), "≤ 50 ms"),
        ("full kanji name (two terms)", "山田 誠", like("name LIKE '%山田%' AND name LIKE '%誠%'"), "≤ max(FTS5, 5 ms), ≤ 20 ms"),
        ("kana name", "タカハシ", fts('"タカハシ"'), "≤ max(FTS5, 5 ms), ≤ 20 ms"),
        ("email fragment", "hanako.sato", fts('"hanako.sato"'), "≤ max(FTS5, 5 ms), ≤ 20 ms"),
        ("order-id fragment", id_fragment, fts(f'"{id_fragment}"'), "≤ max(FTS5, 5 ms), ≤ 20 ms"),
        ("reference", "SO-00123456", fts('"SO-00123456"'), "≤ max(FTS5, 5 ms), ≤ 20 ms"),
    ]
    ours = lambda *args: timed([after_bin, "--db", after_db, "--read-only", *args])[0]
    sql = lambda q: timed(["sqlite3", sqlite_db, q])[0]
    print(f"\n{n:,} orders, medians of {a.runs} whole-process runs, alternating.\n")
    print("| search | matches (console / sqlite3) | smartpay-console | sqlite3 FTS5 trigram | ratio | goal | load average |")
    print("| --- | ---: | ---: | ---: | ---: | --- | ---: |")
    for name, text, query, goal in cases:
        ours_n = json.loads(timed([after_bin, "--db", after_db, "orders", "list", "--search", text, "--limit", "1", "--json"])[1])["matching"]
        sql_n = int(timed(["sqlite3", sqlite_db, query])[1].split()[-1])
        t_ours, t_sql = alternate(lambda: ours("orders", "list", "--search", text, "--limit", "50"), lambda: sql(query), a.runs)
        print(f"| {name}: `{text}` | {ours_n:,} / {sql_n:,} | {t_ours*1000:.1f} ms | {t_sql*1000:.1f} ms | {t_ours/t_sql:.2f}× | {goal} | {load()} |", flush=True)
    t_ours, t_sql = alternate(
        lambda: ours("orders", "list", "--limit", "50"),
        lambda: sql(f"SELECT {cols} FROM orders o ORDER BY o.created_at DESC LIMIT 50;"),
        a.runs,
    )
    print(f"| `orders list --limit 50` vs indexed `order by created_at desc limit 50` | | {t_ours*1000:.1f} ms | {t_sql*1000:.1f} ms | {t_ours/t_sql:.2f}× | ≤ 1.0× | {load()} |")

    print("\nPer keystroke of a typed 6-character query, the filter's call (page of 50 and the exact count):\n", flush=True)
    for word in ("takaha", "タカハシハナ"):
        samples, per_prefix = [], []
        for k in range(1, len(word) + 1):
            runs = [ours("orders", "list", "--search", word[:k], "--limit", "50") * 1000 for _ in range(max(3, a.runs // 2))]
            samples += runs
            per_prefix.append(statistics.median(runs))
        samples.sort()
        print(f"- `{word}`, whole process (load {load()}): median {statistics.median(samples):.1f} ms, p95 {samples[max(0, int(len(samples) * 0.95) - 1)]:.1f} ms; "
              f"per prefix {', '.join(f'{t:.0f}' for t in per_prefix)} ms", flush=True)
    bench = [b for b in (ROOT / "target" / "release" / "deps").glob("search_keystroke-*") if os.access(b, os.X_OK) and b.suffix == ""]
    if bench:
        out = subprocess.run([max(bench, key=os.path.getmtime)], env={**os.environ, "SMARTPAY_SEARCH_DB": str(after_db)}, capture_output=True)
        print(f"In-process (benches/search_keystroke.rs, the TUI effect's `list_from_nearer_end`; load {load()}):")
        print(out.stdout.decode(), out.stderr.decode(), flush=True)
    rss = max(measured([after_bin, "--db", after_db, "--read-only", "orders", "list", "--search", w, "--limit", "50"])[1] for w in ("高橋", "ta", "タカハシ"))
    print(f"- peak RSS of a whole `orders list --search` process over {n:,} orders: {rss/1024:.1f} MiB")

    print("\n| cost of the index | before | after | ratio | goal |")
    print("| --- | ---: | ---: | ---: | --- |")
    print(f"| file size (apparent) | {size_before[0]/1e6:,.0f} MB | {size_after[0]/1e6:,.0f} MB | {size_after[0]/size_before[0]:.2f}× | ≤ 1.40× |")
    print(f"| file size (on disk) | {size_before[1]/1e6:,.0f} MB | {size_after[1]/1e6:,.0f} MB | {size_after[1]/size_before[1]:.2f}× | ≤ 1.40× |")
    print(f"| `generate --orders {n}` (load at the end: {gen_load}) | {gen_before[0]:.1f} s ({gen_before[1]/1024:.0f} MiB peak) | {gen_after[0]:.1f} s ({gen_after[1]/1024:.0f} MiB peak) | {gen_after[0]/gen_before[0]:.2f}× | ≤ 1.30× |")
    print(f"| sqlite3: CSV load + created_at index + FTS5 trigram table | | {load_s:.1f} s, {os.stat(sqlite_db).st_size/1e6:,.0f} MB | | |")
    if not a.keep:
        after_db.unlink()
        sqlite_db.unlink()


if __name__ == "__main__":
    main()
