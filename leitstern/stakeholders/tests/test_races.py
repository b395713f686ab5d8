"""The map's rules hold when two people write at the same moment: one tie per direction and
pair (both add the same tie through the API: one 201, one 422 naming the field, never a
500), and the reporting line never becomes a loop (A → B and B → A saved at once: one of
them is refused). Each caller runs in its own thread with its own connection; rounds repeat
because a race shows only sometimes.

SQLite serialises every write transaction and its in-memory test database cannot be shared
between connections, so the races run on PostgreSQL only."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client

from leitstern.accounts.services import api_token_create
from leitstern.stakeholders import services
from leitstern.stakeholders.models import Influence, Stakeholder
from leitstern.stakeholders.tests.factory import make_stakeholder
from leitstern.testing import add_member, make_user, make_workspace
from leitstern.workspaces.models import Role

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        settings.DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3",
        reason="needs concurrent connections to one database (PostgreSQL)",
    ),
]

ROUNDS = 8


def _at_once(calls: list[Callable[[], object]]) -> list[object]:
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


def _post(user, workspace, url: str, body: dict) -> Callable[[], object]:
    raw = api_token_create(actor=user, workspace=workspace, name="race")[1]
    headers = {"Authorization": f"Bearer {raw}"}
    return lambda: Client().post(url, data=body, content_type="application/json", headers=headers)


def _report(owner, person: Stakeholder, boss: Stakeholder) -> Callable[[], object]:
    return lambda: services.stakeholder_update(
        actor=owner,
        stakeholder=Stakeholder.objects.get(pk=person.pk),
        reports_to=Stakeholder.objects.get(pk=boss.pk),
    )


def test_two_editors_adding_the_same_tie_at_once_get_one_tie_and_one_clear_refusal():
    for _round in range(ROUNDS):
        owner = make_user()
        workspace = make_workspace(owner)
        editor = add_member(workspace, Role.EDITOR)
        klein = make_stakeholder(workspace, owner, "Dr. Klein")
        yilmaz = make_stakeholder(workspace, owner, "Selin Yilmaz")
        body = {"influencer_id": yilmaz.pk, "listener_id": klein.pk, "strength": 3}
        url = f"/api/v1/workspaces/{workspace.slug}/influences"
        answers = _at_once([_post(u, workspace, url, body) for u in (owner, editor)])
        statuses = sorted(answer.status_code for answer in answers)  # type: ignore[attr-defined]  # responses, or the test fails on the exception
        assert statuses == [201, 422], answers
        refused = next(a for a in answers if a.status_code == 422)  # type: ignore[attr-defined]  # as above
        assert refused.json()["errors"][0]["field"] == "influencer"
        assert Influence.objects.filter(influencer=yilmaz, listener=klein).count() == 1


def test_two_reporting_lines_that_would_close_a_loop_are_not_both_saved():
    for _round in range(ROUNDS):
        owner = make_user()
        workspace = make_workspace(owner)
        a = make_stakeholder(workspace, owner, "Ada")
        b = make_stakeholder(workspace, owner, "Ben")
        results = _at_once([_report(owner, a, b), _report(owner, b, a)])
        refused = [r for r in results if isinstance(r, ValidationError)]
        assert len(refused) == 1, results
        assert "loop" in str(refused[0].message_dict["reports_to"])
        lines = Stakeholder.objects.filter(pk__in=[a.pk, b.pk]).values_list("reports_to", flat=True)
        assert sorted(line is None for line in lines) == [False, True]
