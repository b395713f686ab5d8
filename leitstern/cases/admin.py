"""Business cases in the operators' admin: read-only (``core.admin``)."""

from __future__ import annotations

from django.contrib import admin

from leitstern.cases.models import (
    BusinessCase,
    CaseActual,
    CaseCorrelation,
    CaseEvent,
    CaseLine,
    CasePhase,
    ComparisonRun,
    VerdictUpdate,
)
from leitstern.core.admin import ReadOnlyAdmin


@admin.register(BusinessCase)
class BusinessCaseAdmin(ReadOnlyAdmin):
    list_display = ("name", "workspace", "horizon_months", "revision", "computed_at")
    list_filter = ("workspace",)
    search_fields = ("name",)
    exclude = ("result",)


@admin.register(CasePhase)
class CasePhaseAdmin(ReadOnlyAdmin):
    list_display = ("name", "case", "start_month", "end_month", "probability")


@admin.register(CaseLine)
class CaseLineAdmin(ReadOnlyAdmin):
    list_display = ("name", "case", "kind", "category", "driver")
    list_filter = ("kind", "category")


@admin.register(CaseActual)
class CaseActualAdmin(ReadOnlyAdmin):
    list_display = ("case", "month", "cost", "benefit")


@admin.register(CaseEvent)
class CaseEventAdmin(ReadOnlyAdmin):
    list_display = ("name", "case", "probability")


@admin.register(CaseCorrelation)
class CaseCorrelationAdmin(ReadOnlyAdmin):
    list_display = ("case", "first", "second", "rank")


@admin.register(VerdictUpdate)
class VerdictUpdateAdmin(ReadOnlyAdmin):
    list_display = ("case", "verdict", "accepted", "field", "decided_at")


@admin.register(ComparisonRun)
class ComparisonRunAdmin(ReadOnlyAdmin):
    list_display = ("cases", "workspace", "state", "trials", "computed_at")
    exclude = ("result",)
