"""Races of two editors on one product: PostgreSQL in-process, SQLite on a file."""

from __future__ import annotations

import pytest

from leitstern.core.tests.scenarios import run_on_sqlite_file
from leitstern.products.tests import races

# The SQLite pass starts a process and races threads in it: handed out first (`long`).
pytestmark = [pytest.mark.concurrency, pytest.mark.long]

SCENARIOS = [
    "different_fields_through_forms",
    "different_fields_through_the_api",
    "same_field_through_forms",
    "same_field_through_the_api",
    "same_name_created_twice",
]


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_on_postgresql(racing_db, scenario):
    assert getattr(races, scenario)() == []


def test_on_a_sqlite_file(sqlite_file_db):
    """Every scenario, fewer tries: SQLite serialises writers, so the interleavings that
    matter are few; what this checks is that nobody is refused with "database is locked"
    and nothing is lost."""
    names = [f"{races.__name__}:{scenario}" for scenario in SCENARIOS]
    results = run_on_sqlite_file(names, sqlite_file_db, tries=5)
    assert results == {name: [] for name in names}
