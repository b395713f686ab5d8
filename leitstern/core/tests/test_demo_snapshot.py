"""The demo copied for a later module (demo_snapshot.py) is the demo the seeding makes."""

from __future__ import annotations

import pytest
from django.db import connection, transaction
from django.test import TestCase

from leitstern.core.tests import demo_snapshot
from leitstern.site.demo import seed_demo


def _seed() -> None:
    with TestCase.captureOnCommitCallbacks(execute=True):
        seed_demo(log=lambda _line: None)


def _counts() -> dict[str, int]:
    with connection.cursor() as cursor:
        counts = {}
        for table in demo_snapshot._tables():
            cursor.execute(f'SELECT COUNT(*) FROM "{table}"')
            counts[table] = cursor.fetchone()[0]
        return counts


@pytest.mark.skipif("connection.vendor != 'sqlite'")
def test_a_copied_demo_has_the_rows_a_fresh_seeding_makes(db):
    with transaction.atomic():
        _seed()
        fresh = _counts()
        transaction.set_rollback(True)
    assert sum(fresh.values()) > 5000, "the seeding made fewer rows than the demo has"

    with transaction.atomic():
        demo_snapshot.seed_demo_for_tests(_seed)  # seeds and keeps, or copies
        demo_snapshot.seed_demo_for_tests(_seed)  # copies
        assert _counts() == fresh
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA foreign_key_check")
            assert cursor.fetchall() == []
            # The search index still matches its table (the triggers kept it).
            cursor.execute(
                "INSERT INTO research_search_fts(research_search_fts) VALUES ('integrity-check')"
            )
        transaction.set_rollback(True)
