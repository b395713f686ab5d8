"""The register from a CSV file: a German Excel export (semicolons, Windows-1252, decimal
commas, German column names and engagement words) previewed without writing and then
imported with positions, engagement and reporting lines; row errors named by row number
with nothing written; a file that fails while it is written leaves nothing behind; and a
second upload updates the people it names instead of adding them twice."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from leitstern.core.imports.flow import import_confirm, import_start
from leitstern.core.imports.models import ImportJob
from leitstern.stakeholders.importers import STAKEHOLDERS
from leitstern.stakeholders.models import PositionRecord, Stakeholder
from leitstern.stakeholders.tests.factory import make_stakeholder

pytestmark = pytest.mark.django_db

EXCEL = (
    "Name;Rolle;Abteilung;E-Mail;Macht;Interesse;Engagement;Angestrebtes Engagement;"
    "Berichtet an\r\n"
    "Dr. Jürgen Klein;CFO;Finanzen;j.klein@example.com;9;4;ablehnend;unterstützend;\r\n"
    "Selin Özdemir;Leiterin Controlling;Finanzen;s.oezdemir@example.com;6,5;7,25;"
    "unterstützend;führend;Dr. Jürgen Klein\r\n"
    "Björn Weiß;Vertrieb Süd;Vertrieb;;;;neutral;;Dr. Jürgen Klein\r\n"
)


def _start(world, data: bytes, user=None) -> ImportJob:
    return import_start(
        actor=user or world.editor,
        importer=STAKEHOLDERS,
        target=world.workspace,
        filename="stakeholder.csv",
        data=data,
    )


def _page(world, job: ImportJob) -> str:
    client = Client()
    client.force_login(world.editor)
    url = reverse("stakeholders:import_job", args=[world.workspace.slug, job.pk])
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_a_german_excel_file_is_previewed_and_nothing_is_written(world):
    job = _start(world, EXCEL.encode("cp1252"))
    assert job.status == ImportJob.Status.PREVIEW
    preview = job.preview
    assert (preview["rows"], preview["ready"], preview["error_count"]) == (3, 3, 0)
    assert preview["delimiter"] == ";"
    assert preview["encoding"] in {"Windows-1252", "cp1252"}
    first, second, third = preview["sample"]
    assert first[0] == "Dr. Jürgen Klein" and second[0] == "Selin Özdemir"
    assert (second[6], second[7]) == (6.5, 7.25)  # decimal commas
    assert third[0] == "Björn Weiß"
    assert not Stakeholder.objects.exists()
    assert not PositionRecord.objects.exists()
    assert "Björn Weiß" in _page(world, job)


def test_the_confirmed_file_adds_people_with_positions_engagement_and_reporting_lines(world):
    job = import_confirm(actor=world.editor, job=_start(world, EXCEL.encode("cp1252")))
    assert job.status == ImportJob.Status.DONE, job.failure
    assert (job.created_count, job.updated_count) == (3, 0)
    klein = Stakeholder.objects.get(name="Dr. Jürgen Klein")
    oezdemir = Stakeholder.objects.get(name="Selin Özdemir")
    weiss = Stakeholder.objects.get(name="Björn Weiß")
    assert (klein.power, klein.interest, klein.quadrant) == (9, 4, "keep_satisfied")
    assert (klein.engagement, klein.desired_engagement) == ("resistant", "supportive")
    assert oezdemir.power == 6.5
    assert oezdemir.interest in (7.2, 7.3)  # 7,25 kept to the grid's one decimal
    assert (oezdemir.engagement, oezdemir.desired_engagement) == ("supportive", "leading")
    assert oezdemir.reports_to == klein and weiss.reports_to == klein
    assert (weiss.power, weiss.engagement, weiss.department) == (None, "neutral", "Vertrieb")
    # Positions from the file join the trail.
    assert PositionRecord.objects.filter(stakeholder=klein, analysis="grid").count() == 1


@pytest.mark.parametrize(
    "encoding", ["utf-8", "utf-8-sig", "cp1252"], ids=["utf8", "utf8-bom", "windows"]
)
def test_every_encoding_excel_writes_reads_the_same_names(world, encoding):
    job = _start(world, EXCEL.encode(encoding))
    assert [row[0] for row in job.preview["sample"]] == [
        "Dr. Jürgen Klein", "Selin Özdemir", "Björn Weiß",
    ]  # fmt: skip


BAD = (
    "Name;Macht;Interesse;Engagement;E-Mail\n"
    "Anna Gut;5;5;neutral;anna@example.com\n"  # row 2: fine
    "Bernd Hoch;11;5;;\n"  # row 3: off the axis
    "Carla Halb;7;;;\n"  # row 4: power without interest
    "Dora Laut;3;3;begeistert;\n"  # row 5: no engagement level
    "Emil Post;3;3;;emil at example\n"  # row 6: no e-mail address
    ";3;3;;\n"  # row 7: no name
)


def _errors(job: ImportJob) -> dict[int, str]:
    return {error["row"]: error["code"] for error in job.preview["errors"]}


def test_row_errors_are_named_by_row_number_and_nothing_can_be_imported(world):
    job = _start(world, BAD.encode("cp1252"))
    assert job.status == ImportJob.Status.PREVIEW
    assert job.preview["error_count"] == 5
    assert _errors(job) == {
        3: "axis", 4: "half_position", 5: "engagement", 6: "email", 7: "required",
    }  # fmt: skip
    page = _page(world, job)
    for row, column, words in (
        (3, "power", "lies outside the grid&#x27;s axis, which runs from 0 to 10."),
        (4, "power", "Give power and interest together, or neither."),
        (5, "engagement", "“begeistert” is no engagement level"),
        (6, "e-mail", "“emil at example” is not an e-mail address."),
        (7, "Name", "“Name” is empty."),
    ):
        assert f'<td class="num">{row}</td><td>{column}</td><td>' in page
        assert words in page
    assert "Nothing was saved" in page
    with pytest.raises(ValidationError, match="Some rows cannot be imported"):
        import_confirm(actor=world.editor, job=job)
    assert not Stakeholder.objects.exists()


@pytest.mark.parametrize(
    ("language", "whole", "fraction"),
    [
        ("en", "11 lies outside the grid", "10.5 lies outside the grid"),
        ("de", "11 liegt außerhalb der Achse", "10,5 liegt außerhalb der Achse"),
    ],
)
def test_numbers_in_row_errors_are_in_the_readers_language(world, language, whole, fraction):
    data = "Name;Macht;Interesse\nBernd Hoch;11;5\nCarla Weit;3;10,5\n"
    job = _start(world, data.encode("cp1252"))
    assert _errors(job) == {2: "axis", 3: "axis"}
    world.editor.language = language
    world.editor.save(update_fields=["language"])
    page = _page(world, job)
    assert whole in page and fraction in page
    assert "11.0" not in page and "11,0" not in page


def test_a_reporting_line_to_nobody_known_fails_the_whole_file_with_its_row(world):
    data = (
        "Name;Berichtet an\n"
        "Anna Gut;\n"
        "Bernd Hoch;Anna Gut\n"
        "Carla Fern;Niemand Bekannt\n"  # row 4
    )
    job = _start(world, data.encode("cp1252"))
    assert job.preview["reports_to_unknown"] == ["Niemand Bekannt"]
    job = import_confirm(actor=world.editor, job=job)
    assert job.status == ImportJob.Status.FAILED
    assert job.failure["params"]["row"] == 4
    assert "Niemand Bekannt" in job.failure["params"]["reason"]
    # The rows before it were written in the same transaction: gone with it.
    assert not Stakeholder.objects.exists()
    assert not PositionRecord.objects.exists()


def test_a_second_upload_updates_the_people_it_names(world):
    import_confirm(actor=world.editor, job=_start(world, EXCEL.encode("cp1252")))
    again = EXCEL.replace("9;4;ablehnend", "8;6;neutral")
    job = import_confirm(actor=world.editor, job=_start(world, again.encode("cp1252")))
    assert job.status == ImportJob.Status.DONE, job.failure
    assert (job.created_count, job.updated_count, job.unchanged_count) == (0, 1, 2)
    klein = Stakeholder.objects.get(name="Dr. Jürgen Klein")
    assert (klein.power, klein.interest, klein.engagement) == (8, 6, "neutral")
    assert Stakeholder.objects.count() == 3
    trail = PositionRecord.objects.filter(stakeholder=klein, analysis="grid")
    assert list(trail.order_by("pk").values_list("power", flat=True)) == [9, 8]


def test_an_upload_does_not_touch_a_private_person_of_someone_else(world):
    secret = make_stakeholder(
        world.workspace, world.owner, "Dr. Jürgen Klein", private=True, title="Secret"
    )
    job = import_confirm(actor=world.editor, job=_start(world, EXCEL.encode("cp1252")))
    assert job.status == ImportJob.Status.DONE, job.failure
    secret.refresh_from_db()
    assert (secret.title, secret.power) == ("Secret", None)
    assert Stakeholder.objects.filter(name="Dr. Jürgen Klein").count() == 2


def test_the_upload_page_reads_a_file_and_shows_its_preview(world, client):
    client.force_login(world.editor)
    from django.core.files.uploadedfile import SimpleUploadedFile

    url = reverse("stakeholders:import", args=[world.workspace.slug])
    upload = SimpleUploadedFile("leute.csv", EXCEL.encode("cp1252"), content_type="text/csv")
    response = client.post(url, {"file": upload})
    assert response.status_code == 302
    job = ImportJob.objects.get(importer=STAKEHOLDERS.name)
    assert response["Location"].endswith(f"/import/{job.pk}/")
    page = client.get(response["Location"]).content.decode()
    assert "Selin Özdemir" in page
    assert not Stakeholder.objects.exists()
    for role in ("contributor", "viewer"):
        client.force_login(world.user(role))
        assert client.get(response["Location"]).status_code == 404
        assert client.post(url, {"text": EXCEL}).status_code == 404
    assert not Stakeholder.objects.exists()
