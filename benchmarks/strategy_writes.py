"""Bulk metric values and edits through the API, on a fresh database.

Measures (server time through Django's test client, production database settings): a push
of 20,000 new values (the documented maximum) and the same push again (every day
replaced), each with its statement count; how long a product change waits when it arrives
during such a push; and single PATCHes with and without If-Match. SQLite by default, in a
temporary folder; with a PostgreSQL ``DATABASE_URL``, a throwaway database next to the given
one (created, then dropped; the user needs CREATEDB).

    .venv/bin/python benchmarks/strategy_writes.py
    DATABASE_URL=postgres://leitstern:leitstern@127.0.0.1:5432/leitstern \\
        .venv/bin/python benchmarks/strategy_writes.py
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import threading
import time
from datetime import date, timedelta
from pathlib import Path

VALUES = 20_000
RUNS = 3


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


def _timed_queries(action):
    from django.db import connection

    queries: list[str] = []
    with connection.execute_wrapper(
        lambda run, sql, *args, q=queries: q.append(sql) or run(sql, *args)
    ):
        start, cpu = time.perf_counter(), time.process_time()
        result = action()
        elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
    return result, (elapsed, cpu), len(queries)


def _run() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "leitstern.config.settings")
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    import django

    django.setup()
    from django.core.management import call_command
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections, connection
    from django.test import Client

    call_command("migrate", verbosity=0)
    print(f"{connection.vendor}, load average {os.getloadavg()[0]:.2f} at start")
    # Keep one connection across requests so the queries of each request can be counted.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)

    from leitstern.accounts.services import api_token_create
    from leitstern.strategy.models import MetricValue
    from leitstern.strategy.services import metric_create
    from leitstern.testing import make_world

    world = make_world()
    _token, raw = api_token_create(actor=world.owner, workspace=world.workspace, name="bench")
    auth = {"Authorization": f"Bearer {raw}"}
    client = Client()
    base = f"/api/v1/workspaces/{world.workspace.slug}"
    first = date(1990, 1, 1)

    def body(offset: float) -> dict:
        return {
            "values": [
                {"date": (first + timedelta(days=i)).isoformat(), "value": i + offset, "note": ""}
                for i in range(VALUES)
            ]
        }

    def push(metric, offset: float):
        return client.post(
            f"{base}/metrics/{metric.pk}/values", body(offset), "application/json", headers=auth
        )

    client.get(f"{base}/metrics", headers=auth)  # first request: URLs and API imported
    new, again = [], []
    for run in range(RUNS):
        metric = metric_create(actor=world.owner, product=world.product, name=f"Bench {run}")
        response, seconds, queries = _timed_queries(lambda m=metric: push(m, 0.0))
        assert response.status_code == 200, response.content[:300]
        new.append((seconds, queries))
        response, seconds, queries = _timed_queries(lambda m=metric: push(m, 0.5))
        assert response.status_code == 200, response.content[:300]
        again.append((seconds, queries))
        assert MetricValue.objects.filter(metric=metric, value=0.5).count() == 1
    for name, runs in (("new days", new), ("every day replaced", again)):
        median = statistics.median(wall for (wall, _cpu), _queries in runs)
        cpu = statistics.median(cpu for (_wall, cpu), _queries in runs)
        print(
            f"push {VALUES} values, {name}: median {median:.2f} s, {cpu:.2f} s CPU "
            f"(runs {', '.join(f'{w:.2f}' for (w, _c), _q in runs)}), {runs[0][1]} queries"
        )

    # A product change that arrives while a push is writing: how long it waits.
    metric = metric_create(actor=world.owner, product=world.product, name="Bench during")
    waited: list[float] = []

    def edit_during_push() -> None:
        other = Client()
        time.sleep(0.3)  # let the push take the write lock first
        start = time.perf_counter()
        answer = other.patch(
            f"{base}/products/{world.product.pk}",
            {"vision": "During a push"},
            "application/json",
            headers=auth,
        )
        waited.append(time.perf_counter() - start)
        assert answer.status_code == 200, answer.content[:300]
        connection.close()

    editor = threading.Thread(target=edit_during_push)
    editor.start()
    push(metric, 0.0)
    editor.join()
    print(f"a product PATCH during a push: answered after {waited[0]:.2f} s, no error")

    times = {"without If-Match": [], "with If-Match": []}
    for i in range(50):
        for kind in times:
            version = world.product.__class__.objects.get(pk=world.product.pk).version
            headers = {**auth, "If-Match": f'"{version}"'} if kind == "with If-Match" else auth
            start = time.perf_counter()
            answer = client.patch(
                f"{base}/products/{world.product.pk}",
                {"vision": f"{kind} {i}"},
                "application/json",
                headers=headers,
            )
            times[kind].append(time.perf_counter() - start)
            assert answer.status_code == 200
    for kind, seconds in times.items():
        print(f"product PATCH {kind}: median {statistics.median(seconds) * 1000:.1f} ms")
    print(f"load average {os.getloadavg()[0]:.2f} at the end")


if __name__ == "__main__":
    main()
