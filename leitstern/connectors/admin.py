"""Connectors in the operators' admin: read-only (``core.admin``); credentials never show."""

from __future__ import annotations

from django.contrib import admin

from leitstern.connectors.models import Connector, SyncedKey
from leitstern.core.admin import ReadOnlyAdmin


@admin.register(Connector)
class ConnectorAdmin(ReadOnlyAdmin):
    list_display = ("name", "kind", "team", "state", "last_success_at", "problem")
    list_filter = ("kind", "problem")
    search_fields = ("name",)
    exclude = ("secret",)


@admin.register(SyncedKey)
class SyncedKeyAdmin(ReadOnlyAdmin):
    list_display = ("key", "connector")
    search_fields = ("key",)
