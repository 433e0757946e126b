"""Benchmarks of the shell itself: start-up, streaming, pipeline throughput.

    python bench/shell_bench.py            # prints one line per measurement

Each measurement runs the real `pshell` program (python -m pshell) in a fresh process,
several times, and reports the median wall-clock time.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RUNS = int(os.environ.get("BENCH_RUNS", "5"))

CASES = [
    ("start-up: pshell -c 1", "1", None),
    ("first 3 of 1..100000000 (streaming stops the producer)", "1..100000000 | Select-Object -First 3", None),
    ("200,000 objects through ForEach-Object { $_ }", "1..200000 | ForEach-Object { $_ } | Measure-Object | Out-Null", 200_000),
    ("1,000,000 numbers summed by Measure-Object", "1..1000000 | Measure-Object -Sum | Out-Null", 1_000_000),
    ("100,000 lines from a native program (seq)", "seq 100000 | Measure-Object | Out-Null", 100_000),
    ("foreach loop, 300,000 iterations of arithmetic", "$t = 0; foreach ($i in 1..300000) { $t += $i }; $t", 300_000),
]


def run(script: str) -> float:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "pshell", "-NoProfile", "-c", script], env=env, check=True,
                   stdout=subprocess.DEVNULL, stdin=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    run("1")
    baseline = statistics.median(run("1") for _ in range(RUNS))
    print(f"{'measurement':60} {'median':>9} {'per item':>12}")
    for label, script, items in CASES:
        times = [run(script) for _ in range(RUNS)]
        median = statistics.median(times)
        per_item = ""
        if items:
            per_item = f"{(median - baseline) / items * 1e6:8.2f} us"
        print(f"{label:60} {median * 1000:7.0f} ms {per_item:>12}")


if __name__ == "__main__":
    main()
