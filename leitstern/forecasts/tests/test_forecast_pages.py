from __future__ import annotations

from datetime import date, timedelta

import pytest

from leitstern.activity.models import ActivityEntry
from leitstern.forecasts import selectors
from leitstern.forecasts.answers import Spec, compute
from leitstern.forecasts.forms import quarter_end, shortcut_dates
from leitstern.forecasts.models import Question, SavedForecast
from leitstern.forecasts.selectors import today
from leitstern.forecasts.services import saved_forecast_save, saved_forecast_score
from leitstern.forecasts.tests.factory import make_team

pytestmark = pytest.mark.django_db


@pytest.fixture
def team(world):
    return make_team(world, days=400, per_day=3)


def _url(world, team, suffix: str) -> str:
    if not suffix or suffix.startswith("?"):  # the team's page, with the forecasts' charts
        return f"/w/{world.workspace.slug}/teams/{team.pk}/{suffix}"
    return f"/w/{world.workspace.slug}/forecasts/teams/{team.pk}/{suffix}"


def test_the_team_page_draws_every_chart_within_a_query_budget(
    world, team, client_for, django_assert_max_num_queries
):
    client = client_for(world.viewer)
    # 15 for the page and its forecasts panel, one for the connectors panel under it.
    with django_assert_max_num_queries(16):
        response = client.get(_url(world, team, ""))
    text = response.text
    for chart in ("run", "histogram", "scatter", "wip", "flow"):
        assert f'data-chart="{chart}"' in text and f'id="{chart}-data"' in text
    assert "vendor/echarts/echarts.min.js" in text
    assert "within" in text  # the cycle-time percentiles
    weekly = client.get(
        _url(world, team, "?unit=week"), headers={"HX-Request": "true", "HX-Target": "team-charts"}
    )
    assert weekly.text.lstrip().startswith('<div id="team-charts">')


def test_the_team_page_warns_about_a_quiet_spell(world, client_for):
    team = make_team(world, "Quiet", days=40, per_day=0.2, seed=3)
    text = client_for(world.viewer).get(_url(world, team, "")).text
    assert "days without a finished item" in text or "day(s) in the window had completions" in text


def test_the_forecast_page_answers_with_plain_and_calibrated_values(
    world, team, client_for, django_assert_max_num_queries
):
    client = client_for(world.editor)
    by = today() + timedelta(days=30)
    with django_assert_max_num_queries(15):
        response = client.get(_url(world, team, f"forecast/?question=how_many&by={by}&window=180"))
    text = response.text
    assert "chance of at least" in text
    assert "Hit rate calibrated" in text and "Plain or calibrated?" in text
    assert 'data-chart="distribution"' in text and 'data-chart="window"' in text
    partial = client.get(
        _url(world, team, "forecast/?question=when&items=100&window=90"),
        headers={"HX-Request": "true"},
    )
    assert partial.text.lstrip().startswith('<div id="results"')
    assert "chance that the 100 items are done by" in partial.text


def test_an_impossible_question_is_explained_not_crashed(world, team, client_for):
    client = client_for(world.editor)
    url = _url(world, team, "forecast/?question=when&items=5&done=9")
    assert (
        "The number of items must be" in client.get(url).text
        or "already met" in client.get(url).text
    )
    text = client.get(_url(world, team, "forecast/?question=when")).text
    assert "How many items?" in text


def test_viewers_and_contributors_forecast_but_cannot_save(world, team, client_for):
    by = today() + timedelta(days=30)
    for role in ("viewer", "contributor"):
        client = client_for(world.user(role))
        page = client.get(_url(world, team, f"forecast/?question=how_many&by={by}"))
        assert page.status_code == 200
        assert "chance of at least" in page.text
        assert "the forecast is not saved" in page.text
        assert "Save forecast" not in page.text
        saved = client.post(
            _url(world, team, "forecast/save/"),
            {"question": "how_many", "by": by.isoformat(), "name": "Not mine"},
        )
        assert saved.status_code == 404
    assert not SavedForecast.objects.exists()
    assert client_for(world.contributor).get(_url(world, team, "")).status_code == 200


def test_the_shortcuts_ask_how_many_in_30_days_and_by_the_end_of_the_quarter(
    world, team, client_for
):
    assert quarter_end(date(2026, 2, 10)) == date(2026, 3, 31)
    assert quarter_end(date(2026, 12, 1)) == date(2026, 12, 31)
    assert quarter_end(date(2026, 9, 30)) == date(2026, 9, 30)
    # On a quarter's last day the shortcut looks at the next quarter's end.
    assert [d for _label, d in shortcut_dates(date(2026, 9, 30))] == [
        date(2026, 10, 30),
        date(2026, 12, 31),
    ]
    page = client_for(world.viewer).get(_url(world, team, "forecast/?question=when&items=40"))
    ahead = (today() + timedelta(days=30)).isoformat()
    assert f"question=how_many&amp;items=40&amp;by={ahead}" in page.text
    quarter = shortcut_dates(today())[1][1]
    assert quarter >= today() + timedelta(days=1) and quarter.month % 3 == 0
    assert f"question=how_many&amp;items=40&amp;by={quarter.isoformat()}" in page.text


def test_saving_a_forecast_keeps_inputs_and_answer(world, team, client_for):
    client = client_for(world.editor)
    by = today() + timedelta(days=21)
    response = client.post(
        _url(world, team, "forecast/save/"),
        {"question": "how_many", "by": by.isoformat(), "window": "90", "unit": "day",
         "max_days": "3650", "engine": "exact", "trials": "20000", "seed": "1",
         "calibration": "auto", "confidences": ["50", "85"], "done": "0",
         "name": "Sprint 14 scope"},
    )  # fmt: skip
    saved = SavedForecast.objects.get()
    assert response.url == f"/w/{world.workspace.slug}/forecasts/saved/{saved.pk}/"
    assert saved.inputs["window"] == 90 and saved.due == by
    assert set(saved.result["plain"]) == {"50", "85"}
    page = client_for(world.viewer).get(response.url).text
    assert "Sprint 14 scope" in page and "chance of at least" in page
    assert ActivityEntry.objects.filter(kind="forecasts.saved").exists()


def _saved(world, team, question: str, as_of_days_ago: int, **spec) -> SavedForecast:
    as_of = today() - timedelta(days=as_of_days_ago)
    answer = compute(team, Spec(question=question, as_of=as_of, window=180, **spec))
    return saved_forecast_save(
        actor=world.editor, team=team, name=f"{question} {as_of}", answer=answer
    )


def test_due_forecasts_are_scored_against_what_happened(world, team):
    how_many = _saved(world, team, Question.HOW_MANY, 60, by=today() - timedelta(days=30))
    when = _saved(world, team, Question.WHEN, 60, items=40)
    chance = _saved(world, team, Question.CHANCE, 60, items=40, by=today() - timedelta(days=20))
    future = _saved(world, team, Question.HOW_MANY, 1, by=today() + timedelta(days=30))
    assert saved_forecast_score(forecast=how_many)
    assert saved_forecast_score(forecast=when)
    assert saved_forecast_score(forecast=chance)
    assert not saved_forecast_score(forecast=future)
    assert how_many.outcome["actual"] > 0
    assert set(how_many.outcome["hits"]["plain"]) == {"50", "70", "85", "95"}
    assert when.outcome["actual_date"] is not None
    assert isinstance(chance.outcome["came_true"], bool)


def test_the_accuracy_page_shows_hit_rates_per_level(world, team, client_for):
    for weeks in range(3, 8):
        forecast = _saved(
            world, team, Question.HOW_MANY, 7 * weeks + 14, by=today() - timedelta(days=7 * weeks)
        )
        saved_forecast_score(forecast=forecast)
    text = client_for(world.viewer).get(_url(world, team, "accuracy/")).text
    assert "Came true (calibrated)" in text and 'data-chart="hitrates"' in text
    assert 'data-chart="how_many"' in text


def test_the_forecast_page_speaks_german(world, team, client_for):
    from leitstern.testing import add_member, make_user

    german = add_member(world.workspace, "editor", make_user("Greta", language="de"))
    text = client_for(german).get(_url(world, team, "forecast/?question=when&items=80")).text
    assert "Wahrscheinlichkeit, dass die 80 Einträge bis" in text
    assert "Unkalibriert oder kalibriert?" in text and "Trefferquote kalibriert" in text
    upload = client_for(german).get(_url(world, team, "upload/")).text
    assert "Erledigte Arbeit hochladen" in upload


def test_the_team_page_says_when_the_scatter_shows_only_the_most_recent_items(
    world, team, client_for
):
    client = client_for(world.viewer)
    assert "most recent of" not in client.get(_url(world, team, "")).text
    big = make_team(world, "Big", days=200, per_day=10)
    overview = selectors.team_overview(big)
    text = client.get(_url(world, big, "")).text
    assert f"Showing the 1,500 most recent of {overview.cycle_items:,} items." in text
