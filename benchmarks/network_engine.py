"""Benchmark the network engine on 500 people and 5,000 ties, in-process.

    python benchmarks/network_engine.py [--quick]

The network is generated with a fixed seed to look like a company: ten departments, most
ties inside a department, a few people many others listen to (ties drawn in proportion to a
skewed "standing"), strengths 1–3. Times ``centrality`` (target ≤ 50 ms: influence,
betweenness and reach together) and its parts, ``build_network`` (validation), one
``suggestions`` call and one ``influence_paths`` call.

Prints Markdown for ``docs/benchmarks.md`` with the machine's load average.
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

from leitstern.engines.network import (  # noqa: E402
    Person,
    betweenness,
    build_network,
    centrality,
    influence_paths,
    pagerank,
    suggestions,
)

PEOPLE = 500
TIES = 5000
DEPARTMENTS = 10


def company(seed: int = 2026) -> tuple[list[Person], list[tuple[int, int, int]]]:
    """People with engagement and attitudes, and ties mostly within departments."""
    rng = np.random.default_rng(seed)
    department = rng.integers(0, DEPARTMENTS, PEOPLE)
    standing = rng.pareto(1.5, PEOPLE) + 1.0
    levels = ["unaware", "resistant", "neutral", "supportive", "leading"]
    attitudes = ["supports", "neutral", "opposes"]
    people = [
        Person(
            id=i,
            engagement=levels[int(rng.integers(0, 5))],
            power=float(rng.integers(1, 11)),
            attitudes={"checkout": attitudes[int(rng.integers(0, 3))]},
        )
        for i in range(PEOPLE)
    ]
    ties: set[tuple[int, int]] = set()
    while len(ties) < TIES:
        listener = int(rng.integers(0, PEOPLE))
        same = rng.random() < 0.75
        pool = np.flatnonzero(department == department[listener]) if same else np.arange(PEOPLE)
        weights = standing[pool] / standing[pool].sum()
        influencer = int(rng.choice(pool, p=weights))
        if influencer != listener:
            ties.add((influencer, listener))
    return people, [(j, i, int(rng.integers(1, 4))) for j, i in sorted(ties)]


def median_time(fn: Callable[[], object], *, repeat: int) -> tuple[float, float]:
    """Median wall-clock and CPU (this process) seconds of one call over ``repeat`` runs."""
    fn()
    wall, cpu = [], []
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        fn()
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return statistics.median(wall), statistics.median(cpu)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repeats")
    args = parser.parse_args(argv)
    repeat = 5 if args.quick else 30
    people, ties = company()
    net = build_network(people=people, ties=ties)
    c = centrality(net)
    target = int(np.argmax(c.listens))  # the person who listens to most: many routes in
    source = int(np.argmax(c.influence))
    rows = [
        ("`centrality` (influence + betweenness + reach)", "≤ 50 ms", lambda: centrality(net)),
        ("of which betweenness", "", lambda: betweenness(net)),
        ("of which reach (PageRank)", "", lambda: pagerank(net)),
        ("`build_network` (validating 500 people, 5,000 ties)", "", lambda: build_network(
            people=people, ties=ties)),
        (
            "`suggestions` for the person with the most ties in (2 steps)",
            "",
            lambda: suggestions(net, target=target, theme="checkout", centrality=c),
        ),
        (
            "`influence_paths` up to 3 steps, most influential → that person",
            "",
            lambda: influence_paths(net, source=source, target=target),
        ),
    ]  # fmt: skip
    load = os.getloadavg()
    routes = len(influence_paths(net, source=source, target=target))
    print("## Network engine\n")
    print(
        f"`python benchmarks/network_engine.py`, in-process, median of {repeat} runs, on "
        f"{platform.machine()} / {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"numpy {np.__version__}, scipy {scipy.__version__}; load average {load[0]:.1f} while "
        f"measuring. Network: {PEOPLE} people, {TIES:,} ties in {DEPARTMENTS} departments "
        f"({routes} routes of up to three steps in the `influence_paths` row).\n"
    )
    print("| what | target | wall time | CPU time |\n|---|---|---|---|")
    for name, target_text, fn in rows:
        wall, cpu = median_time(fn, repeat=repeat)
        print(f"| {name} | {target_text} | {wall * 1e3:.1f} ms | {cpu * 1e3:.1f} ms |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
