from __future__ import annotations

import json
import zlib
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from leitstern.activity.models import ActivityEntry
from leitstern.core.imports.models import ImportJob
from leitstern.forecasts.models import DailyCount, WorkItem
from leitstern.forecasts.selectors import today
from leitstern.forecasts.services import items_merge
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


def _big_export(rows: int, *, bad_row: int | None = None, title: str = "") -> bytes:
    """A Jira export of ``rows`` finished items; the item in row ``bad_row`` (the header is
    row 1) has a key one character longer than a key may be."""
    day = today() - timedelta(days=1)
    lines = ["Issue key,Summary,Created,Start date,Resolved"]
    for row in range(2, rows + 2):
        key = "K" * 201 if row == bad_row else f"BIG-{row}"
        done = day - timedelta(days=row % 400)
        lines.append(f"{key},Item {row}{title},{done - timedelta(days=3)},{done},{done}")
    return ("\n".join(lines) + "\n").encode()


def _job_page(world, team, job):
    return _client(world.editor).get(
        f"/w/{world.workspace.slug}/forecasts/teams/{team.pk}/imports/{job.pk}/"
    )


def test_a_bad_key_in_row_7000_of_12000_writes_nothing_and_is_named_in_the_preview(world):
    team = make_team(world)
    # Long titles make the file larger than what is read during the upload request: the
    # worker reads it (at once here, as LEITSTERN_TASKS=immediate does).
    data = _big_export(12_000, bad_row=7_000, title=" " + "x" * 80)
    assert len(data) > 1_000_000
    _upload(world, team, data, name="big.csv")
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.PREVIEW
    assert (job.preview["rows"], job.preview["items"], job.preview["error_count"]) == (
        12_000, 11_999, 1,
    )  # fmt: skip
    assert [(e["row"], e["code"]) for e in job.preview["errors"]] == [(7_000, "key_too_long")]
    page = _job_page(world, team, job).text
    assert '<td class="num">7000</td><td>Issue key</td>' in page
    assert "The key in column “Issue key” has 201 characters; at most 200 are allowed." in page
    assert "Import 11999 readable items, leave out the rows with errors" in page
    assert WorkItem.objects.count() == 0 and not DailyCount.objects.exists()

    # Importing the readable rows is the user's choice, seen in the preview: one transaction.
    _client(world.editor).post(
        f"/w/{world.workspace.slug}/forecasts/teams/{team.pk}/imports/{job.pk}/apply/"
    )
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE and job.created_count == 11_999
    assert WorkItem.objects.filter(team=team).count() == 11_999
    assert ActivityEntry.objects.filter(kind="forecasts.items_imported").count() == 1


def test_an_import_that_fails_at_row_7000_writes_nothing_and_never_shows_a_percentage(world):
    team = make_team(world)
    _upload(world, team, _big_export(12_000), name="big.csv")
    job = ImportJob.objects.get()
    assert job.preview["error_count"] == 0
    # Between the preview and the import, row 7000 stops being importable (a damaged stage
    # stands in for anything that can go wrong halfway).
    staged = json.loads(zlib.decompress(ImportJob.objects.get(pk=job.pk).staged))
    at = next(i for i, values in enumerate(staged) if values[0] == 7_000)
    staged[at][1] = "K" * 201
    ImportJob.objects.filter(pk=job.pk).update(staged=zlib.compress(json.dumps(staged).encode()))
    _client(world.editor).post(
        f"/w/{world.workspace.slug}/forecasts/teams/{team.pk}/imports/{job.pk}/apply/"
    )
    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED
    assert WorkItem.objects.count() == 0 and not DailyCount.objects.exists()
    assert not ActivityEntry.objects.filter(kind="forecasts.items_imported").exists()
    page = _job_page(world, team, job).text
    assert "The import failed; nothing was saved." in page
    assert "Row 7,000 can no longer be imported, so nothing was saved" in page
    assert "Every item needs a key of at most 200 characters." in page
    assert "<progress" not in page and "41%" not in page and "hx-trigger" not in page


@pytest.mark.parametrize(
    ("length", "reason"),
    [
        (200_000, "Row 3: a field is longer than 32,768 characters."),
        (40_000, "Row 3: the field in column “Summary” has 40,000 characters; at most 32,768"),
    ],
)
def test_a_field_too_long_fails_the_upload_with_a_clear_reason(world, length, reason):
    team = make_team(world)
    rows = history_rows(days=5, per_day=2)
    rows[1]["title"] = "x" * length
    _upload(world, team, csv_of(rows))
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.FAILED
    page = _job_page(world, team, job).text
    assert "The file could not be read; nothing was saved." in page and reason in page
    assert WorkItem.objects.count() == 0


def test_a_file_mixing_encodings_imports_with_a_warning_naming_its_rows(world):
    team = make_team(world)
    lines = [
        b"Issue key,Summary,Resolved",
        "NW-1,Größe prüfen,2026-01-05".encode(),
        "NW-2,Maß nehmen,2026-01-06".encode("cp1252"),
        "NW-3,Tür öffnen,2026-01-07".encode(),
    ]
    _upload(world, team, b"\r\n".join(lines) + b"\r\n")
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.PREVIEW and job.preview["error_count"] == 0
    page = _job_page(world, team, job).text
    assert "The file mixes two encodings: row 3 is in Windows-1252, the others in UTF-8." in page
    assert "Maß nehmen" in page and "Größe prüfen" in page


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-be-bom", "cp1252-cr"])
def test_utf16_and_old_mac_files_are_read(world, codec):
    team = make_team(world)
    text = "Issue key\tSummary\tResolved\nNW-1\tGröße\t2026-01-05\nNW-2\tMaß\t2026-01-06\n"
    if codec == "utf-16":
        data = text.encode("utf-16")
    elif codec == "utf-16-be-bom":
        data = b"\xfe\xff" + text.encode("utf-16-be")
    else:
        data = text.replace("\n", "\r").encode("cp1252")
    _upload(world, team, data)
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.PREVIEW and job.preview["error_count"] == 0
    assert [row[1] for row in job.preview["sample"]] == ["Größe", "Maß"]


def test_merging_refuses_dates_outside_1970_to_2100(world):
    team = make_team(world)
    with pytest.raises(ValidationError):
        items_merge(actor=None, team=team, items=[{"key": "OLD", "done": date(1, 1, 1)}])
    with pytest.raises(ValidationError):
        items_merge(actor=None, team=team, items=[{"key": "OPEN", "created": date(9999, 1, 1)}])
    assert WorkItem.objects.count() == 0


def test_a_row_shifted_by_an_unquoted_comma_is_a_row_error_not_a_wrong_item(world):
    team = make_team(world)
    content = b"key,title,done\nA-1,Fix a, b and c,2025-01-02\nA-2,Fine,2025-01-03\n"
    _upload(world, team, content)
    job = ImportJob.objects.get()
    assert [(e["row"], e["code"], e["params"]) for e in job.preview["errors"]] == [
        (2, "cells", {"found": 4, "expected": 3})
    ]
    assert job.preview["items"] == 1
    assert "4 cells where 3 are expected." in _job_page(world, team, job).text


def test_an_item_dated_year_one_is_refused_through_the_api_and_never_reaches_the_team_page(
    world,
):
    from django.test import Client

    from leitstern.accounts.services import api_token_create

    team = make_team(world, days=20)
    _token, raw = api_token_create(actor=world.editor, workspace=world.workspace, name="t")
    response = Client().post(
        f"/api/v1/workspaces/{world.workspace.slug}/teams/{team.pk}/items",
        {"items": [{"key": "Y1", "done": "0001-01-01"}]},
        content_type="application/json",
        headers={"Authorization": f"Bearer {raw}"},
    )
    assert response.status_code == 422 and response["Content-Type"].startswith("application/json")
    assert response.json()["errors"]
    assert not WorkItem.objects.filter(key="Y1").exists()
    assert DailyCount.objects.filter(team=team).order_by("day").first().day.year >= 1970
