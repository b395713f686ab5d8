"""Importing requests and deals: Salesforce, HubSpot and German Excel columns, row errors,
nothing half-saved."""

from __future__ import annotations

from decimal import Decimal

import pytest

from leitstern.core.imports.flow import import_confirm, import_start
from leitstern.core.imports.models import ImportJob
from leitstern.customers.models import Organisation
from leitstern.customers.tests.factory import make_organisation
from leitstern.requests.importers import REQUESTS
from leitstern.requests.models import Request

pytestmark = pytest.mark.django_db


def _import(world, text: str) -> ImportJob:
    job = import_start(
        actor=world.editor,
        importer=REQUESTS,
        target=world.workspace,
        filename="deals.csv",
        data=text.encode("utf-8"),
    )
    if job.status == ImportJob.Status.PREVIEW and not job.preview.get("error_count"):
        job = import_confirm(actor=world.editor, job=job)
    return job


def test_a_salesforce_export_makes_one_request_per_title_with_its_accounts(world):
    known = make_organisation(world.workspace, world.owner, "Modehaus Albrecht")
    job = _import(
        world,
        "Opportunity Name,Account Name,ARR,Stage,Amount,Close Date,Description\n"
        "Invoice payment,modehaus albrecht,23880,Negotiation/Review,47760,2100-01-31,Pay later\n"
        "Invoice payment,Gartenwelt Schulze,9576,Closed Won,,,\n"
        "ERP export,Lumen Leuchten,1000,Prospecting,,,\n",
    )
    assert job.status == ImportJob.Status.DONE, job.failure or job.preview
    invoice = Request.objects.get(title="Invoice payment")
    accounts = {a.organisation.name: a for a in invoice.accounts.select_related("organisation")}
    assert set(accounts) == {"Modehaus Albrecht", "Gartenwelt Schulze"}
    assert accounts["Modehaus Albrecht"].organisation == known
    assert accounts["Modehaus Albrecht"].stage == "negotiation"
    assert accounts["Modehaus Albrecht"].amount == Decimal("47760")
    assert accounts["Gartenwelt Schulze"].stage == "won"
    assert invoice.problem == "Pay later"
    assert Request.objects.count() == 2
    assert Organisation.objects.filter(workspace=world.workspace).count() == 3


def test_german_excel_numbers_and_columns(world):
    job = _import(world, "Titel;Firma;Umsatz;Betrag\nRechnungskauf;Modehaus;23.880,50;1.000\n")
    assert job.status == ImportJob.Status.DONE, job.failure or job.preview
    assert Request.objects.get().accounts.get().arr == Decimal("23880.50")


@pytest.mark.parametrize(
    ("row", "column"),
    [
        ("X,Shop,-5,,", "revenue at stake (ARR)"),
        ("X,Shop,5,Sometime maybe,", "stage"),
        ("X,Shop,5,,XYZ", "currency"),
    ],
)
def test_a_bad_row_is_named_and_nothing_is_imported(world, row, column):
    job = _import(world, f"Deal Name,Company name,ARR,Deal Stage,Currency\nGood,Shop,5,,\n{row}\n")
    assert job.preview["error_count"] == 1
    error = job.preview["errors"][0]
    assert error["row"] == 3
    assert not Request.objects.exists()


def test_another_currency_than_the_workspace_s_fails_whole(world):
    job = import_start(
        actor=world.editor,
        importer=REQUESTS,
        target=world.workspace,
        filename="d.csv",
        data=b"Deal Name,Company name,ARR,Currency\nA,Shop,5,EUR\nB,Shop,5,USD\n",
    )
    job = import_confirm(actor=world.editor, job=job)
    assert job.status == ImportJob.Status.FAILED
    assert not Request.objects.exists()
