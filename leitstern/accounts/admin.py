"""People and their API tokens in the operators' admin (``core.admin``). Passwords are set
by their owners (or ``leitstern changepassword``), never here; token hashes never show."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from leitstern.accounts.models import ApiToken, SignInThrottle, User
from leitstern.accounts.services import api_token_revoke
from leitstern.core.admin import OperatorAdmin, ReadOnlyAdmin


@admin.register(User)
class UserAdmin(OperatorAdmin):
    """An operator may lock an account out (``is_active``); only a superuser makes
    operators (``is_staff``, ``is_superuser``). Accounts are deleted by their owners, who
    get their data and a placeholder first (``accounts.deletion``), never here."""

    list_display = (
        "email",
        "name",
        "language",
        "is_active",
        "is_staff",
        "is_superuser",
        "last_login",
    )
    list_filter = ("is_active", "is_staff", "is_superuser")
    search_fields = ("email", "name")
    ordering = ("email",)
    fields = (
        "email",
        "name",
        "language",
        "is_active",
        "is_staff",
        "is_superuser",
        "last_login",
        "date_joined",
    )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: User | None = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: User | None = None) -> bool:
        return self.admin_site.has_permission(request)

    def get_readonly_fields(self, request: HttpRequest, obj: User | None = None):
        kept = ["email", "name", "language", "last_login", "date_joined"]
        if not request.user.is_superuser:
            kept += ["is_staff", "is_superuser"]
        if obj is not None and obj.pk == request.user.pk:
            kept += ["is_active"]  # nobody locks themselves out
        return kept


@admin.register(ApiToken)
class ApiTokenAdmin(ReadOnlyAdmin):
    list_display = ("name", "user", "workspace", "hint", "created_at", "last_used_at", "revoked_at")
    list_filter = ("workspace",)
    search_fields = ("name", "user__email", "hint")
    actions = ["revoke"]

    @admin.action(description=_("Revoke the selected tokens"))
    def revoke(self, request: HttpRequest, queryset: QuerySet[ApiToken]) -> None:
        tokens = list(queryset.filter(revoked_at__isnull=True).select_related("workspace"))
        for token in tokens:
            api_token_revoke(actor=request.user, token=token)
        self.message_user(
            request,
            ngettext("%(n)d token revoked.", "%(n)d tokens revoked.", len(tokens))
            % {"n": len(tokens)},
            messages.SUCCESS,
        )


@admin.register(SignInThrottle)
class SignInThrottleAdmin(ReadOnlyAdmin):
    """Failed sign-ins counted per account (its email address) or per client network.
    Deleting a row lifts its limit at once, e.g. for a locked-out colleague."""

    list_display = ("scope", "key", "failures", "window_started_at")
    list_filter = ("scope",)
    search_fields = ("key",)
    actions = []  # Django's "delete selected", nothing else

    def has_delete_permission(
        self, request: HttpRequest, obj: SignInThrottle | None = None
    ) -> bool:
        return self.admin_site.has_permission(request)
