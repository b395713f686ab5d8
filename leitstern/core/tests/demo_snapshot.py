"""The seeded demo, seeded once per test process on SQLite and copied into later modules.

Seeding the demo company through its services costs seconds of CPU, and several guard
modules each want it (the crawl, the round trip, the admin walk …). On SQLite the first
seeding of a process is kept as the rows of every model's table right after it; a later
module that wants the demo replaces every such table's rows with the kept ones, inside its
own transaction (rolled back when it is done, as before). So each module sees the database
exactly as the seeding left it, without running it again.

Kept per process and per day (the demo's dates count from today). The research search
index follows its table through the migration's triggers, so it is not copied itself.
Django's caches are cleared when the rows are put back: ids repeat between modules then, as
they already do between the tests of one module. PostgreSQL seeds every time (its sequences
do not follow inserted ids); ``LEITSTERN_TEST_DEMO_SNAPSHOT=0`` turns the copy off."""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import date

Rows = dict[str, tuple[list[str], list[tuple]]]

# The day, the database before the seeding, and after it.
_kept: tuple[date, Rows, Rows] | None = None


def _tables() -> list[str]:
    from django.apps import apps

    return sorted(
        {
            model._meta.db_table
            for model in apps.get_models(include_auto_created=True)
            if model._meta.managed and not model._meta.proxy
        }
    )


def _read(cursor, tables: list[str]) -> Rows:
    rows = {}
    for table in tables:
        cursor.execute(f'SELECT * FROM "{table}"')
        columns = [column[0] for column in cursor.description]
        rows[table] = (columns, cursor.fetchall())
    return rows


def _write(cursor, rows: Rows) -> None:
    # Foreign keys on SQLite are checked at commit (Django declares them deferred), so the
    # order of tables does not matter inside the transaction.
    for table in rows:
        cursor.execute(f'DELETE FROM "{table}"')
    for table, (columns, values) in rows.items():
        if values:
            names = ", ".join(f'"{name}"' for name in columns)
            marks = ", ".join(["%s"] * len(columns))
            cursor.executemany(f'INSERT INTO "{table}" ({names}) VALUES ({marks})', values)


# Tables that Django refills after every flush of a transactional test (its post_migrate
# signal), under new ids; the copy replaces them along with everything else, so the kept
# rows keep pointing at the content types they were seeded with.
REFILLED = ("django_content_type", "auth_permission")


def _same_start(kept: Rows, before: Rows) -> bool:
    """Whether the database is as the kept seeding found it, apart from the tables Django
    refills under new ids after a transactional test (no fixture's row is in them)."""
    return {t: rows for t, rows in kept.items() if t not in REFILLED} == {
        t: rows for t, rows in before.items() if t not in REFILLED
    }


def seed_demo_for_tests(seed: Callable[[], object]) -> str:
    """The database as ``seed()`` leaves it (the demo seeding, its after-commit callbacks
    run), in the current transaction: seeded the first time, copied afterwards. A copy is
    only made into a database exactly as the kept seeding found it (a module whose own
    fixtures wrote rows first is seeded, and its seeding kept instead), so neither what a
    module wrote before nor what another module had is carried along. Returns
    ``"seeded"`` or ``"copied"``."""
    from django.contrib.contenttypes.models import ContentType
    from django.core.cache import caches
    from django.db import connection

    global _kept
    today = date.today()
    keep = connection.vendor == "sqlite" and os.environ.get("LEITSTERN_TEST_DEMO_SNAPSHOT") != "0"
    if not keep:
        seed()
        return "seeded"
    with connection.cursor() as cursor:
        before = _read(cursor, _tables())
    if _kept is None or _kept[0] != today or not _same_start(_kept[1], before):
        seed()
        with connection.cursor() as cursor:
            _kept = (today, before, _read(cursor, _tables()))
        return "seeded"
    with connection.cursor() as cursor:
        _write(cursor, _kept[2])
    ContentType.objects.clear_cache()
    for cache in caches.all():
        cache.clear()
    return "copied"


def seeded_demo():
    """The demo workspace in the current transaction, as every test that wants it sees it:
    seeded through its services with the callbacks it leaves for after the commit
    (tracking forecasts) run at once, as they are in production; copied after the first
    time (``seed_demo_for_tests``). One seeding for all, so a copy is never another
    module's different world."""
    from django.test import TestCase

    from leitstern.site.demo import DEMO_SLUG, seed_demo
    from leitstern.workspaces.models import Workspace

    def seed() -> None:
        with TestCase.captureOnCommitCallbacks(execute=True):
            seed_demo(log=lambda _line: None)

    seed_demo_for_tests(seed)
    return Workspace.objects.get(slug=DEMO_SLUG)
