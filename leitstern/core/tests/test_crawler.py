"""The crawl guard's own parts: it must find each kind of defect it claims to find."""

from __future__ import annotations

import pytest
from django.template import engines
from django.test import Client

from leitstern.core.tests.crawler import (
    StateWatch,
    UndefinedVariable,
    crawl,
    input_problems,
    label_problems,
    parse,
    style_problems,
    template_settings_with_trap,
)

FORM = """
<form method="post" action="/save/">
  <input type="hidden" name="version" value="3">
  <input type="text" name="name" value="Storefront">
  <input type="date" name="starts_on" value="01.10.2026">
  <input type="date" name="ends_on" value="2026-12-31">
  <input type="number" name="target" value="1.5">
  <input type="checkbox" name="active" checked><input type="checkbox" name="archived">
  <input type="radio" name="kind" value="a"><input type="radio" name="kind" value="b" checked>
  <select name="owner"><option value="">—</option><option value="7" selected>Anna</option></select>
  <select name="team"><option value="1">First</option><option value="2">Second</option></select>
  <select name="tags" multiple>
    <option selected>x</option><option>y</option><option selected>z</option>
  </select>
  <textarea name="note">
line one
line two</textarea>
  <input type="file" name="file"><input type="text" name="off" value="no" disabled>
  <button type="submit" name="action" value="save">Save</button>
</form>
<a href="/next/">next</a><div hx-get="/part/"></div>
"""


def test_a_form_submits_what_a_browser_would():
    page = parse(FORM)
    assert page.links == [("/next/", False), ("/part/", True)]
    (form,) = page.forms
    assert (form.method, form.action) == ("post", "/save/")
    assert form.data() == [
        ("version", "3"),
        ("name", "Storefront"),
        ("starts_on", ""),  # a browser drops a date that is not ISO
        ("ends_on", "2026-12-31"),
        ("target", "1.5"),
        ("active", "on"),
        ("kind", "b"),
        ("owner", "7"),
        ("team", "1"),  # nothing selected: the first option
        ("tags", "x"),
        ("tags", "z"),
        ("note", "line one\r\nline two"),  # line breaks sent as CR LF
        ("action", "save"),
    ]


def test_it_flags_inputs_a_browser_rejects():
    page = parse(
        '<input type="date" name="a" value="2026-10-01">'
        '<input type="date" name="b" value="1.10.26">'
        '<input type="number" name="c" value="12,5"><input type="number" name="d" value="-3e2">'
        '<input type="date" name="e" max="31.12.2100"><input type="date" name="f" value="">'
    )
    assert list(input_problems(page)) == [
        '<input type="date" name="b"> has the value \'1.10.26\', not YYYY-MM-DD',
        '<input type="number" name="c"> has the value \'12,5\', not a number',
        '<input type="date" name="e"> has max=\'31.12.2100\'',
    ]


def test_it_flags_optional_said_twice():
    page = parse(
        '<label>Why? (optional) <span class="optional">optional</span></label>'
        '<label>Note <span class="optional">optional</span></label>'
    )
    assert list(label_problems(page)) == [
        "the label 'Why? (optional) optional' says optional twice"
    ]


def test_it_flags_classes_whose_stylesheet_the_page_does_not_load():
    without = parse(
        '<link rel="stylesheet" href="/static/leitstern/app.css">'
        '<div class="forecast-layout tabs card"></div>'
    )
    assert [p.split(" is ")[0] for p in style_problems(without)] == ["class 'forecast-layout'"]
    loaded = parse(
        '<link rel="stylesheet" href="/static/forecasts/forecasts.css">'
        '<div class="forecast-layout"></div>'
    )
    assert list(style_problems(loaded)) == []


def test_the_trap_turns_an_unresolved_variable_into_an_error(settings):
    settings.TEMPLATES = template_settings_with_trap(settings.TEMPLATES)
    template = engines["django"].from_string("{{ known }} {{ unknown.name }}")
    with pytest.raises(UndefinedVariable, match=r"unknown\.name"):
        template.render({"known": 1})
    # Tags that test a variable still may: only printing a missing one is an error.
    assert engines["django"].from_string("{% if nope %}x{% endif %}ok").render({}) == "ok"


def test_the_crawl_finds_every_kind_of_defect_and_follows_only_safe_links(settings):
    settings.ROOT_URLCONF = "leitstern.core.tests.crawl_urls"
    result = crawl(Client(raise_request_exception=True), "/", level=1)
    visited = {visit.url for visit in result.visits}
    assert visited == {
        "/",
        "/fine/",
        "/missing/",
        "/fails/",
        "/fragment/",
        "/moved/",
        "/search/?q=x",
    }
    report = "\n".join(result.problems)
    assert "/missing/ is offered on / but answers 404" in report
    assert "/fails/ (linked from /) raised RuntimeError('boom')" in report
    assert "'01.10.2026', not YYYY-MM-DD" in report and "'12,5', not a number" in report
    assert "says optional twice" in report
    assert "offers a form posting to" in report and "needs level 4, has 1" in report
    assert "tabs" not in report  # styled by the shared stylesheet the page loads
    assert len(result.problems) == 6, report


def test_a_kind_of_page_left_for_the_budget_is_a_problem(settings):
    """A crawl that ran out of pages must say which kinds of page it never opened; more
    pages of a kind it already saw are fine."""
    settings.ROOT_URLCONF = "leitstern.core.tests.crawl_urls"
    short = crawl(Client(), "/", level=1, max_pages=2)
    assert [visit.url for visit in short.visits] == ["/", "/fine/"]
    (budget,) = [problem for problem in short.problems if problem.startswith("(budget)")]
    assert "stopped at 2 pages before it reached 5 kinds of page" in budget
    assert "crawl_urls.search?q" in budget

    whole = crawl(Client(), "/", level=1)
    assert not [problem for problem in whole.problems if problem.startswith("(budget)")]


def test_the_state_watch_reports_every_changed_row_and_nothing_else(world):
    """The watch skips reading the tables only when nothing was written: a changed row, a
    row written and put back, and a write undone by a rolled-back savepoint are all
    compared row by row, and only the real change is reported."""
    from django.db import transaction

    from leitstern.products.models import Product

    product = world.product
    watch = StateWatch()
    Product.objects.filter(pk=product.pk).values_list("name", flat=True).get()
    assert watch.differences() == []

    watch.start()
    Product.objects.filter(pk=product.pk).update(name="Renamed")
    changed = watch.differences()
    assert len(changed) == 1 and changed[0].startswith("products.product: 1 rows added")

    watch.start()
    Product.objects.filter(pk=product.pk).update(name="Renamed")  # the same value again
    try:
        with transaction.atomic():
            Product.objects.filter(pk=product.pk).update(name="Undone")
            raise RuntimeError
    except RuntimeError:
        pass
    assert watch.differences() == []

    watch.start()
    Product.objects.filter(pk=product.pk).update(name="Again")
    assert watch.differences() != []
