"""Deleting many work items at once: never on one click, and the log says what went."""

from __future__ import annotations

from datetime import timedelta

import pytest

from leitstern.activity.models import ActivityEntry
from leitstern.forecasts.models import WorkItem
from leitstern.forecasts.selectors import today
from leitstern.forecasts.tests.factory import make_team

pytestmark = pytest.mark.django_db


@pytest.fixture
def team(world):
    return make_team(world, days=40, per_day=3)


def _url(world, team, suffix: str = "") -> str:
    return f"/w/{world.workspace.slug}/forecasts/teams/{team.pk}/items/{suffix}"


def test_the_items_page_offers_no_one_click_bulk_delete(world, team, client_for):
    page = client_for(world.editor).get(_url(world, team)).text
    assert f'action="{_url(world, team, "delete/")}"' not in page
    assert f'href="{_url(world, team, "delete/")}"' in page


def test_the_first_step_shows_the_count_and_deletes_nothing(world, team, client_for):
    total = WorkItem.objects.filter(team=team).count()
    page = client_for(world.editor).get(_url(world, team, "delete/"))
    assert page.status_code == 200
    assert f"Delete {total} items?" in page.text
    assert "whole history" in page.text
    assert f'name="count" value="{total}"' in page.text
    assert WorkItem.objects.filter(team=team).count() == total


def test_a_post_without_the_confirmed_count_deletes_nothing(world, team, client_for):
    total = WorkItem.objects.filter(team=team).count()
    client = client_for(world.editor)
    for data in ({}, {"count": str(total - 1)}, {"count": "all"}):
        response = client.post(_url(world, team, "delete/"), data)
        assert response.status_code == 200
        assert "nothing was deleted" in response.text
    assert WorkItem.objects.filter(team=team).count() == total


def test_confirming_the_filtered_count_deletes_those_and_logs_what_went(world, team, client_for):
    recent = today() - timedelta(days=7)
    chosen = WorkItem.objects.filter(team=team, done__gte=recent)
    count, keys = chosen.count(), sorted(chosen.values_list("key", flat=True))
    client = client_for(world.editor)
    first = client.get(_url(world, team, f"delete/?done_from={recent.isoformat()}"))
    assert f"Delete {count} items?" in first.text and "whole history" not in first.text

    response = client.post(
        _url(world, team, "delete/"), {"done_from": recent.isoformat(), "count": str(count)}
    )
    assert response.status_code == 302
    assert not WorkItem.objects.filter(team=team, done__gte=recent).exists()
    assert WorkItem.objects.filter(team=team).exists()
    entry = ActivityEntry.objects.get(kind="forecasts.items_deleted")
    what, _ = entry.changes["items"]
    assert what.startswith(f"{count} items (") and keys[0] in what
    assert entry.changes["filter"][0] == f"done from {recent:%m/%d/%Y}"
    log = client.get(f"/w/{world.workspace.slug}/activity/").text
    assert "deleted finished work" in log and keys[0] in log


def test_a_viewer_gets_neither_step(world, team, client_for):
    client = client_for(world.viewer)
    assert client.get(_url(world, team, "delete/")).status_code == 404
    total = WorkItem.objects.filter(team=team).count()
    assert client.post(_url(world, team, "delete/"), {"count": str(total)}).status_code == 404
    assert WorkItem.objects.filter(team=team).count() == total
