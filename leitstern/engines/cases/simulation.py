"""The engine's entry points: ``simulate``, ``deterministic``, ``compare`` and
``validate_case``. Each validates its input in one ``_..._iv`` function and returns a frozen
result."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from itertools import permutations

import numpy as np

from ._compile import compile_case
from ._fields import MAX_TRIALS
from ._montecarlo import MAX_WORKERS, run
from ._summary import case_result, deterministic_result, difference
from ._validate import case_iv
from .errors import CaseInputError, Problem
from .model import Case
from .results import CaseResult, Comparison, Deterministic

__all__ = ["compare", "deterministic", "simulate", "validate_case"]

DEFAULT_TRIALS = 100_000
MIN_TRIALS = 100
MAX_BINS = 1_000
MAX_COMPARED = 6


def validate_case(case: Case) -> None:
    """Raise ``CaseInputError`` with every problem of ``case`` (each naming its field), or
    return ``None`` when the engine can compute it."""
    case_iv(case)


def deterministic(case: Case) -> Deterministic:
    """The case at its base values (medians of ranges, most likely values of three-point
    estimates, the likelier outcome of every yes/no): NPV, ROI, IRR, payback and the
    monthly flows of every line. No randomness."""
    return deterministic_result(compile_case(case_iv(case)))


def simulate(
    case: Case,
    *,
    trials: int = DEFAULT_TRIALS,
    rng: np.random.Generator | None = None,
    sensitivity: bool = True,
    bins: int | None = None,
    workers: int | None = None,
    progress: Callable[[int], object] | None = None,
) -> CaseResult:
    """Monte Carlo over every uncertain input of ``case``.

    ``rng`` seeds the run (a fresh unseeded generator if ``None``); the same generator
    state gives the same result. ``sensitivity`` adds the tornado and EVPI per input (most
    of the run's cost beyond the cash flows). ``bins`` is the number of equal-probability
    bins per input for EVPI (default: one per 1,000 trials, 10 to 100). ``workers`` is the
    number of threads (default: one per core, at most 4); the result does not depend on it.
    ``progress``, if given, is called with the number of trials done so far after each chunk
    (from the calling thread; the last call has ``trials``).
    """
    case, trials, rng, bins = _simulate_iv(case, trials=trials, rng=rng, bins=bins,
                                           sensitivity=sensitivity, workers=workers)  # fmt: skip
    model = compile_case(case)
    if progress is not None and not callable(progress):
        raise CaseInputError([Problem(
            "progress", "invalid_option", "progress must be a callable or None.",
            {"option": "progress", "value": type(progress).__name__, "reason": "not callable"},
        )])  # fmt: skip
    (raw,) = run([model], trials=trials, rng=rng, sensitivity=sensitivity, bins=bins,
                 workers=workers, progress=progress)  # fmt: skip
    return case_result(raw, trials=trials, sensitivity=sensitivity)


def compare(
    cases: Mapping[str, Case],
    *,
    trials: int = DEFAULT_TRIALS,
    rng: np.random.Generator | None = None,
    sensitivity: bool = False,
    bins: int | None = None,
    workers: int | None = None,
    progress: Callable[[int], object] | None = None,
) -> Comparison:
    """Simulate two or more cases together — conservative / base / optimistic, or build
    versus buy — and compare every ordered pair: the probability that the first has the
    higher NPV and the distribution of the difference.

    Inputs with the same key in several cases share their random draws (common random
    numbers): the same luck meets each case's assumptions, so the difference shows what the
    assumptions change, not sampling noise. Inputs with different keys are independent.
    ``progress`` is called as in ``simulate`` (trials done of all cases together).
    """
    checked, trials, rng, bins = _compare_iv(cases, trials=trials, rng=rng, bins=bins,
                                             sensitivity=sensitivity, workers=workers)  # fmt: skip
    names = list(checked)
    models = [compile_case(checked[name]) for name in names]
    if progress is not None and not callable(progress):
        raise CaseInputError([Problem(
            "progress", "invalid_option", "progress must be a callable or None.",
            {"option": "progress", "value": type(progress).__name__, "reason": "not callable"},
        )])  # fmt: skip
    raws = run(models, trials=trials, rng=rng, sensitivity=sensitivity, bins=bins,
               workers=workers, progress=progress)  # fmt: skip
    results = {
        name: case_result(raw, trials=trials, sensitivity=sensitivity)
        for name, raw in zip(names, raws, strict=True)
    }
    differences = tuple(
        difference(a, b, results[a].npv_samples, results[b].npv_samples)
        for a, b in permutations(names, 2)
    )
    return Comparison(results, differences)


def _options_iv(trials, rng, bins, sensitivity, workers):
    problems = []
    if workers is not None and (
        not isinstance(workers, (int, np.integer)) or isinstance(workers, bool)
        or not 1 <= workers <= MAX_WORKERS
    ):  # fmt: skip
        problems.append(Problem(
            "workers", "invalid_option", f"workers must be a whole number from 1 to {MAX_WORKERS}.",
            {"option": "workers", "value": repr(workers), "reason": "out of range"},
        ))  # fmt: skip
    if (
        not isinstance(trials, (int, np.integer))
        or isinstance(trials, bool)
        or not MIN_TRIALS <= trials <= MAX_TRIALS
    ):
        problems.append(Problem(
            "trials", "invalid_option",
            f"The number of trials must be a whole number from {MIN_TRIALS} to {MAX_TRIALS:,}.",
            {"option": "trials", "value": repr(trials), "reason": "out of range"},
        ))  # fmt: skip
    if rng is not None and not isinstance(rng, np.random.Generator):
        problems.append(Problem(
            "rng", "invalid_option", "rng must be a numpy.random.Generator or None.",
            {"option": "rng", "value": type(rng).__name__, "reason": "not a Generator"},
        ))  # fmt: skip
    if not isinstance(sensitivity, bool):
        problems.append(Problem(
            "sensitivity", "invalid_option", "sensitivity must be True or False.",
            {"option": "sensitivity", "value": repr(sensitivity), "reason": "not a bool"},
        ))  # fmt: skip
    if bins is not None and (
        not isinstance(bins, (int, np.integer)) or isinstance(bins, bool)
        or not 2 <= bins <= MAX_BINS
    ):  # fmt: skip
        problems.append(Problem(
            "bins", "invalid_option", f"bins must be a whole number from 2 to {MAX_BINS}.",
            {"option": "bins", "value": repr(bins), "reason": "out of range"},
        ))  # fmt: skip
    if problems:
        raise CaseInputError(problems)
    if bins is None:
        bins = int(min(100, max(10, trials // 1000)))
    return int(trials), rng if rng is not None else np.random.default_rng(), int(bins)


def _simulate_iv(case, *, trials, rng, bins, sensitivity, workers):
    trials, rng, bins = _options_iv(trials, rng, bins, sensitivity, workers)
    return case_iv(case), trials, rng, bins


def _compare_iv(cases, *, trials, rng, bins, sensitivity, workers):
    trials, rng, bins = _options_iv(trials, rng, bins, sensitivity, workers)
    if not isinstance(cases, Mapping) or not 2 <= len(cases) <= MAX_COMPARED:
        raise CaseInputError([Problem(
            "cases", "invalid_option",
            f"Compare 2 to {MAX_COMPARED} cases, given as a mapping of name to Case.",
            {"option": "cases", "value": type(cases).__name__, "reason": "2 to 6 cases"},
        )])  # fmt: skip
    problems: list[Problem] = []
    checked: dict[str, Case] = {}
    for name, case in cases.items():
        try:
            checked[str(name)] = case_iv(case)
        except CaseInputError as exc:
            problems += [
                Problem(f"cases[{name}].{p.field}", p.code, p.message, p.params)
                for p in exc.problems
            ]
    if problems:
        raise CaseInputError(problems)
    return checked, trials, rng, bins
