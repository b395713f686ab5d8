"""The pages say when a calibrated answer is rough and why, and warn about stale and
shifted histories with a suggestion, in English and German."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import translation
from django.utils.formats import date_format

from leitstern.forecasts.selectors import today
from leitstern.forecasts.services import items_merge
from leitstern.forecasts.tests.factory import history_rows, make_team
from leitstern.testing import add_member, make_user

pytestmark = pytest.mark.django_db


def _url(world, team, suffix: str) -> str:
    if not suffix or suffix.startswith("?"):  # the team's page, with the forecasts' charts
        return f"/w/{world.workspace.slug}/teams/{team.pk}/{suffix}"
    return f"/w/{world.workspace.slug}/forecasts/teams/{team.pk}/{suffix}"


def test_a_month_ahead_the_page_shows_the_evidence_behind_the_answer(world, client_for):
    team = make_team(world, days=400, per_day=3)
    by = today() + timedelta(days=30)
    text = (
        client_for(world.editor).get(_url(world, team, f"forecast/?question=how_many&by={by}")).text
    )
    assert "Checked: on real histories it was not learned on" in text
    assert "Rough answer." not in text and "Calibrated (rough)" not in text


def test_half_a_year_ahead_the_page_calls_the_answer_rough_in_both_languages(world, client_for):
    team = make_team(world, days=400, per_day=3)
    by = today() + timedelta(days=200)
    url = _url(world, team, f"forecast/?question=how_many&by={by}")
    client = client_for(world.editor)
    text = client.get(url).text
    assert "Rough answer." in text and "(rough)" in text
    assert "treat it as rough" in text
    greta = add_member(world.workspace, "editor", make_user("Greta", language="de"))
    german = client_for(greta).get(url).text
    assert "Grobe Schätzung." in german and "(grob)" in german


def test_a_saved_rough_forecast_stays_rough(world, client_for):
    team = make_team(world, days=400, per_day=3)
    by = today() + timedelta(days=200)
    client = client_for(world.editor)
    response = client.post(
        _url(world, team, "forecast/save/"),
        {"question": "how_many", "by": by.isoformat(), "window": "180", "name": "Half year"},
    )
    assert response.status_code == 302
    text = client.get(response["Location"]).text
    assert "Rough answer." in text and "(rough)" in text


def test_the_team_page_warns_about_a_history_that_stopped(world, client_for):
    team = make_team(world, "Stopped")
    rows = history_rows(days=300, per_day=3, end=today() - timedelta(days=90))
    items_merge(actor=None, team=team, items=rows, record=False)
    last = max(r["done"] for r in rows)
    client = client_for(world.viewer)
    text = client.get(_url(world, team, "")).text
    assert "Nothing was finished in the" in text and "(the last completion)" in text
    greta = add_member(world.workspace, "viewer", make_user("Greta", language="de"))
    german = client_for(greta).get(_url(world, team, "")).text
    assert "wurde nichts erledigt" in german
    with translation.override("de"):
        assert date_format(last, "DATE_FORMAT") in german  # the reader's way of writing dates
    by = today() + timedelta(days=30)
    editor = client_for(world.editor)
    page = editor.get(_url(world, team, f"forecast/?question=how_many&by={by}")).text
    assert "Nothing was finished in the" in page
    assert "forecast as of" in page and str(last.year) in page


def test_the_team_page_warns_about_a_shift_and_suggests_a_window(world, client_for):
    team = make_team(world, "Shifted")
    end = today() - timedelta(days=1)
    before = history_rows(days=300, per_day=4, seed=1, end=end - timedelta(days=80))
    after = history_rows(days=80, per_day=1, seed=2, end=end)
    for row in after:
        row["key"] = "A" + row["key"]
    items_merge(actor=None, team=team, items=before + after, record=False)
    text = client_for(world.viewer).get(_url(world, team, "")).text
    assert "Throughput changed around" in text and "choose a window that starts on" in text
