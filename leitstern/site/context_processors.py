from __future__ import annotations

from django.http import HttpRequest

from leitstern.site.modules import Nav, in_nav


def workspace_nav(request: HttpRequest) -> dict:
    """What the page shell needs: the current workspace and member, the other workspaces to
    switch to, and the module navigation. One query, only for signed-in pages."""
    member = getattr(request, "member", None)
    user = getattr(request, "user", None)
    if not (user and user.is_authenticated):
        return {}

    def switcher():
        return [
            m.workspace
            for m in user.memberships.select_related("workspace").filter(
                workspace__deletion_requested_at__isnull=True
            )
        ]

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
