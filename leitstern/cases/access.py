"""Business cases and their rows by a user-supplied id, only inside the member's workspace;
missing, elsewhere or beyond the member's role all answer 404."""

from __future__ import annotations

from leitstern.cases.models import (
    BusinessCase,
    CaseActual,
    CaseCorrelation,
    CaseEvent,
    CaseLine,
    CasePhase,
)
from leitstern.workspaces.access import get_object_for
from leitstern.workspaces.models import Membership, Need


def get_case_for(member: Membership, pk: object, *, need: int = Need.VIEW) -> BusinessCase:
    return get_object_for(member, BusinessCase.objects.select_related("workspace"), pk, need=need)


def get_line_for(member: Membership, pk: object, *, need: int = Need.VIEW) -> CaseLine:
    return get_object_for(member, CaseLine.objects.select_related("case__workspace"), pk, need=need)


def get_phase_for(member: Membership, pk: object, *, need: int = Need.VIEW) -> CasePhase:
    return get_object_for(
        member, CasePhase.objects.select_related("case__workspace"), pk, need=need
    )


def get_actual_for(member: Membership, pk: object, *, need: int = Need.VIEW) -> CaseActual:
    return get_object_for(
        member, CaseActual.objects.select_related("case__workspace"), pk, need=need
    )


def get_event_for(member: Membership, pk: object, *, need: int = Need.VIEW) -> CaseEvent:
    return get_object_for(
        member, CaseEvent.objects.select_related("case__workspace"), pk, need=need
    )


def get_correlation_for(
    member: Membership, pk: object, *, need: int = Need.VIEW
) -> CaseCorrelation:
    return get_object_for(
        member, CaseCorrelation.objects.select_related("case__workspace"), pk, need=need
    )
