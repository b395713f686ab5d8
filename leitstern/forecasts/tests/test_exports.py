"""A team's work items as CSV, through the kernel's writer: whatever an uploaded tracker
export put into a key or title, a spreadsheet shows it as text and never runs it."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from leitstern.forecasts.models import WorkItem
from leitstern.forecasts.tests.factory import make_team
from leitstern.testing import make_world

pytestmark = pytest.mark.django_db

# Every start a spreadsheet would run as a formula (OWASP "CSV injection").
DANGEROUS = ["=1+1", "+49 30 1234", "-2+3", "@SUM(A1)", "\tcmd", "\rcmd"]


def _download(user, team, **params) -> tuple[object, list[list[str]]]:
    client = Client()
    client.force_login(user)
    url = reverse("forecasts:items_csv", args=[team.workspace.slug, team.pk])
    response = client.get(url, params)
    body = b"".join(response.streaming_content).decode("utf-8")
    delimiter = ";" if params.get("dialect") == "excel-de" else ","
    return response, list(csv.reader(io.StringIO(body.removeprefix("\ufeff")), delimiter=delimiter))


def test_items_download_with_every_formula_start_neutralised():
    world = make_world()
    team = make_team(world, "Checkout squad")
    for n, text in enumerate(DANGEROUS):
        WorkItem.objects.create(
            team=team,
            key=f"{text}-{n}",
            title=text,
            created=date(2026, 3, 1),
            done=date(2026, 3, 2 + n),
        )
    WorkItem.objects.create(team=team, key="OPEN-1", title="Still open", created=date(2026, 3, 1))
    response, rows = _download(world.viewer, team)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="Checkout squad items.csv"'
    assert response["Cache-Control"] == "private, no-store"
    assert rows[0] == ["key", "title", "created", "started", "done"]
    # Open items first, then newest done first, as on the page.
    assert rows[1] == ["OPEN-1", "Still open", "2026-03-01", "", ""]
    written = {row[1]: row for row in rows[2:]}
    assert sorted(written) == sorted("'" + text for text in DANGEROUS)
    for n, text in enumerate(DANGEROUS):
        row = written["'" + text]
        assert row[0] == f"'{text}-{n}" and row[4] == f"2026-03-0{2 + n}"


def test_the_download_follows_the_filter_and_german_excel():
    world = make_world()
    team = make_team(world, "Checkout squad")
    WorkItem.objects.create(team=team, key="A-1", title="Größe; Farbe", done=date(2026, 3, 2))
    WorkItem.objects.create(team=team, key="B-2", title="Other", done=date(2026, 3, 3))
    response, rows = _download(world.viewer, team, q="A-", dialect="excel-de")
    assert response.status_code == 200
    assert rows == [
        ["key", "title", "created", "started", "done"],
        ["A-1", "Größe; Farbe", "", "", "2026-03-02"],
    ]


def test_the_items_page_offers_the_download_with_its_filter():
    world = make_world()
    team = make_team(world, "Checkout squad")
    WorkItem.objects.create(team=team, key="A-1", title="One", done=date(2026, 3, 2))
    client = Client()
    client.force_login(world.viewer)
    page = client.get(
        reverse("forecasts:items", args=[world.workspace.slug, team.pk]), {"q": "A-"}
    ).content.decode()
    base = reverse("forecasts:items_csv", args=[world.workspace.slug, team.pk])
    assert f'href="{base}?q=A-' in page
    assert "dialect=excel-de" in page
