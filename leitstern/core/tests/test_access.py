"""Every route, every role: proves the access rules for each URL pattern and each API
operation. A new route without a sample here makes this test fail, by design."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from itertools import count

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from leitstern.accounts.services import api_token_create
from leitstern.forecasts import testing as forecast_samples
from leitstern.stakeholders.tests import factory as stakeholder_samples
from leitstern.strategy.services import check_in_record, metric_value_set
from leitstern.strategy.tests.factory import (
    make_cycle,
    make_import_job,
    make_metric,
    make_objective,
    make_okr,
)
from leitstern.testing import LEVEL, ROLES, World, make_user
from leitstern.workspaces.models import Membership
from leitstern.workspaces.services import invitation_create

# Samples for URL arguments other than the workspace slug, by route name.
# Each builder gets the world and the requesting user.
Sample = Callable[[World, object], dict]


def _token_of(world: World, user) -> dict:
    if user is None:
        return {"pk": 999999}
    token, _ = api_token_create(actor=user, workspace=user.memberships.first().workspace, name="t")
    return {"pk": token.pk}


def _metric_value(world: World) -> dict:
    from datetime import date

    metric = make_metric(world.product, world.owner)
    value = metric_value_set(actor=world.owner, metric=metric, day=date(2026, 1, 5), value=3.0)
    return {"pk": metric.pk, "value_id": value.pk}


def _check_in(world: World) -> int:
    return check_in_record(actor=world.owner, key_result=make_okr(world), confidence=5).pk


def _invitation(world: World, user) -> dict:
    invitation, token = invitation_create(
        actor=world.owner, workspace=world.workspace, email="new@example.com", role="viewer"
    )
    return {"pk": invitation.pk, "token": token}


ROUTE_SAMPLES: dict[str, Sample] = {
    "accounts:password_reset_confirm": lambda w, u: {"uidb64": "MQ", "token": "set-password"},
    "accounts:token_revoke": _token_of,
    "workspaces:invitation_accept": lambda w, u: {"token": _invitation(w, u)["token"]},
    "workspaces:invitation_revoke": lambda w, u: {"pk": _invitation(w, u)["pk"]},
    "workspaces:member_role": lambda w, u: {
        "pk": Membership.objects.get(workspace=w.workspace, user=w.viewer).pk
    },
    "workspaces:member_remove": lambda w, u: {
        "pk": Membership.objects.create(workspace=w.workspace, user=make_user(), role="viewer").pk
    },
    "modules:module": lambda w, u: {"module": "roadmap"},
    "products:detail": lambda w, u: {"pk": w.product.pk},
    "products:edit": lambda w, u: {"pk": w.product.pk},
    "products:archive": lambda w, u: {"pk": w.product.pk},
    "products:restore": lambda w, u: {"pk": w.product.pk},
    "teams:edit": lambda w, u: {"pk": forecast_samples.sample_team(w).pk},
    "teams:delete": lambda w, u: {"pk": forecast_samples.sample_new_team(w).pk},
    **{
        f"forecasts:{name}": lambda w, u: {"pk": forecast_samples.sample_team(w).pk}
        for name in [
            "team",
            "accuracy",
            "items",
            "items_delete",
            "upload",
            "forecast",
            "forecast_save",
            "tracking_new",
        ]
    },
    "forecasts:item_delete": lambda w, u: (lambda item: {"pk": item.team_id, "item_pk": item.pk})(
        forecast_samples.sample_item(w)
    ),
    **{
        f"forecasts:{name}": lambda w, u: (lambda job: {"pk": job.target_id, "job": job.pk})(
            forecast_samples.sample_job(w)
        )
        for name in ["import", "import_apply"]
    },
    **{
        f"forecasts:{name}": lambda w, u: {"pk": forecast_samples.sample_saved(w).pk}
        for name in ["saved", "saved_delete", "saved_share"]
    },
    **{
        f"forecasts:{name}": lambda w, u: {"pk": forecast_samples.sample_tracking(w).pk}
        for name in ["tracking", "tracking_refresh", "tracking_delete", "tracking_share"]
    },
    "forecasts:share_revoke": lambda w, u: {"pk": forecast_samples.sample_share(w)[0].pk},
    "forecast_share:view": lambda w, u: {"token": forecast_samples.sample_share(w)[1]},
    **{
        f"strategy:{name}": lambda w, u: {"product_id": w.product.pk}
        for name in ["product", "metric_new"]
    },
    **{
        f"strategy:{name}": lambda w, u: {"pk": make_metric(w.product, w.owner).pk}
        for name in [
            "metric",
            "metric_edit",
            "metric_delete",
            "value_add",
            "metric_import",
            "target_add",
            "annotation_add",
            "metric_csv",
        ]
    },
    "strategy:value_delete": lambda w, u: _metric_value(w),
    **{
        f"strategy:{name}": lambda w, u: (lambda job: {"pk": job.target_id, "job": job.pk})(
            make_import_job(w)
        )
        for name in ["metric_import_job", "metric_import_apply"]
    },
    **{
        f"strategy:{name}": lambda w, u: {"pk": make_cycle(w.workspace, w.owner).pk}
        for name in [
            "cycle",
            "cycle_edit",
            "cycle_close",
            "cycle_csv",
            "cycle_markdown",
            "objective_new",
        ]
    },
    **{
        f"strategy:{name}": lambda w, u: {"pk": make_okr(w).objective_id}
        for name in [
            "objective",
            "objective_edit",
            "objective_delete",
            "objective_review",
            "objective_carry",
            "key_result_new",
        ]
    },
    **{
        f"strategy:{name}": lambda w, u: {"pk": make_okr(w).pk}
        for name in ["key_result", "key_result_edit", "key_result_delete", "check_in"]
    },
    "strategy:check_in_delete": lambda w, u: {"pk": _check_in(w)},
    **{
        f"stakeholders:{name}": lambda w, u: {"pk": stakeholder_samples.sample_stakeholder(w).pk}
        for name in [
            "stakeholder",
            "stakeholder_edit",
            "grid_set",
            "salience_set",
            "engagement_set",
            "stance_set",
            "conversation_new",
        ]
    },
    "stakeholders:erase": lambda w, u: {"pk": stakeholder_samples.sample_erasable(w, u).pk},
    **{
        f"stakeholders:{name}": lambda w, u: {"pk": stakeholder_samples.sample_influence(w).pk}
        for name in ["influence_edit", "influence_delete"]
    },
    **{
        f"stakeholders:{name}": lambda w, u: {"pk": stakeholder_samples.sample_conversation(w).pk}
        for name in ["conversation_edit", "conversation_delete"]
    },
    **{
        f"stakeholders:{name}": lambda w, u: {"pk": stakeholder_samples.sample_plan_item(w).pk}
        for name in ["plan_edit", "plan_sent", "plan_delete"]
    },
    **{
        f"stakeholders:{name}": lambda w, u: {"pk": stakeholder_samples.sample_theme(w).pk}
        for name in ["theme_edit", "theme_delete"]
    },
    **{
        f"stakeholders:{name}": lambda w, u: {"job": stakeholder_samples.make_import_job(w).pk}
        for name in ["import_job", "import_apply"]
    },
}


def _routes(
    patterns=None, prefix: str = "", namespace: str = ""
) -> Iterator[tuple[str, str, URLPattern]]:
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace or namespace
            if ns == "api":
                continue  # the API has its own test below
            yield from _routes(entry.url_patterns, prefix + str(entry.pattern), ns)
        else:
            name = f"{namespace}:{entry.name}" if namespace else str(entry.name)
            yield prefix + str(entry.pattern), name, entry


ROUTES = sorted({name: (route, p) for route, name, p in _routes()}.items())


def _url(name: str, pattern: URLPattern, world: World, user) -> str:
    import re

    from django.urls import reverse

    kwargs = {}
    wanted = set(re.findall(r"<(?:\w+:)?(\w+)>", dict(ROUTES)[name][0]))
    if "slug" in wanted:
        kwargs["slug"] = world.workspace.slug
    if wanted - {"slug"}:
        assert name in ROUTE_SAMPLES, f"Route {name} takes {wanted}; add a sample to ROUTE_SAMPLES"
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
            client = Client()
            client.force_login(world.user(role))
            response = _request(client, _url(name, pattern, world, world.user(role)))
            assert response.status_code in (200, 302), f"{name} as {role}: {response.status_code}"
            assert not _is_login_redirect(response)
        return

    outsider = Client()
    outsider.force_login(world.outsider)
    assert _request(outsider, _url(name, pattern, world, world.outsider)).status_code == 404, (
        f"{name}: a member of another workspace must get 404"
    )
    for role in ROLES:
        client = Client()
        client.force_login(world.user(role))
        response = _request(client, _url(name, pattern, world, world.user(role)))
        if LEVEL[role] >= need:
            assert response.status_code in (200, 302), f"{name} as {role}: {response.status_code}"
            assert not _is_login_redirect(response)
        else:
            assert response.status_code == 404, f"{name} as {role} must be refused (404)"


# --- API -----------------------------------------------------------------------------------

NEED_LEVEL = {"view": 1, "contribute": 2, "edit": 3, "admin": 4}


def _api_operations() -> list[tuple[str, str, dict]]:
    from leitstern.api.api import api

    schema = api.get_openapi_schema()
    return sorted(
        (path, method, operation)
        for path, methods in schema["paths"].items()
        for method, operation in methods.items()
    )


API_PATH_SAMPLES: dict[str, Callable[[World], object]] = {
    "slug": lambda w: w.workspace.slug,
    "member_id": lambda w: (
        Membership.objects.create(workspace=w.workspace, user=make_user(), role="viewer").pk
    ),
    "product_id": lambda w: w.product.pk,
    "team_id": lambda w: forecast_samples.sample_team(w).pk,
    "forecast_id": lambda w: forecast_samples.sample_saved(w).pk,
    "tracking_id": lambda w: forecast_samples.sample_tracking(w).pk,
    "metric_id": lambda w: make_metric(w.product, w.owner).pk,
    "cycle_id": lambda w: make_cycle(w.workspace, w.owner).pk,
    "objective_id": lambda w: make_objective(make_cycle(w.workspace, w.owner), w.owner).pk,
    "key_result_id": lambda w: make_okr(w).pk,
    "check_in_id": _check_in,
    "stakeholder_id": lambda w: stakeholder_samples.sample_stakeholder(w).pk,
    "influence_id": lambda w: stakeholder_samples.sample_influence(w).pk,
    "conversation_id": lambda w: stakeholder_samples.sample_conversation(w).pk,
    "plan_id": lambda w: stakeholder_samples.sample_plan_item(w).pk,
}

# A valid body per operation, so access (not validation) is what decides the answer. A body
# that names other objects takes the world and builds them afresh for each call.
API_BODIES: dict[str, Callable[[], dict]] = {
    "leitstern_workspaces_api_invitation_create": lambda: {
        "email": f"invitee{next(_n)}@example.com",
        "role": "viewer",
    },
    "leitstern_workspaces_api_member_update": lambda: {"role": "contributor"},
    "leitstern_products_api_product_create": lambda: {"name": f"Marketplace {next(_n)}"},
    "leitstern_products_api_product_update": lambda: {"vision": f"Clearer {next(_n)}"},
    "leitstern_teams_api_team_create": lambda: {"name": f"Squad {next(_n)}"},
    "leitstern_teams_api_team_update": lambda: {"description": f"Builds {next(_n)}"},
    "leitstern_forecasts_api_item_push": lambda: {
        "items": [{"key": "API-1", "title": "Pushed", "done": "2025-01-06"}]
    },
    "leitstern_forecasts_api_item_delete": lambda: {"keys": ["API-404"]},
    "leitstern_forecasts_api_forecast_compute": lambda: {"question": "when", "items": 20},
    "leitstern_forecasts_api_saved_create": lambda: {
        "question": "when",
        "items": 20,
        "name": f"Release {next(_n)}",
    },
    "leitstern_forecasts_api_tracking_create": lambda: {
        "name": f"Release {next(_n)}",
        "items": 40,
        "start": "2025-01-01",
    },
    "leitstern_strategy_api_metric_create": lambda: {"name": f"Repeat rate {next(_n)}"},
    "leitstern_strategy_api_metric_update": lambda: {"description": f"Counted {next(_n)}"},
    "leitstern_strategy_api_metric_values_push": lambda: {
        "values": [{"date": "2026-01-05", "value": next(_n)}]
    },
    "leitstern_strategy_api_cycle_create": lambda: {
        "name": f"Cycle {next(_n)}",
        "starts_on": "2026-01-01",
        "ends_on": "2026-03-31",
    },
    "leitstern_strategy_api_cycle_close": lambda: {},
    "leitstern_strategy_api_objective_create": lambda: {"title": f"Happier shoppers {next(_n)}"},
    "leitstern_strategy_api_objective_update": lambda: {"description": f"Why {next(_n)}"},
    "leitstern_strategy_api_key_result_create": lambda: {
        "title": f"Raise repeat purchases to {next(_n)}%",
        "target": 90,
    },
    "leitstern_strategy_api_key_result_update": lambda: {"title": f"Raise NPS to {next(_n)}"},
    "leitstern_strategy_api_check_in_create": lambda: {"confidence": 7},
    **stakeholder_samples.API_BODIES,
}
_n = count()


def _api_url(path: str, world: World) -> str:
    import re

    def fill(match):
        key = match.group(1)
        assert key in API_PATH_SAMPLES, f"API path parameter {{{key}}} needs a sample"
        return str(API_PATH_SAMPLES[key](world))

    return re.sub(r"\{(\w+)\}", fill, path)


def _api_call(client: Client, method: str, url: str, body, token: str | None, world=None):
    if callable(body):
        body = body(world) if body.__code__.co_argcount else body()
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
        assert operation["operationId"] in API_BODIES, f"add a body for {operation['operationId']}"
        body = API_BODIES[operation["operationId"]]

    # Each call gets freshly built objects, so a delete by one role cannot hide the
    # answer for the next.
    def call(token: str | None) -> int:
        return _api_call(Client(), method, _api_url(path, world), body, token, world).status_code

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
            assert status in (200, 201, 204), f"{method.upper()} {path} as {role}: {status}"
        else:
            assert status == 404, f"{method.upper()} {path} as {role} must get 404, got {status}"
