"""Races of consent and merges: PostgreSQL in-process, SQLite on a file."""

from __future__ import annotations

import pytest

from leitstern.core.tests.scenarios import run_on_sqlite_file
from leitstern.research.tests import races

# The SQLite pass starts a process and races threads in it: handed out first (`long`).
pytestmark = [pytest.mark.concurrency, pytest.mark.long]

SCENARIOS = [
    "same_consent_link_twice",
    "withdrawal_while_scheduling",
    "two_merges_of_one_duplicate",
]


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_on_postgresql(racing_db, scenario):
    assert getattr(races, scenario)() == []


def test_on_a_sqlite_file(sqlite_file_db):
    """Every scenario, fewer tries: SQLite serialises writers, so what this checks is that
    the rules hold and nobody is refused with "database is locked"."""
    names = [f"{races.__name__}:{scenario}" for scenario in SCENARIOS]
    results = run_on_sqlite_file(names, sqlite_file_db, tries=4)
    assert results == {name: [] for name in names}
