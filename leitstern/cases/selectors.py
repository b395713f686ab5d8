"""Reads of business cases: the portfolio, and a kept result in words and numbers for the
pages, the exports and the API."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from leitstern.activity.models import ActivityEntry
from leitstern.cases import mapping
from leitstern.cases.forms import FIELD_LABELS
from leitstern.cases.models import BusinessCase, CaseActual, CaseLine, CasePhase, Category
from leitstern.engines import cases as engine
from leitstern.workspaces.models import Workspace


def cases_of(workspace: Workspace) -> QuerySet[BusinessCase]:
    return BusinessCase.objects.filter(workspace=workspace)


def portfolio(workspace: Workspace) -> list[dict[str, Any]]:
    """Every case with its expected NPV and its chance of a loss, best expected NPV first;
    cases without a current result last."""
    rows = []
    for case in cases_of(workspace).only(
        "id", "name", "currency", "result", "revision", "result_revision", "workspace_id"
    ):
        result = case.result or {}
        npv = result.get("npv") or {}
        rows.append(
            {
                "case": case,
                "current": case.result_is_current,
                "mean": npv.get("mean"),
                "p5": (npv.get("percentiles") or {}).get("5"),
                "p95": (npv.get("percentiles") or {}).get("95"),
                "loss": result.get("probability_of_loss"),
                "people_share": (result.get("costs") or {}).get("people_share"),
            }
        )
    rows.sort(key=lambda row: (row["mean"] is None, -(row["mean"] or 0), row["case"].name))
    return rows


def history(case: BusinessCase, limit: int = 50) -> list[ActivityEntry]:
    """The case's changes with why, newest first: the history of its assumptions."""
    return list(
        ActivityEntry.objects.filter(
            workspace_id=case.workspace_id, target_type="cases.businesscase", target_id=case.pk
        )
        .select_related("actor")
        .order_by("-created_at", "-id")[:limit]
    )


def percent(value: float | None, places: int = 0) -> str:
    if value is None:
        return "–"
    return _("%(value)s%%") % {"value": number_format(value * 100, places)}


def money(value: float | None, currency: str) -> str:
    if value is None:
        return "–"
    return f"{number_format(round(value), 0, force_grouping=True)} {currency}"


@dataclass(frozen=True)
class InputRow:
    key: str
    label: str
    low: float
    high: float
    npv_low: float
    npv_high: float
    swing: float
    evpi: float
    evpi_se: float


def input_label(case: BusinessCase, key: str, names: dict[str, str]) -> str:
    """An input's name in the reader's language: "ML engineers: FTE", "Pilot: reached"."""
    parts = key.split(".")
    if parts[0] == "phases" and len(parts) == 2:
        return _("%(phase)s: reached") % {"phase": names.get("phases." + parts[1], parts[1])}
    if parts[0] == "events" and len(parts) == 2:
        return _("%(event)s: happens") % {"event": names.get(key, parts[1])}
    owner = names.get(parts[0], parts[0])
    if len(parts) == 3 and parts[1] == "step_up":
        phase = names.get("phases." + parts[2], parts[2])
        return _("%(line)s: step-up in %(phase)s") % {"line": owner, "phase": phase}
    field = str(FIELD_LABELS.get(parts[-1], parts[-1]))
    return f"{owner}: {field}"


def names_of(case: BusinessCase) -> dict[str, str]:
    names = {line.key: line.name for line in case.lines.all()}
    names.update({f"phases.{p.key}": p.name for p in case.phases.all()})
    names.update({e.input_key: e.name for e in case.events.all()})
    return names


def inputs(case: BusinessCase, result: dict[str, Any]) -> list[InputRow]:
    """Every uncertain input's tornado and EVPI, named; kept on the case object for the
    rest of the request (the page, its summary and its charts read them)."""
    cached = getattr(case, "_input_rows", None)
    if cached is not None and cached[0] is result:
        return cached[1]
    names = names_of(case)
    rows = [
        InputRow(
            key=row["key"],
            label=input_label(case, row["key"], names),
            low=row["low"],
            high=row["high"],
            npv_low=row["npv_low"],
            npv_high=row["npv_high"],
            swing=row["swing"],
            evpi=row["evpi"],
            evpi_se=row["evpi_se"],
        )
        for row in result.get("sensitivity", [])
    ]
    case._input_rows = (result, rows)  # type: ignore[attr-defined]  # per-request memo
    return rows


def payback_within(result: dict[str, Any], month: int) -> float:
    by_month = result["payback"]["by_month"]
    if not by_month:
        return 0.0
    return float(by_month[min(month, len(by_month)) - 1])


def summary(case: BusinessCase, result: dict[str, Any]) -> list[str]:
    """The result in plain sentences, honest about what it is: a spread of possible futures
    from the case's assumptions, not a forecast."""
    currency = case.currency
    npv = result["npv"]
    horizon = case.horizon_months
    sentences = []
    within = min(24, horizon)
    sentences.append(
        _(
            "There is a %(chance)s chance this pays back within %(months)s months, and a "
            "%(end)s chance by the end of the case (%(horizon)s months)."
        )
        % {
            "chance": percent(payback_within(result, within)),
            "months": within,
            "end": percent(result["payback"]["within_horizon"]),
            "horizon": horizon,
        }
    )
    sentences.append(
        _(
            "In %(loss)s of the simulated futures it loses money (net present value below "
            "zero). Expected net present value: %(mean)s; in nine futures out of ten it lies "
            "between %(p5)s and %(p95)s."
        )
        % {
            "loss": percent(result["probability_of_loss"]),
            "mean": money(npv["mean"], currency),
            "p5": money(npv["percentiles"]["5"], currency),
            "p95": money(npv["percentiles"]["95"], currency),
        }
    )
    people = result["costs"].get("people_share")
    if people is not None and result["costs"]["total"] > 0:
        sentences.append(
            _("Most of the cost is people (%(share)s).") % {"share": percent(people)}
            if people >= 0.5
            else _("People are %(share)s of the cost.") % {"share": percent(people)}
        )
    rows = sorted(
        inputs(case, result), key=lambda row: -row["evpi"] if isinstance(row, dict) else -row.evpi
    )
    if rows and rows[0].evpi > 0:
        first = rows[0]
        sentence = _(
            "Knowing “%(input)s” exactly before deciding would be worth up to "
            "%(value)s: measure that next."
        ) % {
            "input": first.label,
            "value": money(first.evpi, currency),
        }
        if len(rows) > 1:
            sentence += " " + _("Next: “%(input)s”, up to %(value)s.") % {
                "input": rows[1].label,
                "value": money(rows[1].evpi, currency),
            }
        sentences.append(sentence)
    elif rows:
        sentences.append(
            _(
                "No single input, known exactly, would change the decision to go on or stop: "
                "measuring any one of them is worth nothing for this decision."
            )
        )
    return sentences


def category_label(name: str) -> str:
    try:
        return str(Category(name).label)
    except ValueError:
        return _("unallocated") if name == "unallocated" else name


def plan_and_actuals(
    case: BusinessCase,
    phases: list[CasePhase],
    lines: list[CaseLine],
    actuals: list[CaseActual],
) -> list[dict[str, Any]]:
    """Each recorded month beside the plan: the case without actuals, every estimate at its
    base value (the engine's deterministic result)."""
    if not actuals:
        return []
    try:
        plan = engine.deterministic(
            mapping.engine_case(case, phases=phases, lines=lines, actuals=[])
        )
    except engine.CaseInputError:
        return [{"actual": a, "plan_cost": None, "plan_benefit": None} for a in actuals]
    return [
        {
            "actual": a,
            "plan_cost": float(plan.monthly_cost[a.month - 1]),
            "plan_benefit": float(plan.monthly_benefit[a.month - 1]),
        }
        for a in actuals
        if a.month <= len(plan.monthly_cost)
    ]
