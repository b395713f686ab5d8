"""The simulation of a case, in the background: the result page only reads what is kept."""

from __future__ import annotations

import logging

import numpy as np
from django.db import transaction
from django.tasks import task
from django.utils import timezone

from leitstern.cases import mapping
from leitstern.cases.models import BusinessCase
from leitstern.engines import cases as engine

log = logging.getLogger(__name__)


def run(case: BusinessCase, *, workers: int | None = 1) -> engine.CaseResult:
    """The case's Monte Carlo result: its number of trials, its seed (the same seed and the
    same assumptions give the same numbers)."""
    return engine.simulate(
        mapping.engine_case(case),
        trials=case.trials,
        rng=np.random.default_rng(case.seed),
        workers=workers,
    )


@task()
def compute_case(*, case_id: int, revision: int) -> bool:
    """Simulate the case at ``revision`` and keep the result, unless the assumptions have
    changed meanwhile (a newer run is on its way then)."""
    case = BusinessCase.objects.filter(pk=case_id, revision=revision).first()
    if case is None:
        return False
    try:
        result = run(case)
    except engine.CaseInputError:
        log.warning("case %s could not be simulated at revision %s", case_id, revision)
        return False
    with transaction.atomic():
        kept = BusinessCase.objects.filter(pk=case_id, revision=revision).update(
            result=result.as_dict(), result_revision=revision, computed_at=timezone.now()
        )
    return bool(kept)
