"""What the discovery API's topic modules share: the path prefix, the product lookup by role
level, objects named by id in a body (422 naming the field outside the workspace or
product), the pieces of a PATCH body, and field names as the API spells them in a service's
errors."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404
from django.utils.translation import gettext as _

from leitstern.products.access import get_product_for
from leitstern.research import access as research_access
from leitstern.strategy.models import KeyResult, Metric
from leitstern.workspaces.access import get_object_for
from leitstern.workspaces.models import Membership, Need

W = "/workspaces/{slug}"
NEEDS = {"view": Need.VIEW, "contribute": Need.CONTRIBUTE, "edit": Need.EDIT}


def product_for(member: Membership, product_id: int, level: str = "view"):
    return get_product_for(member, product_id, need=NEEDS[level])


def related_for(member: Membership, model: type[models.Model], pk: int | None, field: str):
    """An object named by id in a body, only within the member's workspace: 422 naming the
    field for anything else (not 404: the path was found)."""
    if pk is None:
        return None
    try:
        return get_object_for(member, model, pk)
    except Http404:
        raise ValidationError({field: _("Choose one of this workspace.")}) from None


def insight_for(member: Membership, pk: int | None, field: str = "insight_id"):
    """A research insight named in a body (422 naming the field outside the workspace)."""
    if pk is None:
        return None
    try:
        return research_access.get_insight_for(member, pk)
    except Http404:
        raise ValidationError({field: _("Choose an insight of this workspace.")}) from None


def quote_for(member: Membership, pk: int | None, field: str = "quote_id"):
    """A quote the member may read, named in a body."""
    if pk is None:
        return None
    try:
        return research_access.get_quote_for(member, pk)
    except Http404:
        raise ValidationError({field: _("Choose a quote of this workspace.")}) from None


def key_result_for(member, pk, field="key_result_id") -> KeyResult | None:
    return related_for(member, KeyResult, pk, field)


def metric_for(member, pk, field="metric_id") -> Metric | None:
    return related_for(member, Metric, pk, field)


def in_product(obj, product, field: str):
    if obj is not None and obj.product_id != product.pk:
        raise ValidationError({field: _("Choose one of this product.")})
    return obj


def patch_data(payload, renames: dict[str, str]) -> tuple[dict, str, int | None, str | None]:
    data = payload.model_dump(exclude_unset=True)
    note = data.pop("note", "")
    version = data.pop("version", None)
    return data, note, version, None


def api_names(error: ValidationError, names: dict[str, str]) -> Any:
    if not hasattr(error, "error_dict"):
        return error
    return {names.get(field, field): errors for field, errors in error.error_dict.items()}
