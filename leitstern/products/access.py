"""Products by a user-supplied id, only inside the member's workspace (404 otherwise)."""

from __future__ import annotations

from leitstern.products.models import Product
from leitstern.workspaces.access import get_object_for
from leitstern.workspaces.models import Membership, Need


def get_product_for(member: Membership, pk: object, *, need: int = Need.VIEW) -> Product:
    return get_object_for(member, Product, pk, need=need)
