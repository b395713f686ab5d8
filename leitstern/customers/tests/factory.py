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


# --- samples for the access walk (core/tests/test_access.py) -------------------------------

_MAKERS = {
    "organisation": lambda w: make_organisation(w.workspace, w.owner),
    "person": lambda w: make_person(w.workspace, w.owner, email="contact@example.com"),
    "segment": lambda w: make_segment(w.workspace, w.owner),
    "persona": lambda w: make_persona(w.workspace, w.owner),
}


def _sample(kind: str):
    return lambda w, u: {"pk": _MAKERS[kind](w).pk}


ROUTE_SAMPLES = {
    f"customers:{kind}_{action}": _sample(kind)
    for kind in _MAKERS
    for action in ("edit", "archive")
}

API_PATH_SAMPLES = {"organisation_id": lambda w: make_organisation(w.workspace, w.owner).pk}

API_BODIES = {
    "leitstern_customers_api_organisation_create": lambda: {"name": f"Shop {next(_n)}"},
    "leitstern_customers_api_organisation_update": lambda: {"plan": "Growth"},
}

FUZZ_IDS = {
    "organisation_id": lambda workspace: Organisation.objects.filter(workspace=workspace),
}
