"""Cash flows of a block of trials, vectorised.

``values[k]`` is input ``k``'s value in every trial of the block (an array) or in all of them
(a float). A trial stops in the first month of the first phase it does not reach whose
``if_missed`` is "stop"; trials are grouped by that month, so every group's cumulative cash is
one matrix product of the per-trial amounts with precomputed cumulative shapes, without a
mask over months. Terms with per-trial shapes (uncertain growth, lag or ramp) are added
month by month.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np

from ._compile import Model, Term, curve

Values = list  # list[np.ndarray | float], one entry per model input


@dataclass(frozen=True, eq=False)
class StopTables:
    """Precomputed sums of the static terms for trials stopping in month ``stop``."""

    cumulative: np.ndarray  # (F, T) signed cumulative cash of one unit of each term
    pv_cost: np.ndarray  # (F,) present value of one unit (cost terms, else 0)
    pv_benefit: np.ndarray  # (F,)
    total: np.ndarray  # (F,) undiscounted total of one unit
    monthly: np.ndarray  # (F, T) unsigned shape up to the stop


class Tables:
    def __init__(self, model: Model) -> None:
        self.model = model
        self.static = model.static_terms
        self.dynamic = model.dynamic_terms
        self._by_stop: dict[int, StopTables] = {}

    @cached_property
    def shapes(self) -> np.ndarray:
        T = self.model.horizon
        if not self.static:
            return np.zeros((0, T))
        return np.stack([self.model.terms[i].shape for i in self.static])

    @cached_property
    def signs(self) -> np.ndarray:
        return np.array([self.model.terms[i].sign for i in self.static])

    @cached_property
    def costs(self) -> np.ndarray:
        return self.signs < 0

    @cached_property
    def lines(self) -> np.ndarray:
        return np.array([self.model.terms[i].line for i in self.static], dtype=np.intp)

    def at(self, stop: int) -> StopTables:
        tables = self._by_stop.get(stop)
        if tables is None:
            monthly = self.shapes.copy()
            monthly[:, stop:] = 0.0
            pv = monthly @ self.model.discount
            is_cost = self.signs < 0
            tables = StopTables(
                cumulative=np.cumsum(monthly * self.signs[:, None], axis=1),
                pv_cost=np.where(is_cost, pv, 0.0),
                pv_benefit=np.where(is_cost, 0.0, pv),
                total=monthly.sum(axis=1),
                monthly=monthly,
            )
            self._by_stop[stop] = tables
        return tables


@dataclass(frozen=True, eq=False)
class Block:
    """Per-trial results of a block, and sums over its trials for the means."""

    npv: np.ndarray  # (n,)
    pv_cost: np.ndarray  # (n,)
    pv_benefit: np.ndarray  # (n,)
    cumulative: np.ndarray  # (n, T) undiscounted cumulative net cash
    line_sum: np.ndarray  # (L,) total of each line, summed over trials
    cost_sum: np.ndarray  # (T,) monthly costs summed over trials (simulated months)
    benefit_sum: np.ndarray  # (T,)
    reached_sum: np.ndarray  # (P,) trials reaching each phase


def gates_and_stops(model: Model, values: Values, n: int):
    """Reached flags per phase (arrays or floats) and the stop month of every trial."""
    reached: list[np.ndarray | float] = []
    r: np.ndarray | float = 1.0
    for gate in model.gates:
        r = r * values[gate.input]
        reached.append(r)
    stop = np.full(n, model.horizon, dtype=np.intp)
    for gate, r in zip(model.gates, reached, strict=True):
        if gate.stop:
            missed = np.broadcast_to(np.asarray(r) == 0.0, (n,))
            stop = np.where(missed & (stop == model.horizon), gate.start0, stop)
    return reached, stop


def term_amount(term: Term, values: Values, reached, n: int) -> np.ndarray:
    a: np.ndarray | float = term.scale
    for i in term.factors:
        a = a * values[i]
    if term.gate is not None:
        a = a * reached[term.gate]
    if term.event is not None:
        a = a * values[term.event]
    for g, i in term.steps:
        # A step-up applies only where its phase is reached.
        a = a * (1.0 + reached[g] * (values[i] - 1.0))
    return np.broadcast_to(np.asarray(a, dtype=np.float64), (n,))


def dynamic_shape(model: Model, term: Term, values: Values, n: int, hi: int) -> np.ndarray:
    """(n, hi - lo) shape of a dynamic term over its months ``lo`` (``term.cols``) to ``hi``."""
    d = term.dynamic
    assert d is not None
    lo = term.cols[0]
    parts = [values[i] if i is not None else 0.0 for i in (d.growth, d.lag, d.ramp)]
    out = curve(d.start0, np.arange(lo, hi), *parts, n=n)
    out *= term.shape[lo:hi]
    return out


def evaluate(model: Model, tables: Tables, values: Values, n: int) -> Block:
    """Cash flows of ``n`` trials with the given input values."""
    reached, stop = gates_and_stops(model, values, n)
    groups = np.unique(stop)
    if len(groups) == 1:
        block = _evaluate_group(model, tables, values, reached, n, int(groups[0]))
    else:
        T = model.horizon
        block = Block(np.empty(n), np.empty(n), np.empty(n), np.empty((n, T)),
                      np.zeros(len(model.lines)), np.zeros(T), np.zeros(T),
                      np.zeros(len(model.gates)))  # fmt: skip
        for s in groups:
            rows = np.flatnonzero(stop == s)
            part = _evaluate_group(
                model, tables, _take(values, rows), _take(reached, rows), len(rows), int(s)
            )
            block.npv[rows] = part.npv
            block.pv_cost[rows] = part.pv_cost
            block.pv_benefit[rows] = part.pv_benefit
            block.cumulative[rows] = part.cumulative
            block.line_sum[:] += part.line_sum
            block.cost_sum[:] += part.cost_sum
            block.benefit_sum[:] += part.benefit_sum
    if model.fixed.any():
        actual_cost, actual_benefit = model.actual_pv
        block.pv_cost[:] += actual_cost
        block.pv_benefit[:] += actual_benefit
        block.npv[:] += actual_benefit - actual_cost
        block.cumulative[:] += np.cumsum(model.actual_benefit - model.actual_cost)
    block.reached_sum[:] = [float(np.sum(np.broadcast_to(r, (n,)))) for r in reached]
    return block


def _take(values: list, rows: np.ndarray) -> list:
    return [v[rows] if isinstance(v, np.ndarray) and v.ndim else v for v in values]


def _evaluate_group(model, tables: Tables, values: Values, reached, n: int, stop: int) -> Block:
    """Cash flows of ``n`` trials that all stop in month ``stop`` (0-based; the horizon when
    they run to the end)."""
    T = model.horizon
    line_sum = np.zeros(len(model.lines))
    cost_sum = np.zeros(T)
    benefit_sum = np.zeros(T)
    static = tables.static
    if static:
        tab = tables.at(stop)
        amounts = np.empty((len(static), n))
        for j, t in enumerate(static):
            amounts[j] = term_amount(model.terms[t], values, reached, n)
        cumulative = amounts.T @ tab.cumulative
        pv_cost = tab.pv_cost @ amounts
        pv_benefit = tab.pv_benefit @ amounts
        colsum = amounts.sum(axis=1)
        np.add.at(line_sum, tables.lines, colsum * tab.total)
        cost_sum += (colsum * tables.costs) @ tab.monthly
        benefit_sum += (colsum * ~tables.costs) @ tab.monthly
    else:
        cumulative = np.zeros((n, T))
        pv_cost = np.zeros(n)
        pv_benefit = np.zeros(n)

    flows_by_sign: dict[float, np.ndarray] = {}
    for t in tables.dynamic:
        term = model.terms[t]
        lo, hi = term.cols[0], min(term.cols[1], stop)
        if hi <= lo:
            continue
        flows = dynamic_shape(model, term, values, n, hi)
        flows *= term_amount(term, values, reached, n)[:, None]
        line_sum[term.line] += flows.sum()
        target = flows_by_sign.get(term.sign)
        if target is None:
            target = flows_by_sign[term.sign] = np.zeros((n, T))
        target[:, lo:hi] += flows
    if flows_by_sign:
        net = np.zeros((n, T))
        for sign, flows in flows_by_sign.items():
            pv = flows @ model.discount
            if sign < 0:
                pv_cost += pv
                cost_sum += flows.sum(axis=0)
                net -= flows
            else:
                pv_benefit += pv
                benefit_sum += flows.sum(axis=0)
                net += flows
        cumulative += np.cumsum(net, axis=1)
    return Block(pv_benefit - pv_cost, pv_cost, pv_benefit, cumulative, line_sum, cost_sum,
                 benefit_sum, np.zeros(len(model.gates)))  # fmt: skip


def line_flows(model: Model, values: Values) -> tuple[np.ndarray, np.ndarray]:
    """Monthly flows of every line (L, T), unsigned, for one trial (``values`` scalars),
    term by term; and the month the trial stops in. Used for the deterministic result and
    to check the fast path."""
    n = 1
    reached, stop = gates_and_stops(model, values, n)
    flows = np.zeros((len(model.lines), model.horizon))
    alive = (np.arange(model.horizon) < stop[0]).astype(np.float64)
    for term in model.terms:
        shape = term.shape
        if term.dynamic is not None:
            lo, hi = term.cols
            shape = np.zeros(model.horizon)
            shape[lo:hi] = dynamic_shape(model, term, values, n, hi)[0]
        flows[term.line] += term_amount(term, values, reached, n)[0] * shape * alive
    return flows, stop
