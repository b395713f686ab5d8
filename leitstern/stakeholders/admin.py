"""The stakeholder map in the operators' admin: only what names nobody, read-only
(``core.admin``). Stakeholders, their positions, attitudes, ties, conversations and
communication plan rows are personal data about colleagues and stay out
(``core/tests/test_admin.py`` PERSONAL)."""

from __future__ import annotations

from django.contrib import admin

from leitstern.core.admin import ReadOnlyAdmin
from leitstern.stakeholders.models import NetworkRevision, Theme


@admin.register(Theme)
class ThemeAdmin(ReadOnlyAdmin):
    list_display = ("name", "workspace", "product", "created_at")
    list_filter = ("workspace",)
    search_fields = ("name",)


@admin.register(NetworkRevision)
class NetworkRevisionAdmin(ReadOnlyAdmin):
    list_display = ("workspace", "ties", "people", "changed_at")
