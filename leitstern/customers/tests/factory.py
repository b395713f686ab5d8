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


def make_import_job(world, key: str = "organisation"):
    """An import job with its preview, as an upload leaves it."""
    from leitstern.core.imports.flow import import_start
    from leitstern.customers import importers

    importer = importers.ORGANISATIONS if key == "organisation" else importers.PEOPLE
    return import_start(
        actor=world.editor,
        importer=importer,
        target=world.workspace,
        filename="customers.csv",
        data=b"Name\nSample GmbH\n",
    )


def _archived(world):
    from leitstern.customers.services import organisation_archive

    return organisation_archive(
        actor=world.owner, organisation=make_organisation(world.workspace, world.owner)
    )


def _job(key: str):
    return lambda w, u: {"job": make_import_job(w, key).pk}


ROUTE_SAMPLES = {
    **{
        f"customers:{kind}_{action}": _sample(kind)
        for kind in _MAKERS
        for action in ("edit", "archive")
    },
    **{f"customers:{kind}_merge": _sample(kind) for kind in ("organisation", "person")},
    "customers:organisation_restore": lambda w, u: {"pk": _archived(w).pk},
    **{
        f"customers:{kind}_import_{action}": _job(kind)
        for kind in ("organisation", "person")
        for action in ("job", "apply")
    },
}

API_PATH_SAMPLES = {"organisation_id": lambda w: make_organisation(w.workspace, w.owner).pk}

API_BODIES = {
    "leitstern_customers_api_organisation_create": lambda: {"name": f"Shop {next(_n)}"},
    "leitstern_customers_api_organisation_update": lambda: {"plan": "Growth"},
}

FUZZ_IDS = {
    "organisation_id": lambda workspace: Organisation.objects.filter(workspace=workspace),
}
