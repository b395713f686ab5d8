"""The verdict decision through the API: the same offer, services and rules as the page —
read the offer, take it into a benefit input or leave the case, once; bad input by field,
nothing half-saved; viewers read, editors decide, outsiders get 404."""

from __future__ import annotations

import pytest
from django.test import Client

from leitstern.cases import verdicts
from leitstern.cases.models import VerdictUpdate
from leitstern.cases.tests.factory import make_case
from leitstern.discovery.tests.factory import closed_experiment

pytestmark = pytest.mark.django_db


def _case_with_verdict(world):
    experiment = closed_experiment(world)
    verdict = experiment.verdicts.get()
    return make_case(world, hypothesis=verdict.hypothesis), verdict


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _url(world, case) -> str:
    return f"/api/v1/workspaces/{world.workspace.slug}/cases/{case.pk}/verdict"


def test_the_offer_reads_like_the_page_and_apply_updates_the_input_once(world):
    case, verdict = _case_with_verdict(world)
    offer = _client(world.viewer).get(_url(world, case))
    assert offer.status_code == 200, offer.content
    data = offer.json()["offer"]
    found = verdicts.offer(case)
    assert data["verdict_id"] == verdict.pk
    assert data["lower"] == pytest.approx(found.lower) and data["upper"] == pytest.approx(
        found.upper
    )
    assert any(row["key"] == "time_saved.adoption" for row in data["inputs"])
    body = {"verdict": verdict.pk, "decision": "apply", "target": "time_saved.adoption",
            "lower": 0.11, "upper": 0.13, "why": "A/B test of the delivery promise"}  # fmt: skip
    answer = _client(world.editor).post(_url(world, case), body, content_type="application/json")
    assert answer.status_code == 200, answer.content
    assert answer.json()["accepted"] is True and answer.json()["field"] == "adoption"
    line = case.lines.get(key="time_saved")
    assert line.values["adoption"] == {"lower": 0.11, "upper": 0.13}
    # Decided once: no offer any more, and the same decision again is refused.
    assert _client(world.viewer).get(_url(world, case)).json() == {"offer": None}
    again = _client(world.editor).post(_url(world, case), body, content_type="application/json")
    assert again.status_code == 422
    assert again.json()["errors"][0]["field"] == "verdict"
    assert VerdictUpdate.objects.filter(case=case).count() == 1


def test_dismiss_leaves_every_line_as_it_was(world):
    case, verdict = _case_with_verdict(world)
    before = {line.pk: line.values for line in case.lines.all()}
    answer = _client(world.editor).post(
        _url(world, case), {"verdict": verdict.pk, "decision": "dismiss", "why": "Too small"},
        content_type="application/json",
    )  # fmt: skip
    assert answer.status_code == 200 and answer.json()["accepted"] is False
    assert {line.pk: line.values for line in case.lines.all()} == before


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"target": "time_saved.adoption", "lower": 0.2, "upper": 0.1}, "upper"),
        ({"target": "nope.adoption", "lower": 0.1, "upper": 0.2}, "target"),
        ({"lower": 0.1, "upper": 0.2}, "target"),
        ({"target": "time_saved.adoption", "upper": 0.2}, "lower"),
    ],
)
def test_bad_input_is_answered_by_field_and_nothing_is_saved(world, body, field):
    case, verdict = _case_with_verdict(world)
    before = {line.pk: line.values for line in case.lines.all()}
    answer = _client(world.editor).post(
        _url(world, case), {"verdict": verdict.pk, "decision": "apply", **body},
        content_type="application/json",
    )  # fmt: skip
    assert answer.status_code == 422, answer.content
    assert field in [error["field"] for error in answer.json()["errors"]]
    assert {line.pk: line.values for line in case.lines.all()} == before
    assert not VerdictUpdate.objects.exists()


def test_roles_viewer_reads_editor_decides_outsider_sees_nothing(world):
    case, verdict = _case_with_verdict(world)
    body = {"verdict": verdict.pk, "decision": "dismiss"}
    viewer = _client(world.viewer).post(_url(world, case), body, content_type="application/json")
    assert viewer.status_code == 404
    assert _client(world.outsider).get(_url(world, case)).status_code == 404
    assert not VerdictUpdate.objects.exists()
    without = make_case(world)
    assert _client(world.viewer).get(_url(world, without)).json() == {"offer": None}
    refused = _client(world.editor).post(
        _url(world, without), {"decision": "dismiss"}, content_type="application/json"
    )
    assert refused.status_code == 422 and refused.json()["errors"][0]["field"] == "verdict"


def test_left_out_the_verdict_on_offer_is_decided(world):
    case, verdict = _case_with_verdict(world)
    answer = _client(world.editor).post(
        _url(world, case), {"decision": "dismiss"}, content_type="application/json"
    )
    assert answer.status_code == 200 and answer.json()["verdict_id"] == verdict.pk
