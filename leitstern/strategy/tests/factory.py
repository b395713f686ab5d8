"""Plain builders for strategy tests (and the access test's samples), through the services."""

from __future__ import annotations

from datetime import date, timedelta
from itertools import count

from django.utils import timezone

from leitstern.strategy import periods, services
from leitstern.strategy.models import Cycle, KeyResult, Metric, Objective

_n = count(1)


def make_metric(product, actor, name: str = "", **data) -> Metric:
    return services.metric_create(
        actor=actor, product=product, name=name or f"Metric {next(_n)}", **data
    )


def make_cycle(workspace, actor, *, today: date | None = None, **data) -> Cycle:
    """The quarter around ``today`` (default: now), named uniquely."""
    start, end = periods.quarter_bounds(today or timezone.localdate())
    data.setdefault("starts_on", start)
    data.setdefault("ends_on", end)
    data.setdefault("name", f"{periods.quarter_name(start)} #{next(_n)}")
    return services.cycle_create(actor=actor, workspace=workspace, **data)


def make_past_cycle(workspace, actor) -> Cycle:
    start, _end = periods.quarter_bounds(timezone.localdate())
    return make_cycle(workspace, actor, today=start - timedelta(days=1))


def make_objective(cycle, actor, title: str = "", **data) -> Objective:
    data.setdefault("owner", actor)
    data.setdefault("kind", "committed")
    return services.objective_create(
        actor=actor, cycle=cycle, title=title or f"Delight shoppers {next(_n)}", **data
    )


def make_key_result(objective, actor, title: str = "", **data) -> KeyResult:
    data.setdefault("baseline", 10.0)
    data.setdefault("target", 20.0)
    return services.key_result_create(
        actor=actor,
        objective=objective,
        title=title or f"Raise repeat purchases from 10 to 20 ({next(_n)})",
        **data,
    )


def make_okr(world) -> KeyResult:
    """A key result in an objective of a running cycle of the world's workspace."""
    cycle = make_cycle(world.workspace, world.owner)
    objective = make_objective(cycle, world.owner, product=world.product)
    return make_key_result(objective, world.owner)


def import_metric(world) -> Metric:
    """A metric of the world's product to import values into."""
    return make_metric(world.product, world.owner)


def make_import_job(world):
    """A previewed upload of values for a new metric of the world's product."""
    from leitstern.core.imports.flow import import_start
    from leitstern.strategy.importers import METRIC_VALUES

    return import_start(
        actor=world.owner,
        importer=METRIC_VALUES,
        target=import_metric(world),
        filename="values.csv",
        data=b"date,value\n2026-01-05,3\n",
    )
