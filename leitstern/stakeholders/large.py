"""The large workspace's stakeholder map (see ``leitstern.core.large``): ``scale.stakeholders``
people in departments, each placed on the grid with one assessment on its trail, and
``scale.influences`` ties of who listens to whom (no self-loops, one tie per direction and
pair, strengths 1–3), most inside a department and some across, so the network has brokers.

Rows are written directly, shaped as the services write them (``stakeholder_create`` then
``grid_place`` and ``engagement_assess``; ``influence_add``), each with its activity entry."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.utils import timezone

from leitstern.activity.large import entry
from leitstern.core.large import LargeContext
from leitstern.stakeholders.models import (
    Analysis,
    Engagement,
    Influence,
    PositionRecord,
    Stakeholder,
)
from leitstern.stakeholders.services._common import (
    INFLUENCE_ADDED,
    POSITION_RECORDED,
    STAKEHOLDER_CREATED,
)

DEPARTMENTS = [
    "Management",
    "Sales",
    "IT",
    "Marketing",
    "BI",
    "Customer service",
    "Finance",
    "Logistics",
    "Legal",
    "Purchasing",
]
FIRST = ["Anna", "Ben", "Carla", "David", "Elif", "Frank", "Greta", "Hakan", "Ines", "Jan"]
LAST = ["Arnold", "Brandt", "Celik", "Dorn", "Engel", "Fischer", "Graf", "Hahn", "Iwan", "Jung"]
LEVELS = [value for value, _label in Engagement.choices]


def _ties(count: int, people: int, rng) -> list[tuple[int, int, int]]:
    """``count`` distinct (influencer, listener, strength) index triples without self-loops:
    four in five inside the listener's department, the rest across."""
    per = max(1, people // len(DEPARTMENTS))
    seen: set[tuple[int, int]] = set()
    ties: list[tuple[int, int, int]] = []
    limit = people * (people - 1)
    while len(ties) < min(count, limit):
        listener = rng.randrange(people)
        if rng.random() < 0.8 and per > 1:
            base = (listener // per) * per
            influencer = min(people - 1, base + rng.randrange(per))
        else:
            influencer = rng.randrange(people)
        if influencer == listener or (influencer, listener) in seen:
            continue
        seen.add((influencer, listener))
        ties.append((influencer, listener, rng.choice((1, 2, 2, 3))))
    return ties


def generate(context: LargeContext) -> None:
    assert context.workspace is not None and context.owner is not None
    rng = context.rng
    workspace = context.workspace
    editors = context.editors() or [context.owner]
    people = context.scale.stakeholders
    start = timezone.make_aware(datetime.combine(context.today - timedelta(days=365), time(9)))
    ids = list(context.next_ids(Stakeholder, people))
    rows = []
    positions = []
    names: dict[int, str] = {}
    for n, pk in enumerate(ids):
        department = DEPARTMENTS[n * len(DEPARTMENTS) // people]
        name = f"{FIRST[n % len(FIRST)]} {LAST[(n // len(FIRST)) % len(LAST)]} {n + 1}"
        names[pk] = name
        power, interest = round(rng.uniform(0, 10), 1), round(rng.uniform(0, 10), 1)
        current = rng.choice(LEVELS)
        desired = rng.choice(LEVELS[2:])
        at = start + timedelta(minutes=n)
        owner = rng.choice(editors)
        rows.append(
            (
                pk,
                1,
                {},
                workspace.pk,
                name,
                "",
                department,
                "",
                "",
                "",
                owner.pk,
                power,
                interest,
                rng.random() < 0.4,
                rng.random() < 0.6,
                rng.random() < 0.3,
                current,
                desired,
                owner.pk,
                at,
                at,
            )
        )
        positions.append(
            (
                pk,
                Analysis.GRID,
                at.date(),
                power,
                interest,
                None,
                None,
                None,
                "",
                "",
                "",
                "",
                owner.pk,
                at,
            )
        )
        positions.append(
            (
                pk,
                Analysis.ENGAGEMENT,
                at.date(),
                None,
                None,
                None,
                None,
                None,
                current,
                desired,
                "",
                "",
                owner.pk,
                at,
            )
        )
        context.activity.append(
            entry(
                kind=STAKEHOLDER_CREATED,
                actor_id=owner.pk,
                target_type="stakeholders.stakeholder",
                target_id=pk,
                label=name,
                at=at,
            )
        )
        context.activity.append(
            entry(
                kind=POSITION_RECORDED,
                actor_id=owner.pk,
                target_type="stakeholders.stakeholder",
                target_id=pk,
                label=name,
                at=at,
                changes={"analysis": ["", "grid"]},
            )
        )
    context.insert(
        Stakeholder,
        (
            "id",
            "version",
            "field_versions",
            "workspace_id",
            "name",
            "title",
            "department",
            "organisation",
            "email",
            "notes",
            "relationship_owner_id",
            "power",
            "interest",
            "has_power",
            "has_legitimacy",
            "has_urgency",
            "engagement",
            "desired_engagement",
            "created_by_id",
            "created_at",
            "updated_at",
        ),
        rows,
    )
    context.insert(
        PositionRecord,
        (
            "stakeholder_id",
            "analysis",
            "day",
            "power",
            "interest",
            "has_power",
            "has_legitimacy",
            "has_urgency",
            "engagement",
            "desired_engagement",
            "attitude",
            "note",
            "recorded_by_id",
            "created_at",
        ),
        positions,
    )
    ties = _ties(context.scale.influences, people, rng)
    tie_ids = context.next_ids(Influence, len(ties))
    tie_rows = []
    for pk, (source, target, strength) in zip(tie_ids, ties, strict=True):
        at = start + timedelta(minutes=people + len(tie_rows))
        actor = rng.choice(editors)
        tie_rows.append(
            (pk, 1, {}, workspace.pk, ids[source], ids[target], strength, "", actor.pk, at)
        )
        context.activity.append(
            entry(
                kind=INFLUENCE_ADDED,
                actor_id=actor.pk,
                target_type="stakeholders.influence",
                target_id=pk,
                label=f"{names[ids[target]]} ← {names[ids[source]]}",
                at=at,
            )
        )
    context.insert(
        Influence,
        (
            "id",
            "version",
            "field_versions",
            "workspace_id",
            "influencer_id",
            "listener_id",
            "strength",
            "note",
            "created_by_id",
            "created_at",
        ),
        tie_rows,
    )
