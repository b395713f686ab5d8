"""The business-case result page with a kept simulation, the simulation behind it, and the
comparison page (two cases with their joint run kept, and two never compared).

    .venv/bin/python benchmarks/cases_pages.py [--rounds 15] [--simulations 3]

Builds a fresh SQLite file with one workspace and a case of the large-workspace generator's
size (60 months, 40 lines, 100,000 trials; ``leitstern/cases/large.py``), times its
simulation as the background task runs it (one thread, and the default threads; CPU time
and wall time, without memory tracing, which slows a run by a third; peak memory in a
separate traced run), then measures the result page, the portfolio and the one-pager through
Django's test client, each round alternating with a trivial signed-in page (the teams list
of an empty workspace), so the ratio of medians compares like with like on a shared machine.
The first request after a cleared cache is reported on its own (it renders the charts)."""

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
    parser.add_argument("--simulations", type=int, default=3)
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="cases-bench-")
    os.environ["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "leitstern.config.settings")
    import django

    django.setup()
    from django.core.cache import cache
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

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
    assert case is not None
    print(f"load average before: {os.getloadavg()[0]:.1f}; {yardstick()}")
    for workers in (1, None):
        walls, cpus = [], []
        for _ in range(args.simulations):
            started, cpu = time.perf_counter(), time.process_time()
            result = run(case, workers=workers)
            walls.append(time.perf_counter() - started)
            cpus.append(time.process_time() - cpu)
        print(f"simulation, workers={workers}: median wall {statistics.median(walls):.2f} s, "
              f"CPU {statistics.median(cpus):.2f} s (best {min(cpus):.2f} s), {result.trials} "
              f"trials, {len(result.sensitivity)} inputs with tornado and EVPI")  # fmt: skip
    # Memory in a run of its own: tracing every allocation slows the run down.
    tracemalloc.start()
    run(case, workers=1)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    print(f"simulation, workers=1: peak traced memory {peak / 2**20:.0f} MiB")
    client = Client()
    client.force_login(world.owner)
    slug = world.workspace.slug
    from leitstern.cases import services

    ids = list(BusinessCase.objects.order_by("pk").values_list("pk", flat=True))
    pair = list(BusinessCase.objects.filter(pk__in=ids[:2]).order_by("pk"))
    started, cpu = time.perf_counter(), time.process_time()
    services.comparison_start(workspace=world.workspace, cases=pair)  # immediate tasks
    wall, cpu = time.perf_counter() - started, time.process_time() - cpu
    print(f"comparison run of two cases ({pair[0].trials:,} trials): wall {wall:.2f} s, "
          f"CPU {cpu:.2f} s")  # fmt: skip
    pages = {
        "comparison, numbers kept": f"/w/{slug}/cases/compare/?case={ids[0]}&case={ids[1]}",
        "comparison, never compared": f"/w/{slug}/cases/compare/?case={ids[2]}&case={ids[3]}",
        "result page": f"/w/{slug}/cases/{case.pk}/",
        "portfolio (5 cases)": f"/w/{slug}/cases/",
        "one-pager": f"/w/{slug}/cases/{case.pk}/print/",
    }
    trivial = f"/w/{slug}/teams/"
    assert client.get(trivial).status_code == 200
    for label, url in pages.items():
        cache.clear()
        started = time.perf_counter()
        assert client.get(url).status_code == 200, url
        first = time.perf_counter() - started
        times, cpus, base, base_cpus, queries = [], [], [], [], 0
        for _round in range(args.rounds):
            start, cpu = time.perf_counter(), time.process_time()
            assert client.get(trivial).status_code == 200
            base.append(time.perf_counter() - start)
            base_cpus.append(time.process_time() - cpu)
            with CaptureQueriesContext(connection) as captured:
                start, cpu = time.perf_counter(), time.process_time()
                response = client.get(url)
                times.append(time.perf_counter() - start)
                cpus.append(time.process_time() - cpu)
            assert response.status_code == 200, url
            queries = max(queries, len(captured.captured_queries))
        median, trivial_median = statistics.median(times), statistics.median(base)
        cpu, trivial_cpu = statistics.median(cpus), statistics.median(base_cpus)
        print(f"{label}: median wall {median * 1000:.0f} ms (trivial page "
              f"{trivial_median * 1000:.0f} ms, ratio {median / trivial_median:.1f}), "
              f"CPU {cpu * 1000:.0f} ms (trivial "
              f"{trivial_cpu * 1000:.0f} ms, ratio {cpu / trivial_cpu:.1f}), first request after "
              f"a cleared cache {first * 1000:.0f} ms, {queries} queries, "
              f"{len(response.content) // 1024} KiB")  # fmt: skip
    print(f"load average after: {os.getloadavg()[0]:.1f}")


def yardstick() -> str:
    """How fast this machine is just now: the time of a million single-precision normals
    (about 3-5 ms on an idle core of a current machine)."""
    import numpy as np

    generator = np.random.default_rng(0)
    out = np.empty(1_000_000, dtype=np.float32)
    cpu = time.process_time()
    for _ in range(10):
        generator.standard_normal(dtype=np.float32, out=out)
    return f"yardstick: 1,000,000 normals in {(time.process_time() - cpu) * 100:.1f} ms of CPU"


if __name__ == "__main__":
    main()
