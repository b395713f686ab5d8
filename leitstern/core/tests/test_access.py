"""Every route, every role: proves the access rules for each URL pattern and each API
operation. A new route or operation needs a sample, by design: route arguments, API path
parameters and request bodies come from each app's ``tests/factory.py``
(``ROUTE_SAMPLES``, ``API_PATH_SAMPLES``, ``API_BODIES``), so a module adds its own
without an edit here.

One world (a workspace with every role, an outsider with a workspace of their own, and what
each factory's ``prepare_access_world`` adds) is built once for this module; each test runs
in a savepoint inside it, so what one test writes is gone before the next."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from django.conf import settings
from django.db import transaction
from django.test import Client, TestCase
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from leitstern.accounts.services import api_token_create
from leitstern.testing import LEVEL, ROLES, World, factory_functions, factory_samples, make_world
from leitstern.workspaces.models import Membership

ROUTE_SAMPLES = factory_samples("ROUTE_SAMPLES")
API_PATH_SAMPLES = factory_samples("API_PATH_SAMPLES")
API_BODIES = factory_samples("API_BODIES")


@pytest.fixture(scope="module")
def shared_world(django_db_setup, django_db_blocker) -> Iterator[World]:
    """The world of this module, rolled back when the module is done."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            with TestCase.captureOnCommitCallbacks(execute=True):
                world = make_world()
                for prepare in factory_functions("prepare_access_world"):
                    prepare(world)
            for user in [*(world.user(role) for role in ROLES), world.outsider]:
                client = Client()
                client.force_login(user)
                SESSIONS[user.pk] = client.cookies[settings.SESSION_COOKIE_NAME].value
            yield world
        finally:
            SESSIONS.clear()
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def world(shared_world: World, db) -> World:
    return shared_world


# Each member's session, signed in once for the module: a sign-in per request wrote a
# session and the last sign-in time hundreds of times. What a test does to a session (a
# sign-out) is rolled back with the rest of the test.
SESSIONS: dict[int, str] = {}


def _signed_in(user) -> Client:
    client = Client()
    client.cookies[settings.SESSION_COOKIE_NAME] = SESSIONS[user.pk]
    return client


def _routes(
    patterns=None, prefix: str = "", namespace: str = ""
) -> Iterator[tuple[str, str, URLPattern]]:
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace or namespace
            if ns == "api":
                continue  # the API has its own test below
            if ns == "admin":
                continue  # the operators' admin has its own walk: test_admin.py
            yield from _routes(entry.url_patterns, prefix + str(entry.pattern), ns)
        else:
            name = f"{namespace}:{entry.name}" if namespace else str(entry.name)
            yield prefix + str(entry.pattern), name, entry


ROUTES = sorted({name: (route, p) for route, name, p in _routes()}.items())


def _url(name: str, pattern: URLPattern, world: World, user) -> str:
    kwargs = {}
    wanted = set(re.findall(r"<(?:\w+:)?(\w+)>", dict(ROUTES)[name][0]))
    if "slug" in wanted:
        kwargs["slug"] = world.workspace.slug
    if wanted - {"slug"}:
        assert name in ROUTE_SAMPLES, (
            f"Route {name} takes {wanted}; add a sample to ROUTE_SAMPLES in the app's "
            "tests/factory.py"
        )
        kwargs.update(ROUTE_SAMPLES[name](world, user))
    kwargs = {k: v for k, v in kwargs.items() if k in wanted}
    return reverse(name, kwargs=kwargs)


def _request(client: Client, url: str):
    response = client.get(url)
    if response.status_code == 405:
        response = client.post(url, {})
    return response


def _is_login_redirect(response) -> bool:
    return response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_every_route_declares_its_access_rule():
    missing = [name for name, (_r, p) in ROUTES if not hasattr(p.callback, "access_need")]
    assert missing == [], f"Routes without an access rule (use workspace_view etc.): {missing}"


@pytest.mark.parametrize("name", [name for name, _ in ROUTES])
def test_route_access(name: str, world: World):
    _route, pattern = dict(ROUTES)[name]
    need = pattern.callback.access_need

    anonymous = _request(Client(), _url(name, pattern, world, None))
    if need == "public":
        assert anonymous.status_code < 500, name
        return
    assert _is_login_redirect(anonymous), f"{name}: anonymous must be sent to sign in"

    if need == "login":
        for role in [*ROLES, "outsider"]:
            client = _signed_in(world.user(role))
            response = _request(client, _url(name, pattern, world, world.user(role)))
            assert response.status_code in (200, 302), f"{name} as {role}: {response.status_code}"
            assert not _is_login_redirect(response)
        return

    outsider = _signed_in(world.outsider)
    assert _request(outsider, _url(name, pattern, world, world.outsider)).status_code == 404, (
        f"{name}: a member of another workspace must get 404"
    )
    for role in ROLES:
        client = _signed_in(world.user(role))
        response = _request(client, _url(name, pattern, world, world.user(role)))
        if LEVEL[role] >= need:
            assert response.status_code in (200, 302), f"{name} as {role}: {response.status_code}"
            assert not _is_login_redirect(response)
        else:
            assert response.status_code == 404, f"{name} as {role} must be refused (404)"


# --- API -----------------------------------------------------------------------------------

NEED_LEVEL = {"view": 1, "contribute": 2, "edit": 3, "admin": 4}


def _api_operations() -> list[tuple[str, str, dict]]:
    from leitstern.site.api import api

    schema = api.get_openapi_schema()
    return sorted(
        (path, method, operation)
        for path, methods in schema["paths"].items()
        for method, operation in methods.items()
    )


def _api_url(path: str, world: World) -> str:
    def fill(match):
        key = match.group(1)
        assert key in API_PATH_SAMPLES, (
            f"API path parameter {{{key}}} needs a sample in API_PATH_SAMPLES of a tests/factory.py"
        )
        return str(API_PATH_SAMPLES[key](world))

    return re.sub(r"\{(\w+)\}", fill, path)


def _api_call(client: Client, method: str, url: str, body, token: str | None):
    body = body() if callable(body) else body
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    kwargs = {"content_type": "application/json", "data": body} if body is not None else {}
    return getattr(client, method)(url, headers=headers, **kwargs)


def test_every_api_operation_declares_its_need():
    missing = [
        f"{method.upper()} {path}"
        for path, method, op in _api_operations()
        if op.get("x-leitstern-need") not in (*NEED_LEVEL, "login")
    ]
    assert missing == []


@pytest.mark.parametrize("path,method", [(path, method) for path, method, _ in _api_operations()])
def test_api_access(path: str, method: str, world: World):
    operation = {(p, m): op for p, m, op in _api_operations()}[(path, method)]
    need = operation["x-leitstern-need"]
    body = None
    if "requestBody" in operation:
        assert operation["operationId"] in API_BODIES, (
            f"add a body for {operation['operationId']} to API_BODIES in its tests/factory.py"
        )
        body = API_BODIES[operation["operationId"]]

    # Each call that may write gets freshly built objects, so a delete by one role cannot
    # hide the answer for the next; reading changes nothing, so the reads share one set.
    shared_url = _api_url(path, world) if method == "get" else None

    def call(token: str | None) -> int:
        url = shared_url or _api_url(path, world)
        return _api_call(Client(), method, url, body, token).status_code

    assert call(None) == 401

    def token_for(user, workspace) -> str:
        return api_token_create(actor=user, workspace=workspace, name="access test")[1]

    if need == "login":
        for role in [*ROLES, "outsider"]:
            user = world.user(role)
            assert call(token_for(user, user.memberships.first().workspace)) == 200
        return

    assert call(token_for(world.outsider, world.other_workspace)) == 404
    # A token of a member, but for another workspace, reaches nothing here.
    Membership.objects.create(workspace=world.other_workspace, user=world.owner, role="owner")
    assert call(token_for(world.owner, world.other_workspace)) == 404

    for role in ROLES:
        status = call(token_for(world.user(role), world.workspace))
        if LEVEL[role] >= NEED_LEVEL[need]:
            assert status in (200, 201, 202, 204), f"{method.upper()} {path} as {role}: {status}"
        else:
            assert status == 404, f"{method.upper()} {path} as {role} must get 404, got {status}"
