"""Customers' objects by a user-supplied id, only inside the member's workspace; missing,
elsewhere or beyond the member's role all answer 404. Pages and API use the same lookups."""

from __future__ import annotations

from leitstern.customers.models import Organisation, Person, Persona, Segment
from leitstern.workspaces.access import get_object_for
from leitstern.workspaces.models import Membership, Need


def _get(member: Membership, queryset, pk: object, need: int):
    return get_object_for(member, queryset, pk, need=need)


def get_segment_for(member: Membership, pk: object, *, need: int = Need.VIEW) -> Segment:
    return _get(member, Segment.objects.all(), pk, need)


def get_persona_for(member: Membership, pk: object, *, need: int = Need.VIEW) -> Persona:
    return _get(member, Persona.objects.all(), pk, need)


def get_organisation_for(member: Membership, pk: object, *, need: int = Need.VIEW) -> Organisation:
    return _get(member, Organisation.objects.select_related("segment", "workspace"), pk, need)


def get_person_for(member: Membership, pk: object, *, need: int = Need.VIEW) -> Person:
    return _get(member, Person.objects.select_related("organisation", "workspace"), pk, need)
