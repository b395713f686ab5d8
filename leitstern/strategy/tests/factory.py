"""Plain builders for strategy tests (and the access test's samples), through the services."""

from __future__ import annotations

from datetime import date, timedelta
from itertools import count

from django.utils import timezone

from leitstern.strategy import periods, services
from leitstern.strategy.models import CheckIn, Cycle, KeyResult, Metric, Objective

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


# --- Samples for the access walk (``core/tests/test_access.py``) -------------------------


def _metric_value(world, user) -> dict:
    metric = make_metric(world.product, world.owner)
    value = services.metric_value_set(
        actor=world.owner, metric=metric, day=date(2026, 1, 5), value=3.0
    )
    return {"pk": metric.pk, "value_id": value.pk}


def _check_in(world) -> int:
    return services.check_in_record(actor=world.owner, key_result=make_okr(world), confidence=5).pk


def _import_job(world, user) -> dict:
    job = make_import_job(world)
    return {"pk": job.target_id, "job": job.pk}


# URL arguments by route name: ``(world, requesting user or None) -> kwargs``.
ROUTE_SAMPLES = {
    **{
        f"strategy:{name}": lambda w, u: {"product_id": w.product.pk}
        for name in ["product", "metric_new"]
    },
    **{
        f"strategy:{name}": lambda w, u: {"pk": make_metric(w.product, w.owner).pk}
        for name in [
            "metric",
            "metric_edit",
            "metric_delete",
            "value_add",
            "metric_import",
            "target_add",
            "annotation_add",
            "metric_csv",
        ]
    },
    "strategy:value_delete": _metric_value,
    **{f"strategy:{name}": _import_job for name in ["metric_import_job", "metric_import_apply"]},
    **{
        f"strategy:{name}": lambda w, u: {"pk": make_cycle(w.workspace, w.owner).pk}
        for name in [
            "cycle",
            "cycle_edit",
            "cycle_close",
            "cycle_csv",
            "cycle_markdown",
            "objective_new",
        ]
    },
    **{
        f"strategy:{name}": lambda w, u: {"pk": make_okr(w).objective_id}
        for name in [
            "objective",
            "objective_edit",
            "objective_delete",
            "objective_review",
            "objective_carry",
            "key_result_new",
        ]
    },
    **{
        f"strategy:{name}": lambda w, u: {"pk": make_okr(w).pk}
        for name in ["key_result", "key_result_edit", "key_result_delete", "check_in"]
    },
    "strategy:check_in_delete": lambda w, u: {"pk": _check_in(w)},
}

# API path parameters by name: ``world -> value``.
API_PATH_SAMPLES = {
    "metric_id": lambda w: make_metric(w.product, w.owner).pk,
    "cycle_id": lambda w: make_cycle(w.workspace, w.owner).pk,
    "objective_id": lambda w: make_objective(make_cycle(w.workspace, w.owner), w.owner).pk,
    "key_result_id": lambda w: make_okr(w).pk,
    "check_in_id": _check_in,
}

# A valid body per operation id, so access (not validation) decides the answer.
API_BODIES = {
    "leitstern_strategy_api_metric_create": lambda: {"name": f"Repeat rate {next(_n)}"},
    "leitstern_strategy_api_metric_update": lambda: {"description": f"Counted {next(_n)}"},
    "leitstern_strategy_api_metric_values_push": lambda: {
        "values": [{"date": "2026-01-05", "value": next(_n)}]
    },
    "leitstern_strategy_api_cycle_create": lambda: {
        "name": f"Cycle {next(_n)}",
        "starts_on": "2026-01-01",
        "ends_on": "2026-03-31",
    },
    "leitstern_strategy_api_cycle_close": lambda: {},
    "leitstern_strategy_api_objective_create": lambda: {"title": f"Happier shoppers {next(_n)}"},
    "leitstern_strategy_api_objective_update": lambda: {"description": f"Why {next(_n)}"},
    "leitstern_strategy_api_key_result_create": lambda: {
        "title": f"Raise repeat purchases to {next(_n)}%",
        "target": 90,
    },
    "leitstern_strategy_api_key_result_update": lambda: {"title": f"Raise NPS to {next(_n)}"},
    "leitstern_strategy_api_check_in_create": lambda: {"confidence": 7},
}

# Real ids of a workspace by API path parameter, for the API fuzzing (api/tests/test_fuzz.py).
FUZZ_IDS = {
    "metric_id": lambda workspace: Metric.objects.filter(product__workspace=workspace),
    "cycle_id": lambda workspace: Cycle.objects.filter(workspace=workspace),
    "objective_id": lambda workspace: Objective.objects.filter(cycle__workspace=workspace),
    "key_result_id": lambda workspace: KeyResult.objects.filter(
        objective__cycle__workspace=workspace
    ),
    "check_in_id": lambda workspace: CheckIn.objects.filter(
        key_result__objective__cycle__workspace=workspace
    ),
}
