"""Benchmark the requests module at its issue's scale: 100,000 requests over 10,000
accounts.

    .venv/bin/python benchmarks/requests_pages.py [--database URL] [--rounds N]
        [--requests N --accounts M]

The database (a new SQLite file by default; or e.g.
``postgres://leitstern:leitstern@127.0.0.1:5432/leitstern_reqbench``) is migrated and gets
a small large workspace (``benchmarks/large_workspace.py``'s generators, every module, at
0.2 % of the full scale) whose requests are at full size (``requests/large.py``: 100,000
requests from 10,000 organisations, 2,000 commitments), linked to the first 500 items of
a 500-item roadmap and to 500 opportunities, as at full scale.

Measured in this process through Django's test client, signed in as the owner, in
interleaved rounds so that the machine's load hits every page alike: the triage inbox, an
account page, the revenue roll-ups, the sales–product alignment page, the sales view of
the roadmap (everything; the owner's accounts), a roadmap item's page and an
opportunity's page with the requests panel, the account and roll-up API, and a trivial
signed-in page (the sample-size calculator, no query of its own). For each: server time
(median, 90th percentile), CPU time of the process, the queries of one request, and the
time as a multiple of the trivial page's. Target (issue 14): inbox, account page and
roll-ups ≤ 100 ms and ≤ 20 queries.

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


def build(requests: int | None = None, accounts: int | None = None):
    """The large workspace's generators at 0.2 % scale, requests at full size (or
    ``requests`` over ``accounts`` for a quicker run)."""
    from leitstern.core.large import FULL

    spec = importlib.util.spec_from_file_location(
        "large_workspace", ROOT / "benchmarks" / "large_workspace.py"
    )
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    scale = dataclasses.replace(
        FULL.times(0.002),
        roadmap_items=500,
        discovery_opportunities=500,
        discovery_solutions=500,
        sales_requests=requests or FULL.sales_requests,
        accounts=accounts or FULL.accounts,
    )
    return script.build(scale=scale, slug="reqbench", out=lambda *_a: None)


def pages_of(context) -> dict[str, tuple[str, str]]:
    """label → (URL, how): the pages measured, the objects picked by what they hold."""
    from django.db.models import Count
    from django.urls import reverse

    from leitstern.customers.models import Organisation
    from leitstern.requests.models import Request

    workspace = context.workspace
    slug = workspace.slug

    def page(name: str, **kwargs) -> str:
        return reverse(name, kwargs={"slug": slug, **kwargs})

    # The busiest account, item and opportunity: the worst case of each page.
    account = (
        Organisation.objects.filter(workspace=workspace)
        .annotate(n=Count("sales_requests"))
        .order_by("-n", "pk")
        .first()
    )
    visible = Request.objects.filter(workspace=workspace).visible()
    item_id = (
        visible.exclude(roadmap_item=None)
        .values("roadmap_item")
        .annotate(n=Count("id"))
        .order_by("-n")[0]["roadmap_item"]
    )
    opportunity_id = (
        visible.exclude(opportunity=None)
        .values("opportunity")
        .annotate(n=Count("id"))
        .order_by("-n")[0]["opportunity"]
    )
    api = f"/api/v1/workspaces/{slug}"
    return {
        "trivial": (page("discovery:sample_size"), "page"),
        "inbox": (page("requests:inbox"), "page"),
        "requests": (page("requests:index"), "page"),
        "accounts": (page("requests:accounts"), "page"),
        "account": (page("requests:account", pk=account.pk), "page"),
        "rollup_item": (page("requests:rollups"), "page"),
        "rollup_opportunity": (page("requests:rollups") + "?by=opportunity", "page"),
        "alignment": (page("requests:alignment"), "page"),
        "commitments": (page("requests:commitments"), "page"),
        "sales": (page("requests:sales_roadmap"), "page"),
        "sales_account": (page("requests:sales_roadmap") + f"?account={account.pk}", "page"),
        "sales_mine": (page("requests:sales_roadmap") + "?mine=1", "page"),
        "item": (page("roadmap:item", pk=item_id), "page"),
        "opportunity": (page("discovery:opportunity", pk=opportunity_id), "page"),
        "api_account": (f"{api}/sales-accounts/{account.pk}", "api"),
        "api_rollup": (f"{api}/revenue-at-stake", "api"),
        "api_requests": (f"{api}/requests", "api"),
    }


LABELS = {
    "trivial": "trivial signed-in page (sample-size calculator)",
    "inbox": "triage inbox",
    "requests": "requests list",
    "accounts": "accounts asking, most revenue first",
    "account": "account page (the account with the most requests)",
    "rollup_item": "revenue at stake per roadmap item",
    "rollup_opportunity": "revenue at stake per opportunity",
    "alignment": "sales and product, this quarter",
    "commitments": "commitments with risk",
    "sales": "roadmap for sales",
    "sales_account": "roadmap for sales, one account (the busiest)",
    "sales_mine": "roadmap for sales, the owner's accounts",
    "item": "roadmap item with its requests panel (the busiest item)",
    "opportunity": "opportunity with its requests panel (the busiest one)",
    "api_account": "API account page",
    "api_rollup": "API revenue at stake",
    "api_requests": "API requests, newest first",
}
TARGETS = {"inbox", "account", "rollup_item", "rollup_opportunity", "api_account", "api_rollup"}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database", default="")
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--profile", default="", help="profile one page (a label) instead")
    parser.add_argument("--only", default="", help="measure these pages (labels, commas)")
    parser.add_argument("--requests", type=int, default=0, help="fewer requests (default: full)")
    parser.add_argument("--accounts", type=int, default=0, help="fewer accounts (default: full)")
    parser.add_argument(
        "--reuse", action="store_true", help="measure a database built before (--database)"
    )
    args = parser.parse_args()
    url = args.database or f"sqlite:///{tempfile.mkdtemp(prefix='leitstern-bench-')}/bench.sqlite3"
    setup(url)

    from types import SimpleNamespace

    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections, connection
    from django.test import Client

    from leitstern.accounts.services import api_token_create
    from leitstern.requests.models import Commitment, Request, RequestAccount
    from leitstern.workspaces.models import Workspace

    started, started_cpu = time.perf_counter(), time.process_time()
    existing = Workspace.objects.filter(slug="reqbench").first()
    if existing is not None and args.reuse:
        owner = existing.memberships.filter(role="owner").order_by("pk").first().user
        context = SimpleNamespace(workspace=existing, owner=owner)
    else:
        context = build(args.requests or None, args.accounts or None)
    built, built_cpu = time.perf_counter() - started, time.process_time() - started_cpu
    workspace = context.workspace
    counts = (
        Request.objects.filter(workspace=workspace).count(),
        RequestAccount.objects.filter(request__workspace=workspace).count(),
        Commitment.objects.filter(workspace=workspace).count(),
    )

    # One connection for the whole run, so each request's queries can be counted.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    client = Client()
    client.force_login(context.owner)
    _token, raw = api_token_create(actor=context.owner, workspace=workspace, name="bench")
    headers = {"page": {}, "api": {"Authorization": f"Bearer {raw}"}}
    pages = pages_of(context)
    if args.only:
        pages = {k: v for k, v in pages.items() if k == "trivial" or k in args.only.split(",")}

    def get(name: str):
        url, how = pages[name]
        return client.get(url, headers=headers[how])

    if args.profile:
        import cProfile
        import pstats

        get(args.profile)
        profile = cProfile.Profile()
        profile.runcall(get, args.profile)
        pstats.Stats(profile).sort_stats("cumtime").print_stats(40)
        return
    queries: dict[str, int] = {}
    sizes: dict[str, int] = {}
    for name in pages:
        for _ in range(2):
            assert get(name).status_code == 200, name
        seen: list[str] = []
        with connection.execute_wrapper(
            lambda run, sql, *a, seen=seen: seen.append(sql) or run(sql, *a)
        ):
            response = get(name)
        queries[name], sizes[name] = len(seen), len(response.content)
    times: dict[str, list[float]] = {name: [] for name in pages}
    cpu: dict[str, list[float]] = {name: [] for name in pages}
    load_before = os.getloadavg()[0]
    for _ in range(args.rounds):
        for name in pages:  # interleaved: the load hits each page alike
            start, start_cpu = time.perf_counter(), time.process_time()
            get(name)
            times[name].append((time.perf_counter() - start) * 1000)
            cpu[name].append((time.process_time() - start_cpu) * 1000)
    load_after = os.getloadavg()[0]

    def p90(values: list[float]) -> float:
        ordered = sorted(values)
        return ordered[min(len(ordered) - 1, round(0.9 * (len(ordered) - 1)))]

    median = {name: statistics.median(values) for name, values in times.items()}
    cpu_median = {name: statistics.median(values) for name, values in cpu.items()}
    print(
        f"Database: {connection.vendor}; {counts[0]:,} requests, {counts[1]:,} requesting "
        f"organisations, {counts[2]:,} commitments; built in {built:.0f} s ({built_cpu:.0f} s "
        f"CPU); load average {load_before:.1f} → {load_after:.1f} on {os.cpu_count()} "
        f"cores; {args.rounds} rounds.\n"
    )
    print("| page or operation | p50 ms | p90 ms | CPU p50 ms | queries | × trivial | KiB |")
    print("|---|---|---|---|---|---|---|")
    for name in pages:
        flag = " ⚠" if name in TARGETS and (median[name] > 100 or queries[name] > 20) else ""
        print(
            f"| {LABELS[name]} | {median[name]:.1f}{flag} | {p90(times[name]):.1f} "
            f"| {cpu_median[name]:.1f} | {queries[name]} "
            f"| {median[name] / median['trivial']:.1f} | {sizes[name] // 1024} |"
        )


if __name__ == "__main__":
    main()
