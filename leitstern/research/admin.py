"""Research in the operators' admin: read-only (``core.admin``). Participants, their
consents and consent links, conversations, attachments, quotes and the search index hold
personal data and stay out of the admin altogether (``core/tests/test_admin.py`` lists
them): operators run the installation, they do not need to read who said what. A
workspace's owners export and erase that data on the research pages."""

from __future__ import annotations

from django.contrib import admin

from leitstern.core.admin import ReadOnlyAdmin
from leitstern.research.models import (
    ConsentText,
    Insight,
    ReminderPreference,
    ResearchSettings,
    Tag,
)


@admin.register(ConsentText)
class ConsentTextAdmin(ReadOnlyAdmin):
    list_display = ("workspace", "purpose", "language", "version", "created_at")
    list_filter = ("purpose", "language")


@admin.register(Insight)
class InsightAdmin(ReadOnlyAdmin):
    list_display = ("title", "workspace", "product", "created_at", "archived_at")
    search_fields = ("title",)


@admin.register(Tag)
class TagAdmin(ReadOnlyAdmin):
    list_display = ("name", "workspace", "created_at")


@admin.register(ResearchSettings)
class ResearchSettingsAdmin(ReadOnlyAdmin):
    list_display = ("workspace", "consent_months", "transcript_months", "updated_at")


@admin.register(ReminderPreference)
class ReminderPreferenceAdmin(ReadOnlyAdmin):
    list_display = ("workspace", "user", "weekly_email")
