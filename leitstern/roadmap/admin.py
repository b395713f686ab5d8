"""Roadmaps, their items, history, audiences and decisions in the operators' admin:
read-only (``core.admin``). Share-link hashes never show."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from leitstern.core.admin import ReadOnlyAdmin
from leitstern.roadmap.models import (
    Audience,
    AudienceLink,
    Decision,
    Follow,
    ItemChange,
    ItemComment,
    Pause,
    Roadmap,
    RoadmapItem,
    Snapshot,
    StakeholderFollow,
)


@admin.register(Roadmap)
class RoadmapAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "workspace", "product", "wip_limit", "created_at")
    list_filter = ("workspace",)


@admin.register(RoadmapItem)
class RoadmapItemAdmin(ReadOnlyAdmin):
    list_display = ("title", "roadmap", "horizon", "status", "visibility", "removed_at")
    list_filter = ("horizon", "status")
    search_fields = ("title",)


@admin.register(ItemComment)
class ItemCommentAdmin(ReadOnlyAdmin):
    list_display = ("item", "author", "created_at")


@admin.register(ItemChange)
class ItemChangeAdmin(ReadOnlyAdmin):
    list_display = ("title", "roadmap", "kind", "actor", "at")
    list_filter = ("kind",)
    search_fields = ("title",)


@admin.register(Snapshot)
class SnapshotAdmin(ReadOnlyAdmin):
    list_display = ("name", "roadmap", "taken_by", "taken_at")
    search_fields = ("name",)


@admin.register(Pause)
class PauseAdmin(ReadOnlyAdmin):
    list_display = ("title", "roadmap", "kind", "starts_on", "ends_on")


@admin.register(Decision)
class DecisionAdmin(ReadOnlyAdmin):
    list_display = ("title", "roadmap", "decided_by", "decided_on", "revisit_on")
    search_fields = ("title",)


@admin.register(Audience)
class AudienceAdmin(ReadOnlyAdmin):
    list_display = ("name", "workspace", "preset", "include_internal", "created_at")
    list_filter = ("workspace",)
    search_fields = ("name",)


@admin.register(AudienceLink)
class AudienceLinkAdmin(ReadOnlyAdmin):
    list_display = (
        "__str__",
        "audience",
        "created_by",
        "created_at",
        "expires_at",
        "revoked_at",
        "state",
    )

    @admin.display(description=_("state"))
    def state(self, link: AudienceLink) -> str:
        return link.state.label


@admin.register(Follow)
class FollowAdmin(ReadOnlyAdmin):
    list_display = ("user", "roadmap", "audience", "created_at")


@admin.register(StakeholderFollow)
class StakeholderFollowAdmin(ReadOnlyAdmin):
    """Which roadmaps and views have stakeholder followers; who they are is personal data
    and stays out of the operators' admin."""

    list_display = ("id", "roadmap", "audience", "created_at")
    exclude = ("stakeholder",)
