"""The stakeholders API: the register, positions (grid, salience, engagement, attitudes),
who listens to whom with the network's numbers and suggestions, conversations, the
communication plan and themes. The same services and access rules as the pages: editors and
owners only (404 for everyone else), a private stakeholder for their keeper alone, erasure
for owners."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router, Status

from leitstern.accounts.models import User
from leitstern.api.operations import operation
from leitstern.api.types import Id, Limit, Offset, Slug
from leitstern.api.versions import (
    IF_MATCH,
    conflict_answer,
    conflict_schema,
    expected_version,
    tag,
)
from leitstern.core.http import WorkspaceRequest
from leitstern.core.versioning import EditConflict
from leitstern.products.models import Product
from leitstern.stakeholders import access, selectors, services, wording
from leitstern.stakeholders.models import (
    Conversation,
    Influence,
    PlanItem,
    PositionRecord,
    Stakeholder,
    Theme,
)
from leitstern.stakeholders.schemas import (
    AttitudeIn,
    EngagementIn,
    GridIn,
    InfluenceIn,
    InfluenceOut,
    InfluencePatch,
    NetworkOut,
    PlanIn,
    PlanOut,
    PlanPatch,
    PositionOut,
    SalienceIn,
    SentIn,
    StakeholderConversationIn,
    StakeholderConversationOut,
    StakeholderConversationPatch,
    StakeholderIn,
    StakeholderOut,
    StakeholderPatch,
    SuggestionsOut,
    ThemeIn,
    ThemeOut,
)
from leitstern.workspaces.models import Membership, Need

router = Router(tags=["stakeholders"])
W = "/workspaces/{slug}"
S = W + "/stakeholders/{stakeholder_id}"


# --- ids sent in a body: a wrong one is named in a 422 -------------------------------------


def _one(queryset, pk: int | None, field: str):
    if pk is None:
        return None
    found = queryset.filter(pk=pk).first()
    if found is None:
        raise ValidationError(
            {field: _("No such object in this workspace (id %(id)s).") % {"id": pk}}
        )
    return found


def _many(queryset, ids: list[int], field: str) -> list:
    found = {obj.pk: obj for obj in queryset.filter(pk__in=ids)}
    missing = [pk for pk in ids if pk not in found]
    if missing:
        raise ValidationError(
            {field: _("No such object in this workspace (ids %(ids)s).")
             % {"ids": ", ".join(map(str, missing))}}
        )  # fmt: skip
    return [found[pk] for pk in dict.fromkeys(ids)]


def _users(member: Membership):
    return User.objects.filter(memberships__workspace=member.workspace)


def _people(member: Membership):
    return selectors.visible(member)


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
    person = _people(member).prefetch_related("products", "themes", "stances").get(pk=pk)
    return _stakeholder_out(person)


def _register_data(member: Membership, payload, sent: set[str]) -> dict:
    """The register fields of a payload as the service takes them (only ``sent`` ones)."""
    data: dict = {}
    for name in ("name", "title", "department", "organisation", "email", "notes"):
        if name in sent:
            data[name] = getattr(payload, name)
    if "member_id" in sent:
        data["member"] = _one(_users(member), payload.member_id, "member_id")
    if "relationship_owner_id" in sent:
        data["relationship_owner"] = _one(
            _users(member), payload.relationship_owner_id, "relationship_owner_id"
        )
    if "reports_to_id" in sent:
        data["reports_to"] = _one(_people(member), payload.reports_to_id, "reports_to_id")
    if "product_ids" in sent:
        data["products"] = _many(
            Product.objects.filter(workspace=member.workspace), payload.product_ids, "product_ids"
        )
    if "theme_ids" in sent:
        data["themes"] = _many(
            Theme.objects.filter(workspace=member.workspace), payload.theme_ids, "theme_ids"
        )
    return data


API_NAMES = {
    "member": "member_id",
    "relationship_owner": "relationship_owner_id",
    "reports_to": "reports_to_id",
    "products": "product_ids",
    "themes": "theme_ids",
    "stakeholder": "stakeholder_id",
    "members": "member_ids",
    "owner": "owner_id",
    "influencer": "influencer_id",
    "listener": "listener_id",
}


# --- the register -----------------------------------------------------------------------------


@router.get(W + "/stakeholders", response=list[StakeholderOut])
@operation(need=Need.EDIT)
def stakeholder_list(
    request: WorkspaceRequest, slug: Slug, limit: Limit() = 200, offset: Offset = 0
):
    member = request.member
    people = (
        _people(member)
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


# --- positions --------------------------------------------------------------------------------


@router.get(S + "/positions", response=list[PositionOut])
@operation(need=Need.EDIT)
def position_list(request: WorkspaceRequest, slug: Slug, stakeholder_id: Id, analysis: str = ""):
    """The trail: every assessment, oldest first (``analysis``: grid, salience, engagement
    or attitude)."""
    member = request.member
    positions = access.get_stakeholder_for(member, stakeholder_id).positions.all()
    if analysis:
        positions = positions.filter(analysis=analysis)
    return positions


def _position(record: PositionRecord) -> Status:
    return Status(201, record)


@router.post(S + "/grid", response={201: PositionOut})
@operation(need=Need.EDIT)
def grid_place(request: WorkspaceRequest, slug: Slug, stakeholder_id: Id, payload: GridIn):
    member = request.member
    return _position(
        services.grid_place(
            actor=request.user,
            stakeholder=access.get_stakeholder_for(member, stakeholder_id),
            power=payload.power,
            interest=payload.interest,
            day=payload.day,
            note=payload.note,
        )
    )


@router.post(S + "/salience", response={201: PositionOut})
@operation(need=Need.EDIT)
def salience_assess(request: WorkspaceRequest, slug: Slug, stakeholder_id: Id, payload: SalienceIn):
    member = request.member
    return _position(
        services.salience_assess(
            actor=request.user,
            stakeholder=access.get_stakeholder_for(member, stakeholder_id),
            power=payload.power,
            legitimacy=payload.legitimacy,
            urgency=payload.urgency,
            day=payload.day,
            note=payload.note,
        )
    )


@router.post(S + "/engagement", response={201: PositionOut})
@operation(need=Need.EDIT)
def engagement_assess(
    request: WorkspaceRequest, slug: Slug, stakeholder_id: Id, payload: EngagementIn
):
    member = request.member
    return _position(
        services.engagement_assess(
            actor=request.user,
            stakeholder=access.get_stakeholder_for(member, stakeholder_id),
            current=payload.engagement,
            desired=payload.desired_engagement,
            day=payload.day,
            note=payload.note,
        )
    )


@router.post(S + "/attitudes", response={201: PositionOut})
@operation(need=Need.EDIT)
def attitude_set(request: WorkspaceRequest, slug: Slug, stakeholder_id: Id, payload: AttitudeIn):
    member = request.member
    theme = _one(Theme.objects.filter(workspace=member.workspace), payload.theme_id, "theme_id")
    return _position(
        services.stance_set(
            actor=request.user,
            stakeholder=access.get_stakeholder_for(member, stakeholder_id),
            theme=theme,
            attitude=payload.attitude,
            day=payload.day,
            note=payload.note,
        )
    )


@router.get(S + "/suggestions", response=SuggestionsOut)
@operation(need=Need.EDIT)
def suggestion_list(
    request: WorkspaceRequest, slug: Slug, stakeholder_id: Id, theme_id: Id | None = None
):
    """Whom to talk to first to win the stakeholder over (for a theme), in words and as
    routes of stakeholder ids (the one to talk to first, … the stakeholder)."""
    member = request.member
    person = access.get_stakeholder_for(member, stakeholder_id)
    theme = (
        _one(Theme.objects.filter(workspace=member.workspace), theme_id, "theme_id")
        if theme_id
        else None
    )
    view = selectors.map_for(member)
    answer = view.suggestions(person, theme, limit=5)
    found, against = wording.suggestions(view.by_id, person, answer, theme)

    def rows(words, candidates):
        return [
            {
                "stakeholder_id": c.person,
                "sentence": w.sentence,
                "route": list(c.path.people),
                "strengths": list(c.path.strengths),
                "score": round(c.score, 6),
            }
            for w, c in zip(words, candidates, strict=True)
        ]

    return {
        "stakeholder_id": person.pk,
        "theme_id": theme.pk if theme else None,
        "candidates": rows(found, answer.candidates),
        "opposing": rows(against, answer.opposing),
    }


# --- who listens to whom ----------------------------------------------------------------------


@router.get(W + "/stakeholder-network", response=NetworkOut)
@operation(need=Need.EDIT)
def network(request: WorkspaceRequest, slug: Slug):
    """Every person the caller sees with influence, listens, betweenness (normalized) and
    reach, and the ties between them."""
    member = request.member
    view = selectors.map_for(member, stances=False)
    c = view.centrality
    people = [
        {
            "id": row.id,
            "name": view.by_id[row.id].name,
            "influence": row.influence,
            "listens": row.listens,
            "betweenness": round(row.betweenness_normalized, 9),
            "reach": round(row.reach, 9),
        }
        for row in (c.of(pk) for pk in c.ids)
    ]
    ties = [
        {
            "id": t.pk,
            "influencer_id": t.influencer_id,
            "listener_id": t.listener_id,
            "strength": t.strength,
            "note": t.note,
            "version": t.version,
        }
        for t in view.ties
    ]
    return {"people": people, "ties": ties}


@router.get(W + "/influences", response=list[InfluenceOut])
@operation(need=Need.EDIT)
def influence_list(request: WorkspaceRequest, slug: Slug, stakeholder_id: Id | None = None):
    """Ties between people the caller sees; with ``stakeholder_id`` only theirs (either
    way)."""
    member = request.member
    ties = selectors.ties_among(member).order_by("pk")
    if stakeholder_id is not None:
        person = access.get_stakeholder_for(member, stakeholder_id)
        ties = ties.filter(influencer=person) | ties.filter(listener=person)
    return ties


@router.post(W + "/influences", response={201: InfluenceOut})
@operation(need=Need.EDIT)
def influence_add(request: WorkspaceRequest, slug: Slug, payload: InfluenceIn):
    member = request.member
    seen = _people(member)
    tie = services.influence_add(
        actor=request.user,
        influencer=_one(seen, payload.influencer_id, "influencer_id"),
        listener=_one(seen, payload.listener_id, "listener_id"),
        strength=payload.strength,
        note=payload.note,
    )
    return Status(201, tie)


@router.patch(
    W + "/influences/{influence_id}",
    response={200: InfluenceOut, 409: conflict_schema(InfluenceOut)},
)
@operation(need=Need.EDIT)
def influence_update(
    request: WorkspaceRequest,
    slug: Slug,
    influence_id: Id,
    payload: InfluencePatch,
    response: HttpResponse,
    if_match: str | None = IF_MATCH,
):
    member = request.member
    tie = access.get_influence_for(member, influence_id)
    sent = payload.model_fields_set
    data = {name: getattr(payload, name) for name in ("strength", "note") if name in sent}
    try:
        services.influence_update(
            actor=request.user,
            influence=tie,
            version=expected_version(if_match, payload.version),
            **data,
        )
    except EditConflict as conflict:
        tag(response, conflict.version)
        return conflict_answer(conflict, Influence.objects.get(pk=tie.pk))
    tag(response, tie.version)
    return tie


@router.delete(W + "/influences/{influence_id}", response={204: None})
@operation(need=Need.EDIT)
def influence_remove(request: WorkspaceRequest, slug: Slug, influence_id: Id):
    member = request.member
    services.influence_remove(
        actor=request.user, influence=access.get_influence_for(member, influence_id)
    )
    return Status(204, None)


# --- conversations ----------------------------------------------------------------------------


@router.get(S + "/conversations", response=list[StakeholderConversationOut])
@operation(need=Need.EDIT)
def conversation_list(request: WorkspaceRequest, slug: Slug, stakeholder_id: Id):
    member = request.member
    return access.get_stakeholder_for(member, stakeholder_id).conversations.all()


@router.post(S + "/conversations", response={201: StakeholderConversationOut})
@operation(need=Need.EDIT)
def conversation_record(
    request: WorkspaceRequest, slug: Slug, stakeholder_id: Id, payload: StakeholderConversationIn
):
    member = request.member
    conversation = services.conversation_record(
        actor=request.user,
        stakeholder=access.get_stakeholder_for(member, stakeholder_id),
        **payload.model_dump(),
    )
    return Status(201, conversation)


@router.patch(
    W + "/stakeholder-conversations/{stakeholder_conversation_id}",
    response={200: StakeholderConversationOut, 409: conflict_schema(StakeholderConversationOut)},
)
@operation(need=Need.EDIT)
def conversation_update(
    request: WorkspaceRequest,
    slug: Slug,
    stakeholder_conversation_id: Id,
    payload: StakeholderConversationPatch,
    response: HttpResponse,
    if_match: str | None = IF_MATCH,
):
    member = request.member
    conversation = access.get_conversation_for(member, stakeholder_conversation_id)
    sent = payload.model_fields_set - {"version"}
    try:
        services.conversation_update(
            actor=request.user,
            conversation=conversation,
            version=expected_version(if_match, payload.version),
            **{name: getattr(payload, name) for name in sent},
        )
    except EditConflict as conflict:
        tag(response, conflict.version)
        return conflict_answer(conflict, Conversation.objects.get(pk=conversation.pk))
    tag(response, conversation.version)
    return conversation


@router.delete(W + "/stakeholder-conversations/{stakeholder_conversation_id}", response={204: None})
@operation(need=Need.EDIT)
def conversation_delete(request: WorkspaceRequest, slug: Slug, stakeholder_conversation_id: Id):
    member = request.member
    services.conversation_delete(
        actor=request.user,
        conversation=access.get_conversation_for(member, stakeholder_conversation_id),
    )
    return Status(204, None)


# --- the communication plan -------------------------------------------------------------------


def _plan_out(item: PlanItem, member: Membership) -> dict:
    seen = set(_people(member).filter(plan_groups=item).values_list("pk", flat=True))
    return {
        "id": item.pk,
        "stakeholder_id": item.stakeholder_id,
        "group_name": item.group_name,
        "member_ids": sorted(seen),
        "information": item.information,
        "frequency": item.frequency,
        "channel": item.channel,
        "owner_id": item.owner_id,
        "starts_on": item.starts_on,
        "last_sent_on": item.last_sent_on,
        "next_due": item.next_due(),
        "overdue": item.is_overdue(timezone.localdate()),
        "version": item.version,
    }


def _plan_data(member: Membership, payload, sent: set[str]) -> dict:
    data: dict = {}
    for name in ("information", "group_name", "frequency", "channel", "starts_on"):
        if name in sent and getattr(payload, name) is not None:
            data[name] = getattr(payload, name)
    if "stakeholder_id" in sent:
        data["stakeholder"] = _one(_people(member), payload.stakeholder_id, "stakeholder_id")
    if "member_ids" in sent:
        data["members"] = _many(_people(member), payload.member_ids, "member_ids")
    if "owner_id" in sent:
        data["owner"] = _one(_users(member), payload.owner_id, "owner_id")
    return data


@router.get(W + "/comms-plan", response=list[PlanOut])
@operation(need=Need.EDIT)
def plan_list(request: WorkspaceRequest, slug: Slug):
    member = request.member
    rows = selectors.plan_rows(member, timezone.localdate())
    return [_plan_out(row.item, member) for row in rows]


@router.post(W + "/comms-plan", response={201: PlanOut})
@operation(need=Need.EDIT)
def plan_create(request: WorkspaceRequest, slug: Slug, payload: PlanIn):
    member = request.member
    data = _plan_data(member, payload, set(PlanIn.model_fields))
    item = services.plan_item_create(
        actor=request.user,
        workspace=member.workspace,
        information=data.pop("information"),
        **data,
    )
    return Status(201, _plan_out(item, member))


@router.patch(
    W + "/comms-plan/{plan_id}",
    response={200: PlanOut, 409: conflict_schema(PlanOut)},
)
@operation(need=Need.EDIT)
def plan_update(
    request: WorkspaceRequest,
    slug: Slug,
    plan_id: Id,
    payload: PlanPatch,
    response: HttpResponse,
    if_match: str | None = IF_MATCH,
):
    member = request.member
    item = access.get_plan_item_for(member, plan_id)
    try:
        services.plan_item_update(
            actor=request.user,
            item=item,
            version=expected_version(if_match, payload.version),
            **_plan_data(member, payload, payload.model_fields_set),
        )
    except EditConflict as conflict:
        tag(response, conflict.version)
        return conflict_answer(
            conflict, _plan_out(PlanItem.objects.get(pk=item.pk), member), names=API_NAMES
        )
    tag(response, item.version)
    return _plan_out(item, member)


@router.post(W + "/comms-plan/{plan_id}/sent", response=PlanOut)
@operation(need=Need.EDIT)
def plan_sent(request: WorkspaceRequest, slug: Slug, plan_id: Id, payload: SentIn):
    """Mark the information sent (today unless ``day``); the next one is due a period
    later."""
    member = request.member
    item = services.plan_item_sent(
        actor=request.user, item=access.get_plan_item_for(member, plan_id), day=payload.day
    )
    return _plan_out(item, member)


@router.delete(W + "/comms-plan/{plan_id}", response={204: None})
@operation(need=Need.EDIT)
def plan_delete(request: WorkspaceRequest, slug: Slug, plan_id: Id):
    member = request.member
    services.plan_item_delete(actor=request.user, item=access.get_plan_item_for(member, plan_id))
    return Status(204, None)


# --- themes -----------------------------------------------------------------------------------


@router.get(W + "/stakeholder-themes", response=list[ThemeOut])
@operation(need=Need.EDIT)
def theme_list(request: WorkspaceRequest, slug: Slug):
    member = request.member
    return Theme.objects.filter(workspace=member.workspace)


@router.post(W + "/stakeholder-themes", response={201: ThemeOut})
@operation(need=Need.EDIT)
def theme_create(request: WorkspaceRequest, slug: Slug, payload: ThemeIn):
    member = request.member
    product = _one(
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
