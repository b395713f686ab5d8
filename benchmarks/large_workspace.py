"""Build the large workspace: one workspace at the scale Leitstern is measured at.

10 products, 200 members, 20 teams with 500,000 finished work items, 8 quarterly OKR
cycles × 100 objectives × 4 key results with weekly check-ins, 60 metrics with 10 years of
weekly values, 200,000 activity entries (see ``leitstern.core.large.Scale``). Each module
adds its part with ``<app>/large.py``'s ``generate(context)``, listed in ``GENERATORS``
below in the order they depend on each other; ``verify`` functions check what a module
keeps derived from other rows (daily counts, stored scores) against computing it anew.

    .venv/bin/python benchmarks/large_workspace.py --database sqlite:///data/large.sqlite3
    .venv/bin/python benchmarks/large_workspace.py \\
        --database postgres://leitstern:leitstern@127.0.0.1:5432/leitstern_large

The database is created when missing (PostgreSQL: the user needs CREATEDB) and migrated;
one that already holds the large workspace is refused unless ``--replace`` is given
(which drops and recreates it). ``--scale 0.1`` builds a tenth of everything. Everyone signs
in with the password ``large-workspace``; the owner is ``owner@large.example``. The tests
build small ones with ``build`` (``leitstern/core/tests/large.py``).
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def registry() -> tuple[list[tuple[str, Callable]], list[Callable]]:
    """Each module's generator in order, and the checks of what they keep derived: the
    people first, then every module registered with the shell (``site.modules``, its
    ``large`` entry) in layer order, the activity log last since it writes entries about
    every module's objects."""
    from leitstern.activity import large as activity
    from leitstern.forecasts import large as forecasts
    from leitstern.requests import large as requests
    from leitstern.roadmap import large as roadmap
    from leitstern.site.modules import in_layer_order
    from leitstern.strategy import large as strategy
    from leitstern.workspaces import large as workspaces

    generators = [("workspaces", workspaces.generate)]
    generators += [(m.key, m.large) for m in in_layer_order() if m.large is not None]
    generators.append(("activity", activity.generate))
    return generators, [forecasts.verify, strategy.verify, roadmap.verify, requests.verify]


def prepare_database(url: str, *, replace: bool) -> None:
    """Point Django at ``url``, creating (or with ``replace`` recreating) the database."""
    if url.startswith("sqlite:///"):
        path = Path(url.removeprefix("sqlite:///"))
        if not path.is_absolute():
            path = ROOT / path
            url = f"sqlite:///{path}"
        if path.exists() and replace:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
        path.parent.mkdir(parents=True, exist_ok=True)
    elif url.startswith("postgres"):
        from urllib.parse import urlsplit, urlunsplit

        import psycopg

        parts = urlsplit(url)
        name = parts.path.lstrip("/")
        admin = urlunsplit(parts._replace(path="/postgres"))
        with psycopg.connect(admin, autocommit=True) as conn:
            exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
            if exists and replace:
                conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
                exists = None
            if not exists:
                conn.execute(f'CREATE DATABASE "{name}"')
    os.environ["DATABASE_URL"] = url


def setup_django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "leitstern.config.settings")
    os.environ.setdefault("LEITSTERN_DATA_DIR", str(ROOT / "data"))
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def build(
    *,
    scale_factor: float = 1.0,
    scale=None,
    seed: int = 1,
    slug: str = "large",
    analyze: bool = True,
    out=print,
) -> object:
    """Generate the large workspace into the configured database; returns the context."""
    from django.db import connection, transaction
    from django.utils import timezone

    from leitstern.core.large import FULL, LargeContext

    generators, verifiers = registry()
    context = LargeContext(
        scale=scale or (FULL.times(scale_factor) if scale_factor != 1 else FULL),
        today=timezone.localdate(),
        rng=random.Random(seed),
        slug=slug,
    )
    total = time.perf_counter()
    with transaction.atomic():
        for name, generate in generators:
            start = time.perf_counter()
            generate(context)
            out(f"  {name}: {time.perf_counter() - start:.1f} s")
    if analyze and connection.vendor == "postgresql":
        # What autovacuum would do after such inserts, done now so plans are those of a
        # database in use.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    out(f"  written in {time.perf_counter() - total:.1f} s:")
    for label, count in sorted(context.counts.items()):
        out(f"    {label}: {count:,}")
    problems = [problem for verify in verifiers for problem in verify(context)]
    for problem in problems:
        out(f"  PROBLEM: {problem}")
    if problems:
        raise SystemExit(1)
    return context


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", required=True, help="sqlite:///PATH or postgres://…")
    parser.add_argument("--scale", type=float, default=1.0, help="1 = the full size")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--replace", action="store_true", help="drop an existing database")
    args = parser.parse_args()
    prepare_database(args.database, replace=args.replace)
    setup_django(os.environ["DATABASE_URL"])
    from django.core.management import call_command

    from leitstern.workspaces.models import Workspace

    call_command("migrate", verbosity=0)
    if Workspace.objects.filter(slug="large").exists():
        raise SystemExit("The large workspace exists in this database; use --replace.")
    print(f"Building the large workspace (scale {args.scale}, seed {args.seed}) …")
    build(scale_factor=args.scale, seed=args.seed)


if __name__ == "__main__":
    main()
