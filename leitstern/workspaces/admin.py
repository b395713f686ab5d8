"""Workspaces, their members and invitations in the operators' admin (``core.admin``).
Members and roles change on the workspace's Members page, where the rule "at least one
owner" and the activity log apply; here operators look, revoke invitations and cancel a
workspace's scheduled deletion, through the same services."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from leitstern.core.admin import ReadOnlyAdmin
from leitstern.workspaces.lifecycle import workspace_restore
from leitstern.workspaces.models import Invitation, Membership, Workspace
from leitstern.workspaces.services import invitation_revoke


class MembershipInline(admin.TabularInline):
    model = Membership
    fields = ("user", "role", "joined_at")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request: HttpRequest, obj: Workspace | None = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Workspace | None = None) -> bool:
        return False

    def has_view_permission(self, request: HttpRequest, obj: Workspace | None = None) -> bool:
        return self.admin_site.has_permission(request)


@admin.register(Workspace)
class WorkspaceAdmin(ReadOnlyAdmin):
    list_display = ("name", "slug", "created_at", "deletion_requested_at")
    search_fields = ("name", "slug")
    inlines = [MembershipInline]
    actions = ["restore"]

    @admin.action(description=_("Cancel the scheduled deletion"))
    def restore(self, request: HttpRequest, queryset: QuerySet[Workspace]) -> None:
        restored = 0
        for workspace in queryset.filter(deletion_requested_at__isnull=False):
            try:
                workspace_restore(actor=request.user, workspace=workspace)
            except ValidationError as error:
                self.message_user(
                    request, f"{workspace}: {' '.join(error.messages)}", messages.ERROR
                )
            else:
                restored += 1
        self.message_user(
            request,
            ngettext("%(n)d workspace kept.", "%(n)d workspaces kept.", restored) % {"n": restored},
            messages.SUCCESS,
        )


@admin.register(Membership)
class MembershipAdmin(ReadOnlyAdmin):
    list_display = ("user", "workspace", "role", "joined_at")
    list_filter = ("role", "workspace")
    search_fields = ("user__email", "user__name", "workspace__name")


@admin.register(Invitation)
class InvitationAdmin(ReadOnlyAdmin):
    list_display = (
        "email",
        "workspace",
        "role",
        "invited_by",
        "created_at",
        "expires_at",
        "accepted_at",
        "revoked_at",
    )
    list_filter = ("workspace", "role")
    search_fields = ("email",)
    actions = ["revoke"]

    @admin.action(description=_("Revoke the selected invitations"))
    def revoke(self, request: HttpRequest, queryset: QuerySet[Invitation]) -> None:
        pending = list(queryset.pending().select_related("workspace"))
        for invitation in pending:
            invitation_revoke(actor=request.user, invitation=invitation)
        self.message_user(
            request,
            ngettext("%(n)d invitation revoked.", "%(n)d invitations revoked.", len(pending))
            % {"n": len(pending)},
            messages.SUCCESS,
        )
