"""The round trip of an edit form: opened and saved without touching anything, as a
browser would send it, it must save without a complaint and change nothing: no row, no
version, no activity entry.

Edit forms are found, not listed: a crawl (as the owner, who may edit everything) collects
the forms that post to an edit route: a route named ``edit`` or ``…_edit``, or one of the
few pages that edit a single object in place (workspace settings, profile)."""

from __future__ import annotations

import re
from collections import Counter
from urllib.parse import urlencode, urlsplit

from django.test import Client
from django.urls import Resolver404, URLPattern, URLResolver, get_resolver, resolve

from leitstern.core.tests.crawler import CrawlResult, StateWatch, parse

# Pages that edit one existing object in place without "edit" in their route name.
IN_PLACE_EDITS = {"workspaces:settings", "accounts:profile"}
EDIT_ROUTE = re.compile(r"(^|_)edit$")
ERROR_MARKERS = re.compile(
    r'class="[^"]*\b(error|form-errors|has-error|conflict)\b[^"]*"|role="alert"'
)
# Pages of one edit route saved unchanged: the first ones the crawl met.
PER_ROUTE = 3


def is_edit_route(view_name: str) -> bool:
    return view_name in IN_PLACE_EDITS or bool(EDIT_ROUTE.search(view_name.split(":")[-1]))


def edit_routes() -> set[str]:
    """Every edit route of the URLconf, which the crawl must reach."""

    def walk(patterns, namespace: str = ""):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                yield from walk(entry.url_patterns, entry.namespace or namespace)
            elif isinstance(entry, URLPattern) and entry.name:
                yield f"{namespace}:{entry.name}" if namespace else entry.name

    return {name for name in walk(get_resolver().url_patterns) if is_edit_route(name)}


def view_name(url: str) -> str | None:
    try:
        return resolve(urlsplit(url).path).view_name
    except Resolver404:
        return None


def edit_pages(found: CrawlResult) -> list[str]:
    """The crawled pages with a form posting to an edit route, ``PER_ROUTE`` of each route
    in the order the crawl met them."""
    pages, per_route = [], Counter()
    for page in dict.fromkeys(page for page, _form in found.forms):
        name = view_name(page) or ""
        if is_edit_route(name) and per_route[name] < PER_ROUTE:
            per_route[name] += 1
            pages.append(page)
    return pages


def error_texts(html: str) -> list[str]:
    texts = []
    for match in re.finditer(
        r'<(p|div|li)[^>]*(class="[^"]*\b(?:error|form-errors|conflict)\b[^"]*"|role="alert")'
        r"[^>]*>(.*?)</\1>",
        html,
        re.DOTALL,
    ):
        texts.append(" ".join(re.sub(r"<[^>]+>", " ", match.group(3)).split()))
    return texts or ["(the form came back without a visible message)"]


def round_trip(client: Client, page: str, watch: StateWatch | None = None) -> list[str]:
    """Open the edit page, submit its form as a browser would without touching anything,
    and say what went wrong: a refusal, an error shown afterwards, or any changed row
    (``watch`` compares every row from just before the save to after the page it leads
    to; one watch serves many pages)."""
    response = client.get(page)
    forms = [
        form
        for form in parse(response.text).forms
        if form.method == "post" and view_name(form.action or page) == view_name(page)
    ]
    if len(forms) != 1:
        return [f"{page}: {len(forms)} forms post to the page itself, expected one"]
    watch = watch or StateWatch()
    watch.start()
    saved = client.post(forms[0].action or page, data=urlencode(forms[0].data()), **_FORM)
    if saved.status_code != 302:
        return [
            f"{page}: saving unchanged answered {saved.status_code}: "
            + "; ".join(error_texts(saved.text))
        ]
    problems = []
    if ERROR_MARKERS.search(client.get(saved["Location"]).text):
        problems.append(f"{page}: the page after saving shows an error")
    changed = watch.differences()
    problems.extend(f"{page}: saving unchanged changed {change}" for change in changed)
    return problems


# The body a browser sends: every pair in order, repeated names kept.
_FORM = {"content_type": "application/x-www-form-urlencoded"}
