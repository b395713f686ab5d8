"""The large workspace's customers (see ``leitstern.core.large``): five segments and six
personas (through the services, each with its activity entry, as a team sets them up), and
``scale.accounts`` customer organisations spread over the segments, written directly as
``services.organisation_create`` writes them (version 1, nothing changed since). Research
puts its participants at these organisations and sales requests come from them."""

from __future__ import annotations

from decimal import Decimal

from django.utils import timezone

from leitstern.activity.large import entry
from leitstern.core.large import LargeContext
from leitstern.customers import services
from leitstern.customers.models import Organisation, OrganisationSize

SEGMENTS = ["Small shops", "Growing retailers", "Marketplace sellers", "Enterprise", "B2B"]
PERSONAS = [
    "Shop owner",
    "Operations lead",
    "Marketing manager",
    "Finance",
    "Customer service lead",
    "Developer",
]
ARRS = [1188, 4788, 9576, 23880, 71640]
COUNTRIES = ["DE", "DE", "DE", "AT", "CH", "NL"]
PLANS = ["Starter", "Growth", "Pro", "Enterprise"]


def generate(context: LargeContext) -> None:
    scale, rng = context.scale, context.rng
    workspace, owner = context.workspace, context.owner
    assert workspace is not None and owner is not None
    segments = [
        services.segment_create(
            actor=owner, workspace=workspace, name=name, goal_per_quarter=rng.choice([6, 9, 12])
        )
        for name in SEGMENTS
    ]
    for name in PERSONAS:
        services.persona_create(
            actor=owner, workspace=workspace, name=name, goal_per_quarter=rng.choice([3, 6])
        )
    now = timezone.now()
    sizes = OrganisationSize.values
    ids = list(context.next_ids(Organisation, scale.accounts))
    rows = []
    for n, pk in enumerate(ids, 1):
        name = f"Account {n:05d}"
        rows.append(
            (
                pk, workspace.pk, name, rng.choice(segments).pk, rng.choice(sizes),
                rng.choice(COUNTRIES), rng.choice(PLANS), Decimal(rng.choice(ARRS)),
                f"L-{n:05d}", "", 1, {}, now, now, None,
            )
        )  # fmt: skip
        context.activity.append(
            entry(
                kind=services.ORGANISATION_CREATED, actor_id=owner.pk,
                target_type="customers.organisation", target_id=pk, label=name, at=now,
            )
        )  # fmt: skip
    context.insert(
        Organisation,
        [
            "id", "workspace", "name", "segment", "size", "country", "plan", "arr", "crm_id",
            "notes", "version", "field_versions", "created_at", "updated_at", "archived_at",
        ],
        rows,
    )  # fmt: skip
