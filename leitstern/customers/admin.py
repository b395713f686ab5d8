"""Customers in the operators' admin: read-only (``core.admin``). Contact people are
personal data and stay out of the admin (``core/tests/test_admin.py`` lists them):
operators run the installation, they do not need anybody's address or phone."""

from __future__ import annotations

from django.contrib import admin

from leitstern.core.admin import ReadOnlyAdmin
from leitstern.customers.models import Organisation, Persona, Segment


@admin.register(Segment)
class SegmentAdmin(ReadOnlyAdmin):
    list_display = ("name", "workspace", "goal_per_quarter", "archived_at")
    list_filter = ("workspace",)


@admin.register(Persona)
class PersonaAdmin(ReadOnlyAdmin):
    list_display = ("name", "workspace", "goal_per_quarter", "archived_at")
    list_filter = ("workspace",)


@admin.register(Organisation)
class OrganisationAdmin(ReadOnlyAdmin):
    list_display = ("name", "workspace", "segment", "size", "country", "archived_at")
    list_filter = ("workspace", "size")
    search_fields = ("name",)
