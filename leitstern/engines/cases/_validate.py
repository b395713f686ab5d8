"""Input validation in one place (like scipy's ``_bootstrap_iv``): every problem of a case,
each with its field path, collected and raised together as one ``CaseInputError``."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from ._fields import (
    BENEFIT_DRIVERS,
    COST_DRIVERS,
    DISCOUNT_RATE_RANGE,
    DRIVER_FIELDS,
    FIELD_BOUNDS,
    LABELS,
    MAX_EVENTS,
    MAX_HORIZON_MONTHS,
    MAX_KEY_CHARS,
    MAX_LINES,
    MAX_MONEY,
    MAX_NAME_CHARS,
    MAX_NOTE_CHARS,
    MAX_PHASES,
    MAX_STEP_UPS,
    PROB,
    Collector,
    count_iv,
    estimate_check,
    is_number,
    number_iv,
)
from ._inputs import correlations_iv
from .model import (
    COST_CATEGORIES,
    Actual,
    Amount,
    BenefitLine,
    Case,
    CostLine,
    Event,
    Phase,
    StepUp,
)


@dataclass(frozen=True)
class Window:
    start: int
    end: int


def _key(c: Collector, field: str, key: object, seen: set[str]) -> None:
    if (
        not isinstance(key, str)
        or not 0 < len(key) <= MAX_KEY_CHARS
        or "." in key
        or any(ch.isspace() for ch in key)
    ):
        c.add(
            field, "invalid_key",
            f"A key must be 1 to {MAX_KEY_CHARS} characters without dots or spaces.",
            key=repr(key),
        )  # fmt: skip
        return
    if key in seen:
        c.add(field, "duplicate_key", f"The key {key!r} is used twice.", key=key)
    seen.add(key)


def _name(c: Collector, field: str, name: object, limit: int = MAX_NAME_CHARS) -> None:
    if not isinstance(name, str) or len(name) > limit:
        c.add(field, "invalid_name", f"This must be text of at most {limit:,} characters.",
              max=limit)  # fmt: skip


def _month(c: Collector, field: str, value: object, horizon: int, what: str) -> bool:
    if (
        not isinstance(value, (int, np.integer))
        or isinstance(value, bool)
        or not 1 <= value <= horizon
    ):
        c.add(
            field, "invalid_month",
            f"{what} must be a whole month from 1 to the horizon ({horizon}).",
            value=repr(value), horizon=horizon,
        )  # fmt: skip
        return False
    return True


def line_window(line: CostLine | BenefitLine, phases: Mapping[str, Phase], horizon: int) -> Window:
    """The months a (validated) line runs, before gates and stops."""
    phase = phases.get(line.phase) if line.phase else None
    start = phase.start_month if phase else 1
    if line.start_month is not None:
        start = line.start_month
    if isinstance(line, CostLine) and not line.recurring:
        end = start  # paid once, in its start month
    elif line.end_month is not None:
        end = line.end_month
    elif line.until is not None:
        end = phases[line.until].end_month
    elif isinstance(line, CostLine) and phase is not None:
        end = max([phase.end_month] + [phases[s.phase].end_month for s in line.step_ups])
    else:
        end = horizon
    return Window(int(start), int(end))


def case_iv(case: object) -> Case:
    """Validate a whole case; return it unchanged or raise ``CaseInputError``."""
    c = Collector()
    if not isinstance(case, Case):
        c.add("case", "invalid_case", "Give a Case.", expected="Case")
        c.raise_any()
    assert isinstance(case, Case)
    h = case.horizon_months
    if (
        not isinstance(h, (int, np.integer))
        or isinstance(h, bool)
        or not 1 <= h <= MAX_HORIZON_MONTHS
    ):
        c.add(
            "horizon_months", "invalid_horizon",
            f"The horizon must be a whole number of months from 1 to {MAX_HORIZON_MONTHS}.",
            value=repr(h), max=MAX_HORIZON_MONTHS,
        )  # fmt: skip
        c.raise_any()  # everything else is measured against the horizon
    horizon = int(h)
    lo, hi = DISCOUNT_RATE_RANGE
    r = case.discount_rate
    if not is_number(r) or not math.isfinite(float(r)) or not lo <= float(r) <= hi:
        c.add(
            "discount_rate", "invalid_discount_rate",
            f"The annual discount rate must lie between {lo:.0%} and {hi:.0%}.",
            value=repr(r), min=lo, max=hi,
        )  # fmt: skip
    _name(c, "name", case.name)
    if not isinstance(case.currency, str) or len(case.currency) > 12:
        c.add("currency", "invalid_name", "The currency must be a short code such as EUR.", max=12)

    n0 = len(c.problems)
    phase_keys: set[str] | None
    phases, phase_keys = _phases_iv(c, case, horizon)
    if any(p.field == "phases" for p in c.problems[n0:]):
        phase_keys = None  # the list itself is broken: do not blame the lines naming phases
    events = {}
    seen: set[str] = set()
    for i, event in enumerate(count_iv(c, "events", case.events, MAX_EVENTS, "events")):
        f = f"events[{i}]"
        if not isinstance(event, Event):
            c.add(f, "invalid_case", "Each event must be an Event.", expected="Event")
            continue
        _key(c, f"{f}.key", event.key, seen)
        _name(c, f"{f}.name", event.name)
        _name(c, f"{f}.note", event.note, MAX_NOTE_CHARS)
        if number_iv(c, f"{f}.probability", event.probability, "The probability", *PROB):
            events[event.key] = event

    seen = set()
    lines = list(count_iv(c, "costs", case.costs, MAX_LINES, "cost lines"))
    benefits = list(count_iv(c, "benefits", case.benefits, MAX_LINES, "benefit lines"))
    if len(lines) + len(benefits) > MAX_LINES:
        c.add("costs", "too_many", f"At most {MAX_LINES} lines are accepted.", what="lines",
              max=MAX_LINES)  # fmt: skip
    for group, cls, items in (("costs", CostLine, lines), ("benefits", BenefitLine, benefits)):
        for i, line in enumerate(items):
            n0 = len(c.problems)
            _line_iv(c, f"{group}[{i}]", line, cls, phases, phase_keys, events, horizon, seen)
            if isinstance(line, cls):
                c.tag(n0, line=str(line.key))
    _actuals_iv(c, case, horizon)
    c.raise_any()
    correlations_iv(c, case)
    c.raise_any()
    return case


def _phases_iv(c: Collector, case: Case, horizon: int) -> tuple[dict[str, Phase], set[str]]:
    """Check the phases; return the valid ones by key, and every phase key given."""
    phases: dict[str, Phase] = {}
    seen: set[str] = set()
    previous: Phase | None = None
    for i, phase in enumerate(count_iv(c, "phases", case.phases, MAX_PHASES, "phases")):
        f = f"phases[{i}]"
        if not isinstance(phase, Phase):
            c.add(f, "invalid_case", "Each phase must be a Phase.", expected="Phase")
            continue
        _key(c, f"{f}.key", phase.key, seen)
        _name(c, f"{f}.name", phase.name)
        _name(c, f"{f}.note", phase.note, MAX_NOTE_CHARS)
        number_iv(c, f"{f}.probability", phase.probability, "The probability of reaching it",
                *PROB)  # fmt: skip
        if phase.if_missed not in ("stop", "skip"):
            c.add(f"{f}.if_missed", "invalid_if_missed", 'if_missed must be "stop" or "skip".',
                  value=repr(phase.if_missed))  # fmt: skip
        ok = _month(c, f"{f}.start_month", phase.start_month, horizon, "The start month")
        if not isinstance(phase.end_month, (int, np.integer)) or isinstance(phase.end_month, bool):
            c.add(f"{f}.end_month", "invalid_month", "The end month must be a whole month.",
                  value=repr(phase.end_month), horizon=horizon)  # fmt: skip
            continue
        if ok and phase.end_month < phase.start_month:
            c.add(
                f"{f}.end_month", "phase_ends_before_start",
                f"Phase {phase.name!r} ends (month {phase.end_month}) before it starts "
                f"(month {phase.start_month}).",
                start=int(phase.start_month), end=int(phase.end_month),
            )  # fmt: skip
            continue
        if phase.end_month > horizon:
            c.add(
                f"{f}.end_month", "phase_outside_horizon",
                f"Phase {phase.name!r} ends in month {phase.end_month}, after the horizon of "
                f"{horizon} months.",
                end=int(phase.end_month), horizon=horizon,
            )  # fmt: skip
            continue
        if not ok:
            continue
        if previous is not None and phase.start_month < previous.start_month:
            c.add(
                f"{f}.start_month", "phase_order",
                f"Phase {phase.name!r} starts before the phase listed before it "
                f"({previous.name!r}); list phases in order.",
                previous=previous.key,
            )  # fmt: skip
        previous = phase
        if isinstance(phase.key, str):
            phases[phase.key] = phase
    return phases, seen


def _line_iv(c, f, line, cls, phases, phase_keys, events, horizon, seen) -> None:
    kind = "cost" if cls is CostLine else "benefit"
    if not isinstance(line, cls):
        c.add(f, "invalid_case", f"Each {kind} line must be a {cls.__name__}.",
              expected=cls.__name__)  # fmt: skip
        return
    n0 = len(c.problems)
    _key(c, f"{f}.key", line.key, seen)
    _name(c, f"{f}.name", line.name)
    _name(c, f"{f}.note", line.note, MAX_NOTE_CHARS)
    label = line.name if isinstance(line.name, str) else str(line.key)

    def add(field: str, code: str, message: str, **params: Any) -> None:
        c.add(field, code, message, line=str(line.key), **params)

    drivers = COST_DRIVERS if cls is CostLine else BENEFIT_DRIVERS
    if not isinstance(line.driver, drivers):
        add(f"{f}.driver", "invalid_driver",
            f"{label}: the driver must be one of " + ", ".join(d.__name__ for d in drivers) + ".",
            expected=[d.__name__ for d in drivers])  # fmt: skip
    else:
        for name in DRIVER_FIELDS[type(line.driver)]:
            field_lo, field_hi = FIELD_BOUNDS[name]
            estimate_check(c, f"{f}.{name}", getattr(line.driver, name), f"{label}: {LABELS[name]}",
                      field_lo, field_hi)  # fmt: skip
    if cls is CostLine:
        if line.category not in COST_CATEGORIES:
            add(f"{f}.category", "invalid_category", f"Unknown cost category {line.category!r}.",
                category=repr(line.category), categories=list(COST_CATEGORIES))  # fmt: skip
        if line.recurring is False and not isinstance(line.driver, Amount):
            add(f"{f}.recurring", "one_off_driver", f"{label}: a one-off cost must be an amount.")
        if line.recurring is False and line.step_ups:
            add(f"{f}.step_ups", "one_off_step_up", f"{label}: a one-off cost cannot step up.")
        if not isinstance(line.recurring, bool):
            add(f"{f}.recurring", "invalid_case", "recurring must be True or False.",
                expected="bool")  # fmt: skip
    else:
        for name in ("lag_months", "ramp_months"):
            estimate_check(c, f"{f}.{name}", getattr(line, name), f"{label}: {LABELS[name]}",
                      *FIELD_BOUNDS[name])  # fmt: skip
    for name in ("phase", "until"):
        ref = getattr(line, name)
        if ref is not None and phase_keys is not None and ref not in phase_keys:
            add(f"{f}.{name}", "unknown_phase", f"{label}: there is no phase {ref!r}.",
                phase=repr(ref))  # fmt: skip
    if line.event is not None and line.event not in events:
        add(f"{f}.event", "unknown_event", f"{label}: there is no event {line.event!r}.",
            event=repr(line.event))  # fmt: skip
    step_ups = count_iv(c, f"{f}.step_ups", line.step_ups, MAX_STEP_UPS, "step-ups")
    step_phases: set[str] = set()
    for j, step in enumerate(step_ups):
        g = f"{f}.step_ups[{j}]"
        if not isinstance(step, StepUp):
            add(g, "invalid_case", "Each step-up must be a StepUp.", expected="StepUp")
            continue
        if phase_keys is not None and step.phase not in phase_keys:
            add(f"{g}.phase", "unknown_phase", f"{label}: there is no phase {step.phase!r}.",
                phase=repr(step.phase))  # fmt: skip
        elif step.phase in step_phases:
            add(f"{g}.phase", "duplicate_step_up",
                f"{label}: two step-ups at phase {step.phase!r}.", phase=step.phase)  # fmt: skip
        step_phases.add(step.phase)
        estimate_check(c, f"{g}.factor", step.factor, f"{label}: step-up factor",
                  *FIELD_BOUNDS["factor"])  # fmt: skip
    for name in ("start_month", "end_month"):
        value = getattr(line, name)
        if value is not None:
            _month(c, f"{f}.{name}", value, horizon, "The " + name.replace("_", " "))
    refs = [line.phase, line.until, *(s.phase for s in step_ups if isinstance(s, StepUp))]
    if len(c.problems) > n0 or any(r is not None and r not in phases for r in refs):
        return  # the window needs valid parts (a broken phase is reported on its own)
    window = line_window(line, phases, horizon)
    phase = phases.get(line.phase) if line.phase else None
    if phase is not None and window.start < phase.start_month:
        add(f"{f}.start_month", "line_before_phase",
            f"{label} starts in month {window.start}, before its phase {phase.name!r} "
            f"(month {phase.start_month}).",
            start=window.start, phase_start=int(phase.start_month))  # fmt: skip
    if window.end < window.start:
        add(f"{f}.end_month", "line_ends_before_start",
            f"{label} ends (month {window.end}) before it starts (month {window.start}).",
            start=window.start, end=window.end)  # fmt: skip
    elif window.end > horizon:
        add(f"{f}.end_month", "line_outside_horizon",
            f"{label} ends in month {window.end}, after the horizon of {horizon} months.",
            end=window.end, horizon=horizon)  # fmt: skip
    for j, step in enumerate(line.step_ups):
        month = phases[step.phase].start_month
        if not window.start < month <= window.end:
            add(f"{f}.step_ups[{j}].phase", "step_up_outside_line",
                f"{label}: the step-up at {step.phase!r} (month {month}) falls outside the "
                f"line's months {window.start}-{window.end}.",
                phase=step.phase, month=int(month))  # fmt: skip


def _actuals_iv(c: Collector, case: Case, horizon: int) -> None:
    months: set[int] = set()
    for i, actual in enumerate(count_iv(c, "actuals", case.actuals, MAX_HORIZON_MONTHS, "actuals")):
        f = f"actuals[{i}]"
        if not isinstance(actual, Actual):
            c.add(f, "invalid_case", "Each actual must be an Actual.", expected="Actual")
            continue
        if _month(c, f"{f}.month", actual.month, horizon, "The month"):
            if actual.month in months:
                c.add(f"{f}.month", "duplicate_actual", f"Month {actual.month} has two actuals.",
                      month=int(actual.month))  # fmt: skip
            months.add(int(actual.month))
        ok = number_iv(c, f"{f}.cost", actual.cost, "The actual cost", 0.0, MAX_MONEY)
        number_iv(c, f"{f}.benefit", actual.benefit, "The actual benefit", -MAX_MONEY, MAX_MONEY)
        split = actual.cost_by_category
        if split is None:
            continue
        if not isinstance(split, Mapping):
            c.add(f"{f}.cost_by_category", "invalid_case", "Give costs by category as a mapping.",
                  expected="mapping")  # fmt: skip
            continue
        total = 0.0
        for category, value in split.items():
            g = f"{f}.cost_by_category.{category}"
            if category not in COST_CATEGORIES:
                c.add(g, "invalid_category", f"Unknown cost category {category!r}.",
                      category=repr(category), categories=list(COST_CATEGORIES))  # fmt: skip
                ok = False
            elif number_iv(c, g, value, f"The actual {category} cost", 0.0, MAX_MONEY):
                total += float(value)
            else:
                ok = False
        if ok and not math.isclose(total, float(actual.cost), rel_tol=1e-9, abs_tol=1e-6):
            c.add(f"{f}.cost_by_category", "actual_categories",
                  f"The costs by category ({total:g}) do not add up to the cost "
                  f"({float(actual.cost):g}).", total=float(actual.cost), sum=total)  # fmt: skip
