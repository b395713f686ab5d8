"""The large workspace's delivery teams (see ``leitstern.core.large``), through the
service, each with one or two products and about ten members."""

from __future__ import annotations

from leitstern.activity.models import ActivityEntry
from leitstern.core.large import LargeContext
from leitstern.teams.services import TEAM_CREATED, team_create

NAMES = [
    "Atlas",
    "Borealis",
    "Comet",
    "Dune",
    "Ember",
    "Fjord",
    "Glacier",
    "Harbor",
    "Iris",
    "Juniper",
    "Kestrel",
    "Lagoon",
    "Meridian",
    "Nova",
    "Orbit",
    "Pulsar",
    "Quasar",
    "Ridge",
    "Summit",
    "Tundra",
]


def generate(context: LargeContext) -> None:
    writers = context.writers()
    products = context.products
    for n in range(context.scale.teams):
        name = NAMES[n % len(NAMES)] + (f" {n // len(NAMES) + 1}" if n >= len(NAMES) else "")
        team = team_create(
            actor=context.owner,
            workspace=context.workspace,
            name=name,
            description=f"Team {name} builds and runs part of {products[n % len(products)]}.",
            products=[products[n % len(products)], products[(n + 1) % len(products)]][: 1 + n % 2],
            members=context.rng.sample(writers, min(10, len(writers))),
        )
        context.teams.append(team)
    started = context.workspace.created_at
    # The entries the service wrote just now belong to the workspace's first day.
    ActivityEntry.objects.filter(workspace=context.workspace, kind=TEAM_CREATED).update(
        created_at=started
    )
