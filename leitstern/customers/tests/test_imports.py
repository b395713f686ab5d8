"""CSV import of organisations and contacts through the pages: German Excel as it is,
preview then confirm, row errors by number with nothing written, and a second file that
updates rather than duplicates."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from leitstern.activity.models import ActivityEntry as Activity
from leitstern.core.imports.models import ImportJob
from leitstern.customers.models import Organisation, Person, Segment
from leitstern.customers.tests.factory import make_organisation, make_person

pytestmark = pytest.mark.django_db

GERMAN_EXCEL = (
    "Firma;Segment;Größe;Land;Tarif;ARR;CRM-ID\r\n"
    "Müller Mode GmbH;Fachhandel;50-249;Deutschland;Growth;12.500,50;A-1\r\n"
    "Bäckerei Öztürk;Lebensmittel;12;Österreich;Basic;1.200;A-2\r\n"
).encode("cp1252")


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _url(world, name: str, **kwargs) -> str:
    return reverse(f"customers:{name}", kwargs={"slug": world.workspace.slug, **kwargs})


def _upload(client, world, key: str, data: bytes, name: str = "kunden.csv"):
    return client.post(
        _url(world, f"{key}_import"), {"file": SimpleUploadedFile(name, data, "text/csv")}
    )


def test_german_excel_organisations_preview_then_confirm(world):
    client = _client(world.editor)
    listing = client.get(_url(world, "organisations")).content.decode()
    assert _url(world, "organisation_import") in listing

    response = _upload(client, world, "organisation", GERMAN_EXCEL)
    job = ImportJob.objects.get(importer="customers.organisations")
    assert response.status_code == 302
    assert response["Location"] == _url(world, "organisation_import_job", job=job.pk)
    preview = client.get(response["Location"]).content.decode()
    assert "Müller Mode GmbH" in preview and "Bäckerei Öztürk" in preview
    assert "Fachhandel" in preview  # named as a new segment
    assert not Organisation.objects.filter(workspace=world.workspace).exists()

    done = client.post(_url(world, "organisation_import_apply", job=job.pk))
    assert done.status_code == 302
    mueller = Organisation.objects.get(workspace=world.workspace, crm_id="A-1")
    assert mueller.name == "Müller Mode GmbH"
    assert mueller.arr == Decimal("12500.50")
    assert mueller.size == "50-249"
    assert mueller.segment.name == "Fachhandel"
    baeckerei = Organisation.objects.get(workspace=world.workspace, crm_id="A-2")
    assert baeckerei.size == "10-49"  # a head count of 12
    assert baeckerei.country == "Österreich"
    assert Segment.objects.filter(workspace=world.workspace).count() == 2
    assert Activity.objects.filter(kind="customers.imported").count() == 1


def test_a_second_file_updates_by_crm_id_instead_of_duplicating(world):
    make_organisation(world.workspace, world.owner, "Mueller Mode", crm_id="A-1")
    client = _client(world.editor)
    _upload(client, world, "organisation", GERMAN_EXCEL)
    job = ImportJob.objects.get(importer="customers.organisations")
    assert (
        "1 row updates one already here"
        in client.get(_url(world, "organisation_import_job", job=job.pk)).content.decode()
    )
    client.post(_url(world, "organisation_import_apply", job=job.pk))
    assert Organisation.objects.filter(workspace=world.workspace).count() == 2
    renamed = Organisation.objects.get(workspace=world.workspace, crm_id="A-1")
    assert renamed.name == "Müller Mode GmbH" and renamed.version == 2


def test_row_errors_are_named_by_row_and_nothing_is_written(world):
    data = (
        "Name;Größe;ARR\nGut GmbH;10-49;100\nSchlecht AG;riesig;100\nMinus KG;;-5\nGut GmbH;;\n"
    ).encode("cp1252")
    client = _client(world.editor)
    _upload(client, world, "organisation", data)
    job = ImportJob.objects.get(importer="customers.organisations")
    page = client.get(_url(world, "organisation_import_job", job=job.pk)).content.decode()
    assert job.preview["error_count"] == 3
    rows = sorted(error["row"] for error in job.preview["errors"])
    assert rows == [3, 4, 5]
    assert "“riesig” is not a size" in page
    assert "Nothing was saved" in page
    refused = client.post(_url(world, "organisation_import_apply", job=job.pk))
    assert refused.status_code == 302
    assert not Organisation.objects.filter(workspace=world.workspace).exists()


def test_one_crm_id_on_two_rows_with_different_names_is_a_row_error(world):
    data = (
        "Firma;CRM-ID\n"
        "Müller Mode GmbH;A-1\n"
        "Bäckerei Öztürk;A-2\n"
        "Mueller Moden;A-1\n"
        "Ohne Kennung;\n"
        "Noch eine;\n"
    ).encode("cp1252")
    client = _client(world.editor)
    _upload(client, world, "organisation", data)
    job = ImportJob.objects.get(importer="customers.organisations")
    page = client.get(_url(world, "organisation_import_job", job=job.pk)).content.decode()
    # Only the later row of the repeated id; empty ids repeat freely.
    assert [error["row"] for error in job.preview["errors"]] == [4]
    assert job.preview["errors"][0]["code"] == "crm_id_repeated"
    assert (
        "The CRM id “A-1” is on row 2 already (“Müller Mode GmbH”); here it is “Mueller Moden”"
    ) in page
    client.post(_url(world, "organisation_import_apply", job=job.pk))
    assert not Organisation.objects.filter(workspace=world.workspace).exists()


def test_contacts_import_matches_email_and_creates_missing_organisations(world):
    known = make_organisation(world.workspace, world.owner, "Müller Mode GmbH")
    make_person(world.workspace, world.owner, "J. Weiss", email="JW@example.com")
    data = (
        "Name;Firma;Funktion;E-Mail;Telefon\n"
        "Jürgen Weiß;Müller Mode GmbH;Leiter E-Commerce;jw@example.com;+49 30 1234\n"
        "Zoë Brandt;Bäckerei Öztürk;Inhaberin;zb@example.com;\n"
    ).encode("cp1252")
    client = _client(world.editor)
    _upload(client, world, "person", data)
    job = ImportJob.objects.get(importer="customers.people")
    assert (
        "Bäckerei Öztürk"
        in client.get(_url(world, "person_import_job", job=job.pk)).content.decode()
    )
    client.post(_url(world, "person_import_apply", job=job.pk))
    people = Person.objects.filter(workspace=world.workspace)
    assert people.count() == 2
    weiss = people.get(email__iexact="jw@example.com")
    assert weiss.name == "Jürgen Weiß" and weiss.organisation == known
    assert people.get(email="zb@example.com").organisation.name == "Bäckerei Öztürk"
    entry = Activity.objects.get(kind="customers.imported")
    assert "Weiß" not in str(entry.changes) and "example.com" not in str(entry.changes)


def test_a_bad_email_is_a_row_error(world):
    client = _client(world.editor)
    _upload(client, world, "person", b"Name,Email\nAda,ada@example.com\nBob,not-an-address\n")
    job = ImportJob.objects.get(importer="customers.people")
    assert [e["row"] for e in job.preview["errors"]] == [3]
    client.post(_url(world, "person_import_apply", job=job.pk))
    assert not Person.objects.filter(workspace=world.workspace).exists()


def test_viewers_and_contributors_cannot_import(world):
    for user in (world.viewer, world.contributor):
        assert _client(user).get(_url(world, "organisation_import")).status_code == 404
