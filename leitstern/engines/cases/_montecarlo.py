"""The Monte Carlo loop: chunks of trials, one random stream per input, running sums.

Memory stays bounded whatever the number of trials: a chunk holds a few thousand trials
(about half a million month cells), and across chunks the engine keeps only four numbers per
trial (NPV, present value of costs, payback month, ROI) plus fixed-size sums: per-month
histograms of the cumulative cash for the fan chart, and per-input bins for EVPI.

Each input draws its latent standard normals from its own stream, seeded by the caller's
generator and a hash of the input's key. So a seeded run is reproducible, its draws do not
depend on the chunk size, adding a line leaves the other inputs' draws as they were, and
inputs with the same key in two cases (``compare``) share their draws.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import special

from ._compile import Model
from ._evaluate import Block, Tables, evaluate
from .finance import payback_months

CHUNK_CELLS = 1 << 19  # trials x max(months, inputs) per chunk
MIN_CHUNK, MAX_CHUNK = 256, 16_384
FAN_BINS = 4096

_LUT_LO, _LUT_PER_UNIT, _LUT_CELLS = -8.0, 512, 16 * 512


def chunk_size(models: Sequence[Model], keys: int) -> int:
    width = max(max(m.horizon for m in models), keys, max(len(m.terms) for m in models), 1)
    return int(min(MAX_CHUNK, max(MIN_CHUNK, CHUNK_CELLS // width)))


def bin_lookup(bins: int) -> np.ndarray:
    """Cell of the latent normal (1/512 wide from -8 to 8) -> equal-probability bin."""
    centres = _LUT_LO + (np.arange(_LUT_CELLS) + 0.5) / _LUT_PER_UNIT
    return np.minimum((special.ndtr(centres) * bins).astype(np.intp), bins - 1)


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
        self.offsets = (np.arange(horizon) * bins)[None, :]

    def add(self, cumulative: np.ndarray) -> None:
        low, high = cumulative.min(axis=0), cumulative.max(axis=0)
        if self.lo is None:
            span = high - low
            pad = 0.5 * span + 1e-9 * np.maximum(np.abs(low), 1.0)
            self.lo = low - pad
            self.width = (span + 2 * pad) / self.B
        np.minimum(self.min, low, out=self.min)
        np.maximum(self.max, high, out=self.max)
        pos = cumulative - self.lo
        pos /= self.width
        idx = pos.astype(np.intp)
        np.clip(idx, 0, self.B - 1, out=idx)
        idx += self.offsets
        self.counts += np.bincount(idx.ravel(), minlength=self.T * self.B)

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
        self.discrete = np.array([model.inputs[i].dist.discrete for i in self.uncertain])
        self.K, self.B = len(self.uncertain), bins
        size = self.K * bins
        self.count = np.zeros(size)
        self.sum = np.zeros(size)
        self.sq = np.zeros(size)
        self.lut = bin_lookup(bins)
        self.offsets = (np.arange(self.K) * bins)[:, None]

    def add(self, latent: np.ndarray, values: list, relative: np.ndarray) -> None:
        if not self.K:
            return
        pos = latent - _LUT_LO
        pos *= _LUT_PER_UNIT
        cells = pos.astype(np.intp)
        np.clip(cells, 0, _LUT_CELLS - 1, out=cells)
        idx = self.lut[cells]
        for row in np.flatnonzero(self.discrete):
            idx[row] = np.asarray(values[self.uncertain[row]], dtype=np.intp)
        idx += self.offsets
        flat = idx.ravel()
        weights = np.broadcast_to(relative, idx.shape).ravel()
        size = self.K * self.B
        self.count += np.bincount(flat, minlength=size)
        self.sum += np.bincount(flat, weights=weights, minlength=size)
        self.sq += np.bincount(flat, weights=weights * weights, minlength=size)

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


def run(
    models: Sequence[Model],
    *,
    trials: int,
    rng: np.random.Generator,
    sensitivity: bool,
    bins: int,
    chunk: int | None = None,
) -> list[Raw]:
    """Simulate ``trials`` trials of every model with shared draws per input key, in chunks
    of ``chunk`` trials (default: about half a million month cells per chunk)."""
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
    latent_all = np.empty((len(keys), size))
    for start in range(0, trials, size):
        n = min(size, trials - start)
        latent_n = latent_all[:, :n]
        for j, gen in enumerate(generators):
            gen.standard_normal(out=latent_n[j])
        for model, tab, slot, raw in zip(models, tables, slots, raws, strict=True):
            latent = latent_n[slot]
            values = model_values(model, latent, n)
            block = evaluate(model, tab, values, n)
            _collect(raw, block, start, n, latent, values)
    return raws


def model_values(model: Model, latent: np.ndarray, n: int) -> list:
    """Input values from the latent normals of the model's uncertain inputs (one row each,
    in ``model.uncertain`` order), after the correlation mixing (done in place)."""
    uncertain = model.uncertain
    if model.mixing is not None:
        rows = [uncertain.index(i) for i in model.correlated]
        latent[rows] = model.mixing @ latent[rows]
    values: list = [inp.dist.base for inp in model.inputs]
    for j, i in enumerate(uncertain):
        values[i] = model.inputs[i].dist.sample(latent[j])
    return values


def _collect(raw: Raw, block: Block, start: int, n: int, latent, values) -> None:
    sl = slice(start, start + n)
    raw.npv[sl] = block.npv
    raw.pv_cost[sl] = block.pv_cost
    raw.payback[sl] = payback_months(block.cumulative)
    raw.line_sum += block.line_sum
    raw.cost_sum += block.cost_sum
    raw.benefit_sum += block.benefit_sum
    raw.cumulative_sum += block.cumulative.sum(axis=0)
    raw.reached_sum += block.reached_sum
    raw.fan.add(block.cumulative)
    if raw.evpi is not None:
        raw.evpi.add(latent, values, block.npv - raw.baseline)


def _label(level: float) -> str:
    return f"{level:g}"
