"""Cash flows of a block of trials, vectorised.

``values[k]`` is input ``k``'s value in every trial of the block (an array) or in all of them
(a float). Most terms have a month shape that does not depend on the trial: their cumulative
cash for the whole block is one matrix product of the per-trial amounts with precomputed
cumulative shapes. Terms with per-trial shapes (uncertain growth, lag or ramp) are added
month by month. A trial stops in the first month of the first phase it does not reach whose
``if_missed`` is "stop": its present values are read from tables summed up to that month,
and its cumulative cash stays flat from there.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from ._blas import dot
from ._compile import Model, Term
from ._curves import Scratch, curve, monthly, ramp_rows, rise

Values = list  # list[np.ndarray | float], one entry per model input


@dataclass(frozen=True, eq=False)
class StopTables:
    """Precomputed sums of the static terms for trials stopping in month ``stop``."""

    cumulative: np.ndarray  # (F, T) signed cumulative cash of one unit of each term
    pv_cost: np.ndarray  # (F,) present value of one unit (cost terms, else 0)
    pv_benefit: np.ndarray  # (F,)
    total: np.ndarray  # (F,) undiscounted total of one unit
    monthly: np.ndarray  # (F, T) unsigned shape up to the stop


class Workspace(Scratch):
    """Buffers of the per-trial terms: one term's flows, and costs and benefits summed."""

    def __init__(self, n: int, horizon: int) -> None:
        super().__init__(n, horizon)
        self.cost = np.empty((horizon, n))  # month by trial
        self.benefit = np.empty((horizon, n))


class Tables:
    """What every block of a model shares: the static terms' shapes summed up to each month a
    trial can stop in, and per-thread work arrays."""

    def __init__(self, model: Model) -> None:
        self.model = model
        self.static = model.static_terms
        self.dynamic = model.dynamic_terms
        self._by_stop: dict[int, StopTables] = {}
        self._local = threading.local()

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

    def workspace(self, n: int) -> Workspace:
        """Reusable buffers for chunks of ``n`` trials, one set per thread."""
        work = getattr(self._local, "work", None)
        if work is None or work.n != n:
            work = self._local.work = Workspace(n, self.model.horizon)
        return work

    @cached_property
    def stop_months(self) -> np.ndarray:
        return np.array(self.model.stops, dtype=np.intp)

    @cached_property
    def cumulative(self) -> np.ndarray:
        """(F, T) signed cumulative cash of one unit of each static term, never stopping."""
        return self.at(self.model.horizon).cumulative

    @cached_property
    def pv_cost(self) -> np.ndarray:
        """(F, S) present value of one unit of each cost term, for each stop month."""
        return np.stack([self.at(int(s)).pv_cost for s in self.stop_months], axis=1)

    @cached_property
    def pv_benefit(self) -> np.ndarray:
        return np.stack([self.at(int(s)).pv_benefit for s in self.stop_months], axis=1)

    @cached_property
    def total(self) -> np.ndarray:
        """(F, S) undiscounted total of one unit of each term, for each stop month."""
        return np.stack([self.at(int(s)).total for s in self.stop_months], axis=1)

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


def dynamic_shape(
    model: Model,
    term: Term,
    values: Values,
    n: int,
    hi: int,
    out: np.ndarray | None = None,
    scratch: Scratch | None = None,
) -> np.ndarray:
    """(n, hi - lo) shape of a dynamic term over its months ``lo`` (``term.cols``) to ``hi``."""
    d = term.dynamic
    assert d is not None
    lo = term.cols[0]
    parts = [values[i] if i is not None else 0.0 for i in (d.growth, d.lag, d.ramp)]
    out = curve(d.start0, np.arange(lo, hi), *parts, n=n, out=out, scratch=scratch)
    if not term.plain:
        out *= term.shape[lo:hi]
    return out


def dynamic_flows(
    term: Term, values: Values, amount: np.ndarray, n: int, hi: int, scratch: Scratch
) -> np.ndarray:
    """(hi - lo, n) flows of a dynamic term over its months ``lo`` (``term.cols``) to ``hi``:
    month by trial, the per-trial ``amount`` times the term's growth and ramp-up."""
    d = term.dynamic
    assert d is not None
    lo = term.cols[0]
    parts = [values[i] if i is not None else 0.0 for i in (d.growth, d.lag, d.ramp)]
    out = monthly(d.start0, np.arange(lo, hi), *parts, n=n, scale=amount,
                  out=scratch.view("flows", hi - lo, n), scratch=scratch)  # fmt: skip
    if not term.plain:
        out *= term.shape[lo:hi, None]
    return out


def add_dynamic(
    term: Term, values: Values, amount: np.ndarray, n: int, target: np.ndarray, scratch: Scratch
) -> bool:
    """Add the flows of a plain dynamic term with growth alone or a ramp-up alone into the
    rows of ``target`` (month by trial) without building them month by month first: growth
    as one row carried from month to month, a ramp-up as its rising months plus the amount
    itself in the months after. ``False`` (nothing added) for any other term."""
    d = term.dynamic
    assert d is not None
    lo, hi = term.cols
    growth = values[d.growth] if d.growth is not None else 0.0
    lag = values[d.lag] if d.lag is not None else 0.0
    ramp = values[d.ramp] if d.ramp is not None else 0.0
    still = np.isscalar(lag) and np.isscalar(ramp) and lag == 0.0 and ramp == 0.0
    if still and not np.isscalar(growth):
        x = 1.0 + np.asarray(growth, dtype=np.float64)
        row = scratch.view("x", 1, n)[0]
        np.multiply(amount, np.power(x, lo - d.start0), out=row)
        for m in range(lo, hi):
            target[m] += row
            if m + 1 < hi:
                row *= x
        return True
    if np.isscalar(growth) and growth == 0.0 and not still:
        tau = np.arange(lo, hi, dtype=np.float64) - d.start0
        lag_ = np.broadcast_to(np.asarray(lag, dtype=np.float64), (n,))
        ramp_ = np.broadcast_to(np.asarray(ramp, dtype=np.float64), (n,))
        a, b, mid = ramp_rows(tau, lag_, ramp_, n, scratch)
        if b > a:
            mid *= amount
            target[lo + a : lo + b] += mid
        target[lo + b : hi] += amount
        return True
    return False


def _dynamic_total(term: Term, values: Values, months: np.ndarray) -> np.ndarray | None:
    """Per trial, the sum of a dynamic term's shape over its first ``months`` months (the
    months before the trial stops), in closed form; ``None`` when there is none.

    Growth: ``sum_j (1 + g) ** (t0 + j) = (1 + g) ** t0 * expm1(k c) / expm1(c)``,
    ``c = log1p(g)``. Ramp-up: the monthly averages telescope to the area under the curve,
    ``rise(t0 + k - lag) - rise(t0 - lag)``.
    """
    d = term.dynamic
    assert d is not None
    if not term.plain:
        return None  # actual months inside: sum the months instead
    k = np.maximum(months, 0).astype(np.float64)
    t0 = float(term.cols[0] - d.start0)
    if d.growth is not None:
        c = np.log1p(np.asarray(values[d.growth], dtype=np.float64))
        with np.errstate(invalid="ignore", divide="ignore"):
            ratio = np.where(np.abs(c) > 1e-12, np.expm1(k * c) / np.expm1(c), k)
        return np.exp(c * t0) * ratio
    assert d.lag is not None and d.ramp is not None  # a dynamic term without growth has both
    lag = np.asarray(values[d.lag], dtype=np.float64)
    ramp = np.maximum(np.asarray(values[d.ramp], dtype=np.float64), 1e-12)
    return rise(t0 + k - lag, ramp) - rise(t0 - lag, ramp)


def evaluate(model: Model, tables: Tables, values: Values, n: int) -> Block:
    """Cash flows of ``n`` trials with the given input values.

    Every trial is first computed as if it ran to the end; a trial that stops in month ``s``
    then keeps its cumulative cash from month ``s`` on, and its present values and totals are
    read from tables summed up to ``s``.
    """
    T = model.horizon
    reached, stop = gates_and_stops(model, values, n)
    stops = tables.stop_months
    which = np.searchsorted(stops, stop)
    assert np.array_equal(stops[np.minimum(which, len(stops) - 1)], stop), "unknown stop month"
    early = [(int(s), np.flatnonzero(stop == s)) for s in np.unique(stop) if s < T]
    line_sum = np.zeros(len(model.lines))
    cost_sum = np.zeros(T)
    benefit_sum = np.zeros(T)

    if tables.static:
        amounts = np.empty((len(tables.static), n))
        for j, t in enumerate(tables.static):
            amounts[j] = term_amount(model.terms[t], values, reached, n)
        cumulative = dot(amounts.T, tables.cumulative)
        rows = np.arange(n)
        pv_cost = dot(amounts.T, tables.pv_cost)[rows, which]
        pv_benefit = dot(amounts.T, tables.pv_benefit)[rows, which]
        members = np.zeros((n, len(stops)))
        members[rows, which] = 1.0
        by_stop = dot(amounts, members)  # (F, S): each term's amounts summed per stop month
        np.add.at(line_sum, tables.lines, (by_stop * tables.total).sum(axis=1))
        for k, s in enumerate(stops):
            if by_stop[:, k].any():
                monthly = tables.at(int(s)).monthly
                cost_sum += (by_stop[:, k] * tables.costs) @ monthly
                benefit_sum += (by_stop[:, k] * ~tables.costs) @ monthly
    else:
        cumulative = np.zeros((n, T))
        pv_cost = np.zeros(n)
        pv_benefit = np.zeros(n)

    if tables.dynamic:
        # Month by trial (T, n): each month's row of trials is contiguous, so a term's
        # months are one block of rows and every operation runs along whole rows.
        work = tables.workspace(n)
        work.cost.fill(0.0)
        work.benefit.fill(0.0)
        alive = np.arange(T)[:, None] < stop if early else None
        for t in tables.dynamic:
            term = model.terms[t]
            lo, hi = term.cols
            if hi <= lo:
                continue
            amount = term_amount(term, values, reached, n)
            target = work.cost if term.sign < 0 else work.benefit
            total = _dynamic_total(term, values, np.minimum(stop, hi) - lo)
            if total is not None and add_dynamic(term, values, amount, n, target, work):
                line_sum[term.line] += float(amount @ total)
                continue
            flows = dynamic_flows(term, values, amount, n, hi, work)
            if total is None:
                if alive is not None:
                    flows *= alive[lo:hi]
                line_sum[term.line] += flows.sum()
            else:
                line_sum[term.line] += float(amount @ total)
            target[lo:hi] += flows
        if alive is not None:
            # Nothing flows after a trial's stop: one mask over the sums, not one per term.
            work.cost *= alive
            work.benefit *= alive
        pv_cost += dot(work.cost.T, model.discount)
        pv_benefit += dot(work.benefit.T, model.discount)
        cost_sum += work.cost.sum(axis=1)
        benefit_sum += work.benefit.sum(axis=1)
        net = np.subtract(work.benefit, work.cost, out=work.view("flows", T, n))
        np.cumsum(net, axis=0, out=net)
        cumulative += net.T
    for s, rows_s in early:
        # Nothing flows after the stop: the cumulative cash stays where it was.
        cumulative[rows_s, s:] = cumulative[rows_s, s - 1 : s] if s > 0 else 0.0

    if model.fixed.any():
        actual_cost, actual_benefit = model.actual_pv
        pv_cost += actual_cost
        pv_benefit += actual_benefit
        cumulative += np.cumsum(model.actual_benefit - model.actual_cost)
    reached_sum = np.array([float(np.sum(np.broadcast_to(r, (n,)))) for r in reached])
    return Block(pv_benefit - pv_cost, pv_cost, pv_benefit, cumulative, line_sum, cost_sum,
                 benefit_sum, reached_sum)  # fmt: skip


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
