"""Plain builders for customers tests (and the access walk's samples), through the services."""

from __future__ import annotations

from itertools import count

from leitstern.customers import services
from leitstern.customers.models import Organisation, Person, Persona, Segment

_n = count(1)


def make_segment(workspace, actor, name: str = "", **data) -> Segment:
    return services.segment_create(
        actor=actor, workspace=workspace, name=name or f"Segment {next(_n)}", **data
    )


def make_persona(workspace, actor, name: str = "", **data) -> Persona:
    return services.persona_create(
        actor=actor, workspace=workspace, name=name or f"Persona {next(_n)}", **data
    )


def make_organisation(workspace, actor, name: str = "", **data) -> Organisation:
    return services.organisation_create(
        actor=actor, workspace=workspace, name=name or f"Organisation {next(_n)}", **data
    )


def make_person(workspace, actor, name: str = "", **data) -> Person:
    return services.person_create(
        actor=actor, workspace=workspace, name=name or f"Contact {next(_n)}", **data
    )


def import_target(world):
    """The workspace customer files are imported into."""
    return world.workspace
