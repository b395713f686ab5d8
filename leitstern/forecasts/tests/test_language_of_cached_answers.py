"""A forecast computed once is shared from the cache by readers of every language; its
words must still be each reader's."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import translation

from leitstern.forecasts.answers import Spec, compute
from leitstern.forecasts.models import Question
from leitstern.forecasts.services import items_merge
from leitstern.teams.services import team_create

pytestmark = pytest.mark.django_db


def test_the_sentence_follows_the_reader_not_the_first_computation(world):
    team = team_create(actor=world.owner, workspace=world.workspace, name="Squad")
    start = date.today() - timedelta(days=60)
    items_merge(
        actor=world.owner,
        team=team,
        items=[{"key": f"K-{n}", "done": start + timedelta(days=n % 58)} for n in range(120)],
    )
    spec = Spec(question=Question.HOW_MANY, by=date.today() + timedelta(days=30))
    with translation.override("en"):
        english = compute(team, spec).sentence
    with translation.override("de"):
        german = compute(team, spec).sentence
    assert "chance of at least" in english
    assert "Wahrscheinlichkeit" in german
