"""Every registered importer against the hostile-input corpus (``hostile/corpus.py``):
each file is refused with a reason the user can read, or at least not previewed as if
nothing were wrong, and nothing is written. And every importer reads its own example in
every encoding, separator and line ending the kernel reads, with the same rows.

A module's importer is covered by registering it with an ``Example``; nothing needs to be
added here."""

from __future__ import annotations

import csv
import io

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import connection
from django.template.loader import render_to_string
from django.utils.module_loading import import_string

from leitstern.core.imports import registry
from leitstern.core.imports.flow import import_confirm, import_start, staged_rows
from leitstern.core.imports.messages import MESSAGES, describe
from leitstern.core.imports.models import ImportJob
from leitstern.core.imports.views import job_context
from leitstern.core.tests.hostile.corpus import GENERATED, HERE, NOT_SILENT, REFUSED, STATIC

pytestmark = pytest.mark.django_db

IMPORTERS = [importer.name for importer in registry.importers()]
FILES = [*STATIC, *GENERATED]
# Tables the flow itself writes; everything else must stay as it was.
BOOKKEEPING = {"core.ImportJob", "django_tasks_db.DBTaskResult", "sessions.Session"}


def _counts() -> dict[str, int]:
    """Every model's rows (no default manager here filters any), counted in one query:
    one ``count()`` per model, twice per file, was a third of this module's time."""
    counted = [model for model in apps.get_models() if model._meta.label not in BOOKKEEPING]
    quote = connection.ops.quote_name
    tables = ", ".join(f"(SELECT COUNT(*) FROM {quote(m._meta.db_table)})" for m in counted)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {tables}")  # table names from the models, quoted
        row = cursor.fetchone()
    return {model._meta.label: n for model, n in zip(counted, row, strict=True)}


def _target(importer, world):
    assert importer.example is not None, f"{importer.name} declares no Example"
    return import_string(importer.example.target)(world)


def _start(importer, world, target, name: str, data: bytes, capture) -> ImportJob | None:
    """The job for ``data`` once reading is over (in the background for large files, run
    at once here), or ``None`` when the upload itself is refused."""
    try:
        with capture(execute=True):
            job = import_start(
                actor=world.editor, importer=importer, target=target, filename=name, data=data
            )
    except ValidationError:
        return None
    return ImportJob.objects.without_file().get(pk=job.pk)


def _page(importer, job) -> str:
    context = job_context(importer, job) | {
        "job_url": "/j/",
        "apply_url": "/a/",
        "upload_url": "/u/",
    }
    return render_to_string("core/imports/_job.html", context)


def test_the_corpus_has_thirty_files_and_the_committed_ones_are_its_own():
    assert len(STATIC) + len(GENERATED) >= 30
    for name, (build, _expect) in STATIC.items():
        assert (HERE / name).read_bytes() == build(), f"run python -m {__package__}.hostile.corpus"


@pytest.mark.parametrize("name", FILES)
@pytest.mark.parametrize("importer_name", IMPORTERS)
def test_every_importer_refuses_every_hostile_file_and_writes_nothing(
    world, django_capture_on_commit_callbacks, importer_name, name
):
    importer = registry.get(importer_name)
    build, expect = STATIC[name] if name in STATIC else GENERATED[name]
    data = (HERE / name).read_bytes() if name in STATIC else build()
    target = _target(importer, world)
    before = _counts()

    job = _start(importer, world, target, name, data, django_capture_on_commit_callbacks)

    assert _counts() == before, f"{name}: rows were written by a preview"
    if job is None:  # refused at the door: larger than the importer takes
        assert len(data) > importer.max_bytes
        return
    assert job.status in (ImportJob.Status.FAILED, ImportJob.Status.PREVIEW), job.status
    page = _page(importer, job)
    if job.status == ImportJob.Status.FAILED:
        failure = job.failure
        assert failure["code"] != "unexpected", f"{name}: {failure}"
        if expect.code:
            assert failure["code"] == expect.code, f"{name}: {failure}"
        reason = describe(importer, failure["code"], failure.get("params"))
        assert failure["code"] in MESSAGES or failure["code"] in importer.messages, failure
        assert reason and "?" not in reason.replace("?”", ""), f"{name}: {reason!r}"
        assert reason.split("%")[0][:40] in page.replace("&quot;", '"').replace("&#x27;", "'")
        assert "nothing was saved" in page and "<progress" not in page
    else:
        assert expect.outcome == NOT_SILENT, f"{name} ({expect.why}) was previewed as readable"
        assert job.preview["error_count"] or job.preview["warnings"], f"{name} previewed silently"
        for error in job.preview["errors"]:
            assert error["row"] >= 1 and describe(importer, error["code"], error["params"])
    assert expect.outcome in (REFUSED, NOT_SILENT)


def _example_rows(importer) -> tuple[str, list[list[str]]]:
    text = importer.example.text
    delimiter = csv.Sniffer().sniff(text.splitlines()[0], delimiters=",;\t").delimiter
    return delimiter, list(csv.reader(io.StringIO(text), delimiter=delimiter))


def _write(rows: list[list[str]], delimiter: str, end: str = "\n", quoting=csv.QUOTE_MINIMAL):
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator=end, quoting=quoting).writerows(rows)
    return buffer.getvalue()


VARIANTS = {
    "utf-8": lambda text, rows, d: text.encode(),
    "utf-8 with BOM": lambda text, rows, d: b"\xef\xbb\xbf" + text.encode(),
    "utf-16 LE with BOM": lambda text, rows, d: b"\xff\xfe" + text.encode("utf-16-le"),
    "utf-16 BE with BOM": lambda text, rows, d: b"\xfe\xff" + text.encode("utf-16-be"),
    "windows-1252": lambda text, rows, d: text.encode("cp1252"),
    "CRLF": lambda text, rows, d: _write(rows, d, "\r\n").encode(),
    "bare CR": lambda text, rows, d: _write(rows, d, "\r").encode(),
    "tab-separated UTF-16 (Excel's Unicode text)": lambda text, rows, d: (
        b"\xff\xfe" + _write(rows, "\t", "\r\n").encode("utf-16-le")
    ),
    "every cell quoted": lambda text, rows, d: _write(rows, d, quoting=csv.QUOTE_ALL).encode(),
    "blank lines around": lambda text, rows, d: ("\n\n" + text + "\n\n\n").encode(),
}


def _preview(importer, world, target, data: bytes, capture) -> ImportJob:
    job = _start(importer, world, target, "example.csv", data, capture)
    assert job is not None
    assert job.status == ImportJob.Status.PREVIEW, job.failure
    return job


@pytest.mark.parametrize("variant", VARIANTS)
@pytest.mark.parametrize("importer_name", IMPORTERS)
def test_every_importer_reads_its_example_in_every_encoding_and_layout(
    world, django_capture_on_commit_callbacks, importer_name, variant
):
    importer = registry.get(importer_name)
    target = _target(importer, world)
    delimiter, rows = _example_rows(importer)
    capture = django_capture_on_commit_callbacks
    plain = _preview(importer, world, target, importer.example.text.encode(), capture)
    assert plain.preview["error_count"] == 0 and plain.total == importer.example.rows
    data = VARIANTS[variant](importer.example.text, rows, delimiter)
    job = _preview(importer, world, target, data, capture)
    assert job.preview["error_count"] == 0, job.preview["errors"]
    assert [row for _n, row in staged_rows(job)] == [row for _n, row in staged_rows(plain)]
    codes = [w["code"] for w in job.preview["warnings"]]
    assert codes == [w["code"] for w in plain.preview["warnings"]]


@pytest.mark.parametrize("importer_name", IMPORTERS)
def test_every_importer_warns_naming_the_rows_of_a_file_mixing_encodings(
    world, django_capture_on_commit_callbacks, importer_name
):
    importer = registry.get(importer_name)
    lines = importer.example.text.splitlines(keepends=True)
    special = [i for i, line in enumerate(lines) if i and not line.isascii()]
    assert len(special) >= 2, f"{importer.name}: the Example needs special characters in two rows"
    last = special[-1]
    data = b"".join(
        line.encode("cp1252") if i == last else line.encode() for i, line in enumerate(lines)
    )
    target = _target(importer, world)
    capture = django_capture_on_commit_callbacks
    job = _preview(importer, world, target, data, capture)
    mixed = [w for w in job.preview["warnings"] if w["code"] == "mixed_encoding"]
    assert mixed and mixed[0]["params"]["rows"] == [last + 1]
    assert f"row {last + 1} is in Windows-1252" in _page(importer, job)
    # Read as what it is, not as mojibake: the same rows as the file in one encoding.
    plain = _preview(importer, world, target, importer.example.text.encode(), capture)
    assert [row for _n, row in staged_rows(job)] == [row for _n, row in staged_rows(plain)]


@pytest.mark.parametrize("importer_name", IMPORTERS)
def test_every_importer_applies_its_example_in_one_go(
    world, django_capture_on_commit_callbacks, importer_name
):
    importer = registry.get(importer_name)
    target = _target(importer, world)
    job = _preview(
        importer, world, target, importer.example.text.encode(), django_capture_on_commit_callbacks
    )
    before = _counts()
    with django_capture_on_commit_callbacks(execute=True):
        job = import_confirm(actor=world.editor, job=job)
    assert job.status == ImportJob.Status.DONE, job.failure
    done = job.created_count + job.updated_count + job.unchanged_count
    assert done == importer.example.rows
    assert _counts() != before
