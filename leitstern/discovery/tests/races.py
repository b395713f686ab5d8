"""Two people at once on discovery's objects: edits of one hypothesis or opportunity (no
change lost silently: the later edit of the same field gets 409), an experiment closed
twice at once (one set of verdicts, never a 500), first scores and session votes at once
(the unique rules never answer 500).

Each scenario builds its own workspace, runs threads with their own database connections
and returns the problems it saw (empty: none). PostgreSQL runs them in-process, SQLite on a
file in a subprocess (``test_races.py``)."""

from __future__ import annotations

from functools import partial

from django.test import Client

from leitstern.accounts.services import api_token_create
from leitstern.activity.models import ActivityEntry
from leitstern.discovery import services
from leitstern.discovery.models import Experiment, Hypothesis, Opportunity, Score, SessionVote
from leitstern.discovery.tests.factory import (
    make_hypothesis,
    make_opportunity,
    make_results,
    make_session,
    make_solution,
)
from leitstern.testing import add_member, make_world, run_together
from leitstern.workspaces.models import Role

JSON = "application/json"


def _status(answer) -> object:
    return answer if isinstance(answer, BaseException) else answer.status_code


def _clients(world, users) -> list[tuple[Client, dict]]:
    out = []
    for user in users:
        _token, raw = api_token_create(actor=user, workspace=world.workspace, name="race")
        out.append((Client(), {"Authorization": f"Bearer {raw}"}))
    return out


def _editors(world, count: int):
    users = [world.owner, world.editor]
    users += [add_member(world.workspace, Role.EDITOR) for _ in range(max(0, count - 2))]
    return users[:count]


def _two_edits(world, url: str, bodies: list[dict], read, tries_label: str) -> list[str]:
    """Two PATCHes from the same version at once. Same field: one 200, one 409, and the
    stored value is the 200's. Different fields: both 200 and both values stored."""
    clients = _clients(world, _editors(world, 2))
    answers = run_together(
        *(
            partial(client.patch, url, body, JSON, headers={**auth, "If-Match": '"1"'})
            for body, (client, auth) in zip(bodies, clients, strict=True)
        )
    )
    statuses = [_status(a) for a in answers]
    problems = []
    fields = [next(iter(b)) for b in bodies]
    if fields[0] == fields[1]:
        if sorted(statuses) != [200, 409]:
            return [f"{tries_label}: same field, answers {statuses}"]
        winner = bodies[statuses.index(200)]
        if read() != winner[fields[0]]:
            problems.append(f"{tries_label}: stored {read()!r}, the 200 said {winner!r}")
    else:
        if statuses != [200, 200]:
            return [f"{tries_label}: different fields, answers {statuses}"]
        stored = read(both=True)
        if stored != (bodies[0][fields[0]], bodies[1][fields[1]]):
            problems.append(f"{tries_label}: stored {stored!r}, one change lost")
    return problems


def edits_of_one_hypothesis(tries: int = 6) -> list[str]:
    world = make_world()
    problems = []
    for n in range(tries):
        hypothesis = make_hypothesis(world)
        url = f"/api/v1/workspaces/{world.workspace.slug}/hypotheses/{hypothesis.pk}"
        same = n % 2 == 0
        bodies = (
            [{"audience": f"Mobile shoppers {n}"}, {"audience": f"Returning buyers {n}"}]
            if same
            else [{"audience": f"Mobile shoppers {n}"}, {"change": f"A delivery promise {n}"}]
        )

        def read(both: bool = False, pk=hypothesis.pk):
            h = Hypothesis.objects.get(pk=pk)
            return (h.audience, h.change) if both else h.audience

        problems += _two_edits(world, url, bodies, read, f"try {n}")
    return problems


def edits_of_one_opportunity(tries: int = 6) -> list[str]:
    world = make_world()
    problems = []
    for n in range(tries):
        opportunity = make_opportunity(world)
        url = f"/api/v1/workspaces/{world.workspace.slug}/opportunities/{opportunity.pk}"
        same = n % 2 == 0
        bodies = (
            [{"description": f"Heard in Vienna {n}"}, {"description": f"Heard in Zürich {n}"}]
            if same
            else [{"description": f"Heard in Vienna {n}"}, {"stage": "next"}]
        )

        def read(both: bool = False, pk=opportunity.pk):
            o = Opportunity.objects.get(pk=pk)
            return (o.description, o.stage) if both else o.description

        problems += _two_edits(world, url, bodies, read, f"try {n}")
    return problems


def experiment_closed_twice(tries: int = 5, people: int = 3) -> list[str]:
    """Several editors close the same experiment at once: every answer 200, one verdict
    per hypothesis, one closing in the activity."""
    world = make_world()
    clients = _clients(world, _editors(world, people))
    card = {"believed": "A promise helps.", "observed": "More paid.", "learned": "Yes.",
            "next_step": "Ship it."}  # fmt: skip
    problems = []
    for n in range(tries):
        experiment = make_results(world)
        url = f"/api/v1/workspaces/{world.workspace.slug}/experiments/{experiment.pk}/close"
        answers = run_together(
            *(partial(client.post, url, card, JSON, headers=auth) for client, auth in clients)
        )
        statuses = [_status(a) for a in answers]
        if statuses != [200] * people:
            problems.append(f"try {n}: answers {statuses}")
        stored = Experiment.objects.get(pk=experiment.pk)
        hypotheses = stored.hypotheses.count()
        if stored.verdicts.count() != hypotheses:
            problems.append(f"try {n}: {stored.verdicts.count()} verdicts for {hypotheses}")
        closings = ActivityEntry.objects.filter(
            kind="discovery.experiment.closed", target_id=experiment.pk
        ).count()
        if closings != 1:
            problems.append(f"try {n}: closed {closings} times in the activity")
    return problems


def scoring_at_once(tries: int = 5, people: int = 4) -> list[str]:
    """First scores of one solution by several editors at once (one score row, every
    answer 200), and votes in a scoring session by several people at once, one of them
    twice (one vote per person, no error)."""
    world = make_world()
    editors = _editors(world, people)
    clients = _clients(world, editors)
    problems = []
    for n in range(tries):
        solution = make_solution(world)
        url = f"/api/v1/workspaces/{world.workspace.slug}/solutions/{solution.pk}/score"
        bodies = [{"reach": 100 * (i + 1), "impact": 2, "effort": 3} for i in range(people)]
        answers = run_together(
            *(
                partial(client.put, url, body, JSON, headers=auth)
                for body, (client, auth) in zip(bodies, clients, strict=True)
            )
        )
        statuses = [_status(a) for a in answers]
        if statuses != [200] * people:
            problems.append(f"try {n}: score answers {statuses}")
        if Score.objects.filter(solution=solution).count() != 1:
            problems.append(f"try {n}: {Score.objects.filter(solution=solution).count()} scores")

        session = make_session(world, [solution])
        voters = [*editors, world.contributor, world.contributor]

        def vote(user, reach, session=session, solution=solution):
            return services.vote_record(
                actor=user, session=session, solution=solution, reach=reach, impact=2, effort=3
            )

        results = run_together(*(partial(vote, user, 10 + i) for i, user in enumerate(voters)))
        failed = [r for r in results if isinstance(r, BaseException)]
        if failed:
            problems.append(f"try {n}: votes failed: {failed!r}")
        votes = SessionVote.objects.filter(session=session)
        if votes.count() != len(set(voters)):
            problems.append(f"try {n}: {votes.count()} votes of {len(set(voters))} people")
    return problems
