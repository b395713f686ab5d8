"""Benchmark the statistics engine: verdicts, sample sizes and power, in-process.

    python benchmarks/stats_engine.py [--quick]

A verdict is everything the app does to show a result: the comparison (z-test or Welch's
t-test with both intervals) plus ``decide`` (sample-ratio check, power at the minimum effect
and the size needed, normal-posterior risk, messages). Target: ≤ 2 ms per verdict.

Prints Markdown for ``docs/benchmarks.md``: the median of ``repeat`` timings, each the mean
of ``number`` calls, with the machine's load average (other work on a shared machine slows
single milliseconds down).
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import scipy

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from leitstern.engines.stats import (  # noqa: E402
    DecisionRule,
    compare_before_after,
    compare_means,
    compare_proportions,
    decide,
    power_means,
    power_proportions,
    sample_size_means,
    sample_size_proportions,
)


def median_time(fn: Callable[[], object], *, repeat: int, number: int) -> tuple[float, float]:
    """Median over ``repeat`` runs of the mean wall-clock and CPU (this process) seconds of
    ``number`` calls."""
    fn()  # warm up imports and caches
    wall, cpu = [], []
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        for _ in range(number):
            fn()
        wall.append((time.perf_counter() - start) / number)
        cpu.append((time.process_time() - start_cpu) / number)
    return statistics.median(wall), statistics.median(cpu)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repeats")
    args = parser.parse_args(argv)
    repeat, number = (5, 50) if args.quick else (30, 200)

    counts_rule = DecisionRule(direction="higher", minimum_effect=0.015, planned_n_per_arm=6693)
    relative_rule = DecisionRule(direction="higher", minimum_effect=0.05, scale="relative")
    rng = np.random.default_rng(7)
    before = (100 + rng.normal(0, 5, 90)).round(2).tolist()
    after = (103 + rng.normal(0, 5, 90)).round(2).tolist()

    def verdict_counts():
        c = compare_proportions(
            conversions_a=700, visitors_a=7000, conversions_b=812, visitors_b=7012
        )
        return decide(rule=counts_rule, comparison=c)

    def verdict_means():
        c = compare_means(mean_a=41.2, sd_a=18.5, n_a=2400, mean_b=43.0, sd_b=19.1, n_b=2390)
        return decide(rule=relative_rule, comparison=c)

    def verdict_before_after():
        c = compare_before_after(before=before, after=after)
        return decide(rule=relative_rule, comparison=c)

    rows = [
        ("verdict from counts (z-test + `decide`)", verdict_counts),
        ("verdict from means, sds and n (Welch + `decide`, relative rule)", verdict_means),
        ("verdict from 90 + 90 daily values (before/after + `decide`)", verdict_before_after),
        (
            "`compare_proportions` alone",
            lambda: compare_proportions(
                conversions_a=700, visitors_a=7000, conversions_b=812, visitors_b=7012
            ),
        ),
        (
            "`sample_size_proportions` (10% → 11.5%, weekly traffic)",
            lambda: sample_size_proportions(baseline=0.10, target=0.115, weekly_traffic=4000),
        ),
        (
            "`sample_size_means` (exact noncentral t)",
            lambda: sample_size_means(sd=18.5, baseline=41.2, mde=0.05, relative=True),
        ),
        (
            "`power_proportions` at the observed n",
            lambda: power_proportions(baseline=0.10, target=0.115, n_a=7000, n_b=7012),
        ),
        ("`power_means` at the observed n", lambda: power_means(sd=18.5, mde=2.0, n_a=2400)),
    ]
    load = os.getloadavg()
    print("## Statistics engine\n")
    print(
        f"`python benchmarks/stats_engine.py`, in-process, median of {repeat} runs of "
        f"{number} calls, on {platform.machine()} / {os.cpu_count()} cores, Python "
        f"{platform.python_version()}, numpy {np.__version__}, scipy {scipy.__version__}; "
        f"load average {load[0]:.1f} while measuring.\n"
    )
    print("| what | target | wall time | CPU time |\n|---|---|---|---|")
    for name, fn in rows:
        target = "≤ 2 ms" if name.startswith("verdict") else ""
        wall, cpu = median_time(fn, repeat=repeat, number=number)
        print(f"| {name} | {target} | {wall * 1e3:.3f} ms | {cpu * 1e3:.3f} ms |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
