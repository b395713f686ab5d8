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
from leitstern.stakeholders import access, analyses, selectors, services, wording
from leitstern.stakeholders.forms import EngagementForm, GridForm, SalienceForm, StanceForm
from leitstern.stakeholders.models import Analysis, PositionRecord, Stakeholder
from leitstern.stakeholders.views.detail import detail_page, point, trail_points
from leitstern.workspaces.access import workspace_view
from leitstern.workspaces.models import Need

PAGE_SIZE = 50


def _back(request: WorkspaceRequest, stakeholder: Stakeholder, anchor: str) -> HttpResponse:
    """After a write: back to the grid page (where the form was) or the person's page."""
    slug = request.workspace.slug
    if request.POST.get("next") == "grid":
        page = request.POST.get("page", "")
        suffix = f"?page={page}" if page.isdigit() else ""
        return redirect(f"{reverse('stakeholders:grid', args=[slug])}{suffix}#row-{stakeholder.pk}")
    return redirect(f"{reverse('stakeholders:stakeholder', args=[slug, stakeholder.pk])}#{anchor}")


@workspace_view(need=Need.EDIT)
def grid(request: WorkspaceRequest) -> HttpResponse:
    return grid_page(request)


def grid_page(
    request: WorkspaceRequest,
    *,
    failed: Stakeholder | None = None,
    failed_form: GridForm | None = None,
) -> TemplateResponse:
    """Everyone on the grid (drag a dot, or use the form of their row), those not placed
    yet below, and — with ``?trails=1`` — where each of them stood before."""
    people = list(selectors.visible(request.member).order_by("name", "pk"))
    placed = [p for p in people if p.power is not None and p.interest is not None]
    trails = request.GET.get("trails") == "1"
    paths: dict[int, list[PositionRecord]] = defaultdict(list)
    if trails:
        for record in PositionRecord.objects.filter(
            stakeholder__in=[p.pk for p in placed], analysis=Analysis.GRID
        ).only("stakeholder_id", "power", "interest", "day"):
            paths[record.stakeholder_id].append(record)
    page = Paginator(people, PAGE_SIZE).get_page(
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
    return TemplateResponse(
        request,
        "stakeholders/grid.html",
        {
            "dots": [
                (p, point(p.power, p.interest), trail_points(paths[p.pk]) if trails else "")
                for p in placed
            ],
            "unplaced": [p for p in people if p.power is None or p.interest is None],
            "rows": rows,
            "page": page,
            "trails": trails,
            "quadrants": {code: wording.quadrant(code) for code in analyses.QUADRANTS},
            "counts": {
                code: sum(1 for p in placed if p.quadrant == code) for code in analyses.QUADRANTS
            },
        },
    )


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
