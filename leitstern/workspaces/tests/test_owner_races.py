"""A workspace keeps at least one owner even when owners step down or remove each other at
the same moment. Each caller runs in a thread of its own with its own database connection,
through the real views and API; the rounds are repeated because a race shows only sometimes.

SQLite serialises every write transaction (``BEGIN IMMEDIATE``) and its in-memory test
database cannot be shared between connections the way a server's can, so the races run on
PostgreSQL only."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client

from leitstern.accounts.services import api_token_create
from leitstern.testing import add_member, make_user, make_workspace
from leitstern.workspaces.models import Membership, Role

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        settings.DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3",
        reason="needs concurrent connections to one database (PostgreSQL)",
    ),
]

ROUNDS = 15


def _at_once(calls: list[Callable[[], object]]) -> list[object]:
    """Run ``calls`` in parallel threads released together; each thread uses (and closes)
    its own database connection. Returns their results; an exception is returned as is."""
    barrier = threading.Barrier(len(calls))
    results: list[object] = [None] * len(calls)

    def run(index: int, call: Callable[[], object]) -> None:
        try:
            barrier.wait()
            results[index] = call()
        except Exception as error:  # reported by the test, not lost in the thread
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def _owners(workspace) -> int:
    return Membership.objects.filter(workspace=workspace, role=Role.OWNER).count()


def _team_of_owners(size: int):
    first = make_user()
    workspace = make_workspace(first)
    owners = [first] + [add_member(workspace, Role.OWNER) for _ in range(size - 1)]
    add_member(workspace, Role.VIEWER)
    return workspace, owners


def _api(user, workspace) -> tuple[Client, dict]:
    _token, raw = api_token_create(actor=user, workspace=workspace, name="race")
    return Client(), {"Authorization": f"Bearer {raw}"}


def _everyone_steps_down_at_once() -> None:
    workspace, owners = _team_of_owners(3)
    calls = []
    for owner in owners:
        client, auth = _api(owner, workspace)
        me = Membership.objects.get(workspace=workspace, user=owner)
        url = f"/api/v1/workspaces/{workspace.slug}/members/{me.pk}"
        calls.append(
            lambda client=client, url=url, auth=auth: client.patch(
                url, {"role": "editor"}, content_type="application/json", headers=auth
            )
        )
    responses = _at_once(calls)
    statuses = sorted(getattr(r, "status_code", repr(r)) for r in responses)
    assert _owners(workspace) == 1
    assert statuses == [200, 200, 422]
    refused = next(r for r in responses if r.status_code == 422)
    assert refused.json()["errors"][0]["reason"] == "A workspace needs at least one owner."


def test_owners_stepping_down_at_once_through_the_api_leave_exactly_one_owner():
    for _ in range(ROUNDS):
        _everyone_steps_down_at_once()


def _two_owners_remove_each_other_at_once() -> None:
    workspace, (anna, ben) = _team_of_owners(2)
    calls = []
    for actor, target in ((anna, ben), (ben, anna)):
        client = Client()
        client.force_login(actor)
        other = Membership.objects.get(workspace=workspace, user=target)
        url = f"/w/{workspace.slug}/members/{other.pk}/remove/"
        calls.append(lambda client=client, url=url: client.post(url))
    responses = _at_once(calls)
    # The second request is a 404 when its sender was already removed before it started.
    statuses = [getattr(r, "status_code", repr(r)) for r in responses]
    assert set(statuses) <= {302, 404} and 302 in statuses
    assert _owners(workspace) == 1
    assert Membership.objects.filter(workspace=workspace).count() == 2


def test_two_owners_removing_each_other_at_once_on_the_members_page_keep_one():
    for _ in range(ROUNDS):
        _two_owners_remove_each_other_at_once()


def _one_steps_down_while_the_other_leaves() -> None:
    workspace, (anna, ben) = _team_of_owners(2)
    anna_client, anna_auth = _api(anna, workspace)
    ben_client, ben_auth = _api(ben, workspace)
    base = f"/api/v1/workspaces/{workspace.slug}/members"
    anna_pk = Membership.objects.get(workspace=workspace, user=anna).pk
    ben_pk = Membership.objects.get(workspace=workspace, user=ben).pk
    responses = _at_once(
        [
            lambda: anna_client.patch(
                f"{base}/{anna_pk}",
                {"role": "viewer"},
                content_type="application/json",
                headers=anna_auth,
            ),
            lambda: ben_client.delete(f"{base}/{ben_pk}", headers=ben_auth),
        ]
    )
    statuses = sorted(getattr(r, "status_code", repr(r)) for r in responses)
    assert statuses in ([200, 422], [204, 422])
    assert _owners(workspace) == 1


def test_an_owner_stepping_down_while_the_other_leaves_keeps_one_owner():
    for _ in range(ROUNDS):
        _one_steps_down_while_the_other_leaves()
