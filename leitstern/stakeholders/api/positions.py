"""Positions in the stakeholders API: a stakeholder's trail of assessments, a place on the
power/interest grid, salience, engagement now and wanted, attitudes per theme, and whom to
talk to first to win them over."""

from __future__ import annotations

from ninja import Router, Status

from leitstern.api.operations import operation
from leitstern.api.types import Id, Slug
from leitstern.core.http import WorkspaceRequest
from leitstern.stakeholders import access, selectors, services, wording
from leitstern.stakeholders.api.common import S, one_of
from leitstern.stakeholders.models import PositionRecord, Theme
from leitstern.stakeholders.schemas import (
    AttitudeIn,
    EngagementIn,
    GridIn,
    PositionOut,
    SalienceIn,
    SuggestionsOut,
)
from leitstern.workspaces.models import Need

router = Router()


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
    theme = one_of(Theme.objects.filter(workspace=member.workspace), payload.theme_id, "theme_id")
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
        one_of(Theme.objects.filter(workspace=member.workspace), theme_id, "theme_id")
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
