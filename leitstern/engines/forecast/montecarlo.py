"""The Monte Carlo engine: the same model, sampled with an explicit ``numpy.random.Generator``.

Trials run in batches so memory stays bounded whatever the number of trials. "How many"
draws, per trial and period, the multinomial counts of each distinct historical value instead
of one draw per step (the sum only depends on how often each value came up); throughput
adjustments then thin the sum binomially, which is the same as thinning every step. "When"
follows each trial's path in chunks of steps until its target is met.
"""

from __future__ import annotations

import numpy as np

from .exact import Distribution
from .scenarios import Model

__all__ = ["how_many_distribution", "when_distribution"]

_CELLS = 1 << 22  # values held per batch (about 32 MB of int64)


def how_many_distribution(
    model: Model, steps: int, *, trials: int, rng: np.random.Generator
) -> Distribution:
    """Sampled distribution of the number of items done in ``steps`` steps."""
    counts = np.zeros(1, dtype=np.int64)
    periods = model.periods(steps)
    width = max(len(np.unique(team.done)) for team in model.teams)
    batch = max(1, min(trials, _CELLS // max(width, 1)))
    done = 0
    while done < trials:
        b = min(batch, trials - done)
        total = np.zeros(b, dtype=np.int64)
        for team in model.teams:
            values, freq = np.unique(team.done, return_counts=True)
            p = freq / freq.sum()
            for factor, n in periods:
                raw = rng.multinomial(n, p, size=b) @ values
                whole, frac = divmod(factor, 1.0)
                total += int(whole) * raw
                if frac > 1e-12:
                    total += rng.binomial(raw, frac)
        counts = _add_counts(counts, np.bincount(total))
        done += b
    return Distribution(0, counts / trials)


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
    finished = np.zeros(max_steps + 1, dtype=np.int64)
    batch = max(1, min(trials, _CELLS // chunk))
    done = 0
    while done < trials:
        b = min(batch, trials - done)
        target = rng.choice(thresholds, size=b, p=weights)
        progress = np.zeros(b, dtype=np.int64)
        alive = np.arange(b)
        step = 0
        while alive.size and step < max_steps:
            c = min(chunk, max_steps - step)
            inc = np.zeros((alive.size, c), dtype=np.int64)
            factors = np.array([model.factor_at(step + j) for j in range(c)])
            whole = np.floor(factors).astype(np.int64)
            frac = factors - whole
            for team in model.teams:
                pick = rng.integers(0, len(team.done), size=(alive.size, c))
                x = team.done[pick]
                inc += whole * x
                if (frac > 1e-12).any():
                    inc += rng.binomial(x, np.broadcast_to(frac, x.shape))
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
        done += b
    last = int(np.flatnonzero(finished)[-1]) if finished.any() else 1
    return Distribution(1, finished[1 : last + 1] / trials)


def _add_counts(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    if len(a) < len(b):
        a, b = b, a
    a = a.copy()
    a[: len(b)] += b
    return a
