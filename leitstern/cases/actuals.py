"""Actual costs and benefits of the months already over: recorded (the cost optionally
split by cost category), removed, and set beside the plan per month and per category. The
simulation keeps recorded months fixed and plays only the months after them."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from leitstern.accounts.models import User
from leitstern.activity.services import activity_record
from leitstern.cases import kinds, mapping
from leitstern.cases.models import (
    COST_CATEGORIES,
    BusinessCase,
    CaseActual,
    CaseLine,
    CasePhase,
    Category,
    LineKind,
)
from leitstern.cases.services import _locked, _raise_for, _touch
from leitstern.engines import cases as engine


@transaction.atomic
def actual_record(
    *,
    actor: User,
    case: BusinessCase,
    month: int,
    cost: float | None = None,
    benefit: float,
    note: str = "",
    cost_by_category: dict[str, float] | None = None,
) -> CaseActual:
    """What a month really cost and brought; recording a month again replaces it. The cost
    may be split by cost category; without ``cost`` it is the sum of the split, with it the
    split must add up to it. Two people recording the same month at once both succeed, the
    later one wins (the case's row lock orders them), and neither sees an error."""
    case = _locked(case)
    if not 1 <= month <= case.horizon_months:
        raise ValidationError(
            {"month": _("Give a month from 1 to %(horizon)d.") % {"horizon": case.horizon_months}}
        )
    split = {name: float(value) for name, value in (cost_by_category or {}).items() if value}
    if cost is None:
        cost = sum(split.values())
    actual = CaseActual.objects.filter(case=case, month=month).first()
    created = actual is None
    if actual is None:
        actual = CaseActual(case=case, month=month)
    elif (actual.cost, actual.benefit, actual.note, actual.cost_by_category) == (
        cost,
        benefit,
        note,
        split,
    ):
        return actual
    before = ["", ""] if created else [f"{actual.cost:g}", f"{actual.benefit:g}"]
    actual.cost, actual.benefit, actual.note, actual.recorded_by = cost, benefit, note, actor
    actual.cost_by_category = split
    actual.full_clean(exclude=["case"])
    others = [a for a in case.actuals.all() if a.month != month]
    try:
        engine.validate_case(mapping.engine_case(case, actuals=[*others, actual]))
    except engine.CaseInputError as error:
        _raise_for(error.problems, _actual_field)
    # Two first recordings of one month wait for each other on the case's row lock: the
    # later one finds the earlier row above and replaces it.
    actual.save()
    _touch(case)
    activity_record(
        workspace=case.workspace,
        actor=actor,
        kind=kinds.ACTUAL_RECORDED,
        target=case,
        changes={f"month {month}": [" / ".join(before).strip(" /"), f"{cost:g} / {benefit:g}"]},
        note=note,
    )
    return actual


def _actual_field(problem: engine.Problem) -> str:
    """The actuals form's field for a problem: ``cost_<category>`` for a category's amount,
    ``cost`` for a split that does not add up."""
    parts = problem.field.split(".")
    if len(parts) >= 3 and parts[1] == "cost_by_category":
        return f"cost_{parts[2]}"
    if len(parts) == 2 and parts[1] in ("cost_by_category", "cost", "benefit", "month"):
        return "cost" if parts[1] == "cost_by_category" else parts[1]
    return "__all__"


@transaction.atomic
def actual_delete(*, actor: User, actual: CaseActual) -> None:
    case = _locked(actual.case)
    month = actual.month
    actual.delete()
    _touch(case)
    activity_record(
        workspace=case.workspace,
        actor=actor,
        kind=kinds.ACTUAL_RECORDED,
        target=case,
        changes={f"month {month}": ["…", ""]},
    )


def plan_by_category(
    case: BusinessCase,
    phases: list[CasePhase],
    lines: list[CaseLine],
    recorded: list[CaseActual],
) -> list[dict[str, Any]]:
    """Plan against actual cost per cost category over the months recorded with a split:
    the plan is every estimate at its base value (the engine's deterministic result), the
    actual the recorded split; months recorded without a split are left out of both, and
    said so on the page."""
    split = [a for a in recorded if a.cost_by_category]
    if not split:
        return []
    try:
        plan = engine.deterministic(
            mapping.engine_case(case, phases=phases, lines=lines, actuals=[], correlations=[])
        )
    except engine.CaseInputError:
        return []
    months = [a.month - 1 for a in split if a.month <= len(plan.monthly_cost)]
    planned: dict[str, float] = dict.fromkeys(COST_CATEGORIES, 0.0)
    for flow in plan.lines:
        if flow.kind == LineKind.COST:
            planned[flow.category] += float(sum(flow.monthly[m] for m in months))
    actual: dict[str, float] = dict.fromkeys(COST_CATEGORIES, 0.0)
    for row in split:
        for name, value in row.cost_by_category.items():
            actual[name] = actual.get(name, 0.0) + float(value)
    return [
        {
            "category": name,
            "label": Category(name).label,
            "plan": planned.get(name, 0.0),
            "actual": actual.get(name, 0.0),
            "difference": actual.get(name, 0.0) - planned.get(name, 0.0),
        }
        for name in COST_CATEGORIES
        if planned.get(name) or actual.get(name)
    ]
