"""The exact engine: distributions by convolution, no sampling noise.

The number done in ``H`` steps is the sum of ``H`` independent draws from one step's
distribution, i.e. its ``H``-fold convolution, computed by repeated squaring (FFT for long
vectors). "When" follows the probability mass step by step and absorbs it once the target is
reached, which also handles backlog growth (progress may go down; the item set is done the
first time the backlog reaches zero).

Truncation: after every convolution, tails holding less than ``TAIL`` (1e-12) of probability
on either side are cut, and "when" stops once less than ``TAIL`` is left unfinished or at
``max_steps``. Every answer read at a confidence level up to ``1 - 1e-9`` is unaffected; the
total mass cut is reported as ``truncated``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ._fft import next_fast_len
from .scenarios import Model

__all__ = ["TAIL", "Distribution", "how_many_distribution", "when_distribution"]

TAIL = 1e-12
_FFT_MIN = 128  # when the shorter vector is shorter than this, direct convolution wins


@dataclass(frozen=True, eq=False)
class Distribution:
    """Probability per value: ``probabilities[i]`` is P(X = offset + i)."""

    offset: int
    probabilities: np.ndarray
    truncated: float = 0.0


def convolve(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    if min(len(a), len(b)) < _FFT_MIN:
        return np.convolve(a, b)
    n = len(a) + len(b) - 1
    size = next_fast_len(n)
    out = np.fft.irfft(np.fft.rfft(a, size) * np.fft.rfft(b, size), size)[:n]
    np.clip(out, 0.0, None, out=out)  # FFT round-off leaves tiny negatives
    return out


def _trim(offset: int, pmf: np.ndarray, tol: float) -> tuple[int, np.ndarray, float]:
    cum = np.cumsum(pmf)
    lo = int(np.searchsorted(cum, tol, side="right"))
    tail = np.cumsum(pmf[::-1])
    hi = len(pmf) - int(np.searchsorted(tail, tol, side="right"))
    lo = min(lo, hi - 1)
    cut = float(cum[lo - 1] if lo > 0 else 0.0) + float(
        tail[len(pmf) - hi - 1] if hi < len(pmf) else 0.0
    )
    return offset + lo, pmf[lo:hi], cut


def power(offset: int, pmf: np.ndarray, n: int, *, tol: float = TAIL) -> Distribution:
    """Distribution of the sum of ``n`` independent draws from ``(offset, pmf)``."""
    result_off, result, cut = 0, np.ones(1), 0.0
    base_off, base = offset, pmf
    while n:
        if n & 1:
            result = convolve(result, base)
            result_off += base_off
            result_off, result, c = _trim(result_off, result, tol)
            cut += c
        n >>= 1
        if n:
            base = convolve(base, base)
            base_off *= 2
            base_off, base, c = _trim(base_off, base, tol)
            cut += c
    return Distribution(result_off, result / result.sum(), cut)


def how_many_distribution(model: Model, steps: int) -> Distribution:
    """Distribution of the number of items done in ``steps`` forecast steps."""
    offset, pmf, cut = 0, np.ones(1), 0.0
    for factor, n in model.periods(steps):
        k_off, kernel = model.kernel(factor, net=False)
        part = power(k_off, kernel, n)
        pmf = convolve(pmf, part.probabilities)
        offset += part.offset
        cut += part.truncated
    return Distribution(offset, pmf / pmf.sum(), cut)


def when_distribution(
    model: Model,
    thresholds: np.ndarray,
    weights: np.ndarray,
    *,
    max_steps: int,
) -> Distribution:
    """Distribution of the first step on which the target is reached (1-based steps).

    ``thresholds`` with ``weights`` is a distribution of targets (one target, or several for
    a split rate). With backlog growth only a single target is possible. The mass still
    unfinished after ``max_steps`` is left out of ``probabilities`` (they then sum to less
    than one).
    """
    top = int(thresholds.max())
    if model.growth:
        assert len(thresholds) == 1
        return _first_passage(model, top, max_steps=max_steps)
    # Completions never go down: reaching n by step d is the same as S_d >= n. Jump ahead
    # to a step where even the lowest target is out of reach except for negligible mass,
    # then advance in blocks of _BLOCK steps (see _Block).
    start = _quiet_steps(model, int(thresholds.min()), max_steps)
    before = how_many_distribution(model, start)
    state = np.zeros(top)
    lo = max(before.offset, 0)
    hi = min(before.offset + len(before.probabilities), top)
    if hi > lo:
        state[lo:hi] = before.probabilities[lo - before.offset : hi - before.offset]
    marks = np.zeros(top)
    np.add.at(marks, thresholds.astype(np.int64) - 1, weights)
    not_done = np.ones(max_steps + 1)
    not_done[start] = float(marks[::-1].cumsum()[::-1] @ state)
    blocks: dict[float, _Block] = {}
    step = start
    while step < max_steps and not_done[step] >= TAIL:
        factor = model.factor_at(step)
        if factor not in blocks:
            k_off, kernel = model.kernel(factor, net=False)  # completions: k_off >= 0
            blocks[factor] = _Block(np.r_[np.zeros(k_off), kernel], marks, top)
        block = blocks[factor]
        bounds = [first for first, _ in model.segments if first > step]
        n = min(_BLOCK, max_steps - step, (bounds[0] - step) if bounds else _BLOCK)
        not_done[step + 1 : step + n + 1] = block.survival[:n] @ state
        state = convolve(state, block.powers[n - 1][: n * block.width + 1])[:top]
        step += n
    end = int(np.argmax(not_done < TAIL)) if (not_done[: step + 1] < TAIL).any() else step
    return _from_survival(not_done[: end + 1], truncated=before.truncated)


_BLOCK = 32
_THETAS = np.logspace(-4, 1.5, 120)


class _Block:
    """The next ``_BLOCK`` steps as matrix products.

    With ``powers[j-1]`` the distribution of ``j`` steps' completions (cut at ``top``) and
    ``survival[j-1, s]`` the weighted chance of still being short of the target after ``j``
    more steps from a state of ``s`` done, P(not done at step d + j) is one matrix-vector
    product with the state at step d; the state itself moves ahead by one convolution.
    """

    def __init__(self, kernel: np.ndarray, marks: np.ndarray, top: int) -> None:
        self.width = len(kernel) - 1
        powers = np.zeros((_BLOCK, top))
        current = np.ones(1)
        for j in range(_BLOCK):
            current = np.convolve(current, kernel)[:top]
            powers[j, : len(current)] = current
        self.powers = powers
        cdf = np.cumsum(powers, axis=1)
        # survival[j, s] = sum_n w_n P(R_j <= n - 1 - s) with marks[n - 1] = w_n.
        if np.count_nonzero(marks) == 1:
            m = int(np.flatnonzero(marks)[0])
            survival = np.zeros((_BLOCK, top))
            survival[:, : m + 1] = marks[m] * cdf[:, m::-1]
        else:
            # Every row of the reversed CDF convolved with the marks, in one batched FFT.
            size = next_fast_len(2 * top - 1)
            spectrum = np.fft.rfft(cdf[:, ::-1], size, axis=1) * np.fft.rfft(marks, size)
            full = np.fft.irfft(spectrum, size, axis=1)
            survival = np.clip(full[:, top - 1 : 2 * top - 1], 0.0, None)
        self.survival = survival


def _quiet_steps(model: Model, target: int, max_steps: int) -> int:
    """A step count by which reaching ``target`` has probability below ``TAIL``.

    Chernoff's bound P(S_d >= n) <= exp(d * log M(t) - t * n) holds for every t > 0, with M
    the moment generating function of one step; the largest factor of any period bounds
    every step from above.
    """
    factor = max(1.0, *(f for _, f in model.segments))
    offset, pmf = model.kernel(factor, net=False)
    values = np.arange(len(pmf)) + offset
    support = pmf > 0
    values, logp = values[support], np.log(pmf[support])
    if values.max() <= 0:
        return max_steps
    t = _THETAS[:, None]
    exponents = logp + t * values
    top = exponents.max(axis=1)
    log_mgf = top + np.log(np.exp(exponents - top[:, None]).sum(axis=1))
    with np.errstate(divide="ignore", invalid="ignore"):
        steps = (t[:, 0] * target + np.log(TAIL)) / log_mgf
    steps = steps[np.isfinite(steps) & (log_mgf > 0)]
    if steps.size == 0:
        return 0
    return int(min(max(np.floor(steps.max()), 0), max_steps))


def _first_passage(model: Model, target: int, *, max_steps: int) -> Distribution:
    state_off, state = 0, np.ones(1)  # progress so far, for paths not yet done
    not_done = np.empty(max_steps + 1)
    not_done[0] = 1.0
    dropped = 0.0
    step = 0
    for factor, n in model.periods(max_steps):
        k_off, kernel = model.kernel(factor, net=True)
        for _ in range(n):
            step += 1
            state = convolve(state, kernel)
            state_off += k_off
            keep = max(0, min(len(state), target - state_off))
            state = state[:keep]
            # Paths that drifted far below the target carry negligible mass.
            cum = np.cumsum(state)
            lo = int(np.searchsorted(cum, TAIL * 1e-3, side="right"))
            if lo:
                dropped += float(cum[lo - 1])
                state = state[lo:]
                state_off += lo
            not_done[step] = float(state.sum()) + dropped
            if not_done[step] - dropped < TAIL or len(state) == 0:
                return _from_survival(not_done[: step + 1], truncated=dropped)
    return _from_survival(not_done[: step + 1], truncated=dropped)


def _from_survival(not_done: np.ndarray, *, truncated: float = 0.0) -> Distribution:
    probabilities = np.clip(-np.diff(not_done), 0.0, None)
    return Distribution(1, probabilities, truncated)
