"""Themes in the stakeholders API: the subjects attitudes are recorded on (list, add)."""

from __future__ import annotations

from ninja import Router, Status

from leitstern.api.operations import operation
from leitstern.api.types import Slug
from leitstern.core.http import WorkspaceRequest
from leitstern.products.models import Product
from leitstern.stakeholders import services
from leitstern.stakeholders.api.common import W, one_of
from leitstern.stakeholders.models import Theme
from leitstern.stakeholders.schemas import ThemeIn, ThemeOut
from leitstern.workspaces.models import Need

router = Router()


@router.get(W + "/stakeholder-themes", response=list[ThemeOut])
@operation(need=Need.EDIT)
def theme_list(request: WorkspaceRequest, slug: Slug):
    member = request.member
    return Theme.objects.filter(workspace=member.workspace)


@router.post(W + "/stakeholder-themes", response={201: ThemeOut})
@operation(need=Need.EDIT)
def theme_create(request: WorkspaceRequest, slug: Slug, payload: ThemeIn):
    member = request.member
    product = one_of(
        Product.objects.filter(workspace=member.workspace), payload.product_id, "product_id"
    )
    theme = services.theme_create(
        actor=request.user,
        workspace=member.workspace,
        name=payload.name,
        product=product,
        description=payload.description,
    )
    return Status(201, theme)
