"""A change and its activity entry commit together or not at all.

The entry is written in the change's own transaction: when its insert fails, the change is
rolled back with it, so there is never a committed change without its record. These tests
make the database itself refuse activity entries (a trigger), commit for real
(transactional tests), and check every service that records activity is atomic."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import pytest
from django.db import DatabaseError, connection

from leitstern.activity.models import ActivityEntry
from leitstern.products.models import Product
from leitstern.products.services import product_update
from leitstern.strategy import services as strategy
from leitstern.strategy.models import CheckIn, KeyResult, MetricValue
from leitstern.strategy.tests.factory import make_metric, make_okr
from leitstern.teams.models import Team
from leitstern.teams.services import team_create, team_update
from leitstern.testing import make_world

PACKAGE = Path(__file__).resolve().parents[2]


@contextmanager
def activity_refused() -> Iterator[None]:
    """While inside, the database refuses every new activity entry (a trigger)."""
    table = ActivityEntry._meta.db_table
    postgres = connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        if postgres:
            cursor.execute(
                "CREATE FUNCTION refuse_activity() RETURNS trigger AS $$ "
                "BEGIN RAISE EXCEPTION 'activity refused'; END $$ LANGUAGE plpgsql"
            )
            cursor.execute(
                f"CREATE TRIGGER refuse_activity BEFORE INSERT ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION refuse_activity()"
            )
        else:
            cursor.execute(
                f"CREATE TRIGGER refuse_activity BEFORE INSERT ON {table} "
                "BEGIN SELECT RAISE(ABORT, 'activity refused'); END"
            )
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TRIGGER refuse_activity{f' ON {table}' if postgres else ''}")
            if postgres:
                cursor.execute("DROP FUNCTION refuse_activity()")


@pytest.fixture
def world(transactional_db):
    """The shared world, committed for real: these tests need real rollbacks."""
    return make_world()


def test_a_product_change_is_rolled_back_with_its_refused_entry(world):
    with activity_refused(), pytest.raises(DatabaseError, match="activity refused"):
        product_update(actor=world.owner, product=world.product, name="Renamed")
    stored = Product.objects.get(pk=world.product.pk)
    assert (stored.name, stored.version) == ("Storefront", 1)
    # Without the refusal the same change goes through, with its entry.
    product_update(actor=world.owner, product=stored, name="Renamed")
    assert ActivityEntry.objects.filter(kind="product.updated").count() == 1


def test_a_team_change_with_members_is_rolled_back_whole(world):
    team = team_create(actor=world.owner, workspace=world.workspace, name="Core")
    with activity_refused(), pytest.raises(DatabaseError, match="activity refused"):
        team_update(actor=world.owner, team=team, name="Core 2", members=[world.editor])
    stored = Team.objects.get(pk=team.pk)
    assert stored.name == "Core" and not stored.members.exists()


def test_a_check_in_is_rolled_back_with_its_refused_entry(world):
    kr = make_okr(world)
    with activity_refused(), pytest.raises(DatabaseError, match="activity refused"):
        strategy.check_in_record(actor=world.contributor, key_result=kr, confidence=7, value=15)
    assert KeyResult.objects.get(pk=kr.pk).current is None
    assert not CheckIn.objects.exists()


def test_a_bulk_push_is_rolled_back_with_its_refused_entry(world):
    metric = make_metric(world.product, world.owner)
    values = [(date(2026, 1, 1 + i), float(i), "") for i in range(20)]
    with activity_refused(), pytest.raises(DatabaseError, match="activity refused"):
        strategy.metric_values_record(actor=world.owner, metric=metric, values=values)
    assert not MetricValue.objects.exists()


# --- every service that records activity is atomic -----------------------------------


def _service_modules() -> list[Path]:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE).parts
        if "tests" in parts or "migrations" in parts:
            continue
        if path.name == "services.py" or "services" in parts[:-1]:
            found.append(path)
    return found


def _is_atomic(node: ast.expr) -> bool:
    target = node.func if isinstance(node, ast.Call) else node
    return ast.unparse(target) in ("transaction.atomic", "atomic")


def _calls(function: ast.FunctionDef, names: set[str], *, outside_atomic: bool) -> bool:
    """Whether ``function`` calls one of ``names`` (only counting calls outside a
    transaction it opens itself, ``@transaction.atomic`` or ``with transaction.atomic()``,
    when ``outside_atomic``)."""
    if outside_atomic and any(_is_atomic(d) for d in function.decorator_list):
        return False

    def visit(node: ast.AST, covered: bool) -> bool:
        if isinstance(node, ast.With) and any(_is_atomic(i.context_expr) for i in node.items):
            covered = outside_atomic
        if isinstance(node, ast.Call) and not covered:
            called = node.func
            name = called.attr if isinstance(called, ast.Attribute) else getattr(called, "id", "")
            if name in names:
                return True
        return any(visit(child, covered) for child in ast.iter_child_nodes(node))

    return visit(function, False)


WRITES = {"activity_record", "update_versioned"}


def test_every_service_that_records_activity_is_atomic():
    """A service that writes and records its entry must do both in one transaction it
    opens (``@transaction.atomic`` or ``with transaction.atomic()``); a private helper
    that records may leave that to its callers, which are then held to the same rule.
    ``activity_record`` also refuses to run outside a transaction, but only this catches a
    service that the tests happen to call inside another one."""
    modules = _service_modules()
    assert len(modules) >= 8  # products, teams, strategy, workspaces, accounts, forecasts …
    offenders, checked = [], 0
    for path in modules:
        tree = ast.parse(path.read_text())
        functions = [node for node in tree.body if isinstance(node, ast.FunctionDef)]
        names = set(WRITES)
        while True:  # private helpers that write outside a transaction pass the duty on
            more = {
                f.name
                for f in functions
                if f.name.startswith("_") and _calls(f, names, outside_atomic=True)
            }
            if more <= names:
                break
            names |= more
        for function in functions:
            if function.name.startswith("_"):
                continue
            checked += _calls(function, names, outside_atomic=False)
            if _calls(function, names, outside_atomic=True):
                offenders.append(f"{path.relative_to(PACKAGE)}:{function.lineno} {function.name}")
    assert checked >= 30
    assert offenders == []
