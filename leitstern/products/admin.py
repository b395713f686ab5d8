"""Products in the operators' admin: read-only (``core.admin``)."""

from __future__ import annotations

from django.contrib import admin

from leitstern.core.admin import ReadOnlyAdmin
from leitstern.products.models import Product


@admin.register(Product)
class ProductAdmin(ReadOnlyAdmin):
    list_display = ("name", "workspace", "created_at", "archived_at")
    list_filter = ("workspace",)
    search_fields = ("name",)
