#!/usr/bin/env python3
"""Two console builds side by side on one order file: the same `orders list` searches, the two
builds alternating, medians of whole-process wall time, and whether both print the same output.

  python3 benches/search_two_builds.py FILE.redb BUILD_A BUILD_B [RUNS]

Prints one Markdown row per search: A's median, B's median, B ÷ A, same output or not, and the
1-minute load average. The file is opened --read-only by both.
"""
import json
import statistics
import subprocess
import sys
import time


def load():
    return open("/proc/loadavg").read().split()[0]


def main():
    if len(sys.argv) < 4:
        raise SystemExit(__doc__)
    db, builds = sys.argv[1], sys.argv[2:4]
    runs = int(sys.argv[4]) if len(sys.argv) > 4 else 7

    def command(build, args):
        return [build, "--db", db, "--read-only", "orders", "list", *args]

    newest = subprocess.run(command(builds[0], ["--limit", "1", "--json"]), capture_output=True, text=True, check=True)
    id_fragment = json.loads(newest.stdout)["data"][0]["id"][11:19]
    searches = [[], ["--search", "高橋"], ["--search", "山田 誠"], ["--search", "タカハシ"],
                ["--search", "hanako.sato"], ["--search", id_fragment], ["--search", "SO-00123456"]]
    for search in searches:
        args = [*search, "--limit", "50"]
        outputs = [subprocess.run(command(b, args), capture_output=True).stdout for b in builds]
        times = {b: [] for b in builds}
        for _ in range(runs):
            for b in builds:
                started = time.perf_counter()
                subprocess.run(command(b, args), stdout=subprocess.DEVNULL)
                times[b].append((time.perf_counter() - started) * 1000)
        a, b = (statistics.median(times[x]) for x in builds)
        same = "same output" if outputs[0] == outputs[1] else "OUTPUT DIFFERS"
        print(f"| `{' '.join(args)}` | {a:.1f} ms | {b:.1f} ms | {b / a:.2f}× | {same} | {load()} |", flush=True)


if __name__ == "__main__":
    main()
