"""One stakeholder's page: every analysis editable where it is shown, with its trail; who
they listen to and who listens to them (and the official line apart); whom to talk to first
to win them over; routes of influence to them; conversations; the plan for them."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Case, F, Q, When
from django.template.response import TemplateResponse
from django.utils import timezone

from leitstern.core.http import WorkspaceRequest
from leitstern.engines.network import MAX_STEPS
from leitstern.stakeholders import analyses, selectors, wording
from leitstern.stakeholders.forms import (
    ConversationForm,
    EngagementForm,
    GridForm,
    InfluenceForm,
    SalienceForm,
    StanceForm,
)
from leitstern.stakeholders.models import (
    Analysis,
    Influence,
    PositionRecord,
    Stakeholder,
    Theme,
)

# The grid is drawn in a 100 × 100 box: interest runs right, power up.
SCALE = 10


@dataclass(frozen=True)
class Point:
    x: float
    y: float


def point(power: float, interest: float) -> Point:
    return Point(x=round(interest * SCALE, 1), y=round((analyses.AXIS_MAX - power) * SCALE, 1))


def trail_points(records: list[PositionRecord]) -> str:
    """An SVG polyline's points through the positions, oldest first."""
    return " ".join(f"{p.x},{p.y}" for p in (point(r.power, r.interest) for r in records))


def _chosen(request: WorkspaceRequest, name: str, queryset):
    """An id from the query string among ``queryset``, or None (an unknown one is ignored:
    these only choose what to show)."""
    value = request.GET.get(name, "")
    if not value.isdigit():
        return None
    return queryset.filter(pk=int(value)).first()


def detail_page(
    request: WorkspaceRequest,
    stakeholder: Stakeholder,
    *,
    grid_form: GridForm | None = None,
    salience_form: SalienceForm | None = None,
    engagement_form: EngagementForm | None = None,
    stance_form: StanceForm | None = None,
    influence_form: InfluenceForm | None = None,
    conversation_form: ConversationForm | None = None,
    status: int = 200,
) -> TemplateResponse:
    member = request.member
    workspace = request.workspace
    seen = selectors.visible(member)
    trail = list(stakeholder.positions.select_related("theme", "recorded_by"))
    grid_trail = [r for r in trail if r.analysis == Analysis.GRID]
    themes = list(Theme.objects.filter(workspace=workspace))
    theme = _chosen(request, "theme", Theme.objects.filter(workspace=workspace))
    source = _chosen(request, "from", seen.exclude(pk=stakeholder.pk))
    # Only the people with a route to this person (two ties, three when routes are asked
    # for) and the map's stored centrality, not the whole map.
    near = selectors.neighbourhood_for(
        member, stakeholder, steps=MAX_STEPS if source is not None else 2, also=source
    )
    people = near.by_id
    answer = near.suggestions(stakeholder, theme)
    candidates, opposing = wording.suggestions(people, stakeholder, answer, theme)
    routes = [
        (wording.route(people, path), path) for path in near.paths(people[source.pk], stakeholder)
    ] if source is not None else []  # fmt: skip
    # Both directions in one query, each by strength and then the other person's name.
    ties = list(
        Influence.objects.filter(
            Q(listener=stakeholder, influencer__in=seen)
            | Q(influencer=stakeholder, listener__in=seen)
        )
        .select_related("influencer", "listener")
        .annotate(
            other_name=Case(
                When(listener=stakeholder, then=F("influencer__name")),
                default=F("listener__name"),
            )
        )
        .order_by("-strength", "other_name", "pk")
    )
    ties_in = [tie for tie in ties if tie.listener_id == stakeholder.pk]
    ties_out = [tie for tie in ties if tie.influencer_id == stakeholder.pk]
    # Everyone seen by name, once: the new tie's two selects and the routes' starts.
    everyone = list(seen.only("id", "name").order_by("name"))
    today = timezone.localdate()
    plan = [
        row
        for row in selectors.plan_rows(member, today)
        if row.item.stakeholder_id == stakeholder.pk or stakeholder in row.members
    ]
    salience = stakeholder.salience
    return TemplateResponse(
        request,
        "stakeholders/stakeholder.html",
        {
            "stakeholder": stakeholder,
            "can_erase": stakeholder.erasable_by(member),
            "quadrant": wording.quadrant(stakeholder.quadrant),
            "quadrant_advice": wording.QUADRANT_ADVICE.get(stakeholder.quadrant, ""),
            "here": point(stakeholder.power, stakeholder.interest)
            if stakeholder.power is not None
            else None,
            "trail_points": trail_points(grid_trail),
            "trail_dots": [(r, point(r.power, r.interest)) for r in grid_trail[:-1]],
            "grid_trail": list(reversed(grid_trail)),
            "salience_name": wording.SALIENCE[salience],
            "salience_meaning": wording.SALIENCE_MEANING[salience],
            "salience_trail": [r for r in reversed(trail) if r.analysis == Analysis.SALIENCE],
            "engagement_trail": [r for r in reversed(trail) if r.analysis == Analysis.ENGAGEMENT],
            "attitude_trail": [r for r in reversed(trail) if r.analysis == Analysis.ATTITUDE],
            "stances": stakeholder.stances.select_related("theme"),
            "gap": stakeholder.engagement_gap,
            "grid_form": grid_form
            or GridForm(initial={"power": stakeholder.power, "interest": stakeholder.interest}),
            "salience_form": salience_form
            or SalienceForm(
                initial={
                    "has_power": stakeholder.has_power,
                    "has_legitimacy": stakeholder.has_legitimacy,
                    "has_urgency": stakeholder.has_urgency,
                }
            ),
            "engagement_form": engagement_form
            or EngagementForm(
                initial={
                    "engagement": stakeholder.engagement,
                    "desired_engagement": stakeholder.desired_engagement,
                }
            ),
            "stance_form": stance_form or StanceForm(workspace=workspace, themes=themes),
            "influence_form": influence_form
            or InfluenceForm(seen=seen, people=everyone, initial={"listener": stakeholder}),
            "conversation_form": conversation_form or ConversationForm(),
            "ties_in": ties_in,
            "ties_out": ties_out,
            "direct_reports": seen.filter(reports_to=stakeholder).only("id", "name"),
            "reports_to": stakeholder.reports_to
            if stakeholder.reports_to_id and seen.filter(pk=stakeholder.reports_to_id).exists()
            else None,
            "themes": themes,
            "theme": theme,
            "candidates": candidates,
            "opposing": opposing,
            "sources": [person for person in everyone if person.pk != stakeholder.pk],
            "source": source,
            "routes": routes,
            "conversations": stakeholder.conversations.select_related("recorded_by"),
            "plan": plan,
            "centrality": near.whole.of(stakeholder.pk),
            "today": today,
        },
        status=status,
    )
