"""Who may see and do what. The one place that turns user-supplied ids into objects.

Every view, API endpoint and export resolves objects through these functions, or through
the typed lookups each domain app builds on ``get_object_for`` in its own ``access.py``
(``teams.access.get_team_for(member, pk, need=Need.EDIT) -> Team``). A missing object and
one the member may not reach answer the same: ``Http404``. Rules:

* A workspace is reachable only by its members.
* Roles are ordered owner > editor > contributor > viewer; an action declares the
  ``Need`` it requires (read, contribute, edit, administer) and a role reaches every need up
  to its own level.
* Every model reached by id declares once how it belongs to a workspace:
  ``workspace_path``, the lookup from the model to its workspace (``"workspace"``,
  ``"team__workspace"``, ``"objective__cycle__workspace"``). The workspace export reads
  the same declaration.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import TYPE_CHECKING, Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ImproperlyConfigured, ObjectDoesNotExist
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse

from leitstern.workspaces.models import Invitation, Membership, Need

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from leitstern.accounts.models import User


def membership_for(
    user: User | AnonymousUser,
    slug: str,
    *,
    need: int = Need.VIEW,
    pending_deletion: bool = False,
) -> Membership:
    """The user's membership in the workspace ``slug`` if it reaches ``need``, else 404.

    A workspace scheduled for deletion is hidden (404) unless ``pending_deletion`` is set,
    which only the page that restores it does."""
    if not user.is_authenticated:
        raise Http404
    memberships = Membership.objects.select_related("workspace", "user").filter(
        user=user, workspace__slug=slug
    )
    if not pending_deletion:
        memberships = memberships.filter(workspace__deletion_requested_at__isnull=True)
    # At most one (unique per workspace and person): no ordering to compile and sort by.
    membership = next(iter(memberships.order_by()[:1]), None)
    if membership is None or not membership.can(need):
        raise Http404
    return membership


def require(member: Membership, need: int) -> None:
    if not member.can(need):
        raise Http404


def get_member_for(member: Membership, pk: Any, *, need: int = Need.ADMIN) -> Membership:
    return get_object_for(member, Membership.objects.select_related("user"), pk, need=need)


def get_invitation_for(member: Membership, pk: Any, *, need: int = Need.ADMIN) -> Invitation:
    return get_object_for(member, Invitation, pk, need=need)


def get_object_for[M: models.Model](
    member: Membership,
    model: type[M] | models.QuerySet[M],
    pk: Any,
    *,
    need: int = Need.VIEW,
) -> M:
    """Any domain object by a user-supplied ``pk``, only inside the member's workspace.

    ``model`` is the model or a queryset of it (narrowed, or with related rows joined); its
    ``workspace_path`` says how it belongs to a workspace. Missing, in another workspace, or
    beyond the member's role: 404 all the same."""
    require(member, need)
    queryset = model if isinstance(model, models.QuerySet) else model._default_manager.all()
    path = workspace_path(queryset.model)
    try:
        return queryset.get(**{path: member.workspace, "pk": int(pk)})
    except (ObjectDoesNotExist, ValueError, TypeError):
        raise Http404 from None


def workspace_path(model: type[models.Model]) -> str:
    """The lookup from ``model`` to its workspace, as the model declares it."""
    path = getattr(model, "workspace_path", None)
    if not path:
        raise ImproperlyConfigured(
            f'{model._meta.label} declares no workspace_path (e.g. "team__workspace").'
        )
    return path


def workspace_view(*, need: int, pending_deletion: bool = False) -> Callable:
    """Decorate a view under ``/w/<slug>/``: signs in, resolves the membership (404 when the
    user is no member or the role is too low) and hands ``request.member``/``workspace`` on.

    The need is kept on the view (``access_need``) so the access tests can check every
    route against it."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapper(request: HttpRequest, slug: str, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            member = membership_for(
                request.user, slug, need=need, pending_deletion=pending_deletion
            )
            request.member = member  # type: ignore[attr-defined]  # a WorkspaceRequest now
            request.workspace = member.workspace  # type: ignore[attr-defined]  # the same
            if request.session.get("workspace") != member.workspace.slug:
                # Written only when it changes: saving the session costs a write per page.
                request.session["workspace"] = member.workspace.slug
            return view(request, *args, **kwargs)

        wrapper.access_need = need  # type: ignore[attr-defined]  # read by the access walk
        return wrapper

    return decorator


def login_view(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A page for any signed-in person, outside a workspace (profile, tokens, switcher)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    wrapper.access_need = "login"  # type: ignore[attr-defined]  # read by the access walk
    return wrapper


def public_view(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Mark a page deliberately open to anonymous visitors (login, sign-up, share links)."""
    view.access_need = "public"  # type: ignore[attr-defined]  # read by the access walk
    return view
