"""A linked hypothesis' verdict offers to update a benefit input: nothing changes by itself;
an editor takes the measured 90% range into the input (with its why in the history) or
leaves the case as it is, and the verdict is not offered again."""

from __future__ import annotations

import math

import pytest
from django.test import Client

from leitstern.activity.models import ActivityEntry
from leitstern.cases import verdicts
from leitstern.cases.models import VerdictUpdate
from leitstern.cases.tests.factory import make_case
from leitstern.discovery.tests.factory import closed_experiment

pytestmark = pytest.mark.django_db


def _case_with_verdict(world):
    experiment = closed_experiment(world)  # 700/7000 against 850/7010: a clear win
    hypothesis = experiment.verdicts.get().hypothesis
    case = make_case(world, hypothesis=hypothesis)
    return case, experiment.verdicts.get()


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_offer_is_the_treatment_groups_measured_90_percent_range(world):
    case, verdict = _case_with_verdict(world)
    offer = verdicts.offer(case)
    assert offer is not None and offer.verdict == verdict
    p = 850 / 7010
    half = 1.6448536 * math.sqrt(p * (1 - p)) / math.sqrt(7010)
    assert offer.measured == pytest.approx(p, rel=1e-4)
    assert (offer.lower, offer.upper) == (
        pytest.approx(p - half, rel=1e-3),
        pytest.approx(p + half, rel=1e-3),
    )
    # Nothing changed by itself.
    assert not VerdictUpdate.objects.exists()


def test_an_editor_takes_the_range_into_a_benefit_input_with_its_why(world):
    case, verdict = _case_with_verdict(world)
    line = case.lines.get(key="time_saved")
    before = dict(line.values)
    page = _client(world.editor).get(f"/w/{world.workspace.slug}/cases/{case.pk}/")
    assert "A verdict on the linked hypothesis" in page.content.decode()
    answer = _client(world.editor).post(
        f"/w/{world.workspace.slug}/cases/{case.pk}/verdict/",
        {"verdict": verdict.pk, "target": "time_saved.adoption", "lower": "0.11",
         "upper": "0.13", "why": "A/B test of the delivery promise", "decision": "apply"},
    )  # fmt: skip
    assert answer.status_code == 302
    line.refresh_from_db()
    assert line.values["adoption"] == {"lower": 0.11, "upper": 0.13}
    assert {k: v for k, v in line.values.items() if k != "adoption"} == {
        k: v for k, v in before.items() if k != "adoption"
    }
    update = VerdictUpdate.objects.get(case=case)
    assert update.accepted and update.before == before["adoption"]
    entry = ActivityEntry.objects.filter(kind="cases.line.changed", target_id=case.pk).latest("id")
    assert entry.note == "A/B test of the delivery promise"
    assert verdicts.offer(case) is None
    page = _client(world.editor).get(f"/w/{world.workspace.slug}/cases/{case.pk}/")
    assert "A verdict on the linked hypothesis" not in page.content.decode()


def test_leaving_the_case_as_it_is_changes_no_line_and_ends_the_offer(world):
    case, verdict = _case_with_verdict(world)
    revision = case.revision
    answer = _client(world.editor).post(
        f"/w/{world.workspace.slug}/cases/{case.pk}/verdict/",
        {"verdict": verdict.pk, "decision": "dismiss", "why": "Different audience"},
    )
    assert answer.status_code == 302
    case.refresh_from_db()
    assert case.revision == revision
    assert not VerdictUpdate.objects.get(case=case).accepted
    assert verdicts.offer(case) is None


def test_a_range_upside_down_is_refused_and_nothing_is_saved(world):
    case, verdict = _case_with_verdict(world)
    line = case.lines.get(key="time_saved")
    answer = _client(world.editor).post(
        f"/w/{world.workspace.slug}/cases/{case.pk}/verdict/",
        {"verdict": verdict.pk, "target": "time_saved.adoption", "lower": "0.2",
         "upper": "0.1", "decision": "apply"},
    )  # fmt: skip
    assert answer.status_code == 200
    assert "upper" in answer.context["form"].errors
    assert line.values == case.lines.get(key="time_saved").values
    assert not VerdictUpdate.objects.exists()


def test_a_viewer_sees_the_offer_but_cannot_decide(world):
    case, verdict = _case_with_verdict(world)
    client = _client(world.viewer)
    html = client.get(f"/w/{world.workspace.slug}/cases/{case.pk}/").content.decode()
    assert "An editor can take it into the case." in html
    answer = client.post(
        f"/w/{world.workspace.slug}/cases/{case.pk}/verdict/",
        {"verdict": verdict.pk, "decision": "dismiss"},
    )
    assert answer.status_code == 404
    assert not VerdictUpdate.objects.exists()
