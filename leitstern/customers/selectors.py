"""Reads of customers that pages, the API and other modules (research, requests) share."""

from __future__ import annotations

from django.db.models import QuerySet

from leitstern.customers.models import Organisation, Person, Persona, Segment


def organisations_of(workspace) -> QuerySet[Organisation]:
    """The workspace's active organisations by name, with their segment."""
    return (
        Organisation.objects.filter(workspace=workspace)
        .active()
        .select_related("segment")
        .order_by("name", "id")
    )


def people_of(workspace) -> QuerySet[Person]:
    return (
        Person.objects.filter(workspace=workspace)
        .active()
        .select_related("organisation")
        .order_by("name", "id")
    )


def segments_of(workspace) -> QuerySet[Segment]:
    return Segment.objects.filter(workspace=workspace).active().order_by("name", "id")


def personas_of(workspace) -> QuerySet[Persona]:
    return Persona.objects.filter(workspace=workspace).active().order_by("name", "id")
