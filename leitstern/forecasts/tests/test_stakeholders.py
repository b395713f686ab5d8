"""What a shared forecast says to someone outside the team."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import translation

from leitstern.forecasts.answers import Spec, compute
from leitstern.forecasts.models import Question
from leitstern.forecasts.selectors import today
from leitstern.forecasts.services import saved_forecast_save, share_create, tracking_refresh
from leitstern.forecasts.stakeholders import shared_forecast
from leitstern.forecasts.tests.factory import make_team, sample_tracking

pytestmark = pytest.mark.django_db

JARGON = ("calibrated", "Calibrated", "plain", "Plain", "hit rate", "Hit rate")


def _saved(world, question: str, **spec):
    team = make_team(world, "Checkout squad", days=200, per_day=3)
    answer = compute(team, Spec(question=question, **spec))
    return saved_forecast_save(actor=world.owner, team=team, name="Release 2.0", answer=answer)


def test_a_shared_when_forecast_names_team_and_question_in_one_plain_sentence(world):
    saved = _saved(world, Question.WHEN, items=120)
    _link, token = share_create(actor=world.owner, forecast=saved)
    page = Client().get(f"/s/{token}/").text
    shared = shared_forecast(saved)
    headline = next(r for r in shared.rows if r.level == "85")
    assert headline.value.isoformat() == saved.result["calibrated"]["85"]["date"]
    assert [r.level for r in shared.rows] == ["50", "70", "85", "95"]
    assert shared.question == "When will 120 items be done?"
    window = saved.result["window"]
    assert shared.window_start.isoformat() == window["start"]
    assert shared.sentence.startswith("If Checkout squad keeps the pace it had from ")
    assert "the 120 items will be done by" in shared.sentence
    assert shared.sentence.endswith("with a likelihood of 85%.")
    assert "Checkout squad" in page and "When will 120 items be done?" in page
    assert shared.sentence.replace("'", "&#x27;") in page
    assert "data-copy-url" in page and "<script>" not in page
    for word in JARGON:
        assert word not in page, word


def test_a_shared_how_many_forecast_reads_as_at_least_a_count(world):
    by = today().replace(day=1).replace(year=today().year + 1)
    saved = _saved(world, Question.HOW_MANY, by=by)
    shared = shared_forecast(saved)
    count = saved.result["calibrated"]["85"]
    assert shared.question.startswith("How many items will Checkout squad finish by ")
    assert f"it will finish at least {count} items by " in shared.sentence
    with translation.override("de"):
        german = shared_forecast(saved)
    assert german.question.startswith("Wie viele Einträge erledigt Checkout squad bis ")
    assert f"mindestens {count} Einträge" in german.sentence
    assert german.sentence.endswith("mit einer Wahrscheinlichkeit von 85\u00a0%.")


def test_a_shared_tracking_forecast_names_its_team_and_scope(world):
    tracking = sample_tracking(world)
    tracking_refresh(tracking=tracking)
    _link, token = share_create(actor=world.owner, tracking=tracking)
    page = Client().get(f"/s/{token}/").text
    assert tracking.team.name in page
    assert f"When will {tracking.items} items, counted from " in page
    assert tracking.points.exists() and 'data-chart="tracking"' in page
    for word in JARGON:
        assert word not in page, word
