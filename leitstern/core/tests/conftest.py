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
    from django.db import transaction
    from django.test import TestCase

    from leitstern.site.demo import DEMO_SLUG, seed_demo
    from leitstern.workspaces.models import Workspace

    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            with TestCase.captureOnCommitCallbacks(execute=True):
                seed_demo(log=lambda _line: None)
            yield Workspace.objects.get(slug=DEMO_SLUG)
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
