"""Discovery in the operators' admin: read-only (``core.admin``): outcomes, the
opportunity tree, hypotheses, experiments with their verdicts, scores and scoring sessions.
Every change goes through the discovery pages and services."""

from __future__ import annotations

from django.contrib import admin

from leitstern.core.admin import ReadOnlyAdmin
from leitstern.discovery.models import (
    DiscoverySettings,
    EvidenceLink,
    Experiment,
    Hypothesis,
    Opportunity,
    Outcome,
    Score,
    ScoringSession,
    SessionVote,
    Solution,
    Verdict,
)


@admin.register(Outcome)
class OutcomeAdmin(ReadOnlyAdmin):
    list_display = ("title", "product", "key_result", "created_at")
    search_fields = ("title",)


@admin.register(Opportunity)
class OpportunityAdmin(ReadOnlyAdmin):
    list_display = ("title", "product", "stage", "created_at")
    list_filter = ("stage",)
    search_fields = ("title",)


@admin.register(EvidenceLink)
class EvidenceLinkAdmin(ReadOnlyAdmin):
    """Which insight or quote an opportunity cites (labels only, never a quote's words)."""

    list_display = ("opportunity", "insight", "quote", "review", "created_at")
    list_filter = ("review",)


@admin.register(Solution)
class SolutionAdmin(ReadOnlyAdmin):
    list_display = ("title", "product", "status", "created_at")
    list_filter = ("status",)
    search_fields = ("title",)


@admin.register(Hypothesis)
class HypothesisAdmin(ReadOnlyAdmin):
    list_display = ("pk", "product", "metric_kind", "target_date")


@admin.register(Experiment)
class ExperimentAdmin(ReadOnlyAdmin):
    list_display = ("title", "product", "kind", "status", "starts_on", "ends_on")
    list_filter = ("kind", "status")
    search_fields = ("title",)


@admin.register(Verdict)
class VerdictAdmin(ReadOnlyAdmin):
    list_display = ("pk", "experiment", "hypothesis", "outcome", "decided_at")
    list_filter = ("outcome",)


@admin.register(Score)
class ScoreAdmin(ReadOnlyAdmin):
    list_display = ("pk", "product", "value")


@admin.register(ScoringSession)
class ScoringSessionAdmin(ReadOnlyAdmin):
    list_display = ("title", "product", "method", "status", "created_at", "closed_at")


@admin.register(SessionVote)
class SessionVoteAdmin(ReadOnlyAdmin):
    list_display = ("pk", "session", "solution", "scorer", "value")


@admin.register(DiscoverySettings)
class DiscoverySettingsAdmin(ReadOnlyAdmin):
    list_display = ("product", "scoring_method", "stale_weeks")
