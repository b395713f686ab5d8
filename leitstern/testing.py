"""Plain helpers for tests: build what a test needs, readable in the test itself.

``make_world()`` gives one workspace with an owner, an editor, a contributor and a viewer,
plus an outsider who owns a workspace of their own. Each app's ``tests/factory.py`` builds
its own objects (``make_product``, ``make_team``, ``make_okr`` …)."""

from __future__ import annotations

import importlib
import importlib.util
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from itertools import count
from types import ModuleType
from typing import Any

from leitstern.accounts.models import User
from leitstern.products.models import Product
from leitstern.products.tests.factory import make_product
from leitstern.workspaces.models import Membership, Role, Workspace
from leitstern.workspaces.services import workspace_create

PASSWORD = "correct-horse-battery-staple"  # noqa: S105
_n = count(1)


def make_user(name: str = "", *, email: str = "", language: str = "en") -> User:
    n = next(_n)
    return User.objects.create_user(
        email=email or f"person{n}@example.com",
        password=PASSWORD,
        name=name or f"Person {n}",
        language=language,
    )


def make_workspace(owner: User, name: str = "") -> Workspace:
    return workspace_create(actor=owner, name=name or f"Workspace {next(_n)}")


def add_member(workspace: Workspace, role: str, user: User | None = None) -> User:
    user = user or make_user(f"{role.title()} {next(_n)}")
    Membership.objects.create(workspace=workspace, user=user, role=role)
    return user


@dataclass
class World:
    workspace: Workspace
    owner: User
    editor: User
    contributor: User
    viewer: User
    outsider: User
    other_workspace: Workspace
    product: Product

    def user(self, role: str) -> User:
        return getattr(self, role)


ROLES = ["owner", "editor", "contributor", "viewer"]
LEVEL = {"owner": 4, "editor": 3, "contributor": 2, "viewer": 1}


def make_world() -> World:
    owner = make_user("Olivia Owner")
    workspace = make_workspace(owner, "Acme")
    outsider = make_user("Oscar Outsider")
    other = make_workspace(outsider, "Elsewhere")
    return World(
        workspace=workspace,
        owner=owner,
        editor=add_member(workspace, Role.EDITOR),
        contributor=add_member(workspace, Role.CONTRIBUTOR),
        viewer=add_member(workspace, Role.VIEWER),
        outsider=outsider,
        other_workspace=other,
        product=make_product(workspace, owner, "Storefront"),
    )


def _factories() -> Iterator[ModuleType]:
    """Every app's ``tests/factory.py``, in ``INSTALLED_APPS`` order."""
    from django.apps import apps

    for config in apps.get_app_configs():
        if not config.name.startswith("leitstern."):
            continue
        name = f"{config.name}.tests.factory"
        if importlib.util.find_spec(f"{config.name}.tests") is None:
            continue
        if importlib.util.find_spec(name) is not None:
            yield importlib.import_module(name)


def factory_samples(name: str) -> dict[str, Any]:
    """The dictionaries called ``name`` of every app's ``tests/factory.py`` in one: the
    guard tests read their samples from there (``ROUTE_SAMPLES``, ``API_PATH_SAMPLES``,
    ``API_BODIES``), so a new module brings its own. A key two apps give is an error."""
    merged: dict[str, Any] = {}
    for factory in _factories():
        for key, value in getattr(factory, name, {}).items():
            if key in merged:
                raise ValueError(f"{key} is in {name} of two factories ({factory.__name__})")
            merged[key] = value
    return merged


def factory_functions(name: str) -> list[Callable]:
    """The function called ``name`` of every app's ``tests/factory.py`` that has one."""
    return [fn for factory in _factories() if (fn := getattr(factory, name, None)) is not None]


def browser_login(page, live_server, user, password: str = PASSWORD) -> None:
    """Sign in through the real login form."""
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email address").fill(user.email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()


def settled(page) -> None:
    """Wait until a page is drawn as the reader sees it: loaded, no htmx request in flight,
    and two frames painted (charts redraw on a resize in the next frame). Instead of
    Playwright's ``networkidle``, which waits half a second of silence on every page."""
    page.wait_for_load_state("load")
    page.wait_for_function("() => !document.querySelector('.htmx-request')")
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")


class _FormReader(HTMLParser):
    """What a browser would send for each ``<form method="post">`` of a page, unchanged."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[dict[str, list[str]]] = []
        self._form: dict[str, list[str]] | None = None
        self._textarea: str | None = None
        self._select: str | None = None
        self._select_first: str | None = None
        self._select_chosen = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {key: value or "" for key, value in attrs}
        if tag == "form" and a.get("method", "").lower() == "post":
            self._form = {}
            self.forms.append(self._form)
        if self._form is None or ("disabled" in a and tag != "form"):
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = a.get("type", "text").lower()
            if kind in ("submit", "button", "image", "file", "reset"):
                return
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            self._form.setdefault(name, []).append(
                a.get("value", "on" if kind == "checkbox" else "")
            )
        elif tag == "textarea" and name:
            self._textarea = name
            self._form.setdefault(name, []).append("")
        elif tag == "select" and name:
            self._select, self._select_first, self._select_chosen = name, None, False
        elif tag == "option" and self._select:
            value = a.get("value", "")
            if self._select_first is None:
                self._select_first = value
            if "selected" in a:
                self._form.setdefault(self._select, []).append(value)
                self._select_chosen = True

    def handle_data(self, data: str) -> None:
        if self._textarea and self._form is not None:
            self._form[self._textarea][-1] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "textarea" and self._textarea and self._form is not None:
            # Like a browser, drop the one line break that follows <textarea>.
            value = self._form[self._textarea][-1]
            self._form[self._textarea][-1] = value[1:] if value.startswith("\n") else value
            self._textarea = None
        elif tag == "select" and self._select and self._form is not None:
            if not self._select_chosen and self._select_first is not None:
                self._form.setdefault(self._select, []).append(self._select_first)
            self._select = None
        elif tag == "form":
            self._form = None


def form_data(html: str, *, field: str = "") -> dict[str, Any]:
    """The fields a browser would post, unchanged, for the post form of ``html`` that has
    ``field`` (default: the form with the most fields), as the test client takes them (a
    list for a field with several values)."""
    reader = _FormReader()
    reader.feed(html)
    forms = [form for form in reader.forms if not field or field in form]
    if not forms:
        raise AssertionError(f"No post form with {field or 'fields'} on the page.")
    chosen = max(forms, key=len)
    return {
        name: values if len(values) > 1 else values[0]
        for name, values in chosen.items()
        if name != "csrfmiddlewaretoken"
    }


def run_together(*actions: Callable[[], Any], timeout: float = 120) -> list[Any]:
    """Run each action in its own thread, all released at the same moment, each with its
    own database connection (closed when it ends). Returns their results in order; an
    action's exception is returned in its place, so a test can assert on it."""
    from django.db import connections

    start = threading.Barrier(len(actions))
    results: list[Any] = [None] * len(actions)

    def run(index: int, action: Callable[[], Any]) -> None:
        try:
            start.wait()
            results[index] = action()
        except BaseException as error:
            results[index] = error
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=run, args=(index, action), daemon=True)
        for index, action in enumerate(actions)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout)
        if thread.is_alive():
            raise TimeoutError("A concurrent action did not finish in time.")
    return results
