"""Every main page and list API of the large workspace: server time and queries.

Run against a database built by ``benchmarks/large_workspace.py``:

    .venv/bin/python benchmarks/large_pages.py --database sqlite:///data/large.sqlite3
    .venv/bin/python benchmarks/large_pages.py \\
        --database postgres://leitstern:leitstern@127.0.0.1:5432/leitstern_large

Each request goes through Django's test client in this process with the production
settings (server time: middleware, view, queries, template; no network), signed in as the
workspace's owner (who sees every form) or with the owner's API token. Rounds alternate
every measured request with a trivial signed-in page (a module's empty page: the shell, the
session and the membership, nothing else), so the ratio of medians compares like with like
on a shared machine. Queries are counted for each request; the table shows the most any
round needed. Pages that cache per team history are measured as they are seen again, and
their first view after the cache is cleared is measured separately.

A bulk push of 20,000 values through the API into a new metric of the large workspace is
timed three times; the metric is removed again afterwards, so the data stays as built.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from large_workspace import setup_django

TARGET_MS = 100
TARGET_QUERIES = 20


@dataclass
class Measured:
    label: str
    url: str
    times: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    trivial: list[float] = field(default_factory=list)
    trivial_cpu: list[float] = field(default_factory=list)
    queries: int = 0
    status: int = 0
    size: int = 0

    def p(self, q: float) -> float:
        ordered = sorted(self.times)
        return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))] * 1000

    @property
    def ratio(self) -> float:
        return statistics.median(self.times) / statistics.median(self.trivial)


def _queries_and_time(client, url: str, headers: dict) -> tuple[float, float, int, object]:
    from django.db import connection

    queries: list[str] = []
    with connection.execute_wrapper(lambda run, sql, *a, q=queries: q.append(sql) or run(sql, *a)):
        start, cpu = time.perf_counter(), time.process_time()
        response = client.get(url, headers=headers)
        elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
    return elapsed, cpu, len(queries), response


def _trivial_url(slug: str) -> str:
    """The short list of products: the shell, the session, the membership and ten rows."""
    from django.urls import reverse

    return reverse("products:list", kwargs={"slug": slug})


def targets() -> list[tuple[str, str, bool]]:
    from leitstern.core.tests.pages import main_pages
    from leitstern.workspaces.models import Workspace

    return main_pages(Workspace.objects.get(slug="large"))


def measure(rounds: int, only: str = "") -> tuple[list[Measured], dict]:
    from django.core.cache import cache
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections, connection
    from django.test import Client

    from leitstern.accounts.models import ApiToken
    from leitstern.accounts.services import api_token_create
    from leitstern.activity.models import ActivityEntry
    from leitstern.workspaces.models import Workspace

    # One connection for the whole run, so each request's queries can be counted.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    workspace = Workspace.objects.get(slug="large")
    owner = workspace.memberships.filter(role="owner").order_by("pk").first().user
    client = Client()
    client.force_login(owner)
    token, raw = api_token_create(actor=owner, workspace=workspace, name="benchmark")
    api_headers = {"Authorization": f"Bearer {raw}"}
    trivial_url = _trivial_url(workspace.slug)

    found = [Measured(label, url) for label, url, _how in targets() if only in label]
    how = {label: kind for label, _url, kind in targets()}
    asked = {"api": api_headers, "htmx": {"HX-Request": "true"}, "page": {}}
    extra: dict = {}
    try:
        for m in found:  # warm-up: imports, template compilation, cached team histories
            response = client.get(m.url, headers=asked[how[m.label]])
            m.status, m.size = response.status_code, len(response.content)
        client.get(trivial_url)
        for _round in range(rounds):
            for m in found:
                elapsed, cpu, _n, _response = _queries_and_time(client, trivial_url, {})
                m.trivial.append(elapsed)
                m.trivial_cpu.append(cpu)
                elapsed, cpu, queries, _response = _queries_and_time(
                    client, m.url, asked[how[m.label]]
                )
                m.times.append(elapsed)
                m.cpu.append(cpu)
                m.queries = max(m.queries, queries)
        # First views after the team's history changed (cache cleared).
        for label in ("team page (cached per history)", "forecast page, how many by a date"):
            m = next((m for m in found if m.label == label), None)
            if m is None:
                continue
            firsts = []
            for _ in range(3):
                cache.clear()
                elapsed, _cpu, queries, _response = _queries_and_time(client, m.url, {})
                firsts.append((elapsed, queries))
            extra[label] = firsts
        # First views of "what changed" (the pages and the API's compare): the comparison
        # is kept in the cache under its two change ids, so the first view after a cache
        # clear is what a review first sees.
        for m in found:
            if "changed since" not in m.label and "API roadmap compare" not in m.label:
                continue
            firsts = []
            for _ in range(max(3, rounds // 2)):
                cache.clear()
                elapsed, cpu, queries, _response = _queries_and_time(
                    client, m.url, asked[how[m.label]]
                )
                firsts.append((elapsed, queries, cpu))
            extra[f"{m.label}, first view"] = firsts
        if not only:
            extra["push"] = _bulk_push(client, workspace, api_headers)
    finally:
        ActivityEntry.objects.filter(target_type="accounts.apitoken", target_id=token.pk).delete()
        ApiToken.objects.filter(pk=token.pk).delete()
        connection.close()
    return found, extra


def _bulk_push(client, workspace, headers: dict) -> list[tuple[float, int]]:
    """Three pushes of 20,000 new values into a new metric, each removed afterwards."""
    from django.db import connection

    from leitstern.activity.models import ActivityEntry
    from leitstern.strategy.models import Metric
    from leitstern.strategy.services import metric_create

    product = workspace.products.order_by("pk").first()
    first = date(1990, 1, 1)
    body = {
        "values": [
            {"date": (first + timedelta(days=i)).isoformat(), "value": i * 0.5, "note": ""}
            for i in range(20_000)
        ]
    }
    runs = []
    for run in range(3):
        owner = workspace.memberships.filter(role="owner").first().user
        metric = metric_create(actor=owner, product=product, name=f"Bulk push benchmark {run}")
        url = f"/api/v1/workspaces/{workspace.slug}/metrics/{metric.pk}/values"
        queries: list[str] = []
        with connection.execute_wrapper(
            lambda run_, sql, *a, q=queries: q.append(sql) or run_(sql, *a)
        ):
            start = time.perf_counter()
            response = client.post(url, body, "application/json", headers=headers)
            elapsed = time.perf_counter() - start
        assert response.status_code == 200, response.content[:300]
        runs.append((elapsed, len(queries)))
        ActivityEntry.objects.filter(target_type="strategy.metric", target_id=metric.pk).delete()
        Metric.objects.filter(pk=metric.pk).delete()
    return runs


def report(found: list[Measured], extra: dict, out=print) -> None:
    from django.db import connection

    out(f"\n{connection.vendor}, load average {os.getloadavg()[0]:.1f} at the end")
    out("| page or operation | p50 ms | p95 ms | CPU p50 ms | queries | × trivial | KiB |")
    out("|---|---|---|---|---|---|---|")
    trivial = statistics.median(t for m in found for t in m.trivial) * 1000
    trivial_cpu = statistics.median(t for m in found for t in m.trivial_cpu) * 1000
    out(f"| trivial signed-in page (reference) | {trivial:.1f} | | {trivial_cpu:.1f} | | 1.0 | |")
    for m in found:
        flag = "" if m.p(0.95) <= TARGET_MS and m.queries <= TARGET_QUERIES else " ⚠"
        status = "" if m.status == 200 else f" (status {m.status})"
        out(
            f"| {m.label}{status} | {m.p(0.5):.1f}{flag} | {m.p(0.95):.1f} | "
            f"{statistics.median(m.cpu) * 1000:.1f} | {m.queries} | {m.ratio:.1f} | "
            f"{m.size // 1024} |"
        )
    for label, firsts in extra.items():
        if label == "push":
            continue
        if len(firsts[0]) == 3:
            cpu = statistics.median(c for _t, _q, c in firsts) * 1000
            wall = statistics.median(t for t, _q, _c in firsts) * 1000
            most = max(q for _t, q, _c in firsts)
            slowest = max(t for t, _q, _c in firsts) * 1000
            out(
                f"{label} (cache cleared, {len(firsts)} times): p50 {wall:.1f} ms, "
                f"max {slowest:.1f} ms, CPU p50 {cpu:.1f} ms, {most} queries"
            )
            continue
        times = ", ".join(f"{t * 1000:.0f} ms ({q} queries)" for t, q, *_ in firsts)
        out(f"first view of {label} after the cache was cleared: {times}")
    if "push" in extra:
        pushes = ", ".join(f"{t:.2f} s ({q} queries)" for t, q in extra["push"])
        out(f"bulk push of 20,000 values: {pushes}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", required=True, help="sqlite:///PATH or postgres://…")
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--only", default="", help="measure the labels containing this")
    args = parser.parse_args()
    url = args.database
    if url.startswith("sqlite:///") and not Path(url.removeprefix("sqlite:///")).is_absolute():
        url = "sqlite:///" + str(Path(__file__).resolve().parent.parent / url[10:])
    setup_django(url)
    print(f"load average {os.getloadavg()[0]:.1f} at the start; {args.rounds} rounds")
    found, extra = measure(args.rounds, args.only)
    report(found, extra)


if __name__ == "__main__":
    main()
