"""Writes for products."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy

from leitstern.accounts.models import User
from leitstern.activity import kinds
from leitstern.activity.services import activity_record
from leitstern.core.services import apply_changes, reject_unknown_fields
from leitstern.products.models import Product
from leitstern.workspaces.models import Workspace

PRODUCT_CREATED = kinds.register("product.created", gettext_lazy("created a product"))
PRODUCT_UPDATED = kinds.register("product.updated", gettext_lazy("changed a product"))
PRODUCT_ARCHIVED = kinds.register("product.archived", gettext_lazy("archived a product"))
PRODUCT_RESTORED = kinds.register("product.restored", gettext_lazy("restored a product"))


@transaction.atomic
def product_create(*, actor: User, workspace: Workspace, **data: Any) -> Product:
    reject_unknown_fields(data, Product.EDITABLE_FIELDS)
    product = Product(workspace=workspace, **data)
    product.full_clean()
    product.save()
    activity_record(
        workspace=workspace, actor=actor, kind=PRODUCT_CREATED, target=product, product=product
    )
    return product


@transaction.atomic
def product_update(*, actor: User, product: Product, note: str = "", **data: Any) -> Product:
    """Change any of the editable fields; the activity entry lists each changed field."""
    reject_unknown_fields(data, Product.EDITABLE_FIELDS)
    changes = apply_changes(product, data, Product.EDITABLE_FIELDS)
    if not changes:
        return product
    product.save()
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
    if product.is_archived:
        return product
    product.archive()
    product.save(update_fields=["archived_at", "updated_at"])
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
    product.archived_at = None
    product.full_clean()
    product.save(update_fields=["archived_at", "updated_at"])
    activity_record(
        workspace=product.workspace,
        actor=actor,
        kind=PRODUCT_RESTORED,
        target=product,
        product=product,
    )
    return product
