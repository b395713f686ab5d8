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

    demo_snapshot._kept = None  # whatever another module of this process kept
    with transaction.atomic():
        before = transaction.savepoint()
        assert demo_snapshot.seed_demo_for_tests(_seed) == "seeded"
        transaction.savepoint_rollback(before)
        assert demo_snapshot.seed_demo_for_tests(_seed) == "copied"
        assert _counts() == fresh
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA foreign_key_check")
            assert cursor.fetchall() == []
            # The search index still matches its table (the triggers kept it).
            cursor.execute(
                "INSERT INTO research_search_fts(research_search_fts) VALUES ('integrity-check')"
            )
        transaction.set_rollback(True)


@pytest.mark.skipif("connection.vendor != 'sqlite'")
def test_a_database_with_rows_of_its_own_is_seeded_not_copied_over(db):
    """A module whose fixtures wrote rows before it asked for the demo keeps them: the demo
    is seeded next to them, and the kept copy is not used."""
    from leitstern.accounts.models import User

    demo_snapshot._kept = None
    with transaction.atomic():
        before = transaction.savepoint()
        assert demo_snapshot.seed_demo_for_tests(_seed) == "seeded"
        transaction.savepoint_rollback(before)
        own = User.objects.create_user(email="operator@example.com", password="x" * 12)
        assert demo_snapshot.seed_demo_for_tests(_seed) == "seeded"
        assert User.objects.filter(pk=own.pk).exists()
        transaction.set_rollback(True)
