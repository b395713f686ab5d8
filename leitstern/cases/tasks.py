"""The simulation of a case, in the background: the result page only reads what is kept,
and while a run waits or works, its state and progress (trials done) are on the case."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

import numpy as np
from django.db import transaction
from django.tasks import task
from django.utils import timezone

from leitstern.cases import mapping
from leitstern.cases.models import BusinessCase, ComputeState
from leitstern.engines import cases as engine

log = logging.getLogger(__name__)

# The progress bar moves at most this often (one small UPDATE each time).
PROGRESS_SECONDS = 0.5


def run(
    case: BusinessCase,
    *,
    workers: int | None = 1,
    progress: Callable[[int], object] | None = None,
) -> engine.CaseResult:
    """The case's Monte Carlo result: its number of trials, its seed (the same seed and the
    same assumptions give the same numbers)."""
    return engine.simulate(
        mapping.engine_case(case),
        trials=case.trials,
        rng=np.random.default_rng(case.seed),
        workers=workers,
        progress=progress,
    )


def _reporter(case_id: int, revision: int) -> Callable[[int], None]:
    last = time.monotonic()

    def report(done: int) -> None:
        nonlocal last
        now = time.monotonic()
        if now - last >= PROGRESS_SECONDS:
            last = now
            BusinessCase.objects.filter(
                pk=case_id, revision=revision, compute_revision=revision
            ).update(compute_done=done)

    return report


@task()
def compute_case(*, case_id: int, revision: int) -> bool:
    """Simulate the case at ``revision`` and keep the result, unless the assumptions have
    changed meanwhile (a newer run is on its way then)."""
    case = BusinessCase.objects.filter(pk=case_id, revision=revision).first()
    if case is None:
        return False
    mine = BusinessCase.objects.filter(pk=case_id, revision=revision, compute_revision=revision)
    mine.update(compute_state=ComputeState.RUNNING, compute_done=0)
    try:
        result = run(case, progress=_reporter(case_id, revision))
    except engine.CaseInputError:
        log.warning("case %s could not be simulated at revision %s", case_id, revision)
        mine.update(compute_state=ComputeState.FAILED)
        return False
    except BaseException:
        # The page stops waiting for a run that broke off; the worker logs the error.
        mine.update(compute_state=ComputeState.FAILED)
        raise
    with transaction.atomic():
        kept = BusinessCase.objects.filter(pk=case_id, revision=revision).update(
            result=result.as_dict(),
            result_revision=revision,
            computed_at=timezone.now(),
            compute_state="",
            compute_done=case.trials,
        )
    return bool(kept)
