"""Nordwind's checkout squad keeps its history fresh from Jira. The demo cannot reach a real
Jira, so the connector is shown as set up, its items those the history already has; a sync
or a connection test from the demo reports that the tracker cannot be reached."""

from __future__ import annotations

from leitstern.connectors import services
from leitstern.connectors.models import Interval, Kind
from leitstern.core.seeding import DemoContext
from leitstern.forecasts.models import WorkItem


def seed(context: DemoContext) -> None:
    team = context.extra["teams"]["Checkout squad"]
    connector = services.connector_create(
        actor=context.people["jonas.keller@nordwind.example"],
        team=team,
        kind=Kind.JIRA,
        name="Nordwind Jira",
        url="https://nordwind.atlassian.net",
        scope="project = CHK AND type in (Story, Bug)",
        username="jonas.keller@nordwind.example",
        secret="demo-token-without-access",  # noqa: S106 - a placeholder, reaches nothing
        interval=Interval.NEVER,
    )
    keys = WorkItem.objects.filter(team=team, key__startswith="CHK-").values_list("key", flat=True)
    services.keys_adopt(connector=connector, keys=list(keys))
