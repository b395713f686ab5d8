"""Metrics, OKRs and check-ins in the operators' admin: read-only (``core.admin``)."""

from __future__ import annotations

from django.contrib import admin

from leitstern.core.admin import ReadOnlyAdmin
from leitstern.strategy.models import (
    Annotation,
    CheckIn,
    Cycle,
    KeyResult,
    Metric,
    MetricTarget,
    MetricValue,
    Objective,
    ReminderPreference,
)


@admin.register(Metric)
class MetricAdmin(ReadOnlyAdmin):
    list_display = ("name", "product", "role", "unit", "direction")
    list_filter = ("role",)
    search_fields = ("name",)


@admin.register(MetricValue)
class MetricValueAdmin(ReadOnlyAdmin):
    list_display = ("metric", "day", "value", "source", "recorded_by")
    search_fields = ("metric__name",)


@admin.register(MetricTarget)
class MetricTargetAdmin(ReadOnlyAdmin):
    list_display = ("metric", "day", "value", "label")


@admin.register(Annotation)
class AnnotationAdmin(ReadOnlyAdmin):
    list_display = ("day", "text", "product", "metric")


@admin.register(Cycle)
class CycleAdmin(ReadOnlyAdmin):
    list_display = ("name", "workspace", "starts_on", "ends_on", "closed_at")
    list_filter = ("workspace",)
    search_fields = ("name",)


@admin.register(Objective)
class ObjectiveAdmin(ReadOnlyAdmin):
    list_display = ("title", "cycle", "kind", "owner", "product", "team")
    search_fields = ("title",)


@admin.register(KeyResult)
class KeyResultAdmin(ReadOnlyAdmin):
    list_display = ("title", "objective", "baseline", "target", "current", "owner")
    search_fields = ("title",)


@admin.register(CheckIn)
class CheckInAdmin(ReadOnlyAdmin):
    list_display = ("key_result", "week", "value", "confidence", "author")


@admin.register(ReminderPreference)
class ReminderPreferenceAdmin(ReadOnlyAdmin):
    list_display = ("user", "workspace", "weekly_email")
