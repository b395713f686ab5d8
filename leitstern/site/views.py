"""The shell's own pages: where a signed-in person lands, a workspace's overview, and the
page of a module still to come."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import redirect, render

from leitstern.activity.models import ActivityEntry
from leitstern.activity.selectors import runs
from leitstern.core.http import AuthenticatedRequest, WorkspaceRequest
from leitstern.products.selectors import products_of
from leitstern.site.modules import Nav, in_nav
from leitstern.workspaces.access import login_view, workspace_view
from leitstern.workspaces.models import Membership, Need


@login_view
def index(request: AuthenticatedRequest) -> HttpResponse:
    """Send people to the workspace they used last, or to the list to pick one."""
    memberships = Membership.objects.filter(
        user=request.user, workspace__deletion_requested_at__isnull=True
    ).select_related("workspace")
    last = request.session.get("workspace")
    for membership in memberships:
        if membership.workspace.slug == last:
            return redirect("site:home", slug=last)
    first = memberships.first()
    if first is not None:
        return redirect("site:home", slug=first.workspace.slug)
    return redirect("workspaces:list")


@workspace_view(need=Need.VIEW)
def home(request: WorkspaceRequest) -> HttpResponse:
    """The workspace's overview: its products, recent activity and the modules."""
    products = products_of(request.workspace)
    latest = ActivityEntry.objects.visible_to(request.member).select_related("actor", "product")[
        :80
    ]
    recent = runs(latest, limit=8)
    return render(
        request,
        "site/home.html",
        {"products": products, "recent": recent, "modules": in_nav(Nav.MODULES, request.member)},
    )
