"""Forecasts in the app with a team of 100,000 finished items.

Measures (server time through Django's test client, on a fresh database): reading and
importing a 100k-row Jira CSV through the kernel's import flow (read and preview, then
confirm; the apply task runs at once), the team page and a
forecast page, cold (first request after the import, cache cleared) and warm, each with its
query count. SQLite by default, in a temporary folder; with a PostgreSQL ``DATABASE_URL``, a
throwaway database next to the given one (created, then dropped; the user needs CREATEDB).

    .venv/bin/python benchmarks/forecasts_app.py
    DATABASE_URL=postgres://leitstern:leitstern@127.0.0.1:5432/leitstern \
        .venv/bin/python benchmarks/forecasts_app.py
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROWS = 100_000
DAYS = 3 * 365


def _throwaway_postgres(url: str) -> tuple[str, object]:
    """A fresh database beside the one in ``url``, and how to drop it afterwards."""
    from urllib.parse import urlsplit, urlunsplit

    import psycopg

    name = f"leitstern_bench_{os.getpid()}"
    parts = urlsplit(url)
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')

    def drop() -> None:
        from django.db import connections

        connections.close_all()
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')

    return urlunsplit(parts._replace(path=f"/{name}")), drop


def main() -> None:
    tmp = tempfile.mkdtemp(prefix="leitstern-bench-")
    os.environ["LEITSTERN_DATA_DIR"] = tmp
    drop = None
    if os.environ.get("DATABASE_URL", "").startswith("postgres"):
        os.environ["DATABASE_URL"], drop = _throwaway_postgres(os.environ["DATABASE_URL"])
    try:
        _run()
    finally:
        if drop:
            drop()


def _run() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "leitstern.config.settings")
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    call_command("migrate", verbosity=0)
    print(f"{connection.vendor}, load average {os.getloadavg()[0]:.2f} at start")
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    # Keep one connection across requests so the queries of each request can be counted.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    from leitstern.core.imports.flow import import_confirm, import_read
    from leitstern.core.imports.models import ImportJob
    from leitstern.forecasts.importers import HISTORY
    from leitstern.forecasts.models import WorkItem
    from leitstern.forecasts.selectors import today
    from leitstern.teams.services import team_create
    from leitstern.testing import make_world

    world = make_world()
    team = team_create(actor=world.owner, workspace=world.workspace, name="Big team")
    rng = random.Random(1)
    end = today() - timedelta(days=1)
    lines = ["Issue key,Summary,Created,Start date,Resolved"]
    for i in range(ROWS):
        done = end - timedelta(days=rng.randrange(DAYS))
        started = done - timedelta(days=rng.randrange(15))
        created = started - timedelta(days=rng.randrange(30))
        lines.append(f"BIG-{i},Item {i},{created} 09:12,{started},{done} 17:45")
    data = ("\n".join(lines) + "\n").encode()

    job = ImportJob.objects.create(
        workspace=world.workspace, importer=HISTORY.name, target_id=team.pk,
        created_by=world.owner, filename="big.csv", data=data,
    )  # fmt: skip
    t0 = time.perf_counter()
    job = import_read(job=job)
    t1 = time.perf_counter()
    # Too many rows to apply in the request: the task runs at once (LEITSTERN_TASKS=immediate).
    import_confirm(actor=world.owner, job=job)
    t2 = time.perf_counter()
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE, (job.status, job.failure)
    assert WorkItem.objects.filter(team=team).count() == ROWS, job.status
    print(f"upload {ROWS} rows: read {t1 - t0:.2f} s + import {t2 - t1:.2f} s = {t2 - t0:.2f} s")

    client = Client()
    client.force_login(world.editor)
    base = f"/w/{world.workspace.slug}/forecasts/teams/{team.pk}/"
    by = (today() + timedelta(days=30)).isoformat()
    pages = {
        "team page": f"/w/{world.workspace.slug}/teams/{team.pk}/",
        "forecast how many (auto calibration)": f"{base}forecast/?question=how_many&by={by}",
        "forecast when 5000 items (auto calibration)": f"{base}forecast/?question=when&items=5000",
        "forecast when 5000 items (reference calibration)": (
            f"{base}forecast/?question=when&items=5000&calibration=reference&window=90"
        ),
    }
    client.get(base)  # session and first-request warm-up outside the measurement
    from django.core.cache import cache

    cache.clear()
    for name, url in pages.items():
        queries = []
        with connection.execute_wrapper(
            lambda run, sql, *args, q=queries: q.append(sql) or run(sql, *args)
        ):
            t = time.perf_counter()
            response = client.get(url)
            cold = time.perf_counter() - t
        assert response.status_code == 200, (name, response.status_code)
        warm = []
        for _ in range(5):
            t = time.perf_counter()
            client.get(url)
            warm.append(time.perf_counter() - t)
        median = statistics.median(warm) * 1000
        print(f"{name}: cold {cold * 1000:.0f} ms, warm {median:.0f} ms, {len(queries)} queries")
    print(f"load average {os.getloadavg()[0]:.2f} at the end")


if __name__ == "__main__":
    main()
