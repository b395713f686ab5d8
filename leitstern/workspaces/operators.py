"""Who runs the installation: operators, the only people who may open the admin (``/admin/``).

An operator is an active account marked staff (``is_staff``) that owns at least one
workspace, or a superuser (``leitstern createsuperuser``, see ``docs/operations.md``). Staff
alone is not enough, so the flag set by mistake on an ordinary account opens nothing.

The site signs people in through Leitstern's own sign-in page (with its throttling, never
the admin's form), sends anyone signed out there, and answers everyone else 404, like any
page they may not reach."""

from __future__ import annotations

from collections.abc import Callable
from functools import update_wrapper
from typing import Any

from django.contrib import admin
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from leitstern.workspaces.models import Role


def is_operator(user: Any) -> bool:
    if not (user.is_authenticated and user.is_active):
        return False
    if user.is_superuser:
        return True
    return user.is_staff and user.memberships.filter(role=Role.OWNER).exists()


class OperatorAdminSite(admin.AdminSite):
    site_header = _("Leitstern operations")
    site_title = _("Leitstern operations")
    index_title = _("Installation")
    enable_nav_sidebar = False

    def has_permission(self, request: HttpRequest) -> bool:
        # Asked once per model on a page: answered once per request.
        if not hasattr(request, "_is_operator"):
            request._is_operator = is_operator(request.user)  # type: ignore[attr-defined]  # cached on the request
        return request._is_operator  # type: ignore[attr-defined]  # cached on the request

    def admin_view(self, view: Callable, cacheable: bool = False) -> Callable:
        inner = super().admin_view(view, cacheable)

        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not self.has_permission(request):
                raise Http404
            return inner(request, *args, **kwargs)

        update_wrapper(wrapper, view)
        wrapper.access_need = "operator"  # type: ignore[attr-defined]  # read by the access walk
        return wrapper

    def login(self, request: HttpRequest, extra_context: dict | None = None) -> HttpResponse:
        """Leitstern's sign-in page (throttled), not a second form; signed in but no
        operator: 404."""
        if request.user.is_authenticated:
            if self.has_permission(request):
                return HttpResponseRedirect(reverse("admin:index", current_app=self.name))
            raise Http404
        next_url = request.GET.get(REDIRECT_FIELD_NAME) or reverse(
            "admin:index", current_app=self.name
        )
        return redirect_to_login(next_url)
