"""The activity log in the operators' admin: read-only, like everything a page records."""

from __future__ import annotations

from django.contrib import admin

from leitstern.activity.models import ActivityEntry
from leitstern.core.admin import ReadOnlyAdmin


@admin.register(ActivityEntry)
class ActivityEntryAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "workspace", "actor", "kind", "target_label")
    list_filter = ("workspace",)
    search_fields = ("kind", "target_label")
    date_hierarchy = "created_at"
