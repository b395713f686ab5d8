"""First writes at the same moment, and a bulk push while others write.

Each scenario builds its own workspace, runs threads that have their own database
connections, and returns the problems it saw (empty: none). The PostgreSQL pass runs them
in-process, the SQLite pass on a file in a subprocess (see ``test_races.py``)."""

from __future__ import annotations

from datetime import date, timedelta
from functools import partial

from django.test import Client

from leitstern.accounts.services import api_token_create
from leitstern.activity.models import ActivityEntry
from leitstern.products.models import Product
from leitstern.strategy.models import CheckIn, KeyResult, MetricValue
from leitstern.strategy.services.scores import kept_for
from leitstern.strategy.tests.factory import (
    make_cycle,
    make_key_result,
    make_metric,
    make_objective,
)
from leitstern.testing import add_member, make_world, run_together
from leitstern.workspaces.models import Role

JSON = "application/json"
BULK_VALUES = 20_000


def _status(response) -> object:
    return response if isinstance(response, BaseException) else response.status_code


def _people(world, count: int, role: str = Role.CONTRIBUTOR) -> list[tuple[Client, dict]]:
    """``count`` API clients of different people with at least ``role``."""
    users = [world.owner, world.editor]
    if role == Role.CONTRIBUTOR:
        users.append(world.contributor)
    users += [add_member(world.workspace, role) for _ in range(max(0, count - len(users)))]
    clients = []
    for user in users[:count]:
        _token, raw = api_token_create(actor=user, workspace=world.workspace, name="race")
        clients.append((Client(), {"Authorization": f"Bearer {raw}"}))
    return clients


def first_check_ins_of_a_week(tries: int = 10, people: int = 4) -> list[str]:
    """Several people check in on a key result that has no check-in this week yet, at
    the same moment: every one succeeds, one check-in stays, each is in the activity.
    Every other try the key result follows a metric (the values go to the metric's new
    day), the others are check-ins of confidence only."""
    world = make_world()
    objective = make_objective(make_cycle(world.workspace, world.owner), world.owner)
    clients = _people(world, people)
    problems = []
    for n in range(tries):
        follows = n % 2 == 0
        metric = make_metric(world.product, world.owner) if follows else None
        kr = make_key_result(objective, world.owner, metric=metric)
        url = f"/api/v1/workspaces/{world.workspace.slug}/key-results/{kr.pk}/check-ins"
        bodies = [
            {"confidence": i, "value": 10 + i} if follows else {"confidence": i}
            for i in range(people)
        ]
        answers = run_together(
            *(
                partial(client.post, url, body, JSON, headers=auth)
                for body, (client, auth) in zip(bodies, clients, strict=True)
            )
        )
        statuses = [_status(answer) for answer in answers]
        if statuses != [201] * people:
            problems.append(f"try {n}: answers {statuses}")
        stored = list(CheckIn.objects.filter(key_result=kr))
        if len(stored) != 1:
            problems.append(f"try {n}: {len(stored)} check-ins stored")
        if follows and metric.values.count() != 1:
            problems.append(f"try {n}: {metric.values.count()} metric values for one day")
        logged = ActivityEntry.objects.filter(kind="strategy.check_in", target_id=kr.pk).count()
        if logged != people:
            problems.append(f"try {n}: {logged} activity entries for {people} check-ins")
    return problems


def kind_change_during_check_ins(tries: int = 10, people: int = 3) -> list[str]:
    """An objective switches between committed and aspirational while each of its key
    results gets a check-in at the same moment. Both kinds of write recompute the kept
    scores and risks (``services/scores.py``): every write succeeds (none is chosen as a
    deadlock's victim) and the kept numbers are what computing them anew gives."""
    world = make_world()
    objective = make_objective(make_cycle(world.workspace, world.owner), world.owner)
    krs = [make_key_result(objective, world.owner) for _ in range(people)]
    clients = _people(world, people + 1, Role.EDITOR)
    base = f"/api/v1/workspaces/{world.workspace.slug}"
    problems = []
    for n in range(tries):
        kind = "aspirational" if n % 2 == 0 else "committed"
        (editor, editor_auth), *checking = clients
        answers = run_together(
            partial(
                editor.patch,
                f"{base}/objectives/{objective.pk}",
                {"kind": kind},
                JSON,
                headers=editor_auth,
            ),
            *(
                partial(
                    client.post,
                    f"{base}/key-results/{kr.pk}/check-ins",
                    {"confidence": (n + i) % 11, "value": 10 + n + i},
                    JSON,
                    headers=auth,
                )
                for i, (kr, (client, auth)) in enumerate(zip(krs, checking, strict=True))
            ),
        )
        statuses = [_status(answer) for answer in answers]
        if statuses != [200] + [201] * people:
            problems.append(f"try {n}: answers {statuses}")
    stale = [kr.pk for kr in krs if not _kept_as_computed(kr.pk)]
    if stale:
        problems.append(f"kept numbers differ from the data for key results {stale}")
    return problems


def new_key_results_during_check_ins(tries: int = 10, people: int = 3) -> list[str]:
    """Key results are added to an objective while its other key results get check-ins
    at the same moment: adding one refers to the objective, and both writes then lock
    the objective to keep its score; every write succeeds and the kept numbers are what
    computing them anew gives."""
    world = make_world()
    objective = make_objective(make_cycle(world.workspace, world.owner), world.owner)
    krs = [make_key_result(objective, world.owner) for _ in range(people)]
    clients = _people(world, people + 1, Role.EDITOR)
    base = f"/api/v1/workspaces/{world.workspace.slug}"
    problems = []
    for n in range(tries):
        (editor, editor_auth), *checking = clients
        answers = run_together(
            partial(
                editor.post,
                f"{base}/objectives/{objective.pk}/key-results",
                {"title": f"Grow repeat buyers {n}", "baseline": 1, "target": 2},
                JSON,
                headers=editor_auth,
            ),
            *(
                partial(
                    client.post,
                    f"{base}/key-results/{kr.pk}/check-ins",
                    {"confidence": (n + i) % 11, "value": 10 + n + i},
                    JSON,
                    headers=auth,
                )
                for i, (kr, (client, auth)) in enumerate(zip(krs, checking, strict=True))
            ),
        )
        statuses = [_status(answer) for answer in answers]
        if statuses != [201] * (people + 1):
            problems.append(f"try {n}: answers {statuses}")
    every = KeyResult.objects.filter(objective=objective).values_list("pk", flat=True)
    stale = [pk for pk in every if not _kept_as_computed(pk)]
    if stale:
        problems.append(f"kept numbers differ from the data for key results {stale}")
    return problems


def _kept_as_computed(pk: int) -> bool:
    kr = KeyResult.objects.with_metric_current().select_related("objective__cycle").get(pk=pk)
    check_ins = [
        (c.week, c.value, c.confidence)
        for c in CheckIn.objects.filter(key_result=kr).order_by("week")
    ]
    return all(getattr(kr, name) == value for name, value in kept_for(kr, check_ins).items())


def first_values_of_a_day(tries: int = 10, people: int = 4) -> list[str]:
    """Several pushes of a value for a day the metric has no value for yet, at the same
    moment: every one succeeds and one value stays."""
    world = make_world()
    metric = make_metric(world.product, world.owner)
    clients = _people(world, people, Role.EDITOR)
    url = f"/api/v1/workspaces/{world.workspace.slug}/metrics/{metric.pk}/values"
    problems = []
    for n in range(tries):
        day = (date(2026, 1, 1) + timedelta(days=n)).isoformat()
        answers = run_together(
            *(
                partial(client.post, url, {"values": [{"date": day, "value": i}]}, JSON, headers=a)
                for i, (client, a) in enumerate(clients)
            )
        )
        statuses = [_status(answer) for answer in answers]
        if statuses != [200] * people:
            problems.append(f"try {n}: answers {statuses}")
        if MetricValue.objects.filter(metric=metric, day=day).count() != 1:
            problems.append(f"try {n}: not exactly one value for {day}")
    return problems


def bulk_push_during_writes(values: int = BULK_VALUES, writes: int = 20) -> list[str]:
    """20,000 values pushed while two others keep writing (product changes, check-ins,
    single values): nobody gets an error (on SQLite: nobody is refused with "database is
    locked", they wait), and nothing is lost."""
    world = make_world()
    big, small = make_metric(world.product, world.owner), make_metric(world.product, world.owner)
    cycle = make_cycle(world.workspace, world.owner)
    kr = make_key_result(make_objective(cycle, world.owner), world.owner)
    (pusher, push_auth), (editor, edit_auth), (contributor, c_auth) = _people(world, 3)
    base = f"/api/v1/workspaces/{world.workspace.slug}"
    first = date(1990, 1, 1)
    rows = [
        {"date": (first + timedelta(days=i)).isoformat(), "value": float(i)} for i in range(values)
    ]
    weeks = cycle.weeks()

    def push():
        return [
            pusher.post(
                f"{base}/metrics/{big.pk}/values", {"values": rows}, JSON, headers=push_auth
            )
        ]

    def edit():
        url = f"{base}/products/{world.product.pk}"
        return [
            editor.patch(url, {"vision": f"Vision {i}"}, JSON, headers=edit_auth)
            for i in range(writes)
        ]

    def contribute():
        answers = []
        for i in range(writes):
            week = weeks[i % len(weeks)].isoformat()
            answers.append(
                contributor.post(
                    f"{base}/key-results/{kr.pk}/check-ins",
                    {"confidence": 5, "value": i, "week": week},
                    JSON,
                    headers=c_auth,
                )
            )
            day = (date(2026, 1, 1) + timedelta(days=i)).isoformat()
            answers.append(
                contributor.post(
                    f"{base}/metrics/{small.pk}/values",
                    {"values": [{"date": day, "value": i}]},
                    JSON,
                    headers=push_auth,
                )
            )
        return answers

    results = run_together(push, edit, contribute)
    problems = []
    for name, answers in zip(("push", "edit", "contribute"), results, strict=True):
        if isinstance(answers, BaseException):
            problems.append(f"{name}: {answers!r}")
            continue
        failed = [(a.status_code, a.content[:200]) for a in answers if a.status_code >= 300]
        if failed:
            problems.append(f"{name}: {len(failed)} failed, first {failed[0]}")
    if (count := MetricValue.objects.filter(metric=big).count()) != values:
        problems.append(f"{count} of {values} pushed values stored")
    if (count := MetricValue.objects.filter(metric=small).count()) != writes:
        problems.append(f"{count} of {writes} single values stored")
    if Product.objects.get(pk=world.product.pk).vision != f"Vision {writes - 1}":
        problems.append("the last product change is missing")
    if (count := CheckIn.objects.filter(key_result=kr).count()) != min(writes, len(weeks)):
        problems.append(f"{count} check-ins stored")
    return problems
