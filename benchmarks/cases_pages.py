"""The business-case result page with a kept simulation, and the simulation behind it.

    .venv/bin/python benchmarks/cases_pages.py [--rounds 15]

Builds a fresh SQLite file with one workspace and a case of the large-workspace generator's
size (60 months, 40 lines, 100,000 trials; ``leitstern/cases/large.py``), times its
simulation as the background task runs it (one thread, and the default threads), then
measures the result page, the portfolio and the case's API result through Django's test
client, each round alternating with a trivial signed-in page (the teams list of an empty
workspace), so the ratio of medians compares like with like on a shared machine."""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=15)
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="cases-bench-")
    os.environ["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "leitstern.config.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    call_command("migrate", verbosity=0)
    from types import SimpleNamespace

    from leitstern.cases import large
    from leitstern.cases.models import BusinessCase
    from leitstern.cases.tasks import run
    from leitstern.testing import make_world

    world = make_world()
    context = SimpleNamespace(workspace=world.workspace, owner=world.owner,
                              products=["Storefront"], counts={})  # fmt: skip
    started = time.perf_counter()
    large.generate(context)
    print(f"generated {context.counts} with one 100,000-trial run in "
          f"{time.perf_counter() - started:.1f} s")  # fmt: skip
    case = BusinessCase.objects.first()
    for workers in (1, None):
        tracemalloc.start()
        started = time.perf_counter()
        result = run(case, workers=workers)
        took = time.perf_counter() - started
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        print(f"simulation, workers={workers}: {took:.2f} s, peak traced memory "
              f"{peak / 2**20:.0f} MiB, {result.trials} trials, {len(result.sensitivity)} "
              "inputs with tornado and EVPI")  # fmt: skip
    client = Client()
    client.force_login(world.owner)
    slug = world.workspace.slug
    pages = {
        "result page": f"/w/{slug}/cases/{case.pk}/",
        "portfolio (5 cases)": f"/w/{slug}/cases/",
        "one-pager": f"/w/{slug}/cases/{case.pk}/print/",
    }
    trivial = f"/w/{slug}/teams/"
    for label, url in pages.items():
        times, base, queries = [], [], 0
        for _round in range(args.rounds):
            start = time.perf_counter()
            assert client.get(trivial).status_code == 200
            base.append(time.perf_counter() - start)
            connection.queries_log.clear()
            from django.test.utils import CaptureQueriesContext

            with CaptureQueriesContext(connection) as captured:
                start = time.perf_counter()
                response = client.get(url)
                times.append(time.perf_counter() - start)
            assert response.status_code == 200, url
            queries = max(queries, len(captured.captured_queries))
        median, trivial_median = statistics.median(times), statistics.median(base)
        print(f"{label}: median {median * 1000:.0f} ms, trivial page {trivial_median * 1000:.0f}"
              f" ms, ratio {median / trivial_median:.1f}, {queries} queries, "
              f"{len(response.content) // 1024} KiB")  # fmt: skip


if __name__ == "__main__":
    main()
