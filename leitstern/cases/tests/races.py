"""Two people at once on one business case, through the API: recording the same month's
actuals (the first write of a unique month), and changing lines from the same revision.

Each scenario builds its own workspace and returns the problems it saw (empty: none)."""

from __future__ import annotations

from functools import partial

from django.test import Client

from leitstern.accounts.services import api_token_create
from leitstern.cases.models import CaseActual, CaseLine
from leitstern.cases.tests.factory import make_case
from leitstern.testing import make_world, run_together

TRIES = 10
JSON = "application/json"


def _api(world, user) -> tuple[Client, dict]:
    _token, raw = api_token_create(actor=user, workspace=world.workspace, name="race")
    return Client(), {"Authorization": f"Bearer {raw}"}


def _status(response) -> object:
    return response if isinstance(response, BaseException) else response.status_code


def same_month_actuals(tries: int = TRIES) -> list[str]:
    """Both record month 1 of a new case at once: both answered 200, one row for the month
    holding one of the two numbers; never a 500 on the unique month."""
    world = make_world()
    (a, a_auth), (b, b_auth) = _api(world, world.owner), _api(world, world.editor)
    problems = []
    for n in range(tries):
        case = make_case(world, template="blank")
        url = f"/api/v1/workspaces/{world.workspace.slug}/cases/{case.pk}/actuals"
        answers = run_together(
            partial(a.post, url, {"month": 1, "cost": 100}, JSON, headers=a_auth),
            partial(b.post, url, {"month": 1, "cost": 200}, JSON, headers=b_auth),
        )
        statuses = [_status(answer) for answer in answers]
        if statuses != [200, 200]:
            problems.append(f"try {n}: answers {statuses}")
            continue
        rows = list(CaseActual.objects.filter(case=case).values_list("cost", flat=True))
        if len(rows) != 1 or rows[0] not in (100, 200):
            problems.append(f"try {n}: rows {rows}")
    return problems


def lines_from_the_same_revision(tries: int = TRIES) -> list[str]:
    """Both change a line of the case from the same revision at once: one is saved, the
    other refused (422, "changed since you opened it"); the saved value is the winner's."""
    world = make_world()
    (a, a_auth), (b, b_auth) = _api(world, world.owner), _api(world, world.editor)
    problems = []
    for n in range(tries):
        case = make_case(world)
        line = case.lines.get(key="infrastructure")
        url = f"/api/v1/workspaces/{world.workspace.slug}/case-lines/{line.pk}"
        body = {"revision": case.revision}
        answers = run_together(
            partial(a.patch, url, {**body, "note": "Anna"}, JSON, headers=a_auth),
            partial(b.patch, url, {**body, "note": "Ben"}, JSON, headers=b_auth),
        )
        statuses = [_status(answer) for answer in answers]
        if sorted(statuses, key=str) != [200, 422]:
            problems.append(f"try {n}: answers {statuses}")
            continue
        winner = "Anna" if statuses[0] == 200 else "Ben"
        stored = CaseLine.objects.get(pk=line.pk).note
        if stored != winner:
            problems.append(f"try {n}: stored {stored!r}, saved answer was {winner!r}")
    return problems
