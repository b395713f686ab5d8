"""A bounded, read-only crawler for the guard tests.

It signs in as one person, starts at the workspace home and follows every internal link a
page offers (``<a href>``, ``hx-get``, GET forms submitted as they come), breadth-first and
GET only. On every page it checks what a browser or a person would trip over: server
errors, template variables that do not resolve (with ``template_settings_with_trap``), date
and number inputs a browser would reject, links or forms offered to a role that the same role
may not use, labels that say "optional" twice and classes whose stylesheet the page does not
load. It knows no page by name, so a new module is covered as soon as something links to it.
``database_state`` lets a test prove that all this reading changed nothing."""

from __future__ import annotations

import re
from collections import Counter, deque
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from django.apps import apps
from django.db import models
from django.test import Client
from django.urls import Resolver404, resolve

# Paths never followed: sign-out and language switches change the session, static files and
# the API are not pages, share links are opened by an anonymous visitor instead.
SKIP_PREFIXES = ("/static/", "/api/", "/accounts/logout/", "/i18n/")
PUBLIC_PREFIXES = ("/s/",)
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
NUMBER = re.compile(r"^-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$")


class UndefinedVariable(Exception):
    """A template referred to a variable that does not resolve."""


class InvalidVariableTrap(str):
    """``string_if_invalid`` that turns every unresolved ``{{ variable }}`` into an error.

    Django formats the setting with the variable's name when it contains ``%s``; this
    string claims to and raises instead, so the page fails loudly where it would silently
    print nothing."""

    def __contains__(self, item: object) -> bool:
        return item == "%s"

    def __mod__(self, name: object) -> str:
        raise UndefinedVariable(f"template variable {name!r} does not resolve")


def template_settings_with_trap(templates: list[dict]) -> list[dict]:
    trapped = []
    for engine in templates:
        engine = {**engine, "OPTIONS": {**engine.get("OPTIONS", {})}}
        engine["OPTIONS"]["string_if_invalid"] = InvalidVariableTrap("<invalid>")
        engine["OPTIONS"]["debug"] = True
        trapped.append(engine)
    return trapped


# --- reading a page ------------------------------------------------------------------------


@dataclass
class FormField:
    tag: str
    name: str
    type: str
    value: str
    checked: bool = False
    options: list[tuple[str, bool]] = field(default_factory=list)  # (value, selected)
    multiple: bool = False
    disabled: bool = False


@dataclass
class Form:
    method: str
    action: str
    fields: list[FormField] = field(default_factory=list)
    buttons: list[tuple[str, str]] = field(default_factory=list)  # named submit buttons

    def data(self) -> list[tuple[str, str]]:
        """What a browser submits for the form as it stands, without touching anything:
        the first named submit button included, as a click on it would."""
        pairs: list[tuple[str, str]] = []
        for f in self.fields:
            if f.disabled or not f.name:
                continue
            if f.tag == "select":
                chosen = [value for value, selected in f.options if selected]
                if not chosen and not f.multiple and f.options:
                    chosen = [f.options[0][0]]
                pairs.extend((f.name, value) for value in chosen)
            elif f.type in ("checkbox", "radio"):
                if f.checked:
                    pairs.append((f.name, f.value or "on"))
            elif f.type in ("submit", "button", "reset", "image", "file"):
                continue
            else:
                pairs.append((f.name, _sanitized(f.type, f.value)))
        if self.buttons:
            pairs.append(self.buttons[0])
        return pairs


def _sanitized(kind: str, value: str) -> str:
    """What a browser keeps of a value: it empties a date or number input whose value is
    not ISO or not a plain decimal (the HTML value sanitization algorithm)."""
    if kind == "date" and not ISO_DATE.match(value):
        return ""
    if kind == "number" and not NUMBER.match(value):
        return ""
    if kind == "textarea":
        # Browsers send every line break of a text area as CR LF.
        return value.replace("\r\n", "\n").replace("\n", "\r\n")
    return value.replace("\r", "").replace("\n", "")


@dataclass
class Page:
    links: list[tuple[str, bool]] = field(default_factory=list)  # (href, is htmx fragment)
    forms: list[Form] = field(default_factory=list)
    inputs: list[dict[str, str]] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)
    classes: set[str] = field(default_factory=set)
    stylesheets: list[str] = field(default_factory=list)


class PageParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = Page()
        self._form: Form | None = None
        self._select: FormField | None = None
        self._option: list | None = None
        self._textarea: FormField | None = None
        self._label: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: (v or "") for k, v in attrs}
        self.page.classes.update(a.get("class", "").split())
        if tag == "link" and "stylesheet" in a.get("rel", "").split():
            self.page.stylesheets.append(a.get("href", ""))
        if tag == "label":
            self._label = []
        if tag == "a" and a.get("href"):
            self.page.links.append((a["href"], False))
        if a.get("hx-get"):
            self.page.links.append((a["hx-get"], True))
        if tag == "form":
            self._form = Form(method=a.get("method", "get").lower(), action=a.get("action", ""))
            self.page.forms.append(self._form)
        elif tag == "input":
            self.page.inputs.append(a)
            kind = a.get("type", "text").lower()
            if self._form is not None:
                if kind in ("submit", "image") and a.get("name"):
                    self._form.buttons.append((a["name"], a.get("value", "")))
                self._form.fields.append(
                    FormField(
                        "input",
                        a.get("name", ""),
                        kind,
                        a.get("value", ""),
                        checked="checked" in a,
                        disabled="disabled" in a,
                    )
                )
        elif tag == "button" and self._form is not None:
            if a.get("type", "submit").lower() == "submit" and a.get("name"):
                self._form.buttons.append((a["name"], a.get("value", "")))
        elif tag == "select":
            self._select = FormField(
                "select",
                a.get("name", ""),
                "select",
                "",
                multiple="multiple" in a,
                disabled="disabled" in a,
            )
            if self._form is not None:
                self._form.fields.append(self._select)
        elif tag == "option" and self._select is not None:
            self._option = [a.get("value"), "selected" in a, ""]
            self._select.options.append(("", False))
        elif tag == "textarea":
            self._textarea = FormField(
                "textarea", a.get("name", ""), "textarea", "", disabled="disabled" in a
            )
            if self._form is not None:
                self._form.fields.append(self._textarea)

    def handle_endtag(self, tag: str) -> None:
        if tag == "label" and self._label is not None:
            self.page.labels.append(" ".join("".join(self._label).split()))
            self._label = None
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._finish_option()
            self._select = None
        elif tag == "option":
            self._finish_option()
        elif tag == "textarea" and self._textarea is not None:
            # The first newline after <textarea> belongs to the markup, not the value.
            if self._textarea.value.startswith("\n"):
                self._textarea.value = self._textarea.value[1:]
            self._textarea = None

    def handle_data(self, data: str) -> None:
        if self._label is not None:
            self._label.append(data)
        if self._textarea is not None:
            self._textarea.value += data
        elif self._option is not None:
            self._option[2] += data

    def _finish_option(self) -> None:
        if self._option is not None and self._select is not None:
            value, selected, text = self._option
            self._select.options[-1] = (value if value is not None else text.strip(), selected)
        self._option = None


def parse(html: str) -> Page:
    parser = PageParser()
    parser.feed(html)
    parser.close()
    return parser.page


# --- checks on one page ----------------------------------------------------------------------


def input_problems(page: Page) -> Iterator[str]:
    """Values a browser would throw away: it only takes ISO dates in a date input and a
    plain decimal point in a number input, whatever the page's language."""
    for attrs in page.inputs:
        kind = attrs.get("type", "text").lower()
        value = attrs.get("value", "")
        name = attrs.get("name", "?")
        if kind == "date" and value and not ISO_DATE.match(value):
            yield f'<input type="date" name="{name}"> has the value {value!r}, not YYYY-MM-DD'
        if kind == "number" and value and not NUMBER.match(value):
            yield f'<input type="number" name="{name}"> has the value {value!r}, not a number'
        for bound in ("min", "max", "step"):
            limit = attrs.get(bound, "")
            if kind == "date" and limit and not ISO_DATE.match(limit):
                yield f'<input type="date" name="{name}"> has {bound}={limit!r}'
            if kind == "number" and limit and limit != "any" and not NUMBER.match(limit):
                yield f'<input type="number" name="{name}"> has {bound}={limit!r}'


def label_problems(page: Page) -> Iterator[str]:
    """A label that says "optional" twice: the field shell marks every optional field, so
    a label text must not say it again."""
    for text in page.labels:
        if len(re.findall(r"optional", text, re.IGNORECASE)) > 1:
            yield f"the label {text!r} says optional twice"


def _stylesheet_classes() -> dict[str, set[str]]:
    """Class name -> the stylesheets (static paths) of Leitstern's own that style it."""
    from django.contrib.staticfiles import finders

    styled: dict[str, set[str]] = {}
    for finder in finders.get_finders():
        for path, storage in finder.list(["vendor/*"]):
            if not path.endswith(".css"):
                continue
            with storage.open(path) as handle:
                css = re.sub(r"/\*.*?\*/", "", handle.read().decode(), flags=re.DOTALL)
            for prelude in re.findall(r"([^{}]+)\{", css):
                if prelude.strip().startswith("@"):
                    continue
                for name in re.findall(r"\.([A-Za-z_][\w-]*)", prelude):
                    styled.setdefault(name, set()).add(path)
    return styled


_STYLED: dict[str, set[str]] | None = None


def style_problems(page: Page) -> Iterator[str]:
    """Classes the page uses that only a stylesheet it does not load would style: the
    element shows up unstyled (tabs that look like a row of plain links)."""
    from django.conf import settings

    global _STYLED
    if _STYLED is None:
        _STYLED = _stylesheet_classes()
    static = "/" + settings.STATIC_URL.strip("/") + "/"
    loaded = {href.split("?")[0].removeprefix(static) for href in page.stylesheets}
    for name in sorted(page.classes):
        sheets = _STYLED.get(name)
        if sheets and not sheets & loaded:
            yield f"class {name!r} is styled only in {sorted(sheets)}, which the page does not load"


# --- the crawl ------------------------------------------------------------------------------


@dataclass
class Visit:
    url: str
    status: int
    found_on: str


@dataclass
class CrawlResult:
    visits: list[Visit] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    forms: list[tuple[str, Form]] = field(default_factory=list)  # (page url, POST form)
    skipped_for_budget: int = 0

    def report(self) -> str:
        """Each problem once, with how many pages showed it and the first of them."""
        grouped: dict[str, list[str]] = {}
        for problem in self.problems:
            url, _, message = problem.partition(": ")
            if not message or url.startswith(("(", " ")):
                url, message = "", problem
            grouped.setdefault(message, []).append(url)
        return "\n".join(
            f"{message}  [{len(urls)} page(s), e.g. {urls[0]}]" if urls[0] else message
            for message, urls in grouped.items()
        )

    def routes(self) -> Counter:
        names: Counter = Counter()
        for visit in self.visits:
            try:
                names[resolve(urlsplit(visit.url).path).view_name] += 1
            except Resolver404:
                names["(unresolved)"] += 1
        return names


def _keep_no_template(*_args, **_kwargs) -> None:
    return None


@contextmanager
def html_only() -> Iterator[None]:
    """The test client without its copy of every rendered template's context
    (``response.context``, ``response.templates``): the guards read the HTML only, and the
    copies were about 5 % of a crawl (232,000 over 36,800 renders in one). Rendering is
    unchanged; the template-rendered signal is still sent."""
    from django.test import client as test_client

    kept = test_client.store_rendered_templates
    test_client.store_rendered_templates = _keep_no_template
    try:
        yield
    finally:
        test_client.store_rendered_templates = kept


def _internal(href: str, base: str) -> str | None:
    """The absolute path (with query, without fragment) of an internal link, or None."""
    href = href.strip()
    if not href or href.startswith(("#", "mailto:", "tel:", "javascript:", "data:")):
        return None
    url = urljoin(base, href)
    parts = urlsplit(url)
    if parts.scheme not in ("", "http", "https") or parts.netloc not in ("testserver", ""):
        return None
    query = urlencode(sorted(parse_qsl(parts.query, keep_blank_values=True)))
    return urlunsplit(("", "", parts.path, query, ""))


def _route(path: str):
    try:
        return resolve(path)
    except Resolver404:
        return None


def _route_key(url: str) -> str:
    """Pages that differ only in their ids and query values count as one kind of page."""
    parts = urlsplit(url)
    match = _route(parts.path)
    name = match.view_name if match else parts.path
    keys = ",".join(sorted({k for k, _ in parse_qsl(parts.query, keep_blank_values=True)}))
    return f"{name}?{keys}"


def crawl(
    client: Client,
    start: str,
    *,
    level: int,
    max_pages: int = 2000,
    max_per_route: int = 8,
    max_per_query: int = 3,
    anonymous: Client | None = None,
) -> CrawlResult:
    """Breadth-first from ``start``. ``level`` is the member's role level; a link or a form
    whose view needs more is a problem even before it is followed. ``max_per_route`` bounds
    how many pages of one kind (same view, same query keys) are visited, so a long list of
    similar objects cannot eat the budget of the rest; ``max_per_query`` does the same, tighter,
    for the filtered and paged variants of one page. ``max_pages`` only stops a crawl that
    runs away: a kind of page it left unvisited for the budget is a problem, not a silent
    gap. Public pages (share links) are opened with ``anonymous``, a signed-out client."""
    result = CrawlResult()
    anonymous = anonymous or Client()
    queue: deque[tuple[str, str, bool]] = deque([(start, "(start)", False)])
    seen = {start}
    per_route: Counter = Counter()
    left_for_budget: set[str] = set()  # kinds of page met after the page budget ran out

    def offer(href: str, base: str, fragment: bool) -> None:
        url = _internal(href, base)
        if url is None or url in seen or url.startswith(SKIP_PREFIXES):
            return
        seen.add(url)
        queue.append((url, base, fragment))

    with html_only():
        while queue:
            url, found_on, fragment = queue.popleft()
            key = _route_key(url)
            limit = max_per_query if "?" in url else max_per_route
            out_of_pages = len(result.visits) >= max_pages
            if out_of_pages or per_route[key] >= limit:
                result.skipped_for_budget += 1
                if out_of_pages:
                    left_for_budget.add(key)
                continue
            per_route[key] += 1
            public = url.startswith(PUBLIC_PREFIXES)
            headers = {"HX-Request": "true"} if fragment else {}
            try:
                response = (anonymous if public else client).get(url, headers=headers)
            except Exception as error:  # a 500 in production; the crawl keeps going
                result.visits.append(Visit(url, 500, found_on))
                result.problems.append(f"{url} (linked from {found_on}) raised {error!r}")
                continue
            result.visits.append(Visit(url, response.status_code, found_on))
            status = response.status_code
            if status >= 500:
                result.problems.append(f"{url} (linked from {found_on}) answered {status}")
                continue
            if status in (301, 302, 303, 307, 308):
                location = response["Location"]
                if "/accounts/login/" in location and not public:
                    result.problems.append(f"{url} (linked from {found_on}) asks to sign in again")
                offer(location, url, False)
                continue
            if status >= 400:
                result.problems.append(
                    f"{url} is offered on {found_on} but answers {status} for the same person"
                )
                continue
            if "html" not in response.get("Content-Type", ""):
                continue
            page = parse(response.content.decode(response.charset or "utf-8"))
            # A fragment is styled by the page it is swapped into.
            whole = not fragment and b"<html" in response.content[:500]
            for check in (input_problems, label_problems, style_problems if whole else None):
                if check is not None:
                    result.problems.extend(f"{url}: {problem}" for problem in check(page))
            for href, is_fragment in page.links:
                offer(href, url, is_fragment)
            for form in page.forms:
                action = _internal(form.action or url, url)
                if action is None or action.startswith(SKIP_PREFIXES):
                    continue
                if form.method == "get":
                    query = urlencode(form.data())
                    offer(urlsplit(action).path + (f"?{query}" if query else ""), url, False)
                    continue
                result.forms.append((url, form))
                if not public:
                    result.problems.extend(_form_access_problems(action, url, level))
    never_visited = sorted(key for key in left_for_budget if not per_route[key])
    if never_visited:
        result.problems.append(
            f"(budget) the crawl stopped at {max_pages} pages before it reached "
            f"{len(never_visited)} kinds of page, e.g. {never_visited[:5]}; raise max_pages"
        )
    return result


def _form_access_problems(action: str, page_url: str, level: int) -> Iterator[str]:
    match = _route(urlsplit(action).path)
    if match is None:
        yield f"{page_url} has a form posting to {action}, which is no route"
        return
    need = getattr(match.func, "access_need", None)
    if isinstance(need, int) and need > level:
        yield (
            f"{page_url} offers a form posting to {match.view_name}, which this role "
            f"may not use (needs level {need}, has {level})"
        )


# --- the database, to prove reading pages changes nothing -----------------------------------

# Rows that change when someone merely uses the site, not when data changes.
VOLATILE = {("accounts", "user"): {"last_login"}}
IGNORED_MODELS = {"sessions.session", "accounts.failedlogin"}


def database_state() -> dict[str, list[tuple]]:
    """Every row of every model, as comparable tuples."""
    state = {}
    for model in apps.get_models():
        label = model._meta.label_lower
        if label in IGNORED_MODELS or model._meta.proxy:
            continue
        volatile = VOLATILE.get((model._meta.app_label, model._meta.model_name), set())
        names = [
            f.attname
            for f in model._meta.concrete_fields
            if f.name not in volatile and not isinstance(f, models.BinaryField)
        ]
        state[label] = sorted(
            tuple(repr(v) for v in row)
            for row in model._default_manager.order_by().values_list(*names)
        )
    return state


def state_differences(before: dict, after: dict) -> list[str]:
    differences = []
    for label in sorted(set(before) | set(after)):
        old, new = set(before.get(label, [])), set(after.get(label, []))
        if old != new:
            differences.append(
                f"{label}: {len(new - old)} rows added or changed, {len(old - new)} removed "
                f"or changed, e.g. {sorted(new - old)[:1] or sorted(old - new)[:1]}"
            )
    return differences


def rows_written() -> int | None:
    """How many rows this connection has inserted, updated or deleted since it opened, by
    every statement and trigger (SQLite's ``total_changes()``, which never goes down, not
    even when a savepoint is rolled back), or None where the database does not say."""
    from django.db import connection

    if connection.vendor != "sqlite":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT total_changes()")
        return cursor.fetchone()[0]


class StateWatch:
    """``database_state`` compared step by step, read again only when something was written.

    The same proof as ``state_differences(before, database_state())`` around each step: if
    the connection wrote no row at all since the last look (``rows_written`` unchanged),
    no row can differ, and reading every table again (0.2 s on the demo) would only
    confirm it. When anything was written (a session, a changed row), or the database
    does not count its writes, every table is read and compared as before."""

    def __init__(self) -> None:
        self._state = database_state()
        self._written = rows_written()

    def _unchanged(self) -> bool:
        return self._written is not None and rows_written() == self._written

    def start(self) -> None:
        """From here on: what the next ``differences`` reports is changed after this."""
        if not self._unchanged():
            self._state, self._written = database_state(), rows_written()

    def differences(self) -> list[str]:
        """What changed since ``start`` (or since the watch began), as ``state_differences``."""
        if self._unchanged():
            return []
        after = database_state()
        changed = state_differences(self._state, after)
        self._state, self._written = after, rows_written()
        return changed
