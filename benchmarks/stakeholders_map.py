"""The stakeholder map at the issue's scale: 500 stakeholders and 5,000 ties of who listens to
whom, written by the large-workspace generators (people, products, stakeholders only).

    .venv/bin/python benchmarks/stakeholders_map.py [--database URL] [--rounds N]

Builds a fresh workspace ``stakeholders-bench`` in the given database (default: a new SQLite
file under ``data/``), then measures, signed in as its owner through Django's test client in
this process (server time: middleware, view, queries, template; no network): the register,
the network page, the grid and the attention list, each alternated with a trivial signed-in
page (a module's empty page) so the ratio of medians compares like with like on a loaded
machine. Each page is timed as wall-clock and as this process's CPU time (the CPU time is
what the page itself costs; the wall clock adds waiting for a shared machine), with its
query count. Centrality is timed three ways: computed from the database rows
(``selectors.map_for`` with an empty cache: read ties, build the engine's network,
influence, betweenness, reach), the engine call alone, and as a page gets it
(``selectors.centrality_for`` with the cache warm). Targets: page ≤ 150 ms server time,
centrality ≤ 50 ms.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))

from large_workspace import setup_django  # noqa: E402


def build(slug: str) -> None:
    from django.db import transaction

    from leitstern.core.large import FULL, LargeContext
    from leitstern.products import large as products_large
    from leitstern.stakeholders import large as stakeholders_large
    from leitstern.workspaces import large as workspaces_large

    scale = FULL.times(0.01)
    scale = type(scale)(**{**scale.__dict__, "stakeholders": 500, "influences": 5000})
    context = LargeContext(scale=scale, today=date.today(), rng=random.Random(1), slug=slug)
    with transaction.atomic():
        workspaces_large.generate(context)
        products_large.generate(context)
        stakeholders_large.generate(context)
        from leitstern.activity.large import generate as activity_generate

        activity_generate(context)


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return (time.perf_counter() - start) * 1000


def cpu_timed(fn) -> tuple[float, float]:
    """(wall ms, CPU ms of this process)."""
    wall, cpu = time.perf_counter(), time.process_time()
    fn()
    return (time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database", default="")
    parser.add_argument("--rounds", type=int, default=15)
    args = parser.parse_args()
    database = args.database or f"sqlite:///{ROOT / 'data' / 'stakeholders-bench.sqlite3'}"
    if database.startswith("sqlite:///"):
        Path(database.removeprefix("sqlite:///")).unlink(missing_ok=True)
    setup_django(database)
    from django.core.cache import cache
    from django.core.management import call_command
    from django.test import Client
    from django.urls import reverse

    call_command("migrate", verbosity=0)
    slug = "stakeholders-bench"
    build(slug)

    from leitstern.engines.network import centrality
    from leitstern.stakeholders import selectors
    from leitstern.stakeholders.models import Influence, Stakeholder
    from leitstern.workspaces.models import Membership

    member = (
        Membership.objects.select_related("workspace", "user")
        .filter(workspace__slug=slug, role="owner")
        .first()
    )
    people = Stakeholder.objects.filter(workspace=member.workspace).count()
    ties = Influence.objects.filter(workspace=member.workspace).count()
    client = Client()
    client.force_login(member.user)
    trivial = reverse("products:list", kwargs={"slug": slug})
    pages = {
        name: reverse(f"stakeholders:{name}", kwargs={"slug": slug})
        for name in ("index", "network", "grid", "attention")
    }
    department = (
        Stakeholder.objects.filter(workspace=member.workspace)
        .exclude(department="")
        .values_list("department", flat=True)
        .first()
    )
    pages["grid, one department"] = f"{pages['grid']}?department={department}"
    pages["network, one department"] = f"{pages['network']}?department={department}"
    from django.db.models import Count

    busiest = (
        Stakeholder.objects.filter(workspace=member.workspace)
        .annotate(heard=Count("listens_to"))
        .order_by("-heard", "pk")
        .first()
    )
    pages["person (who listens to most)"] = reverse(
        "stakeholders:stakeholder", kwargs={"slug": slug, "pk": busiest.pk}
    )
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    queries: dict[str, int] = {}
    for name, url in [("trivial", trivial), *pages.items()]:
        assert client.get(url).status_code == 200, url
        with CaptureQueriesContext(connection) as captured:
            client.get(url)
        queries[name] = len(captured.captured_queries)
    results: dict[str, list[tuple[float, float]]] = {name: [] for name in pages}
    reference: list[tuple[float, float]] = []
    for _round in range(args.rounds):
        for name, url in pages.items():
            reference.append(cpu_timed(lambda: client.get(trivial)))
            results[name].append(cpu_timed(lambda url=url: client.get(url)))

    # Before ``centrality_for`` existed, a page read the map and took the cached numbers.
    as_a_page_gets_it = getattr(
        selectors, "centrality_for", lambda m: selectors.map_for(m, stances=False).centrality
    )
    from_rows, lean, engine_only, warm = [], [], [], []
    for _round in range(args.rounds):
        cache.clear()
        view = None

        def compute():
            nonlocal view
            view = selectors.map_for(member)
            view.centrality  # noqa: B018 - computes and caches the numbers

        from_rows.append(cpu_timed(compute))
        if hasattr(selectors, "centrality_for"):
            cache.clear()  # as the app computes it after a change: ids and tie triples
            lean.append(cpu_timed(lambda: selectors.centrality_for(member)))
        network = view.network
        engine_only.append(cpu_timed(lambda network=network: centrality(network)))
        warm.append(cpu_timed(lambda: as_a_page_gets_it(member)))

    def p50(times, i):
        return statistics.median(t[i] for t in times)

    base_wall, base_cpu = p50(reference, 0), p50(reference, 1)
    load = os.getloadavg()
    print(f"{people} stakeholders, {ties} ties, {args.rounds} rounds, database "
          f"{database.split(':')[0]}, load average {load[0]:.1f} / {load[1]:.1f}")  # fmt: skip
    print()
    print("| measured | wall p50 ms | CPU p50 ms | CPU × trivial page | queries |")
    print("|---|---:|---:|---:|---:|")
    print(f"| trivial signed-in page (reference) | {base_wall:.1f} | {base_cpu:.1f} | 1.0 | "
          f"{queries['trivial']} |")  # fmt: skip
    for name, times in results.items():
        print(f"| {name} page | {p50(times, 0):.1f} | {p50(times, 1):.1f} | "
              f"{p50(times, 1) / base_cpu:.1f} | {queries[name]} |")  # fmt: skip
    for label, times in (
        ("centrality with the whole map read (`map_for`, cache empty)", from_rows),
        ("centrality as the app computes it (`centrality_for`, cache empty)", lean),
        ("centrality, engine only", engine_only),
        ("centrality as a page gets it (cache warm)", warm),
    ):
        print(f"| {label} | {p50(times, 0):.1f} | {p50(times, 1):.1f} | "
              f"{p50(times, 1) / base_cpu:.1f} | |")  # fmt: skip


if __name__ == "__main__":
    main()
