"""Several people submitting one single-use public link at the same moment. Run in-process
on PostgreSQL and on a SQLite file in a subprocess (``test_tokens.py``)."""

from __future__ import annotations

from datetime import timedelta

from leitstern.forecasts.models import ShareLink
from leitstern.forecasts.tests.factory import sample_saved
from leitstern.testing import make_world, run_together

TRIES = 10
AT_ONCE = 4


def single_use_spent_once(tries: int = TRIES) -> list[str]:
    """Each try, ``AT_ONCE`` threads spend the same fresh single-use link: exactly one may
    succeed, and the link must end up used."""
    world = make_world()
    forecast = sample_saved(world)
    problems = []
    for n in range(tries):
        link, _raw = ShareLink.issue(
            lifetime=timedelta(days=1),
            single_use=True,
            workspace=world.workspace,
            forecast=forecast,
            created_by=world.owner,
        )
        link.save()

        def spend(pk: int = link.pk) -> bool:
            return ShareLink.objects.get(pk=pk).consume()

        results = run_together(*[spend] * AT_ONCE)
        errors = [r for r in results if isinstance(r, BaseException)]
        if errors:
            problems.append(f"try {n}: {errors!r}")
        elif results.count(True) != 1:
            problems.append(f"try {n}: {results.count(True)} of {AT_ONCE} spent the link")
        link.refresh_from_db()
        if link.used_at is None:
            problems.append(f"try {n}: the link is not marked used")
    return problems
