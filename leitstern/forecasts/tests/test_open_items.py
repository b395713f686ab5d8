"""Open items (not done yet): kept by key for arrivals and work in progress, never in forecasts."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from leitstern.core.imports.models import ImportJob
from leitstern.forecasts.answers import Spec, compute
from leitstern.forecasts.models import Question, WorkItem
from leitstern.forecasts.selectors import team_overview, team_series, today
from leitstern.forecasts.services import (
    items_merge,
    saved_forecast_save,
    saved_forecast_score,
    tracking_create,
    tracking_refresh,
)
from leitstern.forecasts.tests.factory import csv_of, history_rows, make_team

pytestmark = pytest.mark.django_db


def _open_rows(n: int, *, key: str = "OPEN", days_ago: int = 5) -> list[dict]:
    """``n`` open items created over the last weeks, half of them started."""
    rows = []
    for i in range(n):
        created = today() - timedelta(days=days_ago + i % 20)
        rows.append(
            {
                "key": f"{key}-{i}",
                "title": f"Open {i}",
                "created": created,
                "started": created + timedelta(days=1) if i % 2 else None,
            }
        )
    return rows


def _url(world, team, suffix: str = "") -> str:
    if not suffix or suffix.startswith("?"):  # the team's page, with the forecasts' charts
        return f"/w/{world.workspace.slug}/teams/{team.pk}/{suffix}"
    return f"/w/{world.workspace.slug}/forecasts/teams/{team.pk}/{suffix}"


def _last(points: list[list], days: int) -> list[int]:
    """The values of the points within the last ``days`` days."""
    since = (today() - timedelta(days=days)).isoformat()
    return [v for d, v in points if d >= since]


# --- Keeping open items --------------------------------------------------------------------


def test_an_open_item_is_finished_by_merging_it_again_with_a_done_date(world):
    team = make_team(world)
    rows = _open_rows(3)
    assert items_merge(actor=None, team=team, items=rows).created == 3
    assert WorkItem.objects.filter(team=team).open().count() == 3
    finished = dict(rows[0], done=today() - timedelta(days=1))
    counts = items_merge(actor=None, team=team, items=[finished])
    assert (counts.created, counts.updated) == (0, 1)
    assert WorkItem.objects.get(key="OPEN-0").done == today() - timedelta(days=1)
    # Keys not merged again are left as they were.
    assert set(WorkItem.objects.filter(team=team).open().values_list("key", flat=True)) == {
        "OPEN-1",
        "OPEN-2",
    }


def test_an_open_item_needs_a_creation_or_start_date(world):
    team = make_team(world)
    with pytest.raises(ValidationError, match="needs a creation or start date"):
        items_merge(actor=None, team=team, items=[{"key": "X-1"}])
    with pytest.raises(ValidationError, match="date in the future"):
        items_merge(
            actor=None, team=team, items=[{"key": "X-2", "created": today() + timedelta(days=2)}]
        )
    assert WorkItem.objects.count() == 0


def test_the_api_accepts_open_items_and_lists_them_by_status(world):
    from leitstern.accounts.services import api_token_create

    team = make_team(world, days=30)
    _token, raw = api_token_create(actor=world.editor, workspace=world.workspace, name="t")
    auth = {"Authorization": f"Bearer {raw}"}
    url = f"/api/v1/workspaces/{world.workspace.slug}/teams/{team.pk}/items"
    created = (today() - timedelta(days=4)).isoformat()
    body = {"items": [{"key": "API-1", "created": created}, {"key": "API-2", "started": created}]}
    from django.test import Client

    client = Client()
    response = client.post(url, body, content_type="application/json", headers=auth)
    assert response.status_code == 200 and response.json()["created"] == 2
    listed = client.get(url + "?status=open", headers=auth).json()
    assert [i["key"] for i in listed] == ["API-1", "API-2"] and listed[0]["done"] is None
    finished = client.get(url + "?status=finished&limit=1000", headers=auth).json()
    assert finished and all(i["done"] for i in finished)
    refused = client.post(
        url, {"items": [{"key": "API-3"}]}, content_type="application/json", headers=auth
    )
    assert refused.status_code == 422 and "creation or start date" in refused.text


# --- Forecasts stay on finished items ------------------------------------------------------


def test_forecasts_throughput_and_cycle_times_are_unchanged_by_open_items(world):
    team = make_team(world, days=200, per_day=2)
    specs = [
        Spec(question=Question.WHEN, items=40, window=90, growth=True),
        Spec(question=Question.HOW_MANY, by=today() + timedelta(days=30), window=90),
    ]
    series = team_series(team)
    answers = [compute(team, spec).result for spec in specs]
    overview = team_overview(team)

    items_merge(actor=None, team=team, items=_open_rows(60))

    after = team_series(team)
    assert after.start == series.start and list(after.done) == list(series.done)
    assert list(after.arrived) == list(series.arrived)
    assert [compute(team, spec).result for spec in specs] == answers
    changed = team_overview(team)
    assert changed.items == overview.items
    assert (changed.run, changed.histogram) == (overview.run, overview.histogram)
    assert (changed.scatter, changed.percentiles) == (overview.scatter, overview.percentiles)
    assert changed.flow["done"] == overview.flow["done"]


def test_tracking_counts_and_scores_ignore_open_items(world):
    team = make_team(world, days=120, per_day=2)
    start = today() - timedelta(days=30)
    tracking = tracking_create(actor=world.owner, team=team, name="R", items=500, start=start)
    answer = compute(
        team,
        Spec(question=Question.HOW_MANY, as_of=start, by=today() - timedelta(days=2), window=60),
    )
    saved = saved_forecast_save(actor=world.owner, team=team, name="S", answer=answer)
    before = tracking_refresh(tracking=tracking).done

    items_merge(actor=None, team=team, items=_open_rows(30, days_ago=3))

    assert tracking_refresh(tracking=tracking).done == before
    assert saved_forecast_score(forecast=saved)
    finished = WorkItem.objects.finished().filter(team=team, done__gt=start, done__lte=saved.due)
    assert saved.outcome["actual"] == finished.count()


# --- Arrivals and work in progress ---------------------------------------------------------


def test_open_items_count_as_arrivals_and_work_in_progress(world):
    team = make_team(world, days=120, per_day=2)
    before = team_overview(team)
    items_merge(actor=None, team=team, items=_open_rows(40))
    after = team_overview(team)
    assert after.open_items == 40 and after.wip_from == "started"
    assert sum(_last(after.flow["arrived"], 35)) == sum(_last(before.flow["arrived"], 35)) + 40
    # The 20 started open items are in progress on the last day drawn; the 20 nobody started
    # are backlog, not work in progress.
    assert after.wip[-1] == [before.wip[-1][0], before.wip[-1][1] + 20]


def test_work_in_progress_counts_an_open_item_from_its_start_date(world):
    team = make_team(world, days=60, per_day=2)
    created, started = today() - timedelta(days=30), today() - timedelta(days=10)
    before = dict(team_overview(team).wip)
    items_merge(
        actor=None, team=team, items=[{"key": "W-1", "created": created, "started": started}]
    )
    after = dict(team_overview(team).wip)
    change = {day: after[day] - before.get(day, 0) for day in after}
    assert change[created.isoformat()] == 0
    assert change[(started - timedelta(days=1)).isoformat()] == 0
    assert change[started.isoformat()] == 1
    assert change[(today() - timedelta(days=1)).isoformat()] == 1


def test_without_any_start_dates_work_in_progress_counts_from_creation(world, client_for):
    team = make_team(world)
    day = today() - timedelta(days=20)
    items_merge(
        actor=None,
        team=team,
        items=[{"key": f"G-{i}", "created": day, "done": day + timedelta(days=i)} for i in range(5)]
        + [{"key": "G-open", "created": day + timedelta(days=2)}],
    )
    overview = team_overview(team)
    assert overview.wip_from == "created"
    # G-2, G-3 and G-4 are not done before that day, and G-open was created on it.
    assert dict(overview.wip)[(day + timedelta(days=2)).isoformat()] == 3 + 1
    text = client_for(world.viewer).get(_url(world, team)).text
    assert "from their creation date until done, because this history has no start dates" in text


def test_the_team_page_says_when_only_finished_items_are_known(
    world, client_for, django_assert_max_num_queries
):
    team = make_team(world, days=90, per_day=2)
    client = client_for(world.viewer)
    text = client.get(_url(world, team)).text
    assert "recent weeks undercount arrivals" in text
    assert "recent weeks undercount work in progress" in text

    items_merge(actor=None, team=team, items=_open_rows(12))
    with django_assert_max_num_queries(15):
        text = client.get(_url(world, team)).text
    assert "undercount" not in text
    assert "Arrivals include 12 open items." in text


def test_the_items_list_filters_finished_and_open(world, client_for):
    team = make_team(world, days=20, per_day=2)
    items_merge(actor=None, team=team, items=_open_rows(2))
    client = client_for(world.viewer)
    url = _url(world, team, "items/")
    everything = client.get(url).text
    assert ">OPEN-0<" in everything and ">T-1<" in everything
    only_open = client.get(url + "?status=open").text
    assert ">OPEN-0<" in only_open and ">T-1<" not in only_open and "2 items" in only_open
    finished = client.get(url + "?status=finished").text
    assert ">OPEN-0<" not in finished and ">T-1<" in finished


# --- Uploads -------------------------------------------------------------------------------


def _jira(rows: list[dict], open_rows: list[tuple[str, date]]) -> bytes:
    """A Jira export: finished rows, then open rows (created, no start, no resolution)."""
    text = csv_of(rows).decode()
    for key, created in open_rows:
        text += f"{key},Still open,{created.isoformat()},,\n"
    return text.encode()


def _import(world, team, client_for, content: bytes) -> ImportJob:
    client = client_for(world.editor)
    client.post(
        _url(world, team, "upload/"),
        {"file": SimpleUploadedFile("export.csv", content), "format": "auto"},
    )
    job = ImportJob.objects.order_by("-pk").first()
    page = client.get(_url(world, team, f"imports/{job.pk}/")).text
    client.post(_url(world, team, f"imports/{job.pk}/apply/"))
    job.refresh_from_db()
    job.page = page
    return job


def test_an_upload_shows_and_keeps_its_open_items_by_key(world, client_for):
    team = make_team(world)
    rows = history_rows(days=60, per_day=2)
    recent = today() - timedelta(days=3)
    open_rows = [("NEW-1", recent), ("NEW-2", recent), ("NEW-3", today() - timedelta(days=9))]
    first = _jira(rows, open_rows)
    job = _import(world, team, client_for, first)
    assert job.preview["open"] == 3 and job.preview["open_dated"] == 3
    assert "3 open items (not done yet)." in job.page
    assert "3 of them have a creation or start date and are kept by their keys" in job.page
    assert job.status == ImportJob.Status.DONE and job.created_count == len(rows) + 3
    kept = WorkItem.objects.filter(team=team).open()
    assert sorted(kept.values_list("key", "created", "title")) == [
        ("NEW-1", recent, "Still open"),
        ("NEW-2", recent, "Still open"),
        ("NEW-3", today() - timedelta(days=9), "Still open"),
    ]
    assert team_overview(team).open_items == 3

    # Later NEW-1 is done: the next export has it finished and two items still open.
    done = {"key": "NEW-1", "title": "Done now", "created": recent, "started": recent}
    _import(world, team, client_for, _jira([*rows, {**done, "done": recent}], open_rows[1:]))
    assert WorkItem.objects.get(team=team, key="NEW-1").done == recent
    assert sorted(kept.values_list("key", flat=True)) == ["NEW-2", "NEW-3"]
    assert team_overview(team).open_items == 2

    # The first export uploaded again is stale: it never makes the finished NEW-1 open again.
    job = _import(world, team, client_for, first)
    assert job.status == ImportJob.Status.DONE and job.created_count == 0
    assert WorkItem.objects.get(team=team, key="NEW-1").done == recent
    assert team_overview(team).open_items == 2


def test_an_item_pushed_through_the_api_and_uploaded_counts_once(world, client_for):
    from django.test import Client

    from leitstern.accounts.services import api_token_create

    team = make_team(world)
    rows = history_rows(days=40, per_day=2)
    _import(world, team, client_for, csv_of(rows))
    before = team_overview(team)
    _token, raw = api_token_create(actor=world.editor, workspace=world.workspace, name="t")
    started = today() - timedelta(days=4)
    pushed = Client().post(
        f"/api/v1/workspaces/{world.workspace.slug}/teams/{team.pk}/items",
        {"items": [{"key": "NEW-1", "started": started.isoformat()}]},
        content_type="application/json",
        headers={"Authorization": f"Bearer {raw}"},
    )
    assert pushed.status_code == 200
    # The export lists the same item, still open, with its creation and start dates.
    created = today() - timedelta(days=6)
    export = csv_of(rows) + f"NEW-1,Still open,{created},{started},\n".encode()
    _import(world, team, client_for, export)
    assert list(
        WorkItem.objects.filter(team=team, key="NEW-1").values_list("created", "started")
    ) == [(created, started)]
    after = team_overview(team)
    assert after.open_items == 1
    assert sum(_last(after.flow["arrived"], 14)) == sum(_last(before.flow["arrived"], 14)) + 1
    assert after.wip[-1][1] == before.wip[-1][1] + 1


def test_an_upload_of_finished_items_only_says_so_in_the_preview(world, client_for):
    team = make_team(world)
    job = _import(world, team, client_for, csv_of(history_rows(days=20, per_day=2)))
    assert job.preview["open"] == 0
    assert "No open items in this file" in job.page
    assert not WorkItem.objects.filter(team=team).open().exists()
