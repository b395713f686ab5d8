"""The estimated numbers of a case as named inputs, and the check of their correlations.

Every estimated number has an input key: ``"<line>.<field>"`` (``"ml.fte"``,
``"savings.lag_months"``, ``"ml.step_up.production"``), ``"phases.<phase>"`` for reaching a
phase and ``"events.<event>"`` for an event. Keys name inputs in results, in correlations and
across cases in ``compare``.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import numpy as np

from ._fields import (
    DRIVER_FIELDS,
    FIELD_BOUNDS,
    LABELS,
    MAX_CORRELATIONS,
    Collector,
    count_iv,
    is_uncertain,
    number_iv,
)
from .model import BenefitLine, Case, Correlation, CostLine


@dataclass(frozen=True)
class InputRef:
    """One estimated number of a case, named by its input key."""

    key: str
    owner: str  # the line, phase or event key
    field: str  # driver field, "lag_months", "step_up.<phase>", "reached", "happens"
    kind: str  # "line", "phase" or "event"
    label: str
    path: str  # field path for messages
    estimate: object
    lo: float
    hi: float


def case_inputs(case: Case) -> Iterator[InputRef]:
    """Every estimated number of a (structurally valid) case, in a stable order."""
    for i, phase in enumerate(case.phases):
        yield InputRef(
            f"phases.{phase.key}", phase.key, "reached", "phase", f"{phase.name}: reached",
            f"phases[{i}].probability", phase.probability, 0.0, 1.0,
        )  # fmt: skip
    for i, event in enumerate(case.events):
        yield InputRef(
            f"events.{event.key}", event.key, "happens", "event", f"{event.name}: happens",
            f"events[{i}].probability", event.probability, 0.0, 1.0,
        )  # fmt: skip
    groups: tuple[tuple[str, tuple[CostLine | BenefitLine, ...]], ...] = (
        ("costs", case.costs),
        ("benefits", case.benefits),
    )
    for group, lines in groups:
        for i, line in enumerate(lines):
            f = f"{group}[{i}]"
            names = list(DRIVER_FIELDS[type(line.driver)])
            if isinstance(line, BenefitLine):
                names += ["lag_months", "ramp_months"]
            for name in names:
                source = line if name in ("lag_months", "ramp_months") else line.driver
                yield InputRef(
                    f"{line.key}.{name}", line.key, name, "line",
                    f"{line.name}: {LABELS[name]}", f"{f}.{name}", getattr(source, name),
                    *FIELD_BOUNDS[name],
                )  # fmt: skip
            for j, step in enumerate(line.step_ups):
                yield InputRef(
                    f"{line.key}.step_up.{step.phase}", line.key, f"step_up.{step.phase}", "line",
                    f"{line.name}: step-up at {step.phase}", f"{f}.step_ups[{j}].factor",
                    step.factor, *FIELD_BOUNDS["factor"],
                )  # fmt: skip


def fixed_phases(case: Case) -> frozenset[str]:
    """Phases known to be reached: those starting in or before the last month with an
    actual (the initiative evidently got there)."""
    if not case.actuals:
        return frozenset()
    last = max(int(a.month) for a in case.actuals)
    return frozenset(p.key for p in case.phases if p.start_month <= last)


def input_uncertain(ref: InputRef, reached: frozenset[str]) -> bool:
    if ref.kind in ("phase", "event"):
        if ref.kind == "phase" and ref.owner in reached:
            return False
        return 0.0 < float(ref.estimate) < 1.0  # type: ignore[arg-type]  # a chance
    return is_uncertain(ref.estimate)


def correlations_iv(c: Collector, case: Case) -> None:
    items = count_iv(c, "correlations", case.correlations, MAX_CORRELATIONS, "correlations")
    if not items:
        return
    refs = {ref.key: ref for ref in case_inputs(case)}
    reached = fixed_phases(case)
    pairs: dict[frozenset[str], int] = {}
    keys: list[str] = []
    valid: list[tuple[str, str, float]] = []
    for i, corr in enumerate(items):
        f = f"correlations[{i}]"
        if not isinstance(corr, Correlation):
            c.add(f, "invalid_case", "Each correlation must be a Correlation.",
                  expected="Correlation")  # fmt: skip
            continue
        ok = True
        for side in ("first", "second"):
            key = getattr(corr, side)
            ref = refs.get(key) if isinstance(key, str) else None
            if ref is None:
                c.add(f"{f}.{side}", "unknown_input", f"There is no input {key!r}.",
                      input=repr(key))  # fmt: skip
                ok = False
            elif not is_uncertain(ref.estimate) and ref.kind == "line":
                c.add(f"{f}.{side}", "not_uncertain",
                      f"{ref.label} is a single number; only uncertain inputs can be correlated.",
                      input=key)  # fmt: skip
                ok = False
            elif ref.kind != "line" and not (
                0.0 < float(ref.estimate) < 1.0  # type: ignore[arg-type]  # a probability
            ):
                c.add(f"{f}.{side}", "not_uncertain",
                      f"{ref.label} is certain; only uncertain inputs can be correlated.",
                      input=key)  # fmt: skip
                ok = False
        if ok and corr.first == corr.second:
            c.add(f, "self_correlation", "An input cannot be correlated with itself.",
                  input=corr.first)  # fmt: skip
            ok = False
        if number_iv(c, f"{f}.rank", corr.rank, "The rank correlation", -1.0, 1.0) and ok:
            pair = frozenset((corr.first, corr.second))
            if pair in pairs:
                c.add(f, "duplicate_correlation", "This pair is correlated twice.",
                      first=corr.first, second=corr.second)  # fmt: skip
                continue
            pairs[pair] = i
            # Gates fixed by actuals drop out silently: their outcome is known.
            if refs[corr.first].owner in reached and refs[corr.first].kind == "phase":
                continue
            if refs[corr.second].owner in reached and refs[corr.second].kind == "phase":
                continue
            for key in (corr.first, corr.second):
                if key not in keys:
                    keys.append(key)
            valid.append((corr.first, corr.second, float(corr.rank)))
    if c.problems or not valid:
        return
    matrix = rank_matrix(keys, valid)
    smallest = float(np.linalg.eigvalsh(matrix)[0])
    if smallest < -1e-9:
        c.add(
            "correlations", "correlation_not_psd",
            "These correlations cannot all hold at once (the matrix is not positive "
            "semi-definite); weaken some of them.",
            inputs=keys, eigenvalue=round(smallest, 6),
        )  # fmt: skip


def rank_matrix(keys: Sequence[str], pairs: Sequence[tuple[str, str, float]]) -> np.ndarray:
    index = {k: i for i, k in enumerate(keys)}
    matrix = np.eye(len(keys))
    for a, b, rho in pairs:
        matrix[index[a], index[b]] = matrix[index[b], index[a]] = rho
    return matrix
