"""The import flow's states, with the metric values importer (the smallest registered one):
nothing written before confirming, one transaction, applied once, failed and stalled jobs
with their reason on the page, progress visible while applying on PostgreSQL."""

from __future__ import annotations

import json
import zlib
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection, connections, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from leitstern.core.imports import registry
from leitstern.core.imports.flow import Progress, import_confirm, import_start, staged_rows
from leitstern.core.imports.models import ImportJob
from leitstern.strategy.importers import METRIC_VALUES
from leitstern.strategy.models import MetricValue
from leitstern.strategy.tests.factory import make_metric

pytestmark = pytest.mark.django_db

GOOD = "Datum;Wert;Notiz\n05.01.2026;1,5;Start\n12.01.2026;1.234,5;Größe\n19.01.2026;7;\n"


def _start(world, data: bytes | str = GOOD, metric=None):
    metric = metric or make_metric(world.product, world.owner)
    data = data.encode() if isinstance(data, str) else data
    job = import_start(
        actor=world.editor, importer=METRIC_VALUES, target=metric, filename="v.csv", data=data
    )
    return metric, job


def _page(world, metric, job) -> str:
    client = Client()
    client.force_login(world.editor)
    url = reverse("strategy:metric_import_job", args=[world.workspace.slug, metric.pk, job.pk])
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_the_registry_knows_every_importer_by_name():
    names = [importer.name for importer in registry.importers()]
    assert {"forecasts.history", "strategy.metric_values"} <= set(names)
    assert registry.get("strategy.metric_values") is METRIC_VALUES
    with pytest.raises(ValueError, match="registered already"):
        registry.register(METRIC_VALUES.__class__(**{**METRIC_VALUES.__dict__, "label": "another"}))


def test_a_small_upload_is_previewed_at_once_and_nothing_is_written(world):
    metric, job = _start(world)
    assert job.status == ImportJob.Status.PREVIEW
    assert (job.preview["rows"], job.preview["ready"], job.preview["error_count"]) == (3, 3, 0)
    assert job.preview["encoding"] == "UTF-8" and job.preview["delimiter"] == ";"
    assert job.preview["sample"][1] == ["2026-01-12", 1234.5, "Größe"]
    assert ImportJob.objects.filter(pk=job.pk).values_list("data", flat=True).get() == b""
    assert [row.day.isoformat() for _n, row in staged_rows(job)] == [
        "2026-01-05", "2026-01-12", "2026-01-19",
    ]  # fmt: skip
    assert not MetricValue.objects.exists()
    assert "3 values are ready to import." in _page(world, metric, job)


def test_confirming_applies_every_row_once(world):
    metric, job = _start(world)
    job = import_confirm(actor=world.editor, job=job)
    assert job.status == ImportJob.Status.DONE
    assert (job.created_count, job.updated_count, job.processed) == (3, 0, 3)
    assert ImportJob.objects.filter(pk=job.pk).values_list("staged", flat=True).get() == b""
    assert sorted(metric.values.values_list("value", flat=True)) == [1.5, 7.0, 1234.5]
    with pytest.raises(ValidationError):
        import_confirm(actor=world.editor, job=job)
    assert metric.values.count() == 3
    assert "Imported: 3 new, 0 updated, 0 unchanged." in _page(world, metric, job)

    _metric, again = _start(world, metric=metric)
    assert again.preview["replaced"] == 3
    again = import_confirm(actor=world.editor, job=again)
    assert (again.created_count, again.updated_count) == (0, 3)


def test_rows_with_errors_block_an_importer_that_takes_all_or_nothing(world):
    metric, job = _start(world, "date,value\n2026-01-05,1\n2026-01-06,viel\n0001-01-01,2\n")
    assert job.status == ImportJob.Status.PREVIEW and job.preview["error_count"] == 2
    assert [(e["row"], e["code"]) for e in job.preview["errors"]] == [
        (3, "number"), (4, "date_out_of_range"),
    ]  # fmt: skip
    with pytest.raises(ValidationError):
        import_confirm(actor=world.editor, job=job)
    page = _page(world, metric, job)
    assert "“0001-01-01” lies outside 1970-01-01 to 2100-12-31." in page
    assert "2 rows cannot be imported. Nothing was saved" in page
    assert not MetricValue.objects.exists()


def test_a_failure_while_applying_writes_nothing_and_says_why(world):
    metric, job = _start(world)
    rows = json.loads(zlib.decompress(ImportJob.objects.get(pk=job.pk).staged))
    rows[2][2] = float("nan")  # the data changed between preview and apply
    ImportJob.objects.filter(pk=job.pk).update(staged=zlib.compress(json.dumps(rows).encode()))
    job = import_confirm(actor=world.editor, job=job)
    assert job.status == ImportJob.Status.FAILED and job.failure["code"] == "rejected"
    assert not MetricValue.objects.exists()  # rows 2 and 3 were fine: rolled back with row 4
    page = _page(world, metric, job)
    assert "The import failed; nothing was saved." in page
    assert "The import was refused, so nothing was saved:" in page
    assert "<progress" not in page and "%" not in page.split("import-status", 1)[1]


def test_a_file_that_cannot_be_read_fails_with_its_reason_on_the_page(world):
    metric, job = _start(world, b"\x89PNG\r\n\x1a\n\x00\x00")
    assert job.status == ImportJob.Status.FAILED and job.failure["code"] == "binary"
    page = _page(world, metric, job)
    assert "The file could not be read; nothing was saved." in page
    assert "The file is not a table but a PNG image." in page
    assert 'hx-trigger="every 1s"' not in page  # a finished job is not polled


def test_a_running_job_that_stopped_moving_is_marked_stalled_when_viewed(world, settings):
    settings.IMPORT_STALL_MINUTES = 15
    metric, job = _start(world)
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportJob.Status.APPLYING, heartbeat_at=timezone.now() - timedelta(minutes=14)
    )
    assert "All or nothing" in _page(world, metric, job)  # still within the limit
    ImportJob.objects.filter(pk=job.pk).update(heartbeat_at=timezone.now() - timedelta(minutes=16))
    page = _page(world, metric, job)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.STALLED and job.failure["code"] == "stalled_applying"
    assert "This import stopped; nothing was saved." in page
    assert "Importing has not moved for 15 minutes" in page
    assert "<progress" not in page
    assert not MetricValue.objects.exists()


def test_the_scheduled_check_marks_stalled_jobs_and_leaves_moving_ones(world, settings, capsys):
    settings.IMPORT_STALL_MINUTES = 5
    _metric, stuck = _start(world)
    _metric, moving = _start(world)
    _metric, done = _start(world)
    import_confirm(actor=world.editor, job=done)
    old = timezone.now() - timedelta(minutes=6)
    ImportJob.objects.filter(pk=stuck.pk).update(status=ImportJob.Status.READING, heartbeat_at=old)
    ImportJob.objects.filter(pk=moving.pk).update(status=ImportJob.Status.READING)
    ImportJob.objects.filter(pk=done.pk).update(heartbeat_at=old)
    call_command("import_jobs_check")
    assert "1 import(s) marked stalled (no progress for 5 minutes)." in capsys.readouterr().out
    statuses = dict(ImportJob.objects.values_list("pk", "status"))
    assert statuses == {stuck.pk: "stalled", moving.pk: "reading", done.pk: "done"}
    assert ImportJob.objects.get(pk=stuck.pk).failure["code"] == "stalled_reading"


def test_an_upload_over_the_importers_size_bound_is_refused(world):
    with pytest.raises(ValidationError):
        _start(world, b"date,value\n" + b"2026-01-05,1\n" * 200_000)
    assert not ImportJob.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_progress_is_seen_outside_the_applying_transaction_on_postgresql(world):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite has one writer at a time: the page shows no count there")
    _metric, job = _start(world)
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.APPLYING, total=3)
    other = connections.create_connection("default")
    try:
        with transaction.atomic():
            progress = Progress(job)
            progress(2)
            with other.cursor() as cursor:
                cursor.execute("SELECT processed FROM core_importjob WHERE id = %s", [job.pk])
                assert cursor.fetchone() == (2,)
            progress.close()
    finally:
        other.close()


def test_a_german_reader_sees_the_preview_and_the_reasons_in_german(world):
    from leitstern.testing import add_member, make_user

    german = add_member(world.workspace, "editor", make_user("Greta", language="de"))
    metric, job = _start(world, "date,value\n2026-01-05,1\n0001-01-01,2\n2026-01-05,3\n")
    _metric, broken = _start(world, b"\x89PNG\r\n\x1a\n", metric=metric)
    client = Client()
    client.force_login(german)
    url = "strategy:metric_import_job"
    page = client.get(reverse(url, args=[world.workspace.slug, metric.pk, job.pk])).text
    assert "1 Wert ist bereit zum Import." in page
    assert "„0001-01-01“ liegt außerhalb von 1970-01-01 bis 2100-12-31." in page
    assert "Derselbe Wert in „date“ wie in Zeile 2." in page
    assert "2 Zeilen können nicht importiert werden." in page
    page = client.get(reverse(url, args=[world.workspace.slug, metric.pk, broken.pk])).text
    assert "Die Datei ist keine Tabelle, sondern ein PNG-Bild." in page
    assert "Die Datei konnte nicht gelesen werden; nichts wurde gespeichert." in page
