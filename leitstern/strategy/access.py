"""Strategy's objects by a user-supplied id, only inside the member's workspace; missing,
elsewhere or beyond the member's role all answer 404. Pages and API use the same lookups.

``queryset`` narrows or prepares what is looked in (a key result annotated for scoring, the
values of one metric); the workspace check is the same."""

from __future__ import annotations

from django.db.models import QuerySet

from leitstern.core.imports.flow import jobs_for
from leitstern.core.imports.models import ImportJob
from leitstern.strategy.importers import METRIC_VALUES
from leitstern.strategy.models import CheckIn, Cycle, KeyResult, Metric, MetricValue, Objective
from leitstern.workspaces.access import get_object_for
from leitstern.workspaces.models import Membership, Need


def get_metric_for(member: Membership, pk: object, *, need: int = Need.VIEW) -> Metric:
    return get_object_for(
        member, Metric.objects.select_related("product__workspace"), pk, need=need
    )


def get_metric_value_for(
    member: Membership, pk: object, *, metric: Metric, need: int = Need.EDIT
) -> MetricValue:
    """A value of ``metric`` (404 for a value of any other metric)."""
    return get_object_for(member, MetricValue.objects.filter(metric=metric), pk, need=need)


def get_import_for(
    member: Membership, metric: Metric, pk: object, *, need: int = Need.EDIT
) -> ImportJob:
    """A values upload of ``metric`` (404 for another metric's or another importer's),
    without its file's bytes."""
    return get_object_for(member, jobs_for(METRIC_VALUES, metric), pk, need=need)


def get_cycle_for(member: Membership, pk: object, *, need: int = Need.VIEW) -> Cycle:
    return get_object_for(member, Cycle, pk, need=need)


def get_objective_for(
    member: Membership,
    pk: object,
    *,
    need: int = Need.VIEW,
    queryset: QuerySet[Objective] | None = None,
) -> Objective:
    if queryset is None:
        queryset = Objective.objects.select_related("cycle__workspace", "product", "team", "owner")
    return get_object_for(member, queryset, pk, need=need)


def get_key_result_for(
    member: Membership,
    pk: object,
    *,
    need: int = Need.VIEW,
    queryset: QuerySet[KeyResult] | None = None,
) -> KeyResult:
    if queryset is None:
        queryset = KeyResult.objects.select_related("objective__cycle__workspace", "metric")
    return get_object_for(member, queryset, pk, need=need)


def get_check_in_for(member: Membership, pk: object, *, need: int = Need.EDIT) -> CheckIn:
    return get_object_for(
        member,
        CheckIn.objects.select_related("key_result__objective__cycle__workspace"),
        pk,
        need=need,
    )
