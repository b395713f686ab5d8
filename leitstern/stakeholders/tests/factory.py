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


def _pair(world) -> dict:
    return {
        "influencer_id": make_stakeholder(world.workspace, world.owner).pk,
        "listener_id": make_stakeholder(world.workspace, world.owner).pk,
        "strength": 3,
        "note": "trusts her judgement on pricing",
    }


_API = "leitstern_stakeholders_api_"
# A valid body per operation; those naming other objects take the world and build them.
API_BODIES = {
    f"{_API}stakeholder_create": lambda: {"name": f"Dr. Klein {next(_n)}"},
    f"{_API}stakeholder_update": lambda: {"notes": f"Prefers memos {next(_n)}"},
    f"{_API}grid_place": lambda: {"power": 7.5, "interest": 4},
    f"{_API}salience_assess": lambda: {"power": True, "legitimacy": True, "urgency": False},
    f"{_API}engagement_assess": lambda: {
        "engagement": "resistant",
        "desired_engagement": "supportive",
    },
    f"{_API}attitude_set": lambda world: {
        "theme_id": sample_theme(world).pk,
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
