"""The Monte Carlo engine: the same model, sampled with an explicit ``numpy.random.Generator``.

Trials run in batches so memory stays bounded whatever the number of trials. "How many"
draws, per trial and period, the multinomial counts of each distinct historical value instead
of one draw per step (the sum only depends on how often each value came up); throughput
adjustments then thin the sum binomially, which is the same as thinning every step. "When"
follows each trial's path in chunks of steps until its target is met.
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor

import numpy as np

from .exact import Distribution
from .scenarios import Model

__all__ = ["how_many_distribution", "when_distribution"]

_HOW_MANY_BATCH = 1 << 16  # trials per batch: a few MB of int64 per array
_WHEN_CELLS = 1 << 19  # trials x steps held per batch of "when" (a few MB per array)


def how_many_distribution(
    model: Model, steps: int, *, trials: int, rng: np.random.Generator
) -> Distribution:
    """Sampled distribution of the number of items done in ``steps`` steps."""
    periods = model.periods(steps)
    teams = []
    for team in model.teams:
        values, freq = np.unique(team.done, return_counts=True)
        order = np.argsort(freq, kind="stable")  # rare values first; the commonest is the rest
        teams.append((values[order], freq[order] / freq.sum()))

    def batch(child: np.random.Generator, b: int) -> np.ndarray:
        total = np.zeros(b, dtype=np.int64)
        for values, p in teams:
            for factor, n in periods:
                raw = _multinomial_sum(child, n, values, p, b)
                whole, frac = divmod(factor, 1.0)
                total += int(whole) * raw
                if frac > 1e-12:
                    total += child.binomial(raw, frac)
        return np.bincount(total)

    counts = _run_batches(batch, trials=trials, batch=_HOW_MANY_BATCH, rng=rng)
    return Distribution(0, counts / trials)


def _multinomial_sum(
    rng: np.random.Generator, n: int, values: np.ndarray, p: np.ndarray, b: int
) -> np.ndarray:
    """Per trial, the sum of ``n`` draws: draw how often each value comes up, one binomial
    per value conditional on those before (the last value takes the rest)."""
    rest = np.full(b, n, dtype=np.int64)
    total = np.zeros(b, dtype=np.int64)
    left = 1.0
    for value, q in zip(values[:-1], p[:-1], strict=True):
        k = rng.binomial(rest, min(1.0, q / left)) if left > 0 else np.zeros_like(rest)
        left -= q
        rest -= k
        if value:
            total += int(value) * k
    return total + int(values[-1]) * rest


def _run_batches(batch_fn, *, trials: int, batch: int, rng: np.random.Generator) -> np.ndarray:
    """Run ``trials`` in fixed batches, each with its own stream spawned from ``rng``, on a
    few threads (numpy's generators release the GIL). The result depends only on ``rng``'s
    state, never on thread timing."""
    sizes = [min(batch, trials - start) for start in range(0, trials, batch)]
    children = rng.spawn(len(sizes))
    workers = min(len(sizes), os.cpu_count() or 1, 4)
    if workers <= 1:
        parts = [batch_fn(c, b) for c, b in zip(children, sizes, strict=True)]
    else:
        with ThreadPoolExecutor(max_workers=workers) as pool:
            parts = list(pool.map(batch_fn, children, sizes))
    counts = np.zeros(max(len(p) for p in parts), dtype=np.int64)
    for part in parts:
        counts[: len(part)] += part
    return counts


def when_distribution(
    model: Model,
    thresholds: np.ndarray,
    weights: np.ndarray,
    *,
    max_steps: int,
    trials: int,
    rng: np.random.Generator,
    chunk: int = 64,
) -> Distribution:
    """Sampled distribution of the first step (1-based) on which a trial meets its target.

    Each trial draws its own target from ``thresholds`` with ``weights`` (a split rate).
    Trials still short of the target after ``max_steps`` are left out of the probabilities.
    """
    factors = np.array([model.factor_at(j) for j in range(max_steps)])

    def batch(child: np.random.Generator, b: int) -> np.ndarray:
        finished = np.zeros(max_steps + 1, dtype=np.int64)
        target = child.choice(thresholds, size=b, p=weights)
        progress = np.zeros(b, dtype=np.int64)
        alive = np.arange(b)
        step = 0
        while alive.size and step < max_steps:
            c = min(chunk, max_steps - step)
            inc = np.zeros((alive.size, c), dtype=np.int64)
            whole = np.floor(factors[step : step + c]).astype(np.int64)
            frac = factors[step : step + c] - whole
            for team in model.teams:
                pick = child.integers(0, len(team.done), size=(alive.size, c))
                x = team.done[pick]
                inc += whole * x
                if (frac > 1e-12).any():
                    inc += child.binomial(x, np.broadcast_to(frac, x.shape))
                if model.growth:
                    inc -= team.arrived[pick]
            path = progress[alive, None] + np.cumsum(inc, axis=1)
            hit = path >= target[alive, None]
            met = hit.any(axis=1)
            first = np.argmax(hit, axis=1)
            np.add.at(finished, step + 1 + first[met], 1)
            progress[alive] = path[:, -1]
            alive = alive[~met]
            step += c
        return finished

    size = max(1, _WHEN_CELLS // chunk)
    finished = _run_batches(batch, trials=trials, batch=size, rng=rng)
    last = int(np.flatnonzero(finished)[-1]) if finished.any() else 1
    return Distribution(1, finished[1 : last + 1] / trials)
