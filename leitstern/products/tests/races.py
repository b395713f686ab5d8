"""Two people editing one product at the same moment, through the pages and the API.

Each scenario builds its own workspace, runs many tries with threads that have their own
database connections, and returns the problems it saw (empty: none). The PostgreSQL pass
runs them in-process, the SQLite pass on a file in a subprocess (see ``test_races.py``)."""

from __future__ import annotations

from functools import partial

from django.test import Client

from leitstern.accounts.services import api_token_create
from leitstern.products.models import Product
from leitstern.testing import form_data, make_world, run_together

TRIES = 20
JSON = "application/json"


def _browser(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _api(world, user) -> tuple[Client, dict]:
    _token, raw = api_token_create(actor=user, workspace=world.workspace, name="race")
    return Client(), {"Authorization": f"Bearer {raw}"}


def _status(response) -> object:
    return response if isinstance(response, BaseException) else response.status_code


def different_fields_through_forms(tries: int = TRIES) -> list[str]:
    """Both load the edit form, then both save at once, one the name, one the vision:
    both changes must stay, every time."""
    world = make_world()
    url = f"/w/{world.workspace.slug}/products/{world.product.pk}/edit/"
    anna, ben = _browser(world.owner), _browser(world.editor)
    problems = []
    for n in range(tries):
        mine, theirs = form_data(anna.get(url).text), form_data(ben.get(url).text)
        mine["name"], theirs["vision"] = f"Storefront {n}", f"Vision {n}"
        answers = run_together(partial(anna.post, url, mine), partial(ben.post, url, theirs))
        if [_status(answer) for answer in answers] != [302, 302]:
            problems.append(f"try {n}: answers {[_status(answer) for answer in answers]}")
        product = Product.objects.get(pk=world.product.pk)
        if (product.name, product.vision) != (f"Storefront {n}", f"Vision {n}"):
            problems.append(f"try {n}: stored {product.name!r}, {product.vision!r}")
    return problems


def different_fields_through_the_api(tries: int = TRIES) -> list[str]:
    """Two PATCHes of different fields at once, without a version: both must stay."""
    world = make_world()
    url = f"/api/v1/workspaces/{world.workspace.slug}/products/{world.product.pk}"
    (anna, anna_auth), (ben, ben_auth) = _api(world, world.owner), _api(world, world.editor)
    problems = []
    for n in range(tries):
        answers = run_together(
            partial(anna.patch, url, {"name": f"Storefront {n}"}, JSON, headers=anna_auth),
            partial(ben.patch, url, {"vision": f"Vision {n}"}, JSON, headers=ben_auth),
        )
        if [_status(answer) for answer in answers] != [200, 200]:
            problems.append(f"try {n}: answers {[_status(answer) for answer in answers]}")
        product = Product.objects.get(pk=world.product.pk)
        if (product.name, product.vision) != (f"Storefront {n}", f"Vision {n}"):
            problems.append(f"try {n}: stored {product.name!r}, {product.vision!r}")
    return problems


def same_field_through_forms(tries: int = TRIES) -> list[str]:
    """Both change the name from the same form version at once: exactly one is saved,
    the other is shown the conflict with both names; never a silent overwrite."""
    world = make_world()
    url = f"/w/{world.workspace.slug}/products/{world.product.pk}/edit/"
    anna, ben = _browser(world.owner), _browser(world.editor)
    problems = []
    for n in range(tries):
        mine, theirs = form_data(anna.get(url).text), form_data(ben.get(url).text)
        mine["name"], theirs["name"] = f"Anna {n}", f"Ben {n}"
        answers = run_together(partial(anna.post, url, mine), partial(ben.post, url, theirs))
        statuses = [_status(answer) for answer in answers]
        if sorted(map(str, statuses)) != ["200", "302"]:
            problems.append(f"try {n}: answers {statuses}")
            continue
        winner, loser = (mine, answers[1]) if statuses[0] == 302 else (theirs, answers[0])
        stored = Product.objects.get(pk=world.product.pk).name
        if stored != winner["name"]:
            problems.append(f"try {n}: stored {stored!r}, saved was {winner['name']!r}")
        if "Someone changed this meanwhile." not in loser.text or stored not in loser.text:
            problems.append(f"try {n}: the other one was not shown the conflict")
    return problems


def same_field_through_the_api(tries: int = TRIES) -> list[str]:
    """Two PATCHes of the name with the same If-Match at once: one 200, one 409."""
    world = make_world()
    url = f"/api/v1/workspaces/{world.workspace.slug}/products/{world.product.pk}"
    (anna, anna_auth), (ben, ben_auth) = _api(world, world.owner), _api(world, world.editor)
    problems = []
    for n in range(tries):
        version = Product.objects.get(pk=world.product.pk).version
        match = {"If-Match": f'"{version}"'}
        answers = run_together(
            partial(anna.patch, url, {"name": f"Anna {n}"}, JSON, headers={**anna_auth, **match}),
            partial(ben.patch, url, {"name": f"Ben {n}"}, JSON, headers={**ben_auth, **match}),
        )
        statuses = [_status(answer) for answer in answers]
        if sorted(map(str, statuses)) != ["200", "409"]:
            problems.append(f"try {n}: answers {statuses}")
            continue
        winner = answers[statuses.index(200)].json()["name"]
        stored = Product.objects.get(pk=world.product.pk).name
        conflict = answers[statuses.index(409)].json()
        if stored != winner or conflict["current"]["name"] != winner:
            problems.append(f"try {n}: stored {stored!r}, answered {winner!r}")
    return problems


def same_name_created_twice(tries: int = TRIES) -> list[str]:
    """Two people create a product of the same new name at once: one is created, the
    other is told the name is taken (422), never a 500 from the unique constraint."""
    world = make_world()
    url = f"/api/v1/workspaces/{world.workspace.slug}/products"
    (anna, anna_auth), (ben, ben_auth) = _api(world, world.owner), _api(world, world.editor)
    problems = []
    for n in range(tries):
        body = {"name": f"Marketplace {n}"}
        answers = run_together(
            partial(anna.post, url, body, JSON, headers=anna_auth),
            partial(ben.post, url, body, JSON, headers=ben_auth),
        )
        statuses = [_status(answer) for answer in answers]
        if sorted(map(str, statuses)) != ["201", "422"]:
            problems.append(f"try {n}: answers {statuses}")
            continue
        reason = answers[statuses.index(422)].json()["errors"][0]["reason"]
        if "already has a product of that name" not in reason:
            problems.append(f"try {n}: refused with {reason!r}")
        if Product.objects.filter(workspace=world.workspace, name=body["name"]).count() != 1:
            problems.append(f"try {n}: not exactly one product of that name")
    return problems
