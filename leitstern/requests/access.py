"""The requests' objects by a user-supplied id, only inside the member's workspace; missing,
elsewhere or beyond the member's role all answer 404. Pages and the API use the same
lookups."""

from __future__ import annotations

from django.db.models import Model, QuerySet

from leitstern.requests.models import Commitment, Request
from leitstern.workspaces.access import get_object_for
from leitstern.workspaces.models import Membership, Need


def _get[M: Model](member: Membership, queryset: QuerySet[M], pk: object, need: int) -> M:
    return get_object_for(member, queryset, pk, need=need)


def get_request_for(member: Membership, pk: object, *, need: int = Need.VIEW) -> Request:
    requests = Request.objects.select_related(
        "workspace", "heard_by", "created_by", "opportunity", "roadmap_item", "merged_into"
    )
    return _get(member, requests, pk, need)


def get_commitment_for(member: Membership, pk: object, *, need: int = Need.VIEW) -> Commitment:
    commitments = Commitment.objects.select_related(
        "workspace",
        "organisation",
        "request",
        "roadmap_item__team",
        "team",
        "sales_owner",
        "agreed_by",
    )
    return _get(member, commitments, pk, need)


def can_see_revenue(member: Membership) -> bool:
    """Revenue at stake and deal amounts are for the people who work with customers and
    the roadmap (contributors: sales, support, customer success; editors and owners), not
    for read-only members."""
    return member.can(Need.CONTRIBUTE)
