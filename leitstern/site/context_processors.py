from __future__ import annotations

from django.http import HttpRequest

from leitstern.site.modules import Nav, in_nav
from leitstern.workspaces.models import Workspace


def workspace_nav(request: HttpRequest) -> dict:
    """What the page shell needs: the current workspace and member, the other workspaces to
    switch to, and the module navigation. One query, only for signed-in pages."""
    member = getattr(request, "member", None)
    user = getattr(request, "user", None)
    if not (user and user.is_authenticated):
        return {}

    def switcher():
        # The workspaces alone, by name: on every page, so no memberships to build.
        return (
            Workspace.objects.filter(memberships__user=user, deletion_requested_at__isnull=True)
            .only("slug", "name")
            .order_by("name", "id")
        )

    match = getattr(request, "resolver_match", None)
    return {
        "member": member,
        "workspace": member.workspace if member else None,
        "switch_workspaces": switcher,
        "nav_main": in_nav(Nav.MAIN, member),
        "nav_modules": in_nav(Nav.MODULES, member),
        "nav_workspace": in_nav(Nav.WORKSPACE, member),
        "nav_current": (match.kwargs.get("module") or match.namespace) if match else "",
    }
