"""Team histories and forecasts in the operators' admin: read-only (``core.admin``).
Share-link hashes never show. (Uploads are the kernel's import jobs, in ``core.admin``.)"""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from leitstern.core.admin import ReadOnlyAdmin
from leitstern.forecasts.models import (
    DailyCount,
    SavedForecast,
    ShareLink,
    TeamHistory,
    TrackingForecast,
    TrackingPoint,
    WipLimit,
    WorkItem,
)


@admin.register(WorkItem)
class WorkItemAdmin(ReadOnlyAdmin):
    list_display = ("key", "title", "team", "created", "started", "done")
    search_fields = ("key",)


@admin.register(TeamHistory)
class TeamHistoryAdmin(ReadOnlyAdmin):
    list_display = ("team", "version", "changed_at")


@admin.register(DailyCount)
class DailyCountAdmin(ReadOnlyAdmin):
    list_display = ("team", "day", "done", "arrived")


@admin.register(WipLimit)
class WipLimitAdmin(ReadOnlyAdmin):
    list_display = ("team", "limit", "version")


@admin.register(SavedForecast)
class SavedForecastAdmin(ReadOnlyAdmin):
    list_display = ("name", "team", "question", "made_at", "due", "scored_at")
    list_filter = ("question",)
    search_fields = ("name",)


@admin.register(TrackingForecast)
class TrackingForecastAdmin(ReadOnlyAdmin):
    list_display = ("name", "team", "items", "start", "created_at")
    search_fields = ("name",)


@admin.register(TrackingPoint)
class TrackingPointAdmin(ReadOnlyAdmin):
    list_display = ("tracking", "as_of", "done", "remaining", "p50", "p85")


@admin.register(ShareLink)
class ShareLinkAdmin(ReadOnlyAdmin):
    list_display = (
        "__str__",
        "workspace",
        "created_by",
        "created_at",
        "expires_at",
        "revoked_at",
        "state",
    )
    list_filter = ("workspace",)

    @admin.display(description=_("state"))
    def state(self, link: ShareLink) -> str:
        return link.state.label
