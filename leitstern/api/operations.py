"""One decorator per API operation states the role level it needs, once.

::

    @router.patch("/workspaces/{slug}/teams/{team_id}", response=TeamOut)
    @operation(need=Need.EDIT)
    def team_update(request: WorkspaceRequest, slug: Slug, team_id: Id, payload: TeamPatch):
        team = get_team_for(request.member, team_id)
        ...

Before the function runs, the caller's membership in the workspace ``slug`` is resolved
with that need (``workspaces.access.membership_for``) and handed on as ``request.member`` and
``request.workspace``; a token for another workspace, a non-member and a role below the need
all answer 404. The need is written into the operation's OpenAPI entry as
``x-leitstern-need``, which the access test (``core/tests/test_access.py``) reads to try
every role on every operation. ``operation(need=LOGIN)`` is for operations outside a
workspace (any valid token or session)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import TYPE_CHECKING, Any, Literal, TypeVar

from django.core.exceptions import ImproperlyConfigured
from django.http import Http404, HttpRequest
from ninja.utils import contribute_operation_callback

from leitstern.api.auth import token_workspace_slug
from leitstern.workspaces.access import membership_for
from leitstern.workspaces.models import Membership, Need

if TYPE_CHECKING:
    from ninja.operation import Operation

F = TypeVar("F", bound=Callable[..., Any])

LOGIN: Literal["login"] = "login"
# The level names the OpenAPI description uses (``x-leitstern-need``).
LEVEL_NAMES = {
    Need.VIEW: "view",
    Need.CONTRIBUTE: "contribute",
    Need.EDIT: "edit",
    Need.ADMIN: "admin",
}


def api_member(request: HttpRequest, slug: str, need: int) -> Membership:
    """The caller's membership in ``slug`` reaching ``need``; 404 otherwise. A token reaches
    only its own workspace."""
    scoped = token_workspace_slug(request)
    if scoped is not None and scoped != slug:
        raise Http404
    return membership_for(request.user, slug, need=need)


def operation(*, need: Need | Literal["login"]) -> Callable[[F], F]:
    """Declare the need of the API operation below the router's decorator (see the module's
    docstring). The function itself is returned unchanged, so its signature still tells
    django-ninja the operation's parameters."""
    level = LOGIN if need == LOGIN else LEVEL_NAMES[Need(need)]

    def contribute(op: Operation) -> None:
        op.openapi_extra = {**(op.openapi_extra or {}), "x-leitstern-need": level}
        if need == LOGIN:
            return
        if "{slug}" not in op.path:
            raise ImproperlyConfigured(f"{op.path}: a workspace operation needs {{slug}}")
        view = op.view_func

        @wraps(view)
        def resolved(request: HttpRequest, **values: Any) -> Any:
            member = api_member(request, values["slug"], need)
            request.member = member  # type: ignore[attr-defined]  # WorkspaceRequest carries it
            request.workspace = member.workspace  # type: ignore[attr-defined]  # WorkspaceRequest carries it
            return view(request, **values)

        op.view_func = resolved

    def decorator(func: F) -> F:
        func.access_need = need  # type: ignore[attr-defined]  # read by the access walk
        existing = getattr(func, "_ninja_operation", None)
        if existing is not None:  # written above the router's decorator
            contribute(existing)
        else:
            contribute_operation_callback(func, contribute)
        return func

    return decorator
