"""Research at the issue's scale: the research home with its coverage matrix, search, and
the erasure of a participant with 500 quotes.

Run against a database built by ``benchmarks/large_workspace.py`` (10,000 participants,
20,000 conversations, 200,000 quotes; ``leitstern/research/large.py``):

    .venv/bin/python benchmarks/research_pages.py --database sqlite:///data/large.sqlite3
    .venv/bin/python benchmarks/research_pages.py \\
        --database postgres://leitstern:leitstern@127.0.0.1:5432/leitstern_large

Pages and searches go through Django's test client in this process, signed in as the
workspace's owner, each measured request right after a trivial signed-in page (the short
list of products) so the ratio of medians compares like with like on a shared machine;
wall and CPU time and the most queries any round needed are reported. The erasure runs the
service (``participant_erase``) on the participant with the most quotes inside a
transaction that is rolled back, so the data stays as built; what it leaves for after the
commit (merging SQLite's full-text index) is timed once on its own.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from large_pages import Measured, _queries_and_time, _trivial_url
from large_workspace import setup_django

TARGET_MS = 100
TARGET_QUERIES = 20
SEARCHES = [
    ("search “Lieferung”", "Lieferung"),
    ("search “delivery checkout”", "delivery checkout"),
    ("search “zahlung handy”, quotes only", "zahlung handy&kind=quote"),
    ("search “rechnung”, second-hand only", "rechnung&source=second_hand"),
    ("search a word no text has", "Zeppelinflughafen"),
]


def pages(workspace) -> list[tuple[str, str]]:
    from django.urls import reverse

    slug = workspace.slug
    product = workspace.products.order_by("pk").first()

    def page(name: str, **kwargs) -> str:
        return reverse(f"research:{name}", kwargs={"slug": slug, **kwargs})

    found = [
        ("research home (cadence, coverage matrix)", page("index")),
        ("research home of one product", page("product_home", pk=product.pk)),
        ("participants", page("participants")),
        ("conversations", page("conversations")),
        ("quotes", page("quotes")),
        ("insights", page("insights")),
    ]
    segment = workspace.customer_segments.order_by("pk").first()
    for label, query in SEARCHES:
        found.append((label, f"{page('search')}?q={query}"))
    found.append(
        ("search “lieferung” in one segment", f"{page('search')}?q=lieferung&segment={segment.pk}")
    )
    return found


def measure(rounds: int, only: str = "") -> list[Measured]:
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections
    from django.test import Client

    from leitstern.workspaces.models import Workspace

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    workspace = Workspace.objects.get(slug="large")
    owner = workspace.memberships.filter(role="owner").order_by("pk").first().user
    client = Client()
    client.force_login(owner)
    trivial_url = _trivial_url(workspace.slug)
    found = [Measured(label, url) for label, url in pages(workspace) if only in label]
    for m in found:  # warm-up
        response = client.get(m.url)
        m.status, m.size = response.status_code, len(response.content)
    for _round in range(rounds):
        for m in found:
            elapsed, cpu, _n, _response = _queries_and_time(client, trivial_url, {})
            m.trivial.append(elapsed)
            m.trivial_cpu.append(cpu)
            elapsed, cpu, queries, _response = _queries_and_time(client, m.url, {})
            m.times.append(elapsed)
            m.cpu.append(cpu)
            m.queries = max(m.queries, queries)
    return found


def erasure(runs: int) -> tuple[int, list[tuple[float, float, int]], float]:
    """The participant with the most quotes erased ``runs`` times, each rolled back:
    (their quotes, [(wall s, CPU s, queries)], the after-commit index merge in s)."""
    from django.db import connection, transaction
    from django.db.models import Count

    from leitstern.activity.tasks import merge_trace_index
    from leitstern.research import search
    from leitstern.research.models import Participant
    from leitstern.research.services import participant_erase
    from leitstern.workspaces.models import Workspace

    workspace = Workspace.objects.get(slug="large")
    owner = workspace.memberships.filter(role="owner").order_by("pk").first().user
    heavy = (
        Participant.objects.filter(workspace=workspace)
        .present()
        .annotate(n=Count("quotes"))
        .order_by("-n", "pk")
        .first()
    )
    found = []
    for _run in range(runs):
        participant = Participant.objects.get(pk=heavy.pk)
        queries: list[str] = []
        with transaction.atomic():
            with connection.execute_wrapper(
                lambda run, sql, *a, q=queries: q.append(sql) or run(sql, *a)
            ):
                start, cpu = time.perf_counter(), time.process_time()
                participant_erase(actor=owner, participant=participant)
                elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
            transaction.set_rollback(True)
        found.append((elapsed, cpu, len(queries)))
    start = time.perf_counter()
    search.forget_deleted()
    merge = time.perf_counter() - start
    start, cpu = time.perf_counter(), time.process_time()
    merge_trace_index.call()
    print(
        f"in the background after the commit, merging the activity log's trigram index: "
        f"{(time.perf_counter() - start) * 1000:.0f} ms (CPU "
        f"{(time.process_time() - cpu) * 1000:.0f} ms in this process)"
    )
    return heavy.n, found, merge


def report(found: list[Measured], erased, out=print) -> None:
    from django.db import connection

    out(f"\n{connection.vendor}, load average {os.getloadavg()[0]:.1f} at the end")
    out("| page | p50 ms | p95 ms | CPU p50 ms | queries | × trivial | KiB |")
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
    if erased is not None:
        quotes, runs, merge = erased
        times = ", ".join(
            f"{w * 1000:.0f} ms (CPU {c * 1000:.0f} ms, {q} queries)" for w, c, q in runs
        )
        out(f"\nerasure of a participant with {quotes} quotes: {times}")
        out(f"after the commit, merging the full-text index: {merge * 1000:.0f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", required=True, help="sqlite:///PATH or postgres://…")
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--erasures", type=int, default=3)
    parser.add_argument("--only", default="", help="measure the labels containing this")
    args = parser.parse_args()
    url = args.database
    if url.startswith("sqlite:///") and not Path(url.removeprefix("sqlite:///")).is_absolute():
        url = "sqlite:///" + str(Path(__file__).resolve().parent.parent / url[10:])
    setup_django(url)
    print(f"load average {os.getloadavg()[0]:.1f} at the start; {args.rounds} rounds")
    found = measure(args.rounds, args.only)
    erased = erasure(args.erasures) if args.erasures else None
    report(found, erased)


if __name__ == "__main__":
    main()
