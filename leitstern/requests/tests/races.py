"""Two people acting on one request or commitment at the same moment.

Each scenario builds its own workspace, runs many tries with threads that have their own
database connections, and returns the problems it saw (empty: none). The PostgreSQL pass
runs them in-process, the SQLite pass on a file in a subprocess (see ``test_races.py``)."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.test import Client

from leitstern.accounts.services import api_token_create
from leitstern.activity.models import ActivityEntry
from leitstern.customers.tests.factory import make_organisation
from leitstern.requests import services
from leitstern.requests.models import Commitment, CommitmentState, Request, RequestAccount, Status
from leitstern.requests.tests.factory import make_commitment, make_request
from leitstern.testing import make_world, run_together

TRIES = 10


def _outcome(result: object) -> str:
    if isinstance(result, ValidationError):
        return "refused"
    if isinstance(result, BaseException):
        return f"error {type(result).__name__}: {result}"
    return "done"


def commitment_decided_twice(tries: int = TRIES) -> list[str]:
    """One editor approves while another declines: exactly one decision holds, with one
    activity entry."""
    world = make_world()
    problems = []
    for n in range(tries):
        pk = make_commitment(world).pk

        def decide(user, approve, pk=pk):
            return lambda: services.commitment_decide(
                actor=user, commitment=Commitment.objects.get(pk=pk), approve=approve
            )

        results = run_together(decide(world.owner, True), decide(world.editor, False))
        outcomes = sorted(_outcome(r) for r in results)
        if outcomes != ["done", "refused"]:
            problems.append(f"try {n}: {outcomes}")
        state = Commitment.objects.get(pk=pk).state
        winner = (
            CommitmentState.COMMITTED
            if _outcome(results[0]) == "done"
            else (CommitmentState.DECLINED)
        )
        if state != winner:
            problems.append(f"try {n}: stored {state}, the decision that held was {winner}")
        entries = ActivityEntry.objects.filter(kind="requests.commitment.decided", target_id=pk)
        if entries.count() != 1:
            problems.append(f"try {n}: {entries.count()} decision entries")
    return problems


def merged_into_two_targets(tries: int = TRIES) -> list[str]:
    """The same duplicate merged into two requests at once: it ends in exactly one, and no
    organisation is counted twice."""
    world = make_world()
    problems = []
    for n in range(tries):
        source = make_request(world, arr="500")
        first, second = make_request(world), make_request(world)

        def merge(target_pk, source_pk=source.pk):
            return lambda: services.request_merge(
                actor=world.editor,
                target=Request.objects.get(pk=target_pk),
                sources=[Request.objects.get(pk=source_pk)],
            )

        results = run_together(merge(first.pk), merge(second.pk))
        outcomes = sorted(_outcome(r) for r in results)
        if outcomes != ["done", "refused"]:
            problems.append(f"try {n}: {outcomes}")
        stored = Request.objects.get(pk=source.pk)
        if stored.status != Status.MERGED or stored.merged_into_id not in (first.pk, second.pk):
            problems.append(f"try {n}: source {stored.status} into {stored.merged_into_id}")
        moved = RequestAccount.objects.filter(request__in=[first.pk, second.pk, source.pk])
        if moved.count() != 3:
            problems.append(f"try {n}: {moved.count()} accounts instead of 3")
    return problems


def same_organisation_added_twice(tries: int = TRIES) -> list[str]:
    """Two people add the same organisation to a request at once through the API: one
    201, one clear 422, never a 500, and the organisation is there once."""
    world = make_world()
    problems = []
    tokens = [
        api_token_create(actor=user, workspace=world.workspace, name="race")[1]
        for user in (world.contributor, world.editor)
    ]
    for n in range(tries):
        request = make_request(world)
        organisation = make_organisation(world.workspace, world.owner)
        url = (
            f"/api/v1/workspaces/{world.workspace.slug}/requests/{request.pk}/accounts/"
            f"{organisation.pk}"
        )

        def add(token, url=url):
            return lambda: Client().post(
                url,
                {"arr": "100"},
                content_type="application/json",
                headers={"Authorization": f"Bearer {token}"},
            )

        results = run_together(*(add(token) for token in tokens))
        codes = sorted(
            r.status_code if not isinstance(r, BaseException) else repr(r) for r in results
        )
        if codes != [201, 422]:
            problems.append(f"try {n}: {codes}")
        if RequestAccount.objects.filter(request=request, organisation=organisation).count() != 1:
            problems.append(f"try {n}: organisation not there exactly once")
        total = sum(RequestAccount.objects.filter(request=request).values_list("arr", flat=True))
        if total != Decimal("1100"):
            problems.append(f"try {n}: revenue {total}")
    return problems


def planned_onto_one_item_together(tries: int = TRIES) -> list[str]:
    """Two editors plan two requests onto one new roadmap item at once: both are counted
    in the item's stored roll-up (neither totals missing the other nor a refused change)."""
    from leitstern.requests.models import RevenueRollup
    from leitstern.requests.selectors.revenue import _totals
    from leitstern.roadmap.tests.factory import make_item, make_roadmap

    world = make_world()
    roadmap = make_roadmap(world)
    problems = []
    for n in range(tries):
        item = make_item(roadmap, world.owner, title=f"Pay on invoice {n}")
        first = make_request(world, arr="1000")
        second = make_request(world, arr="2500")

        def plan(user, pk, item=item):
            return lambda: services.request_triage(
                actor=user,
                request=Request.objects.get(pk=pk),
                status=Status.PLANNED,
                roadmap_item=item,
            )

        results = run_together(plan(world.owner, first.pk), plan(world.editor, second.pk))
        outcomes = sorted(_outcome(r) for r in results)
        if outcomes != ["done", "done"]:
            problems.append(f"try {n}: {outcomes}")
        stored = RevenueRollup.objects.filter(roadmap_item=item).values_list(
            "revenue", "accounts", "requests"
        )
        fresh = _totals(world.workspace, "roadmap_item", [item.pk]).get(item.pk, {})
        expected = (fresh.get("revenue"), fresh.get("accounts"), fresh.get("requests"))
        if list(stored) != [expected] or expected[2] != 2:
            problems.append(f"try {n}: stored {list(stored)}, computed {expected}")
    return problems


def first_account_stored_twice(tries: int = TRIES) -> list[str]:
    """One person submits two requests of a new organisation at the same moment: both are
    saved (the second store of the same pair of person and organisation is no error), and
    the organisation is theirs once."""
    from leitstern.requests.models import PersonAccount

    world = make_world()
    problems = []
    for n in range(tries):
        organisation = make_organisation(world.workspace, world.owner)

        def submit(title, organisation=organisation):
            return lambda: services.request_create(
                actor=world.contributor,
                workspace=world.workspace,
                title=title,
                problem="Buyers want to pay after delivery.",
                accounts=[services.AccountInput(organisation=organisation)],
            )

        results = run_together(submit(f"Invoice {n}"), submit(f"Invoice again {n}"))
        outcomes = sorted(_outcome(r) for r in results)
        if outcomes != ["done", "done"]:
            problems.append(f"try {n}: {outcomes}")
        stored = PersonAccount.objects.filter(user=world.contributor, organisation=organisation)
        if stored.count() != 1:
            problems.append(f"try {n}: stored {stored.count()} times")
    return problems
