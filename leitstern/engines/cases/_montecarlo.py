"""The Monte Carlo loop: chunks of trials, one random stream per input, running sums.

Memory stays bounded whatever the number of trials: a chunk holds a few thousand trials
(about half a million month cells), and across chunks the engine keeps only four numbers per
trial (NPV, present value of costs, payback month, ROI) plus fixed-size sums: per-month
histograms of the cumulative cash for the fan chart, and per-input bins for EVPI.

Each input draws its latent standard normals from its own stream, seeded by the caller's
generator and a hash of the input's key. So a seeded run is reproducible, its draws do not
depend on the chunk size, adding a line leaves the other inputs' draws as they were, and
inputs with the same key in two cases (``compare``) share their draws.

The main thread draws each chunk's normals in order; a few worker threads evaluate chunks
(numpy releases the interpreter lock in its loops); partial sums are added back in chunk
order, so the result never depends on thread timing.
"""

from __future__ import annotations

import os
import threading
from collections import deque
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np
from scipy import special

from ._blas import dot
from ._compile import Model
from ._evaluate import Tables, evaluate
from .finance import payback_months

CHUNK_CELLS = 1 << 19  # trials x max(months, inputs) per chunk
MIN_CHUNK, MAX_CHUNK = 256, 16_384
FAN_BINS = 4096
MAX_WORKERS = 4
EVPI_ROWS = 32  # inputs binned at a time

_LUT_LO, _LUT_PER_UNIT, _LUT_CELLS = -8.0, 512, 16 * 512


def chunk_size(models: Sequence[Model], keys: int) -> int:
    width = max(max(m.horizon for m in models), keys, max(len(m.terms) for m in models), 1)
    return int(min(MAX_CHUNK, max(MIN_CHUNK, CHUNK_CELLS // width)))


def bin_lookup(bins: int) -> np.ndarray:
    """Cell of the latent normal (1/512 wide from -8 to 8) -> equal-probability bin."""
    centres = _LUT_LO + (np.arange(_LUT_CELLS) + 0.5) / _LUT_PER_UNIT
    return np.minimum((special.ndtr(centres) * bins).astype(np.intp), bins - 1)


class _Buffers(threading.local):
    """Work arrays of one thread, replaced when the chunk size changes."""

    shape: tuple[int, ...] = ()
    arrays: tuple[np.ndarray, ...] = ()

    def get(self, shape: tuple[int, ...], dtypes: Sequence[type]) -> tuple[np.ndarray, ...]:
        if self.shape != shape:
            self.shape = shape
            self.arrays = tuple(np.empty(shape, dtype=d) for d in dtypes)
        return self.arrays


class FanAccumulator:
    """Per-month histograms of cumulative cash, with edges set from the first chunk (its
    range widened by half on each side) and the overall minimum and maximum."""

    def __init__(self, horizon: int, bins: int = FAN_BINS) -> None:
        self.T, self.B = horizon, bins
        self.counts = np.zeros(horizon * bins, dtype=np.int64)
        self.lo: np.ndarray | None = None
        self.width = np.ones(horizon)
        self.min = np.full(horizon, np.inf)
        self.max = np.full(horizon, -np.inf)
        self.offsets = (np.arange(horizon) * bins).astype(np.float64)
        self._buffers = _Buffers()

    def add(self, cumulative: np.ndarray) -> None:
        self.merge(self.partial(cumulative))

    def partial(self, cumulative: np.ndarray):
        """This chunk's histogram counts, minimum and maximum (thread-safe once the edges
        are set by the first chunk)."""
        low, high = cumulative.min(axis=0), cumulative.max(axis=0)
        if self.lo is None:
            span = high - low
            pad = 0.5 * span + 1e-9 * np.maximum(np.abs(low), 1.0)
            self.lo = low - pad
            self.width = (span + 2 * pad) / self.B
            self.scale = 1.0 / self.width
        pos, cells = self._buffers.get(cumulative.shape, (np.float64, np.intp))
        np.subtract(cumulative, self.lo, out=pos)
        pos *= self.scale
        np.clip(pos, 0.0, self.B - 1, out=pos)
        pos += self.offsets
        cells[...] = pos  # truncates: the bin of each month
        return np.bincount(cells.ravel(), minlength=self.T * self.B), low, high

    def merge(self, part) -> None:
        counts, low, high = part
        self.counts += counts
        np.minimum(self.min, low, out=self.min)
        np.maximum(self.max, high, out=self.max)

    def percentiles(self, levels: Sequence[float]) -> tuple[dict[str, np.ndarray], int]:
        """Percentile curves, and how many (month, level) readings fell in an edge bin."""
        assert self.lo is not None
        counts = self.counts.reshape(self.T, self.B)
        cum = np.cumsum(counts, axis=1)
        total = cum[:, -1:]
        out: dict[str, np.ndarray] = {}
        clamped = 0
        for level in levels:
            target = total[:, 0] * level / 100.0
            j = np.argmax(cum >= target[:, None], axis=1)
            before = np.where(j > 0, cum[np.arange(self.T), j - 1], 0)
            inside = counts[np.arange(self.T), j]
            frac = np.where(inside > 0, (target - before) / np.maximum(inside, 1), 0.5)
            value = self.lo + (j + frac) * self.width
            edge = ((j == 0) | (j == self.B - 1)) & (self.max > self.min)
            clamped += int(edge.sum())
            out[_label(level)] = np.clip(value, self.min, self.max)
        return out, clamped


class EvpiAccumulator:
    """Per input and bin: trial count, sum and sum of squares of NPV relative to the
    decision baseline. Continuous inputs are binned on their latent normal into equal-
    probability bins; yes/no inputs by their outcome."""

    def __init__(self, model: Model, bins: int) -> None:
        self.uncertain = model.uncertain
        self.discrete = np.flatnonzero([model.inputs[i].dist.discrete for i in self.uncertain])
        self.K, self.B = len(self.uncertain), bins
        size = self.K * bins
        self.count = np.zeros(size)
        self.sum = np.zeros(size)
        self.sq = np.zeros(size)
        # A small lookup (it stays in cache) from the latent's cell to its bin; row k's bins
        # then move to k * bins.
        self.lut = bin_lookup(bins)
        self.offsets = np.arange(self.K)[:, None] * bins
        self._buffers = _Buffers()

    def add(self, latent: np.ndarray, values: list, relative: np.ndarray) -> None:
        if self.K:
            self.merge(self.partial(latent, values, relative))

    def partial(self, latent: np.ndarray, values: list, relative: np.ndarray):
        """This chunk's (count, sum, sum of squares) per input and bin, computed for
        ``EVPI_ROWS`` inputs at a time to keep the work arrays small."""
        size = self.K * self.B
        count, total, sq = np.zeros(size), np.zeros(size), np.zeros(size)
        n = latent.shape[1]
        squares = relative * relative
        discrete = set(self.discrete.tolist())
        for first in range(0, self.K, EVPI_ROWS):
            rows = min(EVPI_ROWS, self.K - first)
            pos, cells, weights = self._buffers.get(
                (EVPI_ROWS, n), (np.float32, np.intp, np.float64)
            )
            pos, cells, weights = pos[:rows], cells[:rows], weights[:rows]
            np.multiply(latent[first : first + rows], _LUT_PER_UNIT, out=pos)
            pos -= _LUT_LO * _LUT_PER_UNIT
            np.clip(pos, 0.0, _LUT_CELLS - 1, out=pos)
            cells[...] = pos  # truncates: the latent's cell
            np.take(self.lut, cells, out=cells)  # the cell's bin (mode "raise" buffers)
            for row in range(first, first + rows):
                if row in discrete:
                    cells[row - first] = np.asarray(values[self.uncertain[row]], dtype=np.intp)
            cells += self.offsets[first : first + rows] - first * self.B
            flat = cells.ravel()
            part = slice(first * self.B, (first + rows) * self.B)
            count[part] += np.bincount(flat, minlength=rows * self.B)
            weights[...] = relative
            total[part] += np.bincount(flat, weights=weights.ravel(), minlength=rows * self.B)
            weights[...] = squares
            sq[part] += np.bincount(flat, weights=weights.ravel(), minlength=rows * self.B)
        return count, total, sq

    def merge(self, part) -> None:
        count, total, sq = part
        self.count += count
        self.sum += total
        self.sq += sq

    def evpi(self, mean: float, trials: int) -> tuple[np.ndarray, np.ndarray]:
        """EVPI and its standard error per uncertain input (see ``docs/cases.md``)."""
        go = 1.0 if mean > 0 else 0.0
        count = self.count.reshape(self.K, self.B)
        total = self.sum.reshape(self.K, self.B)
        sq = self.sq.reshape(self.K, self.B)
        with np.errstate(invalid="ignore", divide="ignore"):
            choose = np.where(count > 0, (total / count) > 0, go).astype(np.float64)
        flip = choose - go
        h_sum = (total * flip).sum(axis=1)
        h_sq = (sq * flip * flip).sum(axis=1)
        value = h_sum / trials
        var = np.maximum(h_sq / trials - value * value, 0.0) * trials / max(trials - 1, 1)
        return np.maximum(value, 0.0), np.sqrt(var / trials)


@dataclass
class Raw:
    """What one model's run collected."""

    model: Model
    npv: np.ndarray
    pv_cost: np.ndarray
    payback: np.ndarray
    line_sum: np.ndarray
    cost_sum: np.ndarray
    benefit_sum: np.ndarray
    cumulative_sum: np.ndarray
    reached_sum: np.ndarray
    fan: FanAccumulator
    evpi: EvpiAccumulator | None
    baseline: float


@dataclass
class _Part:
    """One chunk's sums for one model, to be added in chunk order."""

    line_sum: np.ndarray
    cost_sum: np.ndarray
    benefit_sum: np.ndarray
    cumulative_sum: np.ndarray
    reached_sum: np.ndarray
    fan: tuple
    evpi: tuple | None


def run(
    models: Sequence[Model],
    *,
    trials: int,
    rng: np.random.Generator,
    sensitivity: bool,
    bins: int,
    chunk: int | None = None,
    workers: int | None = None,
    progress: Callable[[int], object] | None = None,
) -> list[Raw]:
    """Simulate ``trials`` trials of every model with shared draws per input key, in chunks
    of ``chunk`` trials (default: about half a million month cells per chunk) on
    ``workers`` threads (default: one per core, at most four). ``progress`` is called on
    the calling thread with the number of trials done after each chunk is added."""
    keys: list[str] = []
    streams: list[int] = []
    for model in models:
        for i in model.uncertain:
            if model.inputs[i].key not in keys:
                keys.append(model.inputs[i].key)
                streams.append(model.inputs[i].stream)
    root = [int(x) for x in rng.integers(0, 2**63 - 1, size=4, dtype=np.int64)]
    generators = [
        np.random.Generator(np.random.PCG64(np.random.SeedSequence(root, spawn_key=(s,))))
        for s in streams
    ]
    row = {k: j for j, k in enumerate(keys)}
    raws = []
    for model in models:
        actual_cost, actual_benefit = model.actual_pv
        raws.append(
            Raw(
                model=model,
                npv=np.empty(trials),
                pv_cost=np.empty(trials),
                payback=np.empty(trials, dtype=np.int32),
                line_sum=np.zeros(len(model.lines)),
                cost_sum=np.zeros(model.horizon),
                benefit_sum=np.zeros(model.horizon),
                cumulative_sum=np.zeros(model.horizon),
                reached_sum=np.zeros(len(model.gates)),
                fan=FanAccumulator(model.horizon),
                evpi=EvpiAccumulator(model, bins) if sensitivity else None,
                baseline=actual_benefit - actual_cost,
            )
        )
    tables = [Tables(m) for m in models]
    slots = [np.array([row[m.inputs[i].key] for i in m.uncertain], dtype=np.intp) for m in models]
    size = chunk or chunk_size(models, len(keys))
    starts = list(range(0, trials, size))

    def draw(start: int) -> np.ndarray:
        # Latent normals in single precision: half the memory traffic, and far finer than
        # any Monte Carlo error; values are computed from them in double precision.
        latent = np.empty((len(keys), min(size, trials - start)), dtype=np.float32)
        for j, gen in enumerate(generators):
            gen.standard_normal(dtype=np.float32, out=latent[j])
        return latent

    def process(start: int, latent_all: np.ndarray) -> list[_Part]:
        n = latent_all.shape[1]
        parts = []
        for model, tab, slot, raw in zip(models, tables, slots, raws, strict=True):
            latent = latent_all[slot]
            values = model_values(model, latent, n)
            block = evaluate(model, tab, values, n)
            sl = slice(start, start + n)
            raw.npv[sl] = block.npv
            raw.pv_cost[sl] = block.pv_cost
            raw.payback[sl] = payback_months(block.cumulative)
            evpi = None
            if raw.evpi is not None and raw.evpi.K:
                evpi = raw.evpi.partial(latent, values, block.npv - raw.baseline)
            parts.append(
                _Part(
                    block.line_sum, block.cost_sum, block.benefit_sum,
                    block.cumulative.sum(axis=0), block.reached_sum,
                    raw.fan.partial(block.cumulative), evpi,
                )
            )  # fmt: skip
        return parts

    def merge(parts: list[_Part]) -> None:
        for raw, part in zip(raws, parts, strict=True):
            raw.line_sum += part.line_sum
            raw.cost_sum += part.cost_sum
            raw.benefit_sum += part.benefit_sum
            raw.cumulative_sum += part.cumulative_sum
            raw.reached_sum += part.reached_sum
            raw.fan.merge(part.fan)
            if part.evpi is not None and raw.evpi is not None:
                raw.evpi.merge(part.evpi)

    done = 0

    def added(parts: list[_Part]) -> None:
        nonlocal done
        merge(parts)
        done = min(done + size, trials)
        if progress is not None:
            progress(done)

    # The first chunk alone: it sets the fan chart's histogram edges.
    added(process(starts[0], draw(starts[0])))
    workers = min(workers or os.cpu_count() or 1, MAX_WORKERS, max(len(starts) - 1, 1))
    if workers <= 1:
        for start in starts[1:]:
            added(process(start, draw(start)))
        return raws
    with ThreadPoolExecutor(max_workers=workers) as pool:
        pending: deque = deque()
        for start in starts[1:]:
            pending.append(pool.submit(process, start, draw(start)))
            if len(pending) > workers:
                added(pending.popleft().result())
        while pending:
            added(pending.popleft().result())
    return raws


def model_values(model: Model, latent: np.ndarray, n: int) -> list:
    """Input values from the latent normals of the model's uncertain inputs (one row each,
    in ``model.uncertain`` order), after the correlation mixing (done in place)."""
    uncertain = model.uncertain
    if model.mixing is not None:
        rows = [uncertain.index(i) for i in model.correlated]
        latent[rows] = dot(model.mixing, latent[rows])
    values: list = [inp.dist.base for inp in model.inputs]
    for j, i in enumerate(uncertain):
        values[i] = model.inputs[i].dist.sample(latent[j])
    return values


def _label(level: float) -> str:
    return f"{level:g}"
