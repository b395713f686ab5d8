"""The uncertain inputs of a case by the engine's names (``"ml_engineers.fte"``,
``"phases.pilot"``, ``"events.audit"``) with their names in the reader's language: what a
correlation can name."""

from __future__ import annotations

from leitstern.cases import estimates
from leitstern.cases.models import DRIVER_FIELDS, BusinessCase, CaseLine, CasePhase, LineKind
from leitstern.cases.selectors import input_label, names_of


def _keys(case: BusinessCase) -> list[str]:
    keys = [f"phases.{p.key}" for p in case.phases.all() if 0 < p.probability < 1]
    keys += [e.input_key for e in case.events.all() if 0 < e.probability < 1]
    for line in case.lines.all():
        fields = list(DRIVER_FIELDS[line.driver])
        if line.kind == LineKind.BENEFIT:
            fields += ["lag_months", "ramp_months"]
        for name in fields:
            kept = line.values.get(name) if name in DRIVER_FIELDS[line.driver] else None
            if name in ("lag_months", "ramp_months"):
                kept = getattr(line, name)
            if estimates.is_uncertain(kept):
                keys.append(f"{line.key}.{name}")
        keys += [
            f"{line.key}.step_up.{step['phase']}"
            for step in line.step_ups or []
            if estimates.is_uncertain(step.get("factor"))
        ]
    return keys


def uncertain_inputs(case: BusinessCase) -> list[tuple[str, str]]:
    """Every uncertain input of the case as (key, label), in the order of the page."""
    names = names_of(case)
    return [(key, input_label(case, key, names)) for key in _keys(case)]


def input_labels(case: BusinessCase) -> dict[str, str]:
    """Labels of every input a correlation may name, and of the ones it names already."""
    names = names_of(case)
    labels = dict(uncertain_inputs(case))
    for c in case.correlations.all():
        for key in (c.first, c.second):
            labels.setdefault(key, input_label(case, key, names))
    return labels


def uncertainty_rows(
    case: BusinessCase, phases: list[CasePhase], lines: list[CaseLine]
) -> dict[str, list]:
    """The case's events (with the lines hanging on each) and its correlations with both
    inputs named, for the case page (from the rows the page has loaded already)."""
    events = list(case.events.all())
    names = {line.key: line.name for line in lines}
    names.update({f"phases.{p.key}": p.name for p in phases})
    names.update({e.input_key: e.name for e in events})
    return {
        "events": [
            (event, [line.name for line in lines if line.event == event.key]) for event in events
        ],
        "correlations": [
            (c, input_label(case, c.first, names), input_label(case, c.second, names))
            for c in case.correlations.all()
        ],
    }
