"""The power / interest grid for everyone, and the writes of each analysis (grid, salience,
engagement, attitude) from the grid page or a stakeholder's page. Every write is a plain
form POST, so it works without JavaScript; the grid's drag and arrow keys use the API."""

from __future__ import annotations

from collections import defaultdict

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from leitstern.core.forms import apply_errors
from leitstern.core.http import WorkspaceRequest
from leitstern.stakeholders import access, analyses, layout, selectors, services, wording
from leitstern.stakeholders.forms import (
    EngagementForm,
    GridForm,
    MapFilter,
    SalienceForm,
    StanceForm,
)
from leitstern.stakeholders.models import Analysis, PositionRecord, Stakeholder
from leitstern.stakeholders.views.detail import detail_page, point, trail_points
from leitstern.workspaces.access import workspace_view
from leitstern.workspaces.models import Need

PAGE_SIZE = 25
# The grid draws this many people at most (those with the most power and interest); the
# rest are counted and in the table, and the filter narrows what is drawn.
CHART_LIMIT = 60
UNPLACED_SHOWN = 20


def _back(request: WorkspaceRequest, stakeholder: Stakeholder, anchor: str) -> HttpResponse:
    """After a write: back to the grid page (where the form was) or the person's page."""
    slug = request.workspace.slug
    if request.POST.get("next") == "grid":
        query = map_filter(request).query()
        page = request.POST.get("page", "")
        if page.isdigit():
            query = f"{query}&page={page}" if query else f"page={page}"
        suffix = f"?{query}" if query else ""
        return redirect(f"{reverse('stakeholders:grid', args=[slug])}{suffix}#row-{stakeholder.pk}")
    return redirect(f"{reverse('stakeholders:stakeholder', args=[slug, stakeholder.pk])}#{anchor}")


@workspace_view(need=Need.EDIT)
def grid(request: WorkspaceRequest) -> HttpResponse:
    return grid_page(request)


def map_filter(request: WorkspaceRequest) -> MapFilter:
    """The product / department / quadrant filter of the grid, network and attention pages
    (read from the query string; a POST from the grid keeps the filter it was sent from)."""
    data = request.GET if request.method == "GET" else request.POST
    bound = any(data.get(name) for name in ("product", "department", "quadrant"))
    return MapFilter(
        data if bound else None,
        workspace=request.workspace,
        departments=selectors.departments(request.member),
        quadrants=[(code, wording.quadrant(code)) for code in analyses.QUADRANTS],
    )


def grid_page(
    request: WorkspaceRequest,
    *,
    failed: Stakeholder | None = None,
    failed_form: GridForm | None = None,
) -> TemplateResponse:
    """The grid of the people chosen by the filter: the ``CHART_LIMIT`` with the most power
    and interest drawn (near ones share a dot with a count, see ``layout``), how many more
    are not drawn, every one of them in the paged table (drag a dot, or use the form of
    their row), and — with ``?trails=1`` — where the drawn ones stood before. A constant
    number of queries however many people the map holds."""
    filters = map_filter(request)
    chosen = filters.chosen()
    people = selectors.narrowed(request.member, **chosen)
    unfiltered_quadrant = selectors.narrowed(request.member, **{**chosen, "quadrant": ""})
    counts = selectors.quadrant_counts(unfiltered_quadrant)
    placed_total = counts[chosen["quadrant"]] if chosen["quadrant"] else sum(counts.values())
    drawn = list(
        people.placed()
        .only("id", "name", "power", "interest", "private_to", "workspace")
        .order_by("-power", "-interest", "name", "pk")[:CHART_LIMIT]
    )
    trails = request.GET.get("trails") == "1"
    paths: dict[int, list[PositionRecord]] = defaultdict(list)
    if trails:
        for record in PositionRecord.objects.filter(
            stakeholder__in=[p.pk for p in drawn], analysis=Analysis.GRID
        ).only("stakeholder_id", "power", "interest", "day"):
            paths[record.stakeholder_id].append(record)
    spots = layout.layout([(p, *_xy(p), p.name) for p in drawn])
    page = Paginator(people.order_by("name", "pk"), PAGE_SIZE).get_page(
        request.POST.get("page") or request.GET.get("page")
    )
    rows = []
    for person in page.object_list:
        if failed is not None and person.pk == failed.pk:
            form = failed_form
        else:
            form = GridForm(
                initial={"power": person.power, "interest": person.interest},
                auto_id=f"grid-{person.pk}-%s",
            )
        rows.append((person, form, wording.quadrant(person.quadrant)))
    unplaced = people.exclude(power__isnull=False, interest__isnull=False).order_by("name", "pk")
    unplaced_shown = list(unplaced.only("id", "name")[:UNPLACED_SHOWN])
    unplaced_count = (
        len(unplaced_shown) if len(unplaced_shown) < UNPLACED_SHOWN else unplaced.count()
    )
    return TemplateResponse(
        request,
        "stakeholders/grid.html",
        {
            "filters": filters,
            "filter_query": filters.query(),
            "spots": [
                (spot, trail_points(paths[spot.people[0].pk]) if trails else "") for spot in spots
            ],
            "shared": [spot for spot in spots if spot.more],
            "drawn": len(drawn),
            "not_drawn": placed_total - len(drawn),
            "unplaced": unplaced_shown,
            "unplaced_more": unplaced_count - len(unplaced_shown),
            "rows": rows,
            "page": page,
            "trails": trails,
            "quadrants": {code: wording.quadrant(code) for code in analyses.QUADRANTS},
            "counts": counts,
        },
    )


def _xy(person: Stakeholder) -> tuple[float, float]:
    at = point(person.power or 0.0, person.interest or 0.0)
    return at.x, at.y


@require_POST
@workspace_view(need=Need.EDIT)
def grid_set(request: WorkspaceRequest, pk: int) -> HttpResponse:
    """Place a stakeholder: power and interest typed in, or one step with a move button."""
    stakeholder = access.get_stakeholder_for(request.member, pk)
    form = GridForm(request.POST, auto_id=f"grid-{stakeholder.pk}-%s")
    move = GridForm.MOVES.get(request.POST.get("move", ""))
    if move is not None:
        # A move button needs no typed values: one step from where the person stands
        # (from the middle while not placed yet).
        for name in ("power", "interest"):
            form.fields[name].required = False
    if form.is_valid():
        data = form.cleaned_data
        power, interest = data["power"], data["interest"]
        if move is not None:
            axis, step = move
            power = stakeholder.power if stakeholder.power is not None else analyses.HIGH
            interest = stakeholder.interest if stakeholder.interest is not None else analyses.HIGH
            if axis == "power":
                power += step
            else:
                interest += step
        try:
            services.grid_place(
                actor=request.user,
                stakeholder=stakeholder,
                power=power,
                interest=interest,
                day=data["day"],
                note=data["note"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request,
                _("%(name)s: power %(power)s, interest %(interest)s — %(quadrant)s.")
                % {
                    "name": stakeholder.name,
                    "power": _number(stakeholder.power),
                    "interest": _number(stakeholder.interest),
                    "quadrant": wording.quadrant(stakeholder.quadrant),
                },
            )
            return _back(request, stakeholder, "grid")
    if request.POST.get("next") == "grid":
        return grid_page(request, failed=stakeholder, failed_form=form)
    return detail_page(request, stakeholder, grid_form=form)


def _number(value: float | None) -> str:
    from django.utils.formats import number_format

    return "—" if value is None else number_format(value, decimal_pos=1)


@require_POST
@workspace_view(need=Need.EDIT)
def salience_set(request: WorkspaceRequest, pk: int) -> HttpResponse:
    stakeholder = access.get_stakeholder_for(request.member, pk)
    form = SalienceForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.salience_assess(
                actor=request.user,
                stakeholder=stakeholder,
                power=data["has_power"],
                legitimacy=data["has_legitimacy"],
                urgency=data["has_urgency"],
                day=data["day"],
                note=data["note"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request,
                _("%(name)s: %(salience)s.")
                % {"name": stakeholder.name, "salience": wording.SALIENCE[stakeholder.salience]},
            )
            return _back(request, stakeholder, "salience")
    return detail_page(request, stakeholder, salience_form=form)


@require_POST
@workspace_view(need=Need.EDIT)
def engagement_set(request: WorkspaceRequest, pk: int) -> HttpResponse:
    stakeholder = access.get_stakeholder_for(request.member, pk)
    form = EngagementForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.engagement_assess(
                actor=request.user,
                stakeholder=stakeholder,
                current=data["engagement"],
                desired=data["desired_engagement"],
                day=data["day"],
                note=data["note"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Engagement saved."))
            return _back(request, stakeholder, "engagement")
    return detail_page(request, stakeholder, engagement_form=form)


@require_POST
@workspace_view(need=Need.EDIT)
def stance_set(request: WorkspaceRequest, pk: int) -> HttpResponse:
    stakeholder = access.get_stakeholder_for(request.member, pk)
    form = StanceForm(request.POST, workspace=request.workspace)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.stance_set(
                actor=request.user,
                stakeholder=stakeholder,
                theme=data["theme"],
                attitude=data["attitude"],
                day=data["day"],
                note=data["note"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Attitude saved."))
            return _back(request, stakeholder, "attitudes")
    return detail_page(request, stakeholder, stance_form=form)
