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
        before = transaction.savepoint_create()
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
        before = transaction.savepoint_create()
        assert demo_snapshot.seed_demo_for_tests(_seed) == "seeded"
        transaction.savepoint_rollback(before)
        own = User.objects.create_user(email="operator@example.com", password="x" * 12)
        assert demo_snapshot.seed_demo_for_tests(_seed) == "seeded"
        assert User.objects.filter(pk=own.pk).exists()
        transaction.set_rollback(True)


@pytest.mark.skipif("connection.vendor != 'sqlite'")
def test_content_types_refilled_under_new_ids_do_not_stop_the_copy(db):
    """After a transactional test Django empties every table and refills the content types
    and permissions under new ids; the copy brings back the kept ones with the rest."""
    from django.apps import apps
    from django.contrib.auth.management import create_permissions
    from django.contrib.contenttypes.management import create_contenttypes
    from django.contrib.contenttypes.models import ContentType

    demo_snapshot._kept = None
    with transaction.atomic():
        before = transaction.savepoint_create()
        assert demo_snapshot.seed_demo_for_tests(_seed) == "seeded"
        seeded = _counts()
        transaction.savepoint_rollback(before)
        old_ids = set(ContentType.objects.values_list("pk", flat=True))
        ContentType.objects.all().delete()
        ContentType.objects.clear_cache()
        for config in apps.get_app_configs():
            create_contenttypes(config, verbosity=0)
            create_permissions(config, verbosity=0)
        assert not old_ids & set(ContentType.objects.values_list("pk", flat=True))
        assert demo_snapshot.seed_demo_for_tests(_seed) == "copied"
        assert _counts() == seeded
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA foreign_key_check")
            assert cursor.fetchall() == []
        transaction.set_rollback(True)
    ContentType.objects.clear_cache()
