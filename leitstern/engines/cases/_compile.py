"""Turn a validated case into arrays: inputs, phase gates and cash-flow terms.

Every line becomes one or more *terms*: a per-trial amount (the product of its driver
inputs, its step-up factors, its phase gate and its event) times a month *shape* (its window,
volume growth, ramp-up). A line with step-ups has one term per segment between step-ups.
Shapes that do not depend on the trial are computed here once; a term whose growth, lag or
ramp is uncertain keeps a *dynamic* shape computed per trial. Months with actuals are zero in
every shape: they are fixed, not simulated.
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from ._curves import curve
from ._inputs import InputRef, case_inputs, fixed_phases, input_uncertain, rank_matrix
from ._validate import line_window
from .distributions import Bernoulli, Dist, Fixed, to_dist
from .model import (
    COST_CATEGORIES,
    Amount,
    BenefitLine,
    Case,
    CostLine,
    Revenue,
    RiskReduction,
    Savings,
    Staff,
    Usage,
)

KIND_OF_DRIVER = {Revenue: "revenue", Savings: "savings", RiskReduction: "risk", Amount: "other"}
UNALLOCATED = "unallocated"


@dataclass(frozen=True, eq=False)
class Input:
    ref: InputRef
    dist: Dist
    stream: int  # stable hash of the key: the input's own random stream

    @property
    def key(self) -> str:
        return self.ref.key

    @cached_property
    def uncertain(self) -> bool:
        return self.dist.uncertain


@dataclass(frozen=True)
class Gate:
    key: str
    name: str
    start0: int  # 0-based start month
    stop: bool  # if_missed == "stop"
    input: int
    probability: float  # of reaching it once the phase before is reached (1 if fixed)


@dataclass(frozen=True)
class LineInfo:
    key: str
    name: str
    kind: str  # "cost" or "benefit"
    category: str  # cost category, or benefit kind
    staff: bool  # priced as FTE x loaded monthly cost


@dataclass(frozen=True, eq=False)
class Dynamic:
    start0: int
    growth: int | None
    lag: int | None
    ramp: int | None


@dataclass(frozen=True, eq=False)
class Term:
    line: int
    sign: float  # -1 for costs, +1 for benefits
    scale: float
    factors: tuple[int, ...]
    steps: tuple[tuple[int, int], ...]  # (gate index, input index): applies if reached
    gate: int | None
    event: int | None
    shape: np.ndarray  # (T,) month shape; for dynamic terms the window part only
    dynamic: Dynamic | None
    cols: tuple[int, int]  # the months (0-based, end exclusive) the shape can be non-zero in

    @cached_property
    def plain(self) -> bool:
        """True when the shape is 1 in every month of ``cols`` (no actual month inside)."""
        lo, hi = self.cols
        return bool(np.all(self.shape[lo:hi] == 1.0))


@dataclass(frozen=True, eq=False)
class Model:
    case: Case
    horizon: int
    monthly_rate: float
    discount: np.ndarray  # (T,) factor of the cash at the end of each month
    inputs: tuple[Input, ...]
    gates: tuple[Gate, ...]
    lines: tuple[LineInfo, ...]
    terms: tuple[Term, ...]
    fixed: np.ndarray  # (T,) bool: months with actuals
    actual_cost: np.ndarray  # (T,)
    actual_benefit: np.ndarray  # (T,)
    actual_by_category: dict[str, float]
    correlated: tuple[int, ...]  # input indices mixed by ``mixing``
    mixing: np.ndarray | None  # (G, G): latent_correlated = mixing @ latent_independent

    @cached_property
    def uncertain(self) -> tuple[int, ...]:
        return tuple(i for i, inp in enumerate(self.inputs) if inp.uncertain)

    @cached_property
    def static_terms(self) -> tuple[int, ...]:
        return tuple(i for i, t in enumerate(self.terms) if t.dynamic is None)

    @cached_property
    def dynamic_terms(self) -> tuple[int, ...]:
        return tuple(i for i, t in enumerate(self.terms) if t.dynamic is not None)

    @cached_property
    def stops(self) -> tuple[int, ...]:
        """Every month (0-based) a trial can stop in; ``horizon`` means it runs to the end."""
        out = {self.horizon}
        for gate in self.gates:
            dist = self.inputs[gate.input].dist
            if gate.stop and (dist.uncertain or dist.base == 0.0):
                out.add(gate.start0)
        return tuple(sorted(out))

    @cached_property
    def actual_pv(self) -> tuple[float, float]:
        """Present value of the recorded (cost, benefit)."""
        return (
            float(self.actual_cost @ self.discount),
            float(self.actual_benefit @ self.discount),
        )


def stream_id(key: str) -> int:
    return int.from_bytes(hashlib.blake2b(key.encode(), digest_size=8).digest(), "little")


def discount_factors(annual_rate: float, horizon: int) -> tuple[float, np.ndarray]:
    """Monthly rate equivalent to ``annual_rate`` and the factor ``(1 + r_m) ** -m`` for the
    cash at the end of months 1..horizon."""
    monthly = (1.0 + annual_rate) ** (1.0 / 12.0) - 1.0
    months = np.arange(1, horizon + 1, dtype=np.float64)
    return monthly, np.exp(-months * math.log1p(monthly))


def compile_case(case: Case) -> Model:
    """Build the model of a case that ``case_iv`` accepted."""
    horizon = int(case.horizon_months)
    monthly, discount = discount_factors(float(case.discount_rate), horizon)
    reached = fixed_phases(case)
    inputs: list[Input] = []
    index: dict[str, int] = {}
    for ref in case_inputs(case):
        if ref.kind in ("phase", "event"):
            p = 1.0 if ref.owner in reached else float(ref.estimate)  # type: ignore[arg-type]  # a chance
            dist: Dist = Bernoulli(p) if 0.0 < p < 1.0 else Fixed(p)
        else:
            dist = to_dist(ref.estimate, lo=ref.lo, hi=ref.hi)  # type: ignore[arg-type]  # an Estimate
        assert input_uncertain(ref, reached) == dist.uncertain, ref.key
        index[ref.key] = len(inputs)
        inputs.append(Input(ref, dist, stream_id(ref.key)))

    phases = {p.key: p for p in case.phases}
    gate_of = {p.key: i for i, p in enumerate(case.phases)}
    gates = []
    for phase in case.phases:
        probability = 1.0 if phase.key in reached else float(phase.probability)
        start0 = int(phase.start_month) - 1
        stop = phase.if_missed == "stop"
        gates.append(
            Gate(phase.key, phase.name, start0, stop, index[f"phases.{phase.key}"], probability)
        )
    fixed = np.zeros(horizon, dtype=bool)
    actual_cost = np.zeros(horizon)
    actual_benefit = np.zeros(horizon)
    by_category: dict[str, float] = {}
    for actual in case.actuals:
        m = int(actual.month) - 1
        fixed[m] = True
        actual_cost[m] = float(actual.cost)
        actual_benefit[m] = float(actual.benefit)
        split = actual.cost_by_category or {UNALLOCATED: float(actual.cost)}
        for category, value in split.items():
            by_category[category] = by_category.get(category, 0.0) + float(value)

    lines: list[LineInfo] = []
    terms: list[Term] = []
    every_line: tuple[CostLine | BenefitLine, ...] = (*case.costs, *case.benefits)
    for line in every_line:
        li = len(lines)
        if isinstance(line, CostLine):
            lines.append(LineInfo(line.key, line.name, "cost", line.category,
                                  isinstance(line.driver, Staff)))  # fmt: skip
        else:
            lines.append(LineInfo(line.key, line.name, "benefit",
                                  KIND_OF_DRIVER[type(line.driver)], False))  # fmt: skip
        terms.extend(_line_terms(line, li, phases, gate_of, index, inputs, horizon, fixed))

    correlated, mixing = _mixing(case, index, inputs)
    return Model(
        case=case, horizon=horizon, monthly_rate=monthly, discount=discount,
        inputs=tuple(inputs), gates=tuple(gates), lines=tuple(lines), terms=tuple(terms),
        fixed=fixed, actual_cost=actual_cost, actual_benefit=actual_benefit,
        actual_by_category=by_category, correlated=correlated, mixing=mixing,
    )  # fmt: skip


def _line_terms(line, li, phases, gate_of, index, inputs, horizon, fixed) -> list[Term]:
    window = line_window(line, phases, horizon)
    s0, e0 = window.start - 1, window.end - 1
    sign = -1.0 if isinstance(line, CostLine) else 1.0
    names = {
        Staff: ("fte", "monthly_cost"),
        Amount: ("amount",),
        Usage: ("volume", "unit_price"),
        Revenue: ("users", "conversion", "price"),
        Savings: ("hours", "rate", "adoption"),
        RiskReduction: ("probability", "impact"),
    }[type(line.driver)]
    factors = tuple(index[f"{line.key}.{n}"] for n in names)
    scale = 1.0 / 12.0 if isinstance(line.driver, RiskReduction) else 1.0
    gate = gate_of[line.phase] if line.phase else None
    event = index[f"events.{line.event}"] if line.event else None
    months = np.arange(horizon)

    growth = index[f"{line.key}.growth"] if isinstance(line.driver, Usage) else None
    lag = ramp = None
    if isinstance(line, BenefitLine):
        lag, ramp = index[f"{line.key}.lag_months"], index[f"{line.key}.ramp_months"]
    parts = [i for i in (growth, lag, ramp) if i is not None]
    dynamic = Dynamic(s0, growth, lag, ramp) if any(inputs[i].uncertain for i in parts) else None

    if isinstance(line, CostLine) and not line.recurring:
        shape = (months == s0).astype(np.float64)
        shape[fixed] = 0.0
        return [Term(li, sign, scale, factors, (), gate, event, shape, None, (s0, s0 + 1))]

    # Segments between step-ups; each later segment carries every step-up before it.
    steps = sorted(
        ((int(phases[s.phase].start_month) - 1, gate_of[s.phase],
          index[f"{line.key}.step_up.{s.phase}"]) for s in line.step_ups),
    )  # fmt: skip
    bounds = [s0] + [m for m, _, _ in steps] + [e0 + 1]
    terms = []
    for j in range(len(bounds) - 1):
        lo, hi = bounds[j], bounds[j + 1]
        if hi <= lo:
            continue
        shape = ((months >= lo) & (months < hi)).astype(np.float64)
        shape[fixed] = 0.0
        if dynamic is None:
            values = [inputs[i].dist.base if i is not None else 0.0 for i in (growth, lag, ramp)]
            shape[lo:hi] *= curve(s0, months[lo:hi], *values, n=1)[0]
        active = tuple((g, i) for _, g, i in steps[:j])
        terms.append(Term(li, sign, scale, factors, active, gate, event, shape, dynamic, (lo, hi)))
    return terms


def _mixing(case: Case, index: dict[str, int], inputs: list[Input]):
    """The Gaussian copula: rank correlations turned into the latent normals' correlation
    ``2 sin(pi rho / 6)`` and factored. Pairs with an input made certain by actuals drop."""
    pairs = [
        (c.first, c.second, float(c.rank))
        for c in case.correlations
        if inputs[index[c.first]].uncertain and inputs[index[c.second]].uncertain
    ]
    if not pairs:
        return (), None
    keys: list[str] = []
    for a, b, _ in pairs:
        keys += [k for k in (a, b) if k not in keys]
    ranks = rank_matrix(keys, pairs)
    pearson = 2.0 * np.sin(np.pi * ranks / 6.0)
    np.fill_diagonal(pearson, 1.0)
    values, vectors = np.linalg.eigh(pearson)
    if values[0] < 0:
        # The rank matrix was checked positive semi-definite; its Pearson image rarely is
        # not. Clip the negative eigenvalues and restore the unit diagonal (nearest valid
        # correlation in the eigenvalue sense).
        values = np.maximum(values, 0.0)
        fixed = (vectors * values) @ vectors.T
        d = np.sqrt(np.diag(fixed))
        fixed = fixed / np.outer(d, d)
        values, vectors = np.linalg.eigh(fixed)
    mixing = vectors * np.sqrt(np.maximum(values, 0.0))
    return tuple(index[k] for k in keys), mixing


__all__ = ["COST_CATEGORIES", "Model", "compile_case", "discount_factors"]
