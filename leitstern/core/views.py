from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render

from leitstern.activity.models import ActivityEntry
from leitstern.activity.selectors import runs
from leitstern.core.http import AuthenticatedRequest, WorkspaceRequest
from leitstern.core.modules import MODULES_BY_KEY, modules_for
from leitstern.workspaces.access import login_view, workspace_view
from leitstern.workspaces.models import Membership, Need


@login_view
def home(request: AuthenticatedRequest) -> HttpResponse:
    """Send people to the workspace they used last, or to the list to pick one."""
    memberships = Membership.objects.filter(
        user=request.user, workspace__deletion_requested_at__isnull=True
    ).select_related("workspace")
    last = request.session.get("workspace")
    for membership in memberships:
        if membership.workspace.slug == last:
            return redirect("workspaces:home", slug=last)
    first = memberships.first()
    if first is not None:
        return redirect("workspaces:home", slug=first.workspace.slug)
    return redirect("workspaces:list")


@workspace_view(need=Need.VIEW)
def dashboard(request: WorkspaceRequest) -> HttpResponse:
    products = request.workspace.products.active()
    latest = ActivityEntry.objects.visible_to(request.member).select_related("actor", "product")[
        :80
    ]
    recent = runs(latest, limit=8)
    return render(
        request,
        "core/dashboard.html",
        {"products": products, "recent": recent, "modules": modules_for(request.member)},
    )


@workspace_view(need=Need.VIEW)
def module(request: WorkspaceRequest, module: str) -> HttpResponse:
    entry = MODULES_BY_KEY.get(module)
    if entry is None or not entry.reachable_by(request.member):
        raise Http404
    return render(request, "core/module_empty.html", {"module": entry})
