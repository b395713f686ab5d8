"""Discovery's objects by a user-supplied id, only inside the member's workspace; missing,
elsewhere or beyond the member's role all answer 404. Pages and API use the same lookups.

Each model declares ``workspace_path``; ``queryset`` narrows or prepares what is looked in
(related rows joined), the workspace check stays the same."""

from __future__ import annotations

from typing import Any

from django.db.models import Model, QuerySet

from leitstern.discovery.models import (
    EvidenceLink,
    Experiment,
    Hypothesis,
    Opportunity,
    Outcome,
    ScoringSession,
    Solution,
)
from leitstern.workspaces.access import get_object_for
from leitstern.workspaces.models import Membership, Need


def _get[M: Model](
    member: Membership, model: type[M], queryset: QuerySet[M] | None, pk: Any, need: int
) -> M:
    queryset = queryset if queryset is not None else model._default_manager.all()
    return get_object_for(member, queryset, pk, need=need)


def get_outcome_for(
    member: Membership, pk: Any, *, need: int = Need.VIEW, queryset: QuerySet | None = None
) -> Outcome:
    queryset = (
        queryset
        if queryset is not None
        else Outcome.objects.select_related("product__workspace", "key_result", "metric")
    )
    return _get(member, Outcome, queryset, pk, need)


def get_opportunity_for(
    member: Membership, pk: Any, *, need: int = Need.VIEW, queryset: QuerySet | None = None
) -> Opportunity:
    queryset = (
        queryset
        if queryset is not None
        else Opportunity.objects.select_related(
            "product__workspace", "outcome", "parent", "created_by"
        )
    )
    return _get(member, Opportunity, queryset, pk, need)


def get_solution_for(
    member: Membership, pk: Any, *, need: int = Need.VIEW, queryset: QuerySet | None = None
) -> Solution:
    queryset = (
        queryset
        if queryset is not None
        else Solution.objects.select_related("product__workspace", "opportunity__outcome")
    )
    return _get(member, Solution, queryset, pk, need)


def get_hypothesis_for(
    member: Membership, pk: Any, *, need: int = Need.VIEW, queryset: QuerySet | None = None
) -> Hypothesis:
    queryset = (
        queryset
        if queryset is not None
        else Hypothesis.objects.select_related(
            "product__workspace",
            "solution__opportunity__outcome",
            "key_result__objective",
            "metric",
        )
    )
    return _get(member, Hypothesis, queryset, pk, need)


def get_experiment_for(
    member: Membership, pk: Any, *, need: int = Need.VIEW, queryset: QuerySet | None = None
) -> Experiment:
    queryset = (
        queryset
        if queryset is not None
        else Experiment.objects.select_related("product__workspace", "result_metric", "closed_by")
    )
    return _get(member, Experiment, queryset, pk, need)


def get_session_for(
    member: Membership, pk: Any, *, need: int = Need.VIEW, queryset: QuerySet | None = None
) -> ScoringSession:
    queryset = (
        queryset
        if queryset is not None
        else ScoringSession.objects.select_related("product__workspace")
    )
    return _get(member, ScoringSession, queryset, pk, need)


def get_evidence_link_for(
    member: Membership, pk: Any, *, need: int = Need.EDIT, queryset: QuerySet | None = None
) -> EvidenceLink:
    queryset = (
        queryset
        if queryset is not None
        else EvidenceLink.objects.select_related("opportunity__product__workspace")
    )
    return _get(member, EvidenceLink, queryset, pk, need)
