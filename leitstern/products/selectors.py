"""Reads about products that pages and other modules share."""

from __future__ import annotations

from django.db.models import QuerySet

from leitstern.activity.models import ActivityEntry
from leitstern.activity.selectors import runs
from leitstern.products.models import Product
from leitstern.workspaces.models import Workspace


def products_of(workspace: Workspace, *, archived: bool = False) -> QuerySet[Product]:
    """The workspace's active products, or its archived ones."""
    products = workspace.products.all()
    return products.archived() if archived else products.active()


def product_history(product: Product, *, limit: int = 10) -> list:
    """The product's latest changes, consecutive ones by the same person grouped (the
    activity log's ``runs``)."""
    # Filtered by workspace too, so the activity index on (workspace, product) serves it.
    latest = ActivityEntry.objects.filter(
        workspace_id=product.workspace_id, product=product
    ).select_related("actor")[:80]
    return runs(latest, limit=limit)
