"""Benchmark discovery: the tree page of a large outcome, the ranked list and a verdict as
the app computes it.

    .venv/bin/python benchmarks/discovery_tree.py [--database URL] [--rounds N]

The database (a new SQLite file by default; or e.g.
``postgres://leitstern:leitstern@127.0.0.1:5432/leitstern_bench``) is migrated and gets a
small large workspace (``benchmarks/large_workspace.py``'s generators, every module, at
0.2 % of the full scale) whose discovery is at full size: one outcome with 500
opportunities (100 needs, each broken down into four), 2,000 solutions, 1,000 hypotheses,
500 RICE scores and 20 experiments closed through the services (``discovery/large.py``).

Measured in this process through Django's test client, signed in as the owner, in
interleaved rounds so that the machine's load hits every page alike:

- the tree page (``discovery:outcome``), the ranked list (``discovery:priorities``, 1,000
  open solutions by RICE) and a trivial page (the sample-size calculator, no query of its
  own): server time (median, 90th percentile) and CPU time of ``rounds`` requests each after
  two warm-up requests, the queries of one request, and each page's time as a multiple of
  the trivial page's. Targets: tree ≤ 100 ms and ≤ 20 queries.
- a verdict as the experiment page computes it (``verdicts.decide``: reading the
  experiment's results and the hypothesis' rule, the engine's comparison and decision):
  the median of 20 runs of 200 calls. Target: ≤ 2 ms.

Prints Markdown for ``docs/benchmarks.md``.
"""

from __future__ import annotations

import argparse
import dataclasses
import importlib.util
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def setup(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "leitstern.config.settings")
    os.environ.setdefault("LEITSTERN_DATA_DIR", tempfile.mkdtemp(prefix="leitstern-bench-"))
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def build():
    """The large workspace's generators at 0.2 % scale, discovery at full size."""
    from leitstern.core.large import FULL
    from leitstern.discovery.models import Experiment, Outcome

    spec = importlib.util.spec_from_file_location(
        "large_workspace", ROOT / "benchmarks" / "large_workspace.py"
    )
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    scale = dataclasses.replace(
        FULL.times(0.002), discovery_opportunities=500, discovery_solutions=2_000
    )
    context = script.build(scale=scale, slug="bench", out=lambda *_a: None)
    outcome = Outcome.objects.get(product__workspace=context.workspace)
    experiment = Experiment.objects.filter(product=outcome.product, status="finished").first()
    return context, outcome, experiment, experiment.hypotheses.first()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database", default="")
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--profile", action="store_true", help="profile one request instead")
    args = parser.parse_args()
    url = args.database or f"sqlite:///{tempfile.mkdtemp(prefix='leitstern-bench-')}/bench.sqlite3"
    setup(url)

    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections, connection
    from django.test import Client
    from django.urls import reverse

    from leitstern.discovery import verdicts
    from leitstern.discovery.models import Experiment, Hypothesis, Opportunity, Solution

    started = time.perf_counter()
    context, outcome, experiment, hypothesis = build()
    built = time.perf_counter() - started
    counts = (
        Opportunity.objects.filter(outcome=outcome).count(),
        Solution.objects.filter(opportunity__outcome=outcome).count(),
        Hypothesis.objects.filter(solution__opportunity__outcome=outcome).count(),
    )

    # One connection for the whole run, so each request's queries can be counted.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    client = Client()
    client.force_login(context.owner)
    slug = context.workspace.slug
    pages = {
        "tree": reverse("discovery:outcome", kwargs={"slug": slug, "pk": outcome.pk}),
        "ranked": reverse(
            "discovery:priorities", kwargs={"slug": slug, "product_id": outcome.product_id}
        ),
        "trivial": reverse("discovery:sample_size", kwargs={"slug": slug}),
    }
    if args.profile:
        import cProfile
        import pstats

        client.get(pages["tree"])
        profile = cProfile.Profile()
        profile.runcall(client.get, pages["tree"])
        pstats.Stats(profile).sort_stats("tottime").print_stats(40)
        return
    queries: dict[str, int] = {}
    sizes: dict[str, int] = {}
    for name, page in pages.items():
        for _ in range(2):
            assert client.get(page).status_code == 200, name
        seen: list[str] = []
        with connection.execute_wrapper(
            lambda run, sql, *a, seen=seen: seen.append(sql) or run(sql, *a)
        ):
            response = client.get(page)
        queries[name], sizes[name] = len(seen), len(response.content)
    times: dict[str, list[float]] = {name: [] for name in pages}
    cpu: dict[str, list[float]] = {name: [] for name in pages}
    load_before = os.getloadavg()[0]
    for _ in range(args.rounds):
        for name, page in pages.items():  # interleaved: the load hits each page alike
            start, start_cpu = time.perf_counter(), time.process_time()
            client.get(page)
            times[name].append((time.perf_counter() - start) * 1000)
            cpu[name].append((time.process_time() - start_cpu) * 1000)
    load_after = os.getloadavg()[0]

    def p90(values: list[float]) -> float:
        ordered = sorted(values)
        return ordered[min(len(ordered) - 1, round(0.9 * (len(ordered) - 1)))]

    median = {name: statistics.median(values) for name, values in times.items()}
    cpu_median = {name: statistics.median(values) for name, values in cpu.items()}

    experiment = Experiment.objects.get(pk=experiment.pk)
    hypothesis = Hypothesis.objects.get(pk=hypothesis.pk)
    verdicts.decide(experiment, hypothesis)
    runs, runs_cpu = [], []
    for _ in range(20):
        start, start_cpu = time.perf_counter(), time.process_time()
        for _ in range(200):
            verdicts.decide(experiment, hypothesis)
        runs.append((time.perf_counter() - start) / 200)
        runs_cpu.append((time.process_time() - start_cpu) / 200)
    verdict_ms = statistics.median(runs) * 1000
    verdict_cpu = statistics.median(runs_cpu) * 1000

    print(
        f"Database: {connection.vendor}; built in {built:.1f} s; load average "
        f"{load_before:.1f} → {load_after:.1f} on {os.cpu_count()} cores; {args.rounds} rounds.\n"
    )
    print("| measured | median (p90) | CPU | × trivial page | queries | target |")
    print("|---|---|---|---|---|---|")
    labels = {
        "tree": f"tree page: {counts[0]:,} opportunities, {counts[1]:,} solutions, "
        f"{counts[2]:,} hypotheses ({sizes['tree'] / 1e6:.2f} MB)",
        "ranked": f"ranked list (RICE, {sizes['ranked'] / 1e6:.2f} MB)",
        "trivial": "trivial page (sample-size calculator)",
    }
    targets = {"tree": "≤ 100 ms, ≤ 20 queries", "ranked": "", "trivial": ""}
    for name in pages:
        print(
            f"| {labels[name]} | {median[name]:.0f} ms ({p90(times[name]):.0f} ms) "
            f"| {cpu_median[name]:.0f} ms | {median[name] / median['trivial']:.1f} "
            f"(CPU {cpu_median[name] / cpu_median['trivial']:.1f}) | {queries[name]} "
            f"| {targets[name]} |"
        )
    print(
        f"| a verdict as the app computes it (`decide`) | {verdict_ms:.2f} ms "
        f"| {verdict_cpu:.2f} ms | | | ≤ 2 ms |"
    )


if __name__ == "__main__":
    main()
