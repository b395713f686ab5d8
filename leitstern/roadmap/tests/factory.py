"""Plain builders for roadmap tests, through the services, and the samples the access walk
needs for the roadmap's routes and API operations."""

from __future__ import annotations

from datetime import timedelta
from itertools import count

from leitstern.roadmap import clock, services
from leitstern.roadmap.models import (
    Audience,
    AudienceLink,
    Decision,
    Horizon,
    Pause,
    Roadmap,
    RoadmapItem,
    Snapshot,
)

_n = count(1)


def make_roadmap(world, product=None, **settings) -> Roadmap:
    """The roadmap of ``product`` (a new product of the world's workspace by default)."""
    from leitstern.testing import make_product

    product = product or make_product(world.workspace, world.owner)
    roadmap = services.roadmap_create(actor=world.owner, workspace=world.workspace, product=product)
    if settings:
        services.roadmap_update(actor=world.owner, roadmap=roadmap, **settings)
    return roadmap


def make_item(roadmap: Roadmap, actor, title: str = "", **data) -> RoadmapItem:
    data.setdefault("horizon", Horizon.NEXT)
    if data["horizon"] in (Horizon.PARKED, Horizon.NOT_DOING):
        data.setdefault("why", "Not now")
        if data["horizon"] == Horizon.PARKED:
            data.setdefault("revisit_on", clock.today() + timedelta(days=30))
    return services.item_create(
        actor=actor, roadmap=roadmap, title=title or f"Outcome {next(_n)}", **data
    )


def make_audience(world, **data) -> Audience:
    data.setdefault("name", f"Audience {next(_n)}")
    data.setdefault("preset", "customers")
    return services.audience_create(actor=world.owner, workspace=world.workspace, **data)


def make_link(world, audience: Audience | None = None) -> tuple[AudienceLink, str]:
    return services.link_create(actor=world.owner, audience=audience or make_audience(world))


def make_pause(roadmap: Roadmap, actor, **data) -> Pause:
    today = clock.today()
    data.setdefault("title", f"Stabilise {next(_n)}")
    data.setdefault("starts_on", today + timedelta(days=60))
    data.setdefault("ends_on", today + timedelta(days=80))
    return services.pause_create(actor=actor, roadmap=roadmap, **data)


def make_decision(roadmap: Roadmap, actor, **data) -> Decision:
    data.setdefault("title", f"Focus on checkout {next(_n)}")
    return services.decision_create(actor=actor, roadmap=roadmap, **data)


def make_snapshot(roadmap: Roadmap, actor) -> Snapshot:
    return services.snapshot_take(actor=actor, roadmap=roadmap, name=f"Review {next(_n)}")


def import_roadmap(world) -> Roadmap:
    """A roadmap of a new product of the world's workspace to import items into."""
    return make_roadmap(world)


def make_import_job(world):
    from leitstern.core.imports.flow import import_start
    from leitstern.roadmap.importers import ROADMAP_ITEMS

    return import_start(
        actor=world.owner,
        importer=ROADMAP_ITEMS,
        target=import_roadmap(world),
        filename="roadmap.csv",
        data=b"Title,Horizon\nOne-click reorder,Next\n",
    )


def _item(world) -> RoadmapItem:
    return make_item(make_roadmap(world), world.owner)


# --- samples for the access walk (core/tests/test_access.py) -------------------------------


def _job(world) -> dict:
    job = make_import_job(world)
    return {"pk": job.target_id, "job": job.pk}


ROUTE_SAMPLES = {
    **{
        f"roadmap:{name}": lambda w, u: {"pk": make_roadmap(w).pk}
        for name in [
            "board",
            "timeline",
            "table",
            "outcomes",
            "roadmap_edit",
            "follow",
            "stakeholder_follow",
            "roadmap_csv",
            "roadmap_markdown",
            "item_new",
            "history",
            "changes",
            "snapshots",
            "snapshot_new",
            "digest",
            "decisions",
            "decision_new",
            "pause_new",
            "import",
        ]
    },
    "roadmap:column": lambda w, u: {"pk": make_roadmap(w).pk, "horizon": "now"},
    **{
        f"roadmap:{name}": lambda w, u: {"pk": _item(w).pk}
        for name in [
            "item",
            "item_edit",
            "item_move",
            "item_step",
            "item_drop",
            "item_remove",
            "item_restore",
            "comment_add",
        ]
    },
    **{
        f"roadmap:{name}": lambda w, u: {"pk": make_decision(make_roadmap(w), w.owner).pk}
        for name in ["decision", "decision_edit"]
    },
    **{
        f"roadmap:{name}": lambda w, u: {"pk": make_pause(make_roadmap(w), w.owner).pk}
        for name in ["pause_edit", "pause_delete"]
    },
    **{
        f"roadmap:{name}": lambda w, u: {"pk": make_audience(w).pk}
        for name in [
            "audience",
            "audience_edit",
            "audience_delete",
            "audience_print",
            "audience_csv",
            "audience_markdown",
            "audience_follow",
            "audience_stakeholder_follow",
            "link_new",
        ]
    },
    "roadmap:link_revoke": lambda w, u: {"pk": make_link(w)[0].pk},
    **{f"roadmap:{name}": lambda w, u: _job(w) for name in ["import_job", "import_apply"]},
    **{
        f"roadmap_share:{name}": lambda w, u: {"token": make_link(w)[1]}
        for name in ["view", "print"]
    },
}

# API path parameters by name: ``world -> value``.
API_PATH_SAMPLES = {
    "roadmap_id": lambda w: make_roadmap(w).pk,
    "item_id": lambda w: _item(w).pk,
    "decision_id": lambda w: make_decision(make_roadmap(w), w.owner).pk,
    "pause_id": lambda w: make_pause(make_roadmap(w), w.owner).pk,
    "audience_id": lambda w: make_audience(w).pk,
    "link_id": lambda w: make_link(w)[0].pk,
}


def _pause_body() -> dict:
    start = clock.today() + timedelta(days=100 + next(_n))
    return {
        "title": f"Stabilise {next(_n)}",
        "starts_on": start.isoformat(),
        "ends_on": (start + timedelta(days=14)).isoformat(),
    }


# A valid body per operation id, so access (not validation) decides the answer.
API_BODIES = {
    "leitstern_roadmap_api_item_create": lambda: {"title": f"Faster checkout {next(_n)}"},
    "leitstern_roadmap_api_item_move": lambda: {"horizon": "now", "why": "Buyers asked for it"},
    "leitstern_roadmap_api_item_comment": lambda: {"text": "Three customers asked this week"},
    "leitstern_roadmap_api_snapshot_take": lambda: {"name": f"Review {next(_n)}"},
    "leitstern_roadmap_api_item_update": lambda: {"title": f"Faster reorder {next(_n)}"},
    "leitstern_roadmap_api_item_remove": lambda: {"why": "Merged into checkout"},
    "leitstern_roadmap_api_item_restore": lambda: {"why": "Needed after all"},
    "leitstern_roadmap_api_decision_create": lambda: {"title": f"Focus {next(_n)}"},
    "leitstern_roadmap_api_decision_update": lambda: {"context": "Support load doubled"},
    "leitstern_roadmap_api_pause_create": _pause_body,
    "leitstern_roadmap_api_pause_update": lambda: {"purpose": "Fix the top support issues"},
    "leitstern_roadmap_api_audience_create": lambda: {"name": f"Board {next(_n)}"},
    "leitstern_roadmap_api_audience_update": lambda: {"description": "For the advisory board"},
    "leitstern_roadmap_api_link_create": lambda: {"label": "Customer advisory board"},
}

# Real ids of a workspace by API path parameter, for the API fuzzing (api/tests/test_fuzz.py).
FUZZ_IDS = {
    "roadmap_id": lambda workspace: Roadmap.objects.filter(workspace=workspace),
    "item_id": lambda workspace: RoadmapItem.objects.filter(roadmap__workspace=workspace),
    "decision_id": lambda workspace: Decision.objects.filter(roadmap__workspace=workspace),
    "pause_id": lambda workspace: Pause.objects.filter(roadmap__workspace=workspace),
    "audience_id": lambda workspace: Audience.objects.filter(workspace=workspace),
    "link_id": lambda workspace: AudienceLink.objects.filter(audience__workspace=workspace),
}
