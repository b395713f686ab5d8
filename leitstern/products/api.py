from __future__ import annotations

from datetime import datetime

from django.http import HttpResponse
from ninja import Field, Router, Schema, Status

from leitstern.api.operations import operation
from leitstern.api.types import Id, In, Limit, Line, Name, Offset, Slug, Text, sent, unchanged
from leitstern.api.versions import (
    IF_MATCH,
    VERSION_FIELD,
    conflict_answer,
    conflict_schema,
    expected_version,
    tag,
)
from leitstern.core import limits
from leitstern.core.http import WorkspaceRequest
from leitstern.core.versioning import EditConflict
from leitstern.products import selectors, services
from leitstern.products.access import get_product_for
from leitstern.workspaces.models import Need

router = Router(tags=["products"])


class ProductFields(Schema):
    vision: str = ""
    vision_for: str = ""
    vision_who: str = ""
    vision_the: str = ""
    vision_is_a: str = ""
    vision_that: str = ""
    vision_unlike: str = ""
    vision_our_product: str = ""
    target_customers: str = ""
    roadmap_disclaimer: str = ""


class ProductFieldsIn(In):
    vision: Text = ""
    vision_for: Line() = ""
    vision_who: Line() = ""
    vision_the: Line() = ""
    vision_is_a: Line() = ""
    vision_that: Line() = ""
    vision_unlike: Line() = ""
    vision_our_product: Line() = ""
    target_customers: Text = ""
    roadmap_disclaimer: Text = ""


class ProductIn(ProductFieldsIn):
    name: Name(120)


class ProductPatch(In):
    """Only the fields sent change; none of them may be null."""

    name: Name(120) = unchanged()
    vision: Text = unchanged()
    vision_for: Line() = unchanged()
    vision_who: Line() = unchanged()
    vision_the: Line() = unchanged()
    vision_is_a: Line() = unchanged()
    vision_that: Line() = unchanged()
    vision_unlike: Line() = unchanged()
    vision_our_product: Line() = unchanged()
    target_customers: Text = unchanged()
    roadmap_disclaimer: Text = unchanged()
    note: Text = Field("", description="Why this change; kept in the activity log.")
    version: int | None = VERSION_FIELD


class ProductOut(ProductFields):
    id: int
    name: str
    archived: bool
    version: int
    created_at: datetime
    updated_at: datetime

    @staticmethod
    def resolve_archived(obj) -> bool:
        return obj.is_archived


@router.get("/workspaces/{slug}/products", response=list[ProductOut])
@operation(need=Need.VIEW)
def product_list(
    request: WorkspaceRequest,
    slug: Slug,
    archived: bool = False,
    limit: Limit() = limits.PAGE_SIZE,
    offset: Offset = 0,
):
    """Products by name (``archived=true``: the archived ones); paged."""
    products = selectors.products_of(request.workspace, archived=archived)
    return products.order_by("name", "id")[offset : offset + limit]


@router.post("/workspaces/{slug}/products", response={201: ProductOut})
@operation(need=Need.EDIT)
def product_create(request: WorkspaceRequest, slug: Slug, payload: ProductIn):
    product = services.product_create(
        actor=request.user,
        workspace=request.workspace,
        name=payload.name,
        vision=payload.vision,
        vision_for=payload.vision_for,
        vision_who=payload.vision_who,
        vision_the=payload.vision_the,
        vision_is_a=payload.vision_is_a,
        vision_that=payload.vision_that,
        vision_unlike=payload.vision_unlike,
        vision_our_product=payload.vision_our_product,
        target_customers=payload.target_customers,
        roadmap_disclaimer=payload.roadmap_disclaimer,
    )
    return Status(201, product)


@router.get("/workspaces/{slug}/products/{product_id}", response=ProductOut)
@operation(need=Need.VIEW)
def product_detail(request: WorkspaceRequest, slug: Slug, product_id: Id, response: HttpResponse):
    product = get_product_for(request.member, product_id)
    tag(response, product.version)
    return product


@router.patch(
    "/workspaces/{slug}/products/{product_id}",
    response={200: ProductOut, 409: conflict_schema(ProductOut)},
)
@operation(need=Need.EDIT)
def product_update(
    request: WorkspaceRequest,
    slug: Slug,
    product_id: Id,
    payload: ProductPatch,
    response: HttpResponse,
    if_match: str | None = IF_MATCH,
):
    """Change the fields sent, and only those. With If-Match (or ``version``), a field
    someone else changed since that version answers 409 and nothing is saved."""
    product = get_product_for(request.member, product_id)
    version = expected_version(if_match, payload.version)
    try:
        services.product_update(
            actor=request.user,
            product=product,
            version=version,
            note=payload.note,
            **sent(payload, services.ProductChanges),
        )
    except EditConflict as conflict:
        tag(response, conflict.version)
        return conflict_answer(conflict, conflict.instance)
    tag(response, product.version)
    return product


@router.post(
    "/workspaces/{slug}/products/{product_id}/archive",
    response=ProductOut,
)
@operation(need=Need.EDIT)
def product_archive(request: WorkspaceRequest, slug: Slug, product_id: Id):
    product = get_product_for(request.member, product_id)
    return services.product_archive(actor=request.user, product=product)
