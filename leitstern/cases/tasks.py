"""The simulation of a case and the joint run of compared cases, in the background: the
pages only read what is kept, and while a run waits or works, its state and progress
(trials done) are on the case or on the comparison's run."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

import numpy as np
from django.core.exceptions import ValidationError
from django.db import transaction
from django.tasks import task
from django.utils import timezone

from leitstern.cases import comparison, mapping
from leitstern.cases.models import BusinessCase, ComparisonRun, ComputeState
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


def _throttled(write: Callable[[int], object]) -> Callable[[int], None]:
    """A progress callback that passes the trials done to ``write`` at most once every
    ``PROGRESS_SECONDS``."""
    last = time.monotonic()

    def report(done: int) -> None:
        nonlocal last
        now = time.monotonic()
        if now - last >= PROGRESS_SECONDS:
            last = now
            write(done)

    return report


def _reporter(case_id: int, revision: int) -> Callable[[int], None]:
    """Progress of the case's run at ``revision``, while that run is still the awaited one."""
    return _throttled(
        lambda done: BusinessCase.objects.filter(
            pk=case_id, revision=revision, compute_revision=revision
        ).update(compute_done=done)
    )


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


@task()
def compare_cases(*, run_id: int) -> bool:
    """Simulate the cases of a comparison run together and keep the numbers, unless an
    assumption of one of them has changed meanwhile (the run is then no longer awaited and
    is removed) or one of them is gone."""
    run_row = ComparisonRun.objects.filter(pk=run_id).first()
    if run_row is None:
        return False
    found = BusinessCase.objects.filter(workspace_id=run_row.workspace_id, pk__in=run_row.ids)
    by_pk = {case.pk: case for case in found}
    mine = ComparisonRun.objects.filter(pk=run_id)
    cases = [by_pk[pk] for pk in run_row.ids if pk in by_pk]
    if len(cases) != len(run_row.ids) or comparison.key_of(cases) != run_row.key:
        mine.delete()
        return False
    mine.update(state=ComputeState.RUNNING, done=0)
    try:
        data = comparison.simulate(cases, run_row.trials, _throttled(lambda d: mine.update(done=d)))
    except ValidationError:
        log.warning("comparison run %s could not be simulated", run_id)
        mine.update(state=ComputeState.FAILED)
        return False
    except BaseException:
        mine.update(state=ComputeState.FAILED)
        raise
    with transaction.atomic():
        kept = mine.update(result=data, state="", done=run_row.trials, computed_at=timezone.now())
        # Earlier runs of the same cases are replaced by this one (not one of newer
        # assumptions that waits or works meanwhile).
        ComparisonRun.objects.filter(
            workspace_id=run_row.workspace_id, cases=run_row.cases
        ).exclude(pk=run_id).exclude(state__in=[ComputeState.QUEUED, ComputeState.RUNNING]).delete()
    return bool(kept)
