from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from leitstern.forecasts.models import ImportJob, WorkItem
from leitstern.forecasts.selectors import today
from leitstern.forecasts.tests.factory import add_history, csv_of, history_rows, make_team

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clients(client_for):
    global _client
    _client = client_for


def _upload(world, team, content: bytes, name: str = "export.csv", **options):
    return _client(world.editor).post(
        f"/w/{world.workspace.slug}/forecasts/teams/{team.pk}/upload/",
        {"file": SimpleUploadedFile(name, content), "format": "auto", **options},
    )


def test_an_upload_shows_a_preview_and_saves_nothing_before_import(world):
    team = make_team(world)
    rows = history_rows(days=30, per_day=2)
    response = _upload(world, team, csv_of(rows))
    job = ImportJob.objects.get()
    assert response.url.endswith(f"/imports/{job.pk}/")
    page = _client(world.editor).get(response.url)
    assert page.status_code == 200
    assert "Columns detected" in page.text and "Resolved" in page.text and "jira" in page.text
    assert rows[0]["key"] in page.text
    assert WorkItem.objects.count() == 0


def test_import_merges_and_uploading_again_changes_nothing(world):
    team = make_team(world)
    rows = history_rows(days=30, per_day=2)
    for _ in range(2):
        _upload(world, team, csv_of(rows))
        job = ImportJob.objects.order_by("-pk").first()
        _client(world.editor).post(
            f"/w/{world.workspace.slug}/forecasts/teams/{team.pk}/imports/{job.pk}/apply/"
        )
    first, second = ImportJob.objects.order_by("pk")
    assert (first.created_count, first.updated_count) == (len(rows), 0)
    assert (second.created_count, second.updated_count, second.unchanged_count) == (0, 0, len(rows))
    assert WorkItem.objects.filter(team=team).count() == len(rows)
    assert first.staged == b"" and first.data == b""


def test_reupload_with_a_changed_done_date_updates_the_item(world):
    team = make_team(world)
    rows = history_rows(days=10, per_day=2)
    _upload(world, team, csv_of(rows))
    job = ImportJob.objects.get()
    _client(world.editor).post(
        f"/w/{world.workspace.slug}/forecasts/teams/{team.pk}/imports/{job.pk}/apply/"
    )
    rows[0]["done"] = today() - timedelta(days=1)
    _upload(world, team, csv_of(rows[:1]))
    job = ImportJob.objects.order_by("-pk").first()
    _client(world.editor).post(
        f"/w/{world.workspace.slug}/forecasts/teams/{team.pk}/imports/{job.pk}/apply/"
    )
    job.refresh_from_db()
    assert job.updated_count == 1
    assert WorkItem.objects.get(key=rows[0]["key"]).done == today() - timedelta(days=1)


@pytest.mark.parametrize(
    "content,code",
    [
        (b"   \n\n", "The file has no rows."),
        (b"\x89PNG\x00\x00binary", "not a table"),
        (b"name,colour\nfoo,red\n", "No column with completion dates"),
    ],
)
def test_a_malformed_file_writes_no_item(world, content, code):
    team = make_team(world)
    _upload(world, team, content, name="broken.csv")
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.FAILED
    page = _client(world.editor).get(
        f"/w/{world.workspace.slug}/forecasts/teams/{team.pk}/imports/{job.pk}/"
    )
    assert code in page.text and "nothing was saved" in page.text
    response = _client(world.editor).post(
        f"/w/{world.workspace.slug}/forecasts/teams/{team.pk}/imports/{job.pk}/apply/"
    )
    assert response.status_code == 302
    assert WorkItem.objects.count() == 0


def test_an_empty_upload_is_refused_by_the_form(world):
    team = make_team(world)
    response = _upload(world, team, b"")
    assert response.status_code == 200 and "The submitted file is empty." in response.text
    assert ImportJob.objects.count() == 0 and WorkItem.objects.count() == 0


def test_rows_with_errors_are_listed_by_row_number(world):
    team = make_team(world)
    content = b"key,done\nA-1,2025-01-02\nA-2,not a date\nA-3,2025-01-03\nA-4,2999-01-01\n"
    _upload(world, team, content)
    job = ImportJob.objects.get()
    assert [e["row"] for e in job.preview["errors"]] == [3, 5]
    page = _client(world.editor).get(
        f"/w/{world.workspace.slug}/forecasts/teams/{team.pk}/imports/{job.pk}/"
    )
    assert "“not a date” in column “done” is not a date." in page.text
    assert "Import 2 readable items, leave out the rows with errors" in page.text
    assert WorkItem.objects.count() == 0


def test_items_are_listed_filtered_and_deleted(world, django_assert_max_num_queries):
    team = make_team(world)
    add_history(team, days=60, per_day=3)
    client = _client(world.viewer)
    url = f"/w/{world.workspace.slug}/forecasts/teams/{team.pk}/items/"
    with django_assert_max_num_queries(10):
        response = client.get(url)
    assert response.status_code == 200 and "T-1" in response.text
    assert ">T-10<" in client.get(url + "?q=T-10").text
    assert ">T-11<" not in client.get(url + "?q=T-10").text
    item = WorkItem.objects.get(key="T-10")
    _client(world.editor).post(f"{url}{item.pk}/delete/")
    assert not WorkItem.objects.filter(key="T-10").exists()
    total = WorkItem.objects.count()
    recent = today() - timedelta(days=10)
    matching = WorkItem.objects.filter(done__gte=recent).count()
    _client(world.editor).post(
        url + "delete/", {"done_from": recent.isoformat(), "count": str(matching)}
    )
    assert WorkItem.objects.filter(done__gte=recent).count() == 0
    assert 0 < WorkItem.objects.count() < total


def test_a_viewer_cannot_upload_or_delete(world):
    team = make_team(world, days=10)
    client = _client(world.viewer)
    assert (
        client.get(f"/w/{world.workspace.slug}/forecasts/teams/{team.pk}/upload/").status_code
        == 404
    )
    item = WorkItem.objects.first()
    url = f"/w/{world.workspace.slug}/forecasts/teams/{team.pk}/items/{item.pk}/delete/"
    assert client.post(url).status_code == 404
    assert WorkItem.objects.filter(pk=item.pk).exists()
