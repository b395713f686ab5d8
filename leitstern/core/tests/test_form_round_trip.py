"""The round-trip guard: every edit form, opened and saved without touching anything, in
English and in German, saves without a complaint and changes nothing: no row, no version,
no activity entry.

Edit forms are found, not listed: the crawl from the workspace home (as the owner, who may
edit everything) collects the forms that post to an edit route: a route named ``edit`` or
``…_edit``, or one of the few pages that edit a single object in place (workspace
settings, profile). Every such route must be reached, so a new module's edit page is
covered the day something links to it."""

from __future__ import annotations

import re
from urllib.parse import urlencode, urlsplit

import pytest
from django.db import transaction
from django.test import Client
from django.urls import Resolver404, URLPattern, URLResolver, get_resolver, resolve

from leitstern.core.tests.crawler import (
    StateWatch,
    crawl,
    html_only,
    parse,
    template_settings_with_trap,
)
from leitstern.workspaces.models import ROLE_LEVEL, Membership, Role

# Pages that edit one existing object in place without "edit" in their route name.
IN_PLACE_EDITS = {"workspaces:settings", "accounts:profile"}
EDIT_ROUTE = re.compile(r"(^|_)edit$")
ERROR_MARKERS = re.compile(
    r'class="[^"]*\b(error|form-errors|has-error|conflict)\b[^"]*"|role="alert"'
)


def _is_edit_route(view_name: str) -> bool:
    return view_name in IN_PLACE_EDITS or bool(EDIT_ROUTE.search(view_name.split(":")[-1]))


def _edit_routes() -> set[str]:
    def walk(patterns, namespace: str = ""):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                yield from walk(entry.url_patterns, entry.namespace or namespace)
            elif isinstance(entry, URLPattern) and entry.name:
                yield f"{namespace}:{entry.name}" if namespace else entry.name

    return {name for name in walk(get_resolver().url_patterns) if _is_edit_route(name)}


def _view_name(url: str) -> str | None:
    try:
        return resolve(urlsplit(url).path).view_name
    except Resolver404:
        return None


def _error_texts(html: str) -> list[str]:
    texts = []
    for match in re.finditer(
        r'<(p|div|li)[^>]*(class="[^"]*\b(?:error|form-errors|conflict)\b[^"]*"|role="alert")'
        r"[^>]*>(.*?)</\1>",
        html,
        re.DOTALL,
    ):
        texts.append(" ".join(re.sub(r"<[^>]+>", " ", match.group(3)).split()))
    return texts or ["(the form came back without a visible message)"]


@pytest.fixture
def owner(demo, db):
    return Membership.objects.filter(workspace=demo, role=Role.OWNER).select_related("user")[0]


@pytest.mark.long
class RoundTrips:
    """Every edit form in one language. English and German are two classes so that
    parallel test workers (``-n``, whole classes to a worker) can take one each."""

    language = "en"

    def test_every_edit_form_saves_unchanged_without_changing_anything(self, demo, owner, settings):
        settings.TEMPLATES = template_settings_with_trap(settings.TEMPLATES)
        owner.user.language = self.language
        owner.user.save(update_fields=["language"])
        client = Client()
        client.force_login(owner.user)

        # Nine modules link more pages than the crawl's usual 600 before the last edit pages.
        found = crawl(
            client, f"/w/{demo.slug}/", level=ROLE_LEVEL[Role.OWNER], max_per_route=3, max_pages=900
        )
        edit_pages = sorted(
            {page for page, form in found.forms if _is_edit_route(_view_name(page) or "")}
        )
        reached = {_view_name(page) for page in edit_pages}
        assert reached == _edit_routes(), "edit routes the crawl never reached (link them?)"

        watch = StateWatch()
        with html_only():
            problems = [
                problem for page in edit_pages for problem in _round_trip(client, page, watch)
            ]
        assert not problems, "\n".join(problems)


class TestInEnglish(RoundTrips):
    language = "en"


class TestInGerman(RoundTrips):
    language = "de"


def test_line_breaks_survive_an_unchanged_save(world):
    """Browsers send a text area's line breaks as CR LF; a value kept with LF must not count
    as changed (and be logged as a change) when nobody touched it."""
    from leitstern.products.services import product_update

    with transaction.atomic():
        product_update(
            actor=world.owner,
            product=world.product,
            vision="Shoppers find it.\nAnd trust it.",
            target_customers="Merchants\n\nand their shoppers",
        )
    client = Client()
    client.force_login(world.owner)
    page = f"/w/{world.workspace.slug}/products/{world.product.pk}/edit/"
    assert _round_trip(client, page) == []


def _round_trip(client: Client, page: str, watch: StateWatch | None = None) -> list[str]:
    """Open the edit page, submit its form as a browser would without touching anything,
    and say what went wrong: a refusal, an error shown afterwards, or any changed row
    (``watch`` compares every row from just before the save to after the page it leads
    to; one watch serves many pages)."""
    response = client.get(page)
    forms = [
        form
        for form in parse(response.text).forms
        if form.method == "post" and _view_name(form.action or page) == _view_name(page)
    ]
    if len(forms) != 1:
        return [f"{page}: {len(forms)} forms post to the page itself, expected one"]
    watch = watch or StateWatch()
    watch.start()
    saved = client.post(forms[0].action or page, data=urlencode(forms[0].data()), **_FORM)
    if saved.status_code != 302:
        return [
            f"{page}: saving unchanged answered {saved.status_code}: "
            + "; ".join(_error_texts(saved.text))
        ]
    problems = []
    if ERROR_MARKERS.search(client.get(saved["Location"]).text):
        problems.append(f"{page}: the page after saving shows an error")
    changed = watch.differences()
    problems.extend(f"{page}: saving unchanged changed {change}" for change in changed)
    return problems


# The body a browser sends: every pair in order, repeated names kept.
_FORM = {"content_type": "application/x-www-form-urlencoded"}
