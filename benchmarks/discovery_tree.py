"""Benchmark discovery: the tree page of a large outcome and a verdict as the app computes it.

    .venv/bin/python benchmarks/discovery_tree.py [--database URL] [--rounds N]

The database (a new SQLite file by default; or e.g.
``postgres://leitstern:leitstern@127.0.0.1:5432/leitstern_bench``) is migrated and gets one
workspace with an outcome of 500 opportunities (100 needs, each broken down into four
smaller ones), 2,000 solutions (four per smaller need) and 1,000 hypotheses (one on every
second solution), 100 of them decided by a closed experiment. Rows are written with
``bulk_create`` shaped as the services write them; the verdicts come from the services.

Measured in this process through Django's test client, signed in as the owner:

- the tree page (``discovery:outcome``): server time (median and 90th percentile of
  ``rounds`` requests after two warm-up requests) and the queries of one request. Targets:
  ≤ 100 ms and ≤ 20 queries.
- a verdict as the experiment page computes it (``verdicts.decide``: reading the
  experiment's results and the hypothesis' rule, the engine's comparison and decision):
  the median of 20 runs of 200 calls. Target: ≤ 2 ms.

Prints Markdown for ``docs/benchmarks.md``.
"""

from __future__ import annotations

import argparse
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
    from django.db import transaction

    from leitstern.discovery import services
    from leitstern.discovery.models import Hypothesis, Opportunity, Outcome, Solution
    from leitstern.strategy.tests.factory import make_okr
    from leitstern.testing import make_world

    with transaction.atomic():
        world = make_world()
        product = world.product
        outcome = Outcome.objects.create(
            product=product,
            title="Raise checkout conversion",
            key_result=make_okr(world),
            created_by=world.owner,
        )
        needs = Opportunity.objects.bulk_create(
            Opportunity(product=product, outcome=outcome, title=f"Need {n}", created_by=world.owner)
            for n in range(100)
        )
        smaller = Opportunity.objects.bulk_create(
            Opportunity(
                product=product,
                outcome=outcome,
                parent=need,
                title=f"Smaller need {n}.{k}",
                stage=["identified", "later", "next", "now"][k],
                created_by=world.owner,
            )
            for n, need in enumerate(needs)
            for k in range(4)
        )
        solutions = Solution.objects.bulk_create(
            Solution(
                product=product,
                opportunity=opportunity,
                title=f"Solution {n}.{k}",
                created_by=world.owner,
            )
            for n, opportunity in enumerate([*needs, *smaller])
            for k in range(4)
        )
        hypotheses = Hypothesis.objects.bulk_create(
            Hypothesis(
                product=product,
                solution=solution,
                statement=f"Solution {n} lifts checkout conversion from 3.2% to 3.6%",
                key_result=outcome.key_result,
                metric_kind="rate",
                baseline=3.2,
                target=3.6,
                weekly_traffic=60_000,
                planned_n_per_arm=32_223,
                created_by=world.owner,
            )
            for n, solution in enumerate(solutions[::2])
        )
        for n, hypothesis in enumerate(hypotheses[:100]):
            experiment = services.experiment_create(
                actor=world.owner,
                product=product,
                title=f"A/B test {n}",
                hypotheses=[hypothesis],
                conversions_a=1920,
                visitors_a=60_000,
                conversions_b=1920 + 3 * n,
                visitors_b=60_000,
            )
            services.experiment_close(
                actor=world.owner,
                experiment=experiment,
                believed="b",
                observed="o",
                learned="l",
                next_step="n",
            )
    return world, outcome, experiment, hypothesis


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
    world, outcome, experiment, hypothesis = build()
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
    client.force_login(world.owner)
    page = reverse("discovery:outcome", kwargs={"slug": world.workspace.slug, "pk": outcome.pk})
    for _ in range(2):
        assert client.get(page).status_code == 200
    queries: list[str] = []
    with connection.execute_wrapper(lambda run, sql, *a: queries.append(sql) or run(sql, *a)):
        response = client.get(page)
    assert response.status_code == 200
    if args.profile:
        import cProfile
        import pstats

        profile = cProfile.Profile()
        profile.runcall(client.get, page)
        pstats.Stats(profile).sort_stats("cumulative").print_stats(40)
        return
    times, cpu = [], []
    for _ in range(args.rounds):
        start, start_cpu = time.perf_counter(), time.process_time()
        client.get(page)
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    times.sort()
    median = statistics.median(times) * 1000
    p90 = times[min(len(times) - 1, round(0.9 * (len(times) - 1)))] * 1000

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

    vendor = connection.vendor
    load = os.getloadavg()[0]
    print(f"Database: {vendor}; built in {built:.1f} s; load average {load:.1f}.\n")
    print("| measured | result | target |")
    print("|---|---|---|")
    print(
        f"| tree page, {counts[0]:,} opportunities, {counts[1]:,} solutions, "
        f"{counts[2]:,} hypotheses: median | {median:.0f} ms (p90 {p90:.0f} ms, "
        f"{len(response.content) / 1e6:.2f} MB; CPU {statistics.median(cpu) * 1000:.0f} ms) "
        "| ≤ 100 ms |"
    )
    print(f"| tree page: queries | {len(queries)} | ≤ 20 |")
    print(
        f"| a verdict as the app computes it (`decide`) | {verdict_ms:.2f} ms "
        f"(CPU {verdict_cpu:.2f} ms) | ≤ 2 ms |"
    )


if __name__ == "__main__":
    main()
