"""A business case from the database as the engine's ``Case``, a template's ``Case`` as rows,
and the engine's problems as messages in the reader's language."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

from django.utils.translation import gettext as _

from leitstern.cases import estimates
from leitstern.cases.models import (
    BusinessCase,
    CaseActual,
    CaseCorrelation,
    CaseEvent,
    CaseLine,
    CasePhase,
    Driver,
    LineKind,
)
from leitstern.engines import cases as engine
from leitstern.engines.cases import templates as engine_templates

_DRIVERS: dict[str, type] = {
    Driver.STAFF: engine.Staff,
    Driver.USAGE: engine.Usage,
    Driver.REVENUE: engine.Revenue,
    Driver.SAVINGS: engine.Savings,
    Driver.RISK: engine.RiskReduction,
    Driver.AMOUNT: engine.Amount,
}
_DRIVER_NAMES = {cls: name for name, cls in _DRIVERS.items()}


def _driver(line: CaseLine) -> Any:
    from leitstern.cases.models import DRIVER_FIELDS

    values = line.values or {}
    return _DRIVERS[line.driver](
        **{name: estimates.to_engine(values.get(name)) for name in DRIVER_FIELDS[line.driver]}
    )


def _step_ups(line: CaseLine) -> tuple[engine.StepUp, ...]:
    return tuple(
        engine.StepUp(phase=step["phase"], factor=estimates.to_engine(step["factor"]))
        for step in line.step_ups or []
    )


def engine_line(line: CaseLine) -> engine.CostLine | engine.BenefitLine:
    common: dict[str, Any] = {
        "key": line.key,
        "name": line.name,
        "driver": _driver(line),
        "phase": line.phase or None,
        "until": line.until or None,
        "start_month": line.start_month,
        "end_month": line.end_month,
        "step_ups": _step_ups(line),
        "event": line.event or None,
        "note": line.note,
    }
    if line.kind == LineKind.COST:
        return engine.CostLine(category=line.category, recurring=line.recurring, **common)
    return engine.BenefitLine(
        lag_months=estimates.to_engine(line.lag_months),
        ramp_months=estimates.to_engine(line.ramp_months),
        **common,
    )


def engine_case(
    case: BusinessCase,
    *,
    phases: Sequence[CasePhase] | None = None,
    lines: Sequence[CaseLine] | None = None,
    actuals: Sequence[CaseActual] | None = None,
    events: Sequence[CaseEvent] | None = None,
    correlations: Sequence[CaseCorrelation] | None = None,
) -> engine.Case:
    """The case as the engine reads it (rows given replace the stored ones: a form checks
    its change before saving)."""
    phases = list(case.phases.all()) if phases is None else list(phases)
    lines = list(case.lines.all()) if lines is None else list(lines)
    actuals = list(case.actuals.all()) if actuals is None else list(actuals)
    events = list(case.events.all()) if events is None else list(events)
    correlations = list(case.correlations.all()) if correlations is None else list(correlations)
    return engine.Case(
        name=case.name,
        horizon_months=case.horizon_months,
        discount_rate=case.discount_rate,
        currency=case.currency,
        phases=tuple(
            engine.Phase(
                key=p.key,
                name=p.name,
                start_month=p.start_month,
                end_month=p.end_month,
                probability=p.probability,
                if_missed=p.if_missed,
            )
            for p in sorted(phases, key=lambda p: (p.start_month, p.pk or 0))
        ),
        events=tuple(
            engine.Event(key=e.key, name=e.name, probability=e.probability, note=e.note)
            for e in events
        ),
        costs=tuple(engine_line(line) for line in lines if line.kind == LineKind.COST),
        benefits=tuple(engine_line(line) for line in lines if line.kind == LineKind.BENEFIT),
        correlations=tuple(engine.Correlation(c.first, c.second, c.rank) for c in correlations),
        actuals=tuple(
            engine.Actual(
                month=a.month,
                cost=a.cost,
                benefit=a.benefit,
                cost_by_category=dict(a.cost_by_category) or None,
            )
            for a in sorted(actuals, key=lambda a: a.month)
        ),
    )


def template_rows(name: str) -> tuple[engine.Case, list[dict], list[dict]]:
    """The engine's template ``name`` and its phases and lines as field values for rows."""
    template = engine_templates.template(name)
    phases = [
        {
            "key": p.key,
            "name": p.name,
            "start_month": p.start_month,
            "end_month": p.end_month,
            "probability": p.probability,
            "if_missed": p.if_missed,
            "note": p.note,
        }
        for p in template.phases
    ]
    lines: list[dict] = []
    for kind, group in ((LineKind.COST, template.costs), (LineKind.BENEFIT, template.benefits)):
        for position, line in enumerate(group):
            driver = _DRIVER_NAMES[type(line.driver)]
            fields = {
                name: estimates.from_engine(getattr(line.driver, name))
                for name in _fields_of(driver)
            }
            row: dict[str, Any] = {
                "key": line.key,
                "kind": kind,
                "name": line.name,
                "driver": driver,
                "values": fields,
                "phase": line.phase or "",
                "until": line.until or "",
                "start_month": line.start_month,
                "end_month": line.end_month,
                "step_ups": [
                    {"phase": s.phase, "factor": estimates.from_engine(s.factor)}
                    for s in line.step_ups
                ],
                "note": line.note,
                "position": position,
            }
            if kind == LineKind.COST:
                row["category"] = line.category
                row["recurring"] = line.recurring
            else:
                row["category"] = _benefit_category(driver)
                row["lag_months"] = estimates.from_engine(line.lag_months)
                row["ramp_months"] = estimates.from_engine(line.ramp_months)
            lines.append(row)
    return template, phases, lines


def _fields_of(driver: str) -> tuple[str, ...]:
    from leitstern.cases.models import DRIVER_FIELDS

    return DRIVER_FIELDS[driver]


def _benefit_category(driver: str) -> str:
    return {Driver.REVENUE: "revenue", Driver.SAVINGS: "savings", Driver.RISK: "risk"}.get(
        driver, "other"
    )


# --- problems in the reader's language ------------------------------------------------------


def problem_message(problem: engine.Problem) -> str:
    p = problem.params
    messages = {
        "negative": _("This cannot be below zero."),
        "not_a_probability": _("Give a share or probability between 0 and 1 (0.25 is 25%)."),
        "out_of_range": _("Give a value from %(min)s to %(max)s."),
        "upper_below_lower": _("The upper bound is below the lower bound."),
        "three_point_order": _("Give the three points in order: lowest ≤ most likely ≤ highest."),
        "lognormal_needs_positive": _("A lognormal range needs both bounds above zero."),
        "invalid_horizon": _("The horizon is a whole number of months, at least 1."),
        "phase_ends_before_start": _("The phase ends before it starts."),
        "phase_outside_horizon": _("The phase ends after the case's horizon."),
        "unknown_phase": _("The case has no phase “%(phase)s”."),
        "one_off_driver": _("A one-off cost is a plain amount."),
        "one_off_step_up": _("A one-off cost cannot step up."),
        "line_before_phase": _("The line starts before its phase does."),
        "line_ends_before_start": _("The line ends before it starts."),
        "line_outside_horizon": _("The line runs past the case's horizon."),
        "step_up_outside_line": _("The step-up's phase starts outside the line's months."),
        "duplicate_step_up": _("Two step-ups name the same phase."),
        "invalid_month": _("Give a month from 1 to the horizon (%(horizon)s)."),
        "duplicate_actual": _("This month already has actuals."),
        "actual_categories": _(
            "The costs by category add up to %(sum)s, not to the cost given (%(total)s)."
        ),
        "invalid_category": _("Choose one of the cost categories."),
        "unknown_event": _("The case has no yes/no event “%(event)s”."),
        "duplicate_key": _("The key “%(key)s” is used twice."),
        "unknown_input": _("The case has no input %(input)s."),
        "not_uncertain": _(
            "“%(input)s” is known exactly (a single number, or a chance of 0 or 1); only "
            "uncertain inputs can be correlated."
        ),
        "self_correlation": _("An input cannot be correlated with itself."),
        "duplicate_correlation": _("These two inputs are already correlated."),
        "invalid_correlation": _("Give a rank correlation from -1 to 1."),
        "correlation_not_psd": _(
            "These correlations cannot all hold at once (together they are not a possible "
            "correlation matrix): weaken some of them."
        ),
        "too_many": _("Too many entries: at most %(max)s are accepted."),
    }
    template = messages.get(problem.code)
    if template is None:
        return _("This value is not accepted (%(code)s).") % {"code": problem.code}
    try:
        return template % {key: value for key, value in p.items()}
    except (KeyError, TypeError, ValueError):
        return template.split("%(")[0].strip() or problem.code


_PATH = re.compile(r"^(costs|benefits)\[(\d+)\]\.([a-z_]+)")


def line_field(problem: engine.Problem) -> str:
    """The form field a line's problem is about (``fte``, ``step_ups``, ``phase`` …)."""
    match = _PATH.match(problem.field)
    if not match:
        return "__all__"
    name = match.group(3)
    return {"start_month": "phase", "end_month": "until"}.get(name, name)


def problems_of_line(problems: Iterable[engine.Problem], line_key: str) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for problem in problems:
        if problem.params.get("line") == line_key:
            found.setdefault(line_field(problem), []).append(problem_message(problem))
    return found


def case_field(problem: engine.Problem) -> str:
    """The case form's field for a problem of the case as a whole (``__all__`` otherwise)."""
    head = problem.field.split(".")[0].split("[")[0]
    return head if head in {"horizon_months", "discount_rate", "currency"} else "__all__"
