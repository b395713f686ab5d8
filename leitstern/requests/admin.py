"""Requests and commitments in the operators' admin: read-only (``core.admin``)."""

from __future__ import annotations

from django.contrib import admin

from leitstern.core.admin import ReadOnlyAdmin
from leitstern.requests.models import (
    Commitment,
    DateChange,
    PersonAccount,
    Request,
    RequestAccount,
    RequestComment,
    RequestSettings,
    RevenueRollup,
    RollupState,
)


@admin.register(RequestSettings)
class RequestSettingsAdmin(ReadOnlyAdmin):
    list_display = ("workspace", "currency", "ageing_days")


@admin.register(Request)
class RequestAdmin(ReadOnlyAdmin):
    list_display = ("title", "workspace", "status", "source", "urgency", "created_at")
    list_filter = ("status", "source")
    search_fields = ("title",)


@admin.register(RequestAccount)
class RequestAccountAdmin(ReadOnlyAdmin):
    list_display = ("request", "organisation", "stage", "arr")


@admin.register(RequestComment)
class RequestCommentAdmin(ReadOnlyAdmin):
    list_display = ("request", "author", "created_at")


@admin.register(Commitment)
class CommitmentAdmin(ReadOnlyAdmin):
    list_display = ("what", "workspace", "organisation", "due_on", "state", "contractual")
    list_filter = ("state",)
    search_fields = ("what",)


@admin.register(DateChange)
class DateChangeAdmin(ReadOnlyAdmin):
    list_display = ("commitment", "old", "new", "by", "at")


@admin.register(RevenueRollup)
class RevenueRollupAdmin(ReadOnlyAdmin):
    list_display = (
        "workspace",
        "roadmap_item",
        "opportunity",
        "revenue",
        "accounts",
        "computed_at",
    )


@admin.register(RollupState)
class RollupStateAdmin(ReadOnlyAdmin):
    list_display = ("workspace", "computed_at", "organisations", "organisations_changed")


@admin.register(PersonAccount)
class PersonAccountAdmin(ReadOnlyAdmin):
    list_display = ("workspace", "user", "organisation")
