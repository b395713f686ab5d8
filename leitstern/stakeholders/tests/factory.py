"""Plain builders for stakeholder tests (and the access walk's samples), through the
services."""

from __future__ import annotations

from itertools import count

from leitstern.stakeholders import services
from leitstern.stakeholders.models import Conversation, Influence, PlanItem, Stakeholder, Theme

_n = count(1)


def make_stakeholder(workspace, actor, name: str = "", **data) -> Stakeholder:
    return services.stakeholder_create(
        actor=actor, workspace=workspace, name=name or f"Stakeholder {next(_n)}", **data
    )


def make_theme(workspace, actor, name: str = "", **data) -> Theme:
    return services.theme_create(
        actor=actor, workspace=workspace, name=name or f"Theme {next(_n)}", **data
    )


def make_influence(influencer, listener, actor, strength: int = 2, **data) -> Influence:
    return services.influence_add(
        actor=actor, influencer=influencer, listener=listener, strength=strength, **data
    )


def make_conversation(stakeholder, actor, topic: str = "", **data) -> Conversation:
    return services.conversation_record(
        actor=actor, stakeholder=stakeholder, topic=topic or f"Catch-up {next(_n)}", **data
    )


def make_plan_item(workspace, actor, stakeholder=None, **data) -> PlanItem:
    if stakeholder is None and "group_name" not in data:
        stakeholder = make_stakeholder(workspace, actor)
    return services.plan_item_create(
        actor=actor,
        workspace=workspace,
        stakeholder=stakeholder,
        information=data.pop("information", f"Roadmap changes {next(_n)}"),
        **data,
    )


def import_workspace(world):
    """The workspace the register upload imports into."""
    return world.workspace


def make_import_job(world):
    """A previewed upload of two stakeholders into the world's workspace."""
    from leitstern.core.imports.flow import import_start
    from leitstern.stakeholders.importers import STAKEHOLDERS

    return import_start(
        actor=world.owner,
        importer=STAKEHOLDERS,
        target=world.workspace,
        filename="people.csv",
        data=b"name,title\nAda Park,CTO\nBen Ode,CFO\n",
    )


# --- samples for the access walk (``core/tests/test_access.py``) ----------------------------


def sample_stakeholder(world) -> Stakeholder:
    return make_stakeholder(world.workspace, world.owner)


def sample_erasable(world, user) -> Stakeholder:
    """A stakeholder ``user`` may erase if their role lets them reach the page at all: an
    editor's own private one, any one for an owner."""
    if user is not None and user == world.editor:
        return make_stakeholder(world.workspace, world.editor, private=True)
    return make_stakeholder(world.workspace, world.owner)


def sample_influence(world) -> Influence:
    return make_influence(
        make_stakeholder(world.workspace, world.owner),
        make_stakeholder(world.workspace, world.owner),
        world.owner,
    )


def sample_conversation(world) -> Conversation:
    return make_conversation(make_stakeholder(world.workspace, world.owner), world.owner)


def sample_plan_item(world) -> PlanItem:
    return make_plan_item(world.workspace, world.owner)


def sample_theme(world) -> Theme:
    return make_theme(world.workspace, world.owner)


# The access walk's world, kept by ``prepare_access_world`` for bodies that name other
# objects: each call builds them afresh, so one role's write cannot change the next's answer.
_WORLD: dict[str, object] = {}


def prepare_access_world(world) -> None:
    _WORLD["world"] = world


def _world():
    return _WORLD["world"]


def _pair() -> dict:
    world = _world()
    return {
        "influencer_id": make_stakeholder(world.workspace, world.owner).pk,
        "listener_id": make_stakeholder(world.workspace, world.owner).pk,
        "strength": 3,
        "note": "trusts her judgement on pricing",
    }


ROUTE_SAMPLES = {
    **{
        f"stakeholders:{name}": lambda w, u: {"pk": sample_stakeholder(w).pk}
        for name in [
            "stakeholder",
            "stakeholder_edit",
            "grid_set",
            "salience_set",
            "engagement_set",
            "stance_set",
            "conversation_new",
        ]
    },
    "stakeholders:erase": lambda w, u: {"pk": sample_erasable(w, u).pk},
    **{
        f"stakeholders:{name}": lambda w, u: {"pk": sample_influence(w).pk}
        for name in ["influence_edit", "influence_delete"]
    },
    **{
        f"stakeholders:{name}": lambda w, u: {"pk": sample_conversation(w).pk}
        for name in ["conversation_edit", "conversation_delete"]
    },
    **{
        f"stakeholders:{name}": lambda w, u: {"pk": sample_plan_item(w).pk}
        for name in ["plan_edit", "plan_sent", "plan_delete"]
    },
    **{
        f"stakeholders:{name}": lambda w, u: {"pk": sample_theme(w).pk}
        for name in ["theme_edit", "theme_delete"]
    },
    **{
        f"stakeholders:{name}": lambda w, u: {"job": make_import_job(w).pk}
        for name in ["import_job", "import_apply"]
    },
}

API_PATH_SAMPLES = {
    "stakeholder_id": lambda w: sample_stakeholder(w).pk,
    "influence_id": lambda w: sample_influence(w).pk,
    "stakeholder_conversation_id": lambda w: sample_conversation(w).pk,
    "plan_id": lambda w: sample_plan_item(w).pk,
}

# Real ids of a workspace by API path parameter, for the API fuzzing (api/tests/test_fuzz.py).
FUZZ_IDS = {
    "stakeholder_id": lambda workspace: Stakeholder.objects.filter(workspace=workspace),
    "influence_id": lambda workspace: Influence.objects.filter(workspace=workspace),
    "stakeholder_conversation_id": lambda workspace: Conversation.objects.filter(
        stakeholder__workspace=workspace
    ),
    "plan_id": lambda workspace: PlanItem.objects.filter(workspace=workspace),
}

_API = "leitstern_stakeholders_api_"
# A valid body per operation; those naming other objects build them in the access world.
API_BODIES = {
    f"{_API}stakeholder_create": lambda: {"name": f"Dr. Klein {next(_n)}"},
    f"{_API}stakeholder_update": lambda: {"notes": f"Prefers memos {next(_n)}"},
    f"{_API}grid_place": lambda: {"power": 7.5, "interest": 4},
    f"{_API}salience_assess": lambda: {"power": True, "legitimacy": True, "urgency": False},
    f"{_API}engagement_assess": lambda: {
        "engagement": "resistant",
        "desired_engagement": "supportive",
    },
    f"{_API}attitude_set": lambda: {
        "theme_id": sample_theme(_world()).pk,
        "attitude": "supports",
    },
    f"{_API}influence_add": _pair,
    f"{_API}influence_update": lambda: {"strength": 1},
    f"{_API}conversation_record": lambda: {"topic": f"Pricing {next(_n)}"},
    f"{_API}conversation_update": lambda: {"outcome": f"Agreed {next(_n)}"},
    f"{_API}plan_create": lambda: {
        "information": f"Roadmap changes {next(_n)}",
        "group_name": "Sales leads",
    },
    f"{_API}plan_update": lambda: {"information": f"Release notes {next(_n)}"},
    f"{_API}plan_sent": lambda: {},
    f"{_API}theme_create": lambda: {"name": f"Pricing {next(_n)}"},
}
