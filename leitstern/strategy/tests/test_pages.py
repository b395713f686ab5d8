"""Strategy pages: what they show, their query counts, uploads, exports, hints, German."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

import pytest
from django.test import Client
from django.urls import reverse

from leitstern.strategy import services
from leitstern.strategy.models import MetricValue
from leitstern.strategy.tests.factory import (
    make_cycle,
    make_key_result,
    make_metric,
    make_objective,
)

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def url(world, name: str, **kwargs) -> str:
    return reverse(f"strategy:{name}", kwargs={"slug": world.workspace.slug, **kwargs})


def populate(world, objectives: int = 3, key_results: int = 3):
    north_star = make_metric(world.product, world.owner, "Weekly buyers", role="north_star")
    inputs = [
        make_metric(world.product, world.owner, f"Input {kind}", role="input", input_kind=kind)
        for kind in ["breadth", "depth", "frequency"]
    ]
    cycle = make_cycle(world.workspace, world.owner)
    for metric in [north_star, *inputs]:
        services.metric_values_record(
            actor=world.owner,
            metric=metric,
            values=[(cycle.starts_on + timedelta(days=7 * n), 10.0 + n, "") for n in range(5)],
        )
    parent = None
    for n in range(objectives):
        objective = make_objective(cycle, world.owner, product=world.product, parent=parent)
        parent = parent or objective
        for k in range(key_results):
            kr = make_key_result(objective, world.owner, metric=north_star if k == 0 else None)
            services.check_in_record(actor=world.owner, key_result=kr, confidence=7 - n)
    return cycle, north_star


@pytest.mark.parametrize("size", [1, 4])
def test_list_pages_keep_their_query_count(world, size, django_assert_max_num_queries):
    cycle, _north_star = populate(world, objectives=size, key_results=size)
    client = client_for(world.viewer)
    pages = [
        url(world, "index"),
        url(world, "product", product_id=world.product.pk),
        url(world, "cycle", pk=cycle.pk),
        url(world, "at_risk"),
        url(world, "my_check_ins"),
        url(world, "cycles"),
    ]
    for page in pages:
        with django_assert_max_num_queries(16):
            assert client.get(page).status_code == 200, page


def test_the_product_page_shows_the_north_star_tree_and_scores(world):
    populate(world, objectives=1, key_results=1)
    html = client_for(world.viewer).get(url(world, "product", product_id=world.product.pk))
    text = html.content.decode()
    assert "Weekly buyers" in text and "Input breadth" in text
    assert "(current 14 − baseline 10) ÷ (target 20 − baseline 10) = 0.40" in text
    assert "band-yellow" in text


def test_the_alignment_tree_nests_contributing_objectives(world):
    cycle = make_cycle(world.workspace, world.owner)
    parent = make_objective(cycle, world.owner, title="Company outcome")
    make_objective(cycle, world.owner, title="Team outcome", parent=parent)
    response = client_for(world.viewer).get(url(world, "index"), {"cycle": cycle.pk})
    tree = response.context["tree"]
    assert [node.objective.title for node in tree] == ["Company outcome"]
    assert [child.objective.title for child in tree[0].children] == ["Team outcome"]


def test_csv_upload_previews_then_saves_only_when_every_row_is_good(world):
    metric = make_metric(world.product, world.owner)
    client = client_for(world.editor)
    page = url(world, "metric_import", pk=metric.pk)
    bad = "Datum;Wert\n05.01.2026;1,5\n12.01.2026;viel\n"
    preview = client.post(page, {"text": bad}, follow=True)
    text = preview.content.decode()
    assert [(e["row"], e["text"]) for e in preview.context["errors"]] == [
        (3, "“viel” is not a number.")
    ]
    assert '<td class="num">3</td><td>Wert</td><td>“viel” is not a number.</td>' in text
    assert "1 row cannot be imported. Nothing was saved" in text
    job = preview.context["job"]
    apply = url(world, "metric_import_apply", pk=metric.pk, job=job.pk)
    refused = client.post(apply, follow=True)
    assert "Some rows cannot be imported." in refused.content.decode()
    assert not MetricValue.objects.exists()

    good = "Datum;Wert\n05.01.2026;1,5\n12.01.2026;1.234,5\n"
    preview = client.post(page, {"text": good}, follow=True)
    assert preview.status_code == 200 and not MetricValue.objects.exists()
    assert "2 values are ready to import." in preview.content.decode()
    job = preview.context["job"]
    done = client.post(url(world, "metric_import_apply", pk=metric.pk, job=job.pk))
    assert done.status_code == 302 and done["Location"] == url(world, "metric", pk=metric.pk)
    assert list(metric.values.values_list("value", flat=True)) == [1.5, 1234.5]
    assert (
        client.post(url(world, "metric_import_apply", pk=metric.pk, job=job.pk)).status_code == 302
    )
    assert metric.values.count() == 2  # a job is applied once


def test_a_file_upload_in_windows_1252_is_read(world):
    metric = make_metric(world.product, world.owner)
    upload = io.BytesIO("Datum;Wert;Notiz\n05.01.2026;2,5;Größe\n".encode("cp1252"))
    upload.name = "werte.csv"
    response = client_for(world.editor).post(
        url(world, "metric_import", pk=metric.pk), {"file": upload}, follow=True
    )
    assert response.context["preview"]["sample"][0][2] == "Größe"
    assert response.context["preview"]["encoding"] == "Windows-1252"


def test_the_cycle_export_is_safe_for_spreadsheets(world):
    cycle = make_cycle(world.workspace, world.owner)
    objective = make_objective(cycle, world.owner, title='=HYPERLINK("http://x")')
    make_key_result(objective, world.owner, title="+Raise NPS to 40", current=15)
    response = client_for(world.viewer).get(url(world, "cycle_csv", pk=cycle.pk))
    rows = list(csv.reader(io.StringIO(response.getvalue().decode("utf-8-sig"))))
    assert rows[1][2].startswith("'=") and rows[1][6].startswith("'+")
    assert rows[1][11] == "0.5"
    markdown = client_for(world.viewer).get(url(world, "cycle_markdown", pk=cycle.pk))
    assert "| '+Raise NPS to 40 | 10 | 20 | 15 | 0.5 |" in markdown.content.decode()


def test_the_metric_export_neutralises_every_formula_start(world):
    # Notes come from uploads and the API; whatever they start with, a spreadsheet shows
    # them as text (OWASP "CSV injection": = + - @ tab CR).
    metric = make_metric(world.product, world.owner, "Signups")
    dangerous = ["=1+1", "+49 30", "-2+3", "@SUM(A1)", "\tcmd", "\rcmd"]
    for n, note in enumerate(dangerous):
        MetricValue.objects.create(
            metric=metric, day=date(2026, 1, 5) + timedelta(days=n), value=-n - 0.5, note=note
        )
    response = client_for(world.viewer).get(url(world, "metric_csv", pk=metric.pk))
    body = b"".join(response.streaming_content).decode("utf-8")
    rows = list(csv.reader(io.StringIO(body.removeprefix("\ufeff"))))
    assert [row[2] for row in rows[1:]] == ["'" + note for note in dangerous]
    # Negative values are numbers, not formulas: written as they are.
    assert [row[1] for row in rows[1:]] == ["-0.5", "-1.5", "-2.5", "-3.5", "-4.5", "-5.5"]


def test_the_cycle_export_for_german_excel_uses_semicolons_and_decimal_commas(world):
    cycle = make_cycle(world.workspace, world.owner, name="Q1; 2026")
    objective = make_objective(cycle, world.owner, title="Zufriedenere Kunden")
    make_key_result(objective, world.owner, title="NPS auf 40", current=15)
    response = client_for(world.viewer).get(
        url(world, "cycle_csv", pk=cycle.pk), {"dialect": "excel-de"}
    )
    body = response.getvalue().decode("utf-8")
    assert body.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(body.removeprefix("\ufeff")), delimiter=";"))
    assert rows[1][0] == "Q1; 2026" and rows[1][11] == "0,5"
    assert response["Content-Disposition"] == 'attachment; filename="okrs-Q1- 2026.csv"'


def test_hints_come_while_typing(world):
    response = client_for(world.viewer).get(
        url(world, "hints"), {"title": "Launch the app", "baseline": ""}, HTTP_HX_REQUEST="true"
    )
    text = response.content.decode()
    assert "“Launch” sounds like output" in text
    assert "No baseline" in text


def test_hints_show_on_the_form_after_a_save_without_javascript(world):
    cycle = make_cycle(world.workspace, world.owner)
    objective = make_objective(cycle, world.owner)
    client = client_for(world.editor)
    response = client.post(
        url(world, "key_result_new", pk=objective.pk),
        {"title": "Ship the new search", "target": "1", "direction": "higher"},
        follow=True,
    )
    assert "sounds like output" in response.content.decode()  # saved, never blocked
    assert objective.key_results.count() == 1


def test_the_pages_speak_german(world):
    world.viewer.language = "de"
    world.viewer.save()
    cycle, _ = populate(world, objectives=1, key_results=1)
    text = client_for(world.viewer).get(url(world, "cycle", pk=cycle.pk)).content.decode()
    assert "Zuversicht" in text and "1 Key Result: " in text
    assert "0,4" in text


def test_german_decimals_are_accepted_in_forms(world):
    world.editor.language = "de"
    world.editor.save()
    metric = make_metric(world.product, world.owner)
    client_for(world.editor).post(
        url(world, "value_add", pk=metric.pk), {"day": "2026-01-05", "value": "12,5"}
    )
    assert metric.values.get().value == 12.5


def test_a_viewer_sees_no_edit_controls(world):
    cycle, _ = populate(world, objectives=1, key_results=1)
    text = client_for(world.viewer).get(url(world, "cycle", pk=cycle.pk)).content.decode()
    assert url(world, "cycle_close", pk=cycle.pk) not in text


def test_closing_asks_for_post_mortems_and_learnings(world):
    cycle = make_cycle(world.workspace, world.owner)
    objective = make_objective(cycle, world.owner, kind="committed")
    make_key_result(objective, world.owner, current=12)
    client = client_for(world.editor)
    page = url(world, "cycle_close", pk=cycle.pk)
    response = client.post(page, {f"learnings_{objective.pk}": "Learned"})
    assert (
        response.status_code == 200
        and f"postmortem_{objective.pk}" in response.context["form"].errors
    )
    response = client.post(
        page, {f"learnings_{objective.pk}": "Learned", f"postmortem_{objective.pk}": "Why"}
    )
    assert response.status_code == 302
    cycle.refresh_from_db()
    assert cycle.is_closed


def test_a_metric_chart_table_shows_the_latest_year_and_every_value_stays_reachable(world):
    """The chart draws every value; its table the latest 52 rows (saying so); the paged
    list of values beside it reaches the oldest one."""
    from leitstern.strategy.charts import METRIC_TABLE_ROWS
    from leitstern.strategy.views.metrics import VALUES_PAGE

    metric = make_metric(world.product, world.owner, "Weekly buyers", role="north_star")
    first = date(2020, 1, 6)
    total = METRIC_TABLE_ROWS + VALUES_PAGE + 8
    services.metric_values_record(
        actor=world.owner,
        metric=metric,
        values=[(first + timedelta(days=7 * n), float(n), "") for n in range(total)],
    )
    client = client_for(world.viewer)
    response = client.get(url(world, "metric", pk=metric.pk))
    chart = response.context["chart"]
    assert len(chart.data["series"][0]["points"]) == total
    assert len(chart.table.rows) == METRIC_TABLE_ROWS
    assert chart.table.rows[-1][1] == total - 1  # the latest value
    assert f"last {METRIC_TABLE_ROWS} of {total} rows" in response.content.decode()
    assert response.context["values"].paginator.num_pages == 3
    oldest = client.get(url(world, "metric", pk=metric.pk), {"page": 3})
    assert first.isoformat() in [v.day.isoformat() for v in oldest.context["values"]]


def test_the_cycle_page_shows_some_key_result_tables_and_loads_the_next_ones(world):
    from leitstern.strategy.views.okrs import KEY_RESULT_OBJECTIVES

    cycle = make_cycle(world.workspace, world.owner)
    titles = []
    for n in range(KEY_RESULT_OBJECTIVES + 1):
        objective = make_objective(cycle, world.owner, title=f"Outcome {n}")
        titles.append(make_key_result(objective, world.owner, title=f"Result {n}").title)
    client = client_for(world.viewer)
    page = client.get(url(world, "cycle", pk=cycle.pk)).content.decode()
    shown = [title for title in titles if title in page]
    assert len(shown) == KEY_RESULT_OBJECTIVES
    assert "?page=2" in page  # the next tables, with or without JavaScript

    more = client.get(url(world, "cycle", pk=cycle.pk), {"page": 2}, headers={"HX-Request": "true"})
    text = more.content.decode()
    assert [title for title in titles if title in text] == [t for t in titles if t not in shown]
    assert "<html" not in text and "tree" not in more.context


def test_the_product_strategy_page_shows_some_objectives_and_loads_the_next_ones(world):
    from leitstern.strategy.views.pages import PRODUCT_OBJECTIVES

    cycle = make_cycle(world.workspace, world.owner)
    titles = []
    for n in range(PRODUCT_OBJECTIVES + 2):
        objective = make_objective(cycle, world.owner, title=f"Outcome {n}", product=world.product)
        titles.append(make_key_result(objective, world.owner, title=f"Result {n}").title)
    client = client_for(world.viewer)
    page_url = url(world, "product", product_id=world.product.pk)
    page = client.get(page_url).content.decode()
    shown = [title for title in titles if title in page]
    assert len(shown) == PRODUCT_OBJECTIVES
    assert "?page=2" in page  # the next tables, with or without JavaScript

    more = client.get(page_url, {"page": 2}, headers={"HX-Request": "true"})
    text = more.content.decode()
    assert [title for title in titles if title in text] == [t for t in titles if t not in shown]
    assert "<html" not in text and "north_star" not in more.context
    plain = client.get(page_url, {"page": 2}).content.decode()
    assert "Objectives 6–7 of 7." in plain and "Back to the first ones" in plain
