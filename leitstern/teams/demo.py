"""Nordwind's two delivery teams for the demo, with their products and members. Their
finished-work history comes from the forecasts seeder, which runs later."""

from __future__ import annotations

from leitstern.core.seeding import DemoContext
from leitstern.teams.services import team_create

TEAMS = [
    {
        "name": "Checkout squad",
        "description": "Builds checkout and payments: every local payment method, no detours.",
        "products": ["Checkout & Payments"],
        "members": ["jonas.keller@nordwind.example", "sofia.marin@nordwind.example"],
    },
    {
        "name": "Storefront crew",
        "description": "Search, product pages and everything a shopper sees before the cart.",
        "products": ["Storefront"],
        "members": [
            "mira.okafor@nordwind.example",
            "lukas.brandt@nordwind.example",
            "tobias.wagner@nordwind.example",
        ],
    },
]


def seed(context: DemoContext) -> None:
    """Leaves the teams in ``context.extra["teams"]``, by name."""
    teams = context.extra.setdefault("teams", {})
    for spec in TEAMS:
        teams[spec["name"]] = team_create(
            actor=context.owner,
            workspace=context.workspace,
            name=spec["name"],
            description=spec["description"],
            products=[context.products[name] for name in spec["products"]],
            members=[context.people[email] for email in spec["members"]],
        )
