"""Scoring formulas, confidence from evidence, and the spread of a scoring session. No
Django, no database: every function takes plain numbers and is tested directly.

* RICE (Intercom): reach × impact × confidence ÷ effort, confidence as a fraction.
* ICE: impact × confidence × ease, each on 1–10 (confidence 100% → 10).
* WSJF (SAFe): cost of delay ÷ job size, cost of delay = business value + time criticality
  + risk reduction / opportunity enablement.
* Value vs effort: value ÷ effort (and the scatter of the two).

Confidence comes from the evidence unless someone overrides it with a reason: none → 20%,
second-hand only → 50%, direct conversations → 50%, direct conversations in at least two
segments → 80%, a hypothesis validated by an experiment → 100%."""

from __future__ import annotations

import math
import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum


class Method(StrEnum):
    RICE = "rice"
    ICE = "ice"
    WSJF = "wsjf"
    VALUE_EFFORT = "value_effort"


# The inputs each method reads (``confidence`` is always optional: it comes from evidence).
INPUTS: dict[str, tuple[str, ...]] = {
    Method.RICE: ("reach", "impact", "confidence", "effort"),
    Method.ICE: ("impact", "confidence", "ease"),
    Method.WSJF: ("business_value", "time_criticality", "risk_reduction", "job_size"),
    Method.VALUE_EFFORT: ("value", "effort"),
}
REQUIRED: dict[str, tuple[str, ...]] = {
    method: tuple(name for name in names if name != "confidence")
    for method, names in INPUTS.items()
}
USES_CONFIDENCE = (Method.RICE, Method.ICE)

# Bounds of each input (inclusive), and the inputs that must be above zero (divisors).
BOUNDS: dict[str, tuple[float, float]] = {
    "reach": (0, 1e12),
    "impact": (0, 10),
    "confidence": (0, 100),
    "effort": (0, 1e6),
    "ease": (1, 10),
    "business_value": (0, 100),
    "time_criticality": (0, 100),
    "risk_reduction": (0, 100),
    "job_size": (0, 1e6),
    "value": (0, 1e6),
}
DIVISORS = ("effort", "job_size")


def input_problems(values: Mapping[str, float | None]) -> list[tuple[str, str]]:
    """``(field, code)`` for every input outside its bounds: ``out_of_range`` or
    ``not_positive`` (a divisor of zero). Empty inputs are fine here; a method says which
    it needs (``missing``)."""
    out = []
    for name, value in values.items():
        if value is None:
            continue
        if not math.isfinite(value):
            out.append((name, "out_of_range"))
            continue
        low, high = BOUNDS[name]
        if name in DIVISORS and value <= 0:
            out.append((name, "not_positive"))
        elif not low <= value <= high:
            out.append((name, "out_of_range"))
    return out


def missing(method: str, values: Mapping[str, object]) -> list[str]:
    """The inputs ``method`` needs that are empty."""
    return [name for name in REQUIRED[method] if values.get(name) is None]


# --- confidence from evidence ------------------------------------------------------


class Basis(StrEnum):
    NONE = "none"
    SECOND_HAND = "second_hand"
    DIRECT = "direct"
    DIRECT_SEGMENTS = "direct_segments"
    VALIDATED = "validated"


CONFIDENCE = {
    Basis.NONE: 20.0,
    Basis.SECOND_HAND: 50.0,
    Basis.DIRECT: 50.0,
    Basis.DIRECT_SEGMENTS: 80.0,
    Basis.VALIDATED: 100.0,
}
SEGMENTS_FOR_HIGH_CONFIDENCE = 2


@dataclass(frozen=True)
class Evidence:
    """What an item rests on: quotes heard directly and second-hand, the distinct segments
    of the direct ones, and whether one of its hypotheses was validated by an experiment.
    For showing: distinct organisations, the names of all segments, and how many quotes'
    words were withdrawn (they still count)."""

    direct: int = 0
    second_hand: int = 0
    segments: int = 0
    validated: bool = False
    organisations: int = 0
    segment_names: tuple[str, ...] = ()
    withdrawn: int = 0

    @property
    def total(self) -> int:
        return self.direct + self.second_hand

    @property
    def only_second_hand(self) -> bool:
        return self.second_hand > 0 and self.direct == 0

    def __add__(self, other: Evidence) -> Evidence:
        return Evidence(
            direct=self.direct + other.direct,
            second_hand=self.second_hand + other.second_hand,
            segments=max(self.segments, other.segments),
            validated=self.validated or other.validated,
            organisations=max(self.organisations, other.organisations),
            segment_names=tuple(sorted(set(self.segment_names) | set(other.segment_names))),
            withdrawn=self.withdrawn + other.withdrawn,
        )


def basis(evidence: Evidence) -> Basis:
    if evidence.validated:
        return Basis.VALIDATED
    if evidence.direct and evidence.segments >= SEGMENTS_FOR_HIGH_CONFIDENCE:
        return Basis.DIRECT_SEGMENTS
    if evidence.direct:
        return Basis.DIRECT
    if evidence.second_hand:
        return Basis.SECOND_HAND
    return Basis.NONE


@dataclass(frozen=True)
class Confidence:
    """The confidence a score uses (in %), where it comes from, and what the evidence alone
    would give."""

    value: float
    from_evidence: float
    basis: Basis
    overridden: bool


def confidence(evidence: Evidence, override: float | None = None) -> Confidence:
    return confidence_of(basis(evidence), override)


def confidence_of(on: Basis, override: float | None = None) -> Confidence:
    """The confidence evidence of kind ``on`` gives, or ``override`` (the evidence's still
    shown next to it)."""
    suggested = CONFIDENCE[on]
    return Confidence(
        value=suggested if override is None else override,
        from_evidence=suggested,
        basis=on,
        overridden=override is not None,
    )


# --- scores ------------------------------------------------------------------------


@dataclass(frozen=True)
class Result:
    """A score and the formula with the numbers put in (``terms``: name → value, in the
    formula's order). ``value`` is ``None`` when an input is missing."""

    method: str
    value: float | None
    terms: tuple[tuple[str, float | None], ...]
    missing: tuple[str, ...]


def score(method: str, values: Mapping[str, float | None], confidence_pct: float) -> Result:
    """The score of one item by ``method``; ``confidence_pct`` is the confidence to use (from
    the evidence or overridden)."""
    gaps = tuple(missing(method, values))
    v = {name: values.get(name) for name in INPUTS[method]}
    value: float | None = None
    if method == Method.RICE:
        terms = (
            ("reach", v["reach"]),
            ("impact", v["impact"]),
            ("confidence", confidence_pct),
            ("effort", v["effort"]),
        )
        if not gaps:
            value = v["reach"] * v["impact"] * (confidence_pct / 100.0) / v["effort"]
    elif method == Method.ICE:
        c = confidence_pct / 10.0
        terms = (("impact", v["impact"]), ("confidence", c), ("ease", v["ease"]))
        if not gaps:
            value = v["impact"] * c * v["ease"]
    elif method == Method.WSJF:
        terms = (
            ("business_value", v["business_value"]),
            ("time_criticality", v["time_criticality"]),
            ("risk_reduction", v["risk_reduction"]),
            ("job_size", v["job_size"]),
        )
        if not gaps:
            cost_of_delay = v["business_value"] + v["time_criticality"] + v["risk_reduction"]
            value = cost_of_delay / v["job_size"]
    else:
        terms = (("value", v["value"]), ("effort", v["effort"]))
        if not gaps:
            value = v["value"] / v["effort"]
    return Result(method=method, value=value, terms=terms, missing=gaps)


# --- scoring sessions ----------------------------------------------------------------

# A spread at or above this share of the median counts as a disagreement worth a talk.
DISAGREEMENT = 0.5


@dataclass(frozen=True)
class Spread:
    """The scores several people gave one item: how many, median, lowest, highest, and
    whether they disagree (the range is at least half the median, or people differ in
    sign of opinion: one scores zero, another above)."""

    count: int
    median: float | None
    low: float | None
    high: float | None
    disagree: bool

    @property
    def relative(self) -> float | None:
        if self.median in (None, 0) or self.low is None or self.high is None:
            return None
        return (self.high - self.low) / abs(self.median)


def spread(values: Sequence[float]) -> Spread:
    values = [v for v in values if v is not None]
    if not values:
        return Spread(0, None, None, None, False)
    med = statistics.median(values)
    low, high = min(values), max(values)
    if len(values) < 2:
        disagree = False
    elif med == 0:
        disagree = high > low
    else:
        disagree = (high - low) / abs(med) >= DISAGREEMENT
    return Spread(len(values), med, low, high, disagree)


def median_inputs(votes: Sequence[Mapping[str, float | None]], names: Sequence[str]) -> dict:
    """The median of each input over the votes that gave it (``None`` when nobody did)."""
    out = {}
    for name in names:
        given = [vote[name] for vote in votes if vote.get(name) is not None]
        out[name] = statistics.median(given) if given else None
    return out
