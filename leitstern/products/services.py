"""Writes for products."""

from __future__ import annotations

from typing import TypedDict, Unpack

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy

from leitstern.accounts.models import User
from leitstern.activity import kinds
from leitstern.activity.services import activity_record
from leitstern.core.versioning import unique_race_as_error, update_versioned
from leitstern.products.models import Product
from leitstern.workspaces.models import Workspace

PRODUCT_CREATED = kinds.register("product.created", gettext_lazy("created a product"))
PRODUCT_UPDATED = kinds.register("product.updated", gettext_lazy("changed a product"))
PRODUCT_ARCHIVED = kinds.register("product.archived", gettext_lazy("archived a product"))
PRODUCT_RESTORED = kinds.register("product.restored", gettext_lazy("restored a product"))


class ProductVision(TypedDict, total=False):
    """A product's vision and positioning, every part optional (empty when left out)."""

    vision: str
    vision_for: str
    vision_who: str
    vision_the: str
    vision_is_a: str
    vision_that: str
    vision_unlike: str
    vision_our_product: str
    target_customers: str
    roadmap_disclaimer: str


class ProductChanges(ProductVision, total=False):
    """What ``product_update`` may change (``Product.EDITABLE_FIELDS``); only the fields
    given change."""

    name: str


@transaction.atomic
def product_create(
    *, actor: User, workspace: Workspace, name: str, **vision: Unpack[ProductVision]
) -> Product:
    product = Product(workspace=workspace, name=name, **vision)
    product.full_clean()
    with unique_race_as_error(product):
        product.save()
    activity_record(
        workspace=workspace, actor=actor, kind=PRODUCT_CREATED, target=product, product=product
    )
    return product


@transaction.atomic
def product_update(
    *,
    actor: User,
    product: Product,
    version: int | None = None,
    note: str = "",
    **fields: Unpack[ProductChanges],
) -> Product:
    """Change the given editable fields, and only those (a concurrent change to another
    field stays). With ``version``, a field changed by someone else since that version
    raises ``EditConflict``. The activity entry lists each changed field."""
    changes = update_versioned(product, fields, version=version)
    if not changes:
        return product
    activity_record(
        workspace=product.workspace,
        actor=actor,
        kind=PRODUCT_UPDATED,
        target=product,
        product=product,
        changes=changes,
        note=note,
    )
    return product


@transaction.atomic
def product_archive(*, actor: User, product: Product, note: str = "") -> Product:
    """Archiving hides a product from lists but keeps its history and links intact."""
    if product.is_archived:
        return product
    update_versioned(product, {"archived_at": timezone.now()}, clean=False)
    activity_record(
        workspace=product.workspace,
        actor=actor,
        kind=PRODUCT_ARCHIVED,
        target=product,
        product=product,
        note=note,
    )
    return product


@transaction.atomic
def product_restore(*, actor: User, product: Product) -> Product:
    if not product.is_archived:
        return product
    update_versioned(product, {"archived_at": None})
    activity_record(
        workspace=product.workspace,
        actor=actor,
        kind=PRODUCT_RESTORED,
        target=product,
        product=product,
    )
    return product
