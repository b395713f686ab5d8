"""Teams in the operators' admin: read-only (``core.admin``)."""

from __future__ import annotations

from django.contrib import admin

from leitstern.core.admin import ReadOnlyAdmin
from leitstern.teams.models import Team


@admin.register(Team)
class TeamAdmin(ReadOnlyAdmin):
    list_display = ("name", "workspace", "created_at")
    list_filter = ("workspace",)
    search_fields = ("name",)
