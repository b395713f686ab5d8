"""The demo copied for a later module (demo_snapshot.py) is the demo the seeding makes."""

from __future__ import annotations

import pytest
from django.contrib.contenttypes.models import ContentType
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


pytestmark = pytest.mark.skipif("connection.vendor != 'sqlite'")


@pytest.fixture(scope="module")
def fresh(django_db_setup, django_db_blocker):
    """One seeding for the module, kept as the first seeding of a process is; returns each
    table's row count right after it. Whatever this process had kept before is put back
    afterwards, so later modules still copy instead of seeding again."""
    saved = demo_snapshot._kept
    demo_snapshot._kept = None
    try:
        with django_db_blocker.unblock(), transaction.atomic():
            assert demo_snapshot.seed_demo_for_tests(_seed) == "seeded"
            counts = _counts()
            transaction.set_rollback(True)
        ContentType.objects.clear_cache()
        yield counts
    finally:
        demo_snapshot._kept = saved


def test_a_copied_demo_has_the_rows_a_fresh_seeding_makes(fresh, db):
    assert sum(fresh.values()) > 5000, "the seeding made fewer rows than the demo has"

    with transaction.atomic():
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


def test_a_database_with_rows_of_its_own_is_seeded_not_copied_over(fresh, db):
    """A module whose fixtures wrote rows before it asked for the demo keeps them: the demo
    is seeded next to them, and the kept copy is not used."""
    from leitstern.accounts.models import User

    kept = demo_snapshot._kept
    try:
        with transaction.atomic():
            own = User.objects.create_user(email="operator@example.com", password="x" * 12)
            assert demo_snapshot.seed_demo_for_tests(_seed) == "seeded"
            assert User.objects.filter(pk=own.pk).exists()
            assert _counts()["accounts_user"] == fresh["accounts_user"] + 1
            transaction.set_rollback(True)
    finally:
        # That seeding is now the kept one; the next test copies the module's again.
        demo_snapshot._kept = kept


def test_content_types_refilled_under_new_ids_do_not_stop_the_copy(fresh, db):
    """After a transactional test Django empties every table and refills the content types
    and permissions under new ids; the copy brings back the kept ones with the rest."""
    from django.apps import apps
    from django.contrib.auth.management import create_permissions
    from django.contrib.contenttypes.management import create_contenttypes

    with transaction.atomic():
        old_ids = set(ContentType.objects.values_list("pk", flat=True))
        ContentType.objects.all().delete()
        ContentType.objects.clear_cache()
        for config in apps.get_app_configs():
            create_contenttypes(config, verbosity=0)
            create_permissions(config, verbosity=0)
        assert not old_ids & set(ContentType.objects.values_list("pk", flat=True))
        assert demo_snapshot.seed_demo_for_tests(_seed) == "copied"
        assert _counts() == fresh
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA foreign_key_check")
            assert cursor.fetchall() == []
        transaction.set_rollback(True)
    ContentType.objects.clear_cache()
