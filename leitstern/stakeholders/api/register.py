"""The register in the stakeholders API: the people the caller sees (list, add, read, edit the
fields sent with If-Match) and erasure (owners only)."""

from __future__ import annotations

from django.http import HttpResponse
from ninja import Router, Status

from leitstern.api.operations import operation
from leitstern.api.types import Id, Limit, Offset, Slug
from leitstern.api.versions import IF_MATCH, conflict_answer, conflict_schema, expected_version, tag
from leitstern.core.http import WorkspaceRequest
from leitstern.core.versioning import EditConflict
from leitstern.products.models import Product
from leitstern.stakeholders import access, services
from leitstern.stakeholders.api.common import API_NAMES, S, W, many_of, one_of, people_of, users_of
from leitstern.stakeholders.models import Stakeholder, Theme
from leitstern.stakeholders.schemas import StakeholderIn, StakeholderOut, StakeholderPatch
from leitstern.workspaces.models import Membership, Need

router = Router()


def _stakeholder_out(person: Stakeholder) -> dict:
    return {
        "id": person.pk,
        "name": person.name,
        "title": person.title,
        "department": person.department,
        "organisation": person.organisation,
        "email": person.email,
        "notes": person.notes,
        "member_id": person.member_id,
        "relationship_owner_id": person.relationship_owner_id,
        "reports_to_id": person.reports_to_id,
        "product_ids": sorted(p.pk for p in person.products.all()),
        "theme_ids": sorted(t.pk for t in person.themes.all()),
        "private": person.is_private,
        "power": person.power,
        "interest": person.interest,
        "quadrant": person.quadrant,
        "salience": {
            "power": person.has_power,
            "legitimacy": person.has_legitimacy,
            "urgency": person.has_urgency,
        },
        "salience_class": person.salience,
        "engagement": person.engagement,
        "desired_engagement": person.desired_engagement,
        "engagement_gap": person.engagement_gap,
        "attitudes": {str(s.theme_id): s.attitude for s in person.stances.all()},
        "version": person.version,
    }


def _fresh(member: Membership, pk: int) -> dict:
    person = people_of(member).prefetch_related("products", "themes", "stances").get(pk=pk)
    return _stakeholder_out(person)


def _register_data(member: Membership, payload, sent: set[str]) -> dict:
    """The register fields of a payload as the service takes them (only ``sent`` ones)."""
    data: dict = {}
    for name in ("name", "title", "department", "organisation", "email", "notes"):
        if name in sent:
            data[name] = getattr(payload, name)
    if "member_id" in sent:
        data["member"] = one_of(users_of(member), payload.member_id, "member_id")
    if "relationship_owner_id" in sent:
        data["relationship_owner"] = one_of(
            users_of(member), payload.relationship_owner_id, "relationship_owner_id"
        )
    if "reports_to_id" in sent:
        data["reports_to"] = one_of(people_of(member), payload.reports_to_id, "reports_to_id")
    if "product_ids" in sent:
        data["products"] = many_of(
            Product.objects.filter(workspace=member.workspace), payload.product_ids, "product_ids"
        )
    if "theme_ids" in sent:
        data["themes"] = many_of(
            Theme.objects.filter(workspace=member.workspace), payload.theme_ids, "theme_ids"
        )
    return data


@router.get(W + "/stakeholders", response=list[StakeholderOut])
@operation(need=Need.EDIT)
def stakeholder_list(
    request: WorkspaceRequest, slug: Slug, limit: Limit() = 200, offset: Offset = 0
):
    member = request.member
    people = (
        people_of(member)
        .order_by("name", "pk")
        .prefetch_related("products", "themes", "stances")[offset : offset + limit]
    )
    return [_stakeholder_out(p) for p in people]


@router.post(W + "/stakeholders", response={201: StakeholderOut})
@operation(need=Need.EDIT)
def stakeholder_create(request: WorkspaceRequest, slug: Slug, payload: StakeholderIn):
    member = request.member
    data = _register_data(member, payload, set(StakeholderIn.model_fields) - {"private"})
    name = data.pop("name")
    person = services.stakeholder_create(
        actor=request.user,
        workspace=member.workspace,
        name=name,
        private=payload.private,
        **data,
    )
    return Status(201, _fresh(member, person.pk))


@router.get(S, response=StakeholderOut)
@operation(need=Need.EDIT)
def stakeholder_detail(
    request: WorkspaceRequest, slug: Slug, stakeholder_id: Id, response: HttpResponse
):
    member = request.member
    person = access.get_stakeholder_for(member, stakeholder_id)
    tag(response, person.version)
    return _fresh(member, person.pk)


@router.patch(
    S,
    response={200: StakeholderOut, 409: conflict_schema(StakeholderOut)},
)
@operation(need=Need.EDIT)
def stakeholder_update(
    request: WorkspaceRequest,
    slug: Slug,
    stakeholder_id: Id,
    payload: StakeholderPatch,
    response: HttpResponse,
    if_match: str | None = IF_MATCH,
):
    """Change the fields sent, and only those. With If-Match (or ``version``), a field
    someone else changed since that version answers 409 and nothing is saved."""
    member = request.member
    person = access.get_stakeholder_for(member, stakeholder_id)
    sent = set(payload.model_fields_set)
    version = expected_version(if_match, payload.version)
    data = _register_data(member, payload, sent)
    try:
        services.stakeholder_update(
            actor=request.user,
            stakeholder=person,
            version=version,
            note=payload.note,
            private=payload.private if "private" in sent else None,
            **data,
        )
    except EditConflict as conflict:
        tag(response, conflict.version)
        return conflict_answer(conflict, _fresh(member, person.pk), names=API_NAMES)
    tag(response, person.version)
    return _fresh(member, person.pk)


@router.delete(S, response={204: None})
@operation(need=Need.ADMIN)
def stakeholder_erase(request: WorkspaceRequest, slug: Slug, stakeholder_id: Id):
    """Erase completely: the person, their trail, ties, conversations and plan rows, and
    their name from the activity log. Owners only; cannot be undone."""
    member = request.member
    services.stakeholder_erase(
        actor=request.user, stakeholder=access.get_erasable_for(member, stakeholder_id)
    )
    return Status(204, None)
