"""Fixtures of the kernel's guard tests: the demo company, seeded once per test module."""

from __future__ import annotations

from collections.abc import Iterator

import pytest


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker) -> Iterator[object]:
    """The seeded demo workspace, shared by the tests of one module.

    It is seeded inside a transaction that is rolled back when the module is done, so no
    other test ever sees it; each test runs in a savepoint inside it (the ``db`` fixture),
    so what one test writes is gone before the next. Callbacks that the seeder leaves for
    after the commit (tracking forecasts) run at once, as they would in production."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import transaction
    from django.test import TestCase

    from leitstern.core.tests.demo_snapshot import seed_demo_for_tests
    from leitstern.site.demo import DEMO_SLUG, seed_demo
    from leitstern.workspaces.models import Workspace

    def seed() -> None:
        with TestCase.captureOnCommitCallbacks(execute=True):
            seed_demo(log=lambda _line: None)

    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            # Seeded once per test process on SQLite, copied for later modules
            # (demo_snapshot.py): the same rows, without the seconds of seeding.
            seed_demo_for_tests(seed)
            yield Workspace.objects.get(slug=DEMO_SLUG)
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            ContentType.objects.clear_cache()
