"""The large workspace's products (see ``leitstern.core.large``), through the service: ten
rows are quick to write the ordinary way."""

from __future__ import annotations

from leitstern.activity.models import ActivityEntry
from leitstern.core.large import LargeContext
from leitstern.products.services import PRODUCT_CREATED, product_create

NAMES = [
    "Storefront",
    "Checkout",
    "Merchant Portal",
    "Search",
    "Payments",
    "Logistics",
    "Marketplace",
    "Loyalty",
    "Analytics",
    "Mobile App",
]


def generate(context: LargeContext) -> None:
    for n in range(context.scale.products):
        name = NAMES[n % len(NAMES)] + (f" {n // len(NAMES) + 1}" if n >= len(NAMES) else "")
        product = product_create(
            actor=context.owner,
            workspace=context.workspace,
            name=name,
            vision=f"{name}: every customer gets what they came for, quickly and honestly.",
        )
        context.products.append(product)
    started = context.workspace.created_at
    # The entries the service wrote just now belong to the workspace's first day.
    ActivityEntry.objects.filter(workspace=context.workspace, kind=PRODUCT_CREATED).update(
        created_at=started
    )
