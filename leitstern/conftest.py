"""Fixtures shared by every domain's tests: a populated world, the seeded demo company, and
a real Chromium."""

from __future__ import annotations

import gc
import os
import shutil
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.urls import get_resolver
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

# Property tests check what holds, not how fast: on a busy two-core runner one example can
# take longer than Hypothesis' default 200 ms deadline, which made a correct test fail once.
hypothesis_settings.register_profile(
    "leitstern", deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
hypothesis_settings.load_profile("leitstern")

# Playwright's sync API runs an event loop in the test thread; Django refuses ORM calls from
# a thread with a running loop unless told this is deliberate.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# Real data with its origins, kept beside the repository (``../shared/data``).
SHARED_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"


def pytest_configure(config: pytest.Config) -> None:
    """SQLite test databases copy the migrated schema once built (core/tests/schema_cache.py)."""
    from leitstern.core.tests.schema_cache import install

    install()
    # A test process allocates millions of short-lived objects (querysets, template
    # contexts, requests) and holds large long-lived ones (the kept demo copy, the API
    # schema): with Python's default thresholds (700, 10, 10) the collector ran often and
    # walked those each time. Measured on the access walk and the API fuzz in one process:
    # 190 s → 168 s. Collections still run; only less often.
    gc.set_threshold(50_000, 50, 100)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Tests marked ``long`` first, the rest in their order. The workers take whole classes
    or modules (``--dist=loadscope``) as they become free; a long class handed out last
    leaves one worker idle while the other works through it alone. xdist's own order (most
    tests first, ``--no-loadscope-reorder`` turns it off) put the round trips, one test per
    class, last."""
    items.sort(key=lambda item: item.get_closest_marker("long") is None)
    _name_operations(items)
    counted = Counter(item.nodeid for item in items)
    twice = sorted(nodeid for nodeid, n in counted.items() if n > 1)
    if twice:
        raise pytest.UsageError(
            "tests collected under one id (parallel workers are handed ids, so only one of "
            f"each would run): {twice[:5]}"
        )


def _name_operations(items: list[pytest.Item]) -> None:
    """Each API operation of the fuzz (``api/tests/test_fuzz.py``) under an id of its own.
    Schemathesis names its items by operation (``test_…[GET /api/v1/me]``) but pytest 9
    builds the id from the function's name alone, so all 225 shared one id, and the
    parallel run (which hands ids to its workers) fuzzed a single operation."""
    for item in items:
        label = getattr(item, "operation_label", None)
        if label and not item.nodeid.endswith("]"):
            item._id = item.parent.id.child(item.originalname).with_params(label)  # type: ignore[union-attr]  # an item always has a parent


def pytest_runtest_setup(item: pytest.Item) -> None:
    """A test marked ``shared_data`` skips where the shared data is not beside the
    repository, and fails in CI (``CI`` set), where a skip would hide that it never ran."""
    if item.get_closest_marker("shared_data") is None or SHARED_DATA.is_dir():
        return
    message = f"the shared data is not beside the repository ({SHARED_DATA})"
    if os.environ.get("CI"):
        pytest.fail(f"{message}; CI runs every test that needs it", pytrace=False)
    pytest.skip(message)


@pytest.fixture(autouse=True)
def _language_of_the_settings() -> Iterator[None]:
    """Each test starts in the settings' language: a request by a German user leaves German
    active on the thread (as Django's own locale middleware does, so streamed answers are
    still translated), which would otherwise carry over into the next test."""
    from django.utils import translation

    yield
    translation.deactivate()


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker) -> Iterator[object]:
    """The seeded demo workspace, shared by the tests of one module (the crawl, the round
    trip, the admin walk, each app's test of what the demo holds).

    It is seeded inside a transaction that is rolled back when the module is done, so no
    other test ever sees it; each test runs in a savepoint inside it (the ``db`` fixture),
    so what one test writes is gone before the next. Callbacks that the seeder leaves for
    after the commit (tracking forecasts) run at once, as they would in production."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import transaction

    from leitstern.core.tests.demo_snapshot import seeded_demo

    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            # Seeded once per test process on SQLite, copied for later modules
            # (demo_snapshot.py): the same rows, without the seconds of seeding.
            yield seeded_demo()
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            ContentType.objects.clear_cache()


@pytest.fixture
def world(db):
    from leitstern.testing import make_world

    return make_world()


@pytest.fixture
def racing_db(transactional_db):
    """A committed database that threads with their own connections share. SQLite's
    in-memory test database cannot be shared that way, so there the race tests run their
    scenario on a SQLite file in a separate process (``run_on_sqlite_file``) instead."""
    from django.db import connection

    if connection.vendor == "sqlite":
        pytest.skip("runs on PostgreSQL; the SQLite pass runs it on a file in a subprocess")


@pytest.fixture
def sqlite_file_db(transactional_db, tmp_path):
    """For the SQLite pass: a SQLite file with the test database's schema, for a scenario
    run by ``run_on_sqlite_file`` with the production database settings."""
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("the PostgreSQL pass runs this scenario in-process")
    path = tmp_path / "races.sqlite3"
    with connection.cursor() as cursor:
        cursor.execute("VACUUM INTO %s", [str(path)])
    return path


def _chromium_path() -> str | None:
    for candidate in (os.environ.get("LEITSTERN_CHROMIUM"), "chromium", "chromium-browser"):
        if candidate and (
            path := shutil.which(candidate) or (os.path.exists(candidate) and candidate)
        ):
            return path
    return None


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Debian's Chromium driven by Playwright; never a downloaded browser. Skips where no
    Chromium is installed, except when LEITSTERN_REQUIRE_BROWSER is set (CI)."""
    path = _chromium_path()
    if path is None:
        if os.environ.get("LEITSTERN_REQUIRE_BROWSER"):
            pytest.fail("Chromium is required (LEITSTERN_REQUIRE_BROWSER) but not installed.")
        pytest.skip("Chromium is not installed (apt-get install chromium).")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(
            executable_path=path,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield instance
        instance.close()


@pytest.fixture
def page(browser, live_server):
    """A fresh browser context (English) per test. A page that breaks under the
    Content-Security-Policy, or fetches anything from outside Leitstern (a self-hosted
    installation may have no internet), fails its test."""
    # Import every URL module (views, API schemas) before the first page, as a server
    # worker does when it boots: cold, on a busy machine, that alone can take longer than
    # a page may.
    get_resolver().reverse_dict  # noqa: B018
    context = browser.new_context(locale="en-US")
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.csp_errors = []
    page.on(
        "console",
        lambda msg: (
            page.csp_errors.append(msg.text)
            if msg.type == "error" and "Content Security Policy" in msg.text
            else None
        ),
    )
    page.outside_requests = []
    context.on(
        "request",
        lambda request: (
            page.outside_requests.append(request.url)
            if request.url.startswith("http") and not request.url.startswith(live_server.url)
            else None
        ),
    )
    yield page
    context.close()
    assert page.csp_errors == [], f"Content-Security-Policy violations: {page.csp_errors}"
    assert page.outside_requests == [], f"Requests outside Leitstern: {page.outside_requests}"
