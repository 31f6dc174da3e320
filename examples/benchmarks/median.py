#!/usr/bin/env python3
"""Runs a benchmark script several times and prints the median of each figure it reports.

    examples/benchmarks/median.py 3 examples/benchmarks/run-e2e.sh
    MODE=async examples/benchmarks/median.py 3 examples/benchmarks/run-e2e.sh
    examples/benchmarks/median.py 3 examples/benchmarks/run-read.sh

Each run's output is shown as it comes. Afterwards, for every load the script measured (the k-th
"throughput ... p50 ... p90 ... p99" line of a run, named by the "==" header before it), the medians
of throughput and latency percentiles across runs; the median pgbench ceiling (``tps = ...``) and the
median of each run's throughput / ceiling ratio when the script ran pgbench; and the median time the
asynchronous workers took to drain after the load. A run that fails stops the whole measurement.
"""
import re
import statistics
import subprocess
import sys

LOAD = re.compile(r"throughput ([\d.]+) req/s, p50 ([\d.]+) ms, p90 ([\d.]+) ms, p99 ([\d.]+) ms")
TPS = re.compile(r"^tps = ([\d.]+)")
DRAIN = re.compile(r"all events processed ([\d.]+) s")
VARYING = re.compile(r"\b(SCHEMA=\S+|bench_\d+)")


def run(command, number):
    print(f"#### run {number}: {' '.join(command)}", flush=True)
    loads, tps, drains, header = [], [], [], "load"
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True) as p:
        for line in p.stdout:
            sys.stdout.write(line)
            sys.stdout.flush()
            if line.startswith("=="):
                header = VARYING.sub("", line.strip("= \n"))
            elif m := LOAD.search(line):
                loads.append((header, [float(x) for x in m.groups()]))
            elif m := TPS.search(line):
                tps.append(float(m.group(1)))
            elif m := DRAIN.search(line):
                drains.append(float(m.group(1)))
    if p.returncode != 0:
        sys.exit(f"run {number} failed with exit code {p.returncode}")
    return loads, tps, drains


def main():
    if len(sys.argv) < 3 or not sys.argv[1].isdigit():
        sys.exit(__doc__)
    runs = [run(sys.argv[2:], i + 1) for i in range(int(sys.argv[1]))]
    print(f"#### medians of {len(runs)} runs")
    for k, (header, _) in enumerate(runs[0][0]):
        figures = [r[0][k][1] for r in runs if len(r[0]) > k]
        tp, p50, p90, p99 = (statistics.median(f[i] for f in figures) for i in range(4))
        every = ", ".join(f"{f[0]:.0f}" for f in figures)
        print(f"{header}: throughput {tp:.0f} req/s (runs: {every}), p50 {p50:.2f} ms, p90 {p90:.2f} ms, p99 {p99:.2f} ms")
    ceilings = [r[1][0] for r in runs if r[1]]
    if ceilings:
        ratios = [r[0][-1][1][0] / r[1][0] for r in runs if r[1] and r[0]]
        print(f"pgbench ceiling {statistics.median(ceilings):.0f} tps (runs: {', '.join(f'{c:.0f}' for c in ceilings)}); "
              f"ratio {statistics.median(ratios):.2f} (runs: {', '.join(f'{x:.2f}' for x in ratios)})")
    drains = [r[2][0] for r in runs if r[2]]
    if drains:
        print(f"asynchronous workers drained {statistics.median(drains):.1f} s after the load (runs: "
              f"{', '.join(f'{d:.1f}' for d in drains)})")


if __name__ == "__main__":
    main()
