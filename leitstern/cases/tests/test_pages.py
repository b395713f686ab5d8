"""The cases' pages: the result with its charts and their tables, the editors, roles, and
the reader's language."""

from __future__ import annotations

import pytest
from django.test import Client

from leitstern.cases.models import CaseLine
from leitstern.cases.tests.factory import computed_case, make_actual, make_case
from leitstern.testing import form_data

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _url(world, tail: str) -> str:
    return f"/w/{world.workspace.slug}/cases/{tail}"


def test_the_result_page_shows_words_charts_and_their_numbers(world):
    case = computed_case(world)
    html = _client(world.viewer).get(_url(world, f"{case.pk}/")).content.decode()
    assert "chance this pays back within 24 months" in html
    assert "Most of the cost is people" in html
    for chart in ("fan", "histogram", "tornado", "evpi", "costs"):
        assert f'data-chart="{chart}"' in html
    assert html.count('class="chart-table"') >= 5
    assert "What to measure next" in html
    # A viewer reads, but is offered no edit.
    assert f"/cases/{case.pk}/edit/" not in html
    assert "Run the simulation" not in html


def test_the_portfolio_ranks_cases_by_expected_npv(world, django_capture_on_commit_callbacks):
    worse = computed_case(world)
    better = make_case(world, template="blank", name="Cheap win")
    client = _client(world.owner)
    client.post(
        _url(world, f"{better.pk}/lines/benefit/amount/new/"),
        {"name": "Gift", "category": "other", "amount": "1000", "revision": better.revision},
    )
    with django_capture_on_commit_callbacks(execute=True):
        client.post(_url(world, f"{better.pk}/compute/"))
    html = client.get(_url(world, "")).content.decode()
    assert html.index("Cheap win") < html.index(worse.name)


def test_an_editor_adds_a_usage_line_with_ranges_and_a_step_up(world):
    case = make_case(world)
    client = _client(world.editor)
    url = _url(world, f"{case.pk}/lines/cost/usage/new/")
    page = client.get(url)
    data = {
        **form_data(page.content.decode()),
        "name": "Embeddings",
        "category": "inference",
        "phase": "pilot",
        "volume": "1..5",
        "unit_price": "0.02/0.05/0.2",
        "growth": "0..0.05",
        "step_ups": "production=3..10",
        "why": "Search needs embeddings",
    }
    response = client.post(url, data)
    assert response.status_code == 302
    line = CaseLine.objects.get(case=case, name="Embeddings")
    assert line.values["unit_price"] == {"low": 0.02, "likely": 0.05, "high": 0.2}
    assert line.step_ups == [{"phase": "production", "factor": {"lower": 3.0, "upper": 10.0}}]


def test_a_bad_range_is_shown_at_its_field_and_nothing_is_saved(world):
    case = make_case(world)
    client = _client(world.editor)
    url = _url(world, f"{case.pk}/lines/cost/staff/new/")
    data = {**form_data(client.get(url).content.decode()), "name": "Analysts",
            "category": "people", "fte": "-1", "monthly_cost": "9000..7000"}  # fmt: skip
    response = client.post(url, data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "upper bound (7000) is below the lower bound (9000)" in html
    assert not CaseLine.objects.filter(case=case, name="Analysts").exists()


def test_the_plan_stands_beside_the_actuals(world):
    case = make_case(world)
    make_actual(case, world.owner, month=1)
    html = _client(world.owner).get(_url(world, f"{case.pk}/")).content.decode()
    assert "Planned cost" in html and "Actual cost" in html


def test_german_readers_get_german_words_and_numbers(world):
    world.viewer.language = "de"
    world.viewer.save()
    case = computed_case(world)
    html = _client(world.viewer).get(_url(world, f"{case.pk}/")).content.decode()
    assert "Was die Simulation sagt" in html
    assert "Wahrscheinlichkeit" in html


def test_exports_are_formula_safe(world):
    case = make_case(world, name="=HYPERLINK(1)")
    client = _client(world.viewer)
    csv = b"".join(client.get(_url(world, f"{case.pk}/case.csv")).streaming_content).decode()
    assert "=HYPERLINK" not in csv.replace("'=HYPERLINK", "")
    markdown = client.get(_url(world, f"{case.pk}/case.md")).content.decode()
    assert markdown.startswith("# '=HYPERLINK(1)") or "'=HYPERLINK" in markdown
