"""The views on one roadmap's data: board, timeline, table and outcome view. Each page
serves its htmx fragment from the same URL."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from leitstern.core.http import WorkspaceRequest
from leitstern.roadmap import periods
from leitstern.roadmap.models import Horizon, RoadmapItem
from leitstern.roadmap.selectors import views as selectors
from leitstern.roadmap.views.common import (
    filters_from,
    get_roadmap,
    query_without,
    roadmap_context,
    upcoming_pauses,
)
from leitstern.roadmap.views.following import stakeholder_followers
from leitstern.workspaces import access
from leitstern.workspaces.models import Need


def _offset(request: WorkspaceRequest) -> int:
    text = request.GET.get("offset", "")
    return min(int(text), 10_000_000) if text.isdigit() else 0


@access.workspace_view(need=Need.VIEW)
def board(request: WorkspaceRequest, pk: int) -> HttpResponse:
    """Now / Next / Later with the parked and not-doing lanes. Editors drag cards (or use
    the buttons and the move page, which work without JavaScript)."""
    roadmap = get_roadmap(request, pk, Need.VIEW)
    form, filters = filters_from(request)
    found = selectors.board(roadmap, filters)
    template = "roadmap/board.html"
    if request.htmx and request.htmx.target == "board":
        template += "#board"
    return TemplateResponse(
        request,
        template,
        {
            **roadmap_context(request, roadmap),
            "board": found,
            "filter_form": form,
            "filters": filters,
            "query": query_without(request, "offset"),
            "pauses": upcoming_pauses(roadmap, timezone.localdate()),
            **stakeholder_followers(request, roadmap),
        },
    )


@access.workspace_view(need=Need.VIEW)
def column(request: WorkspaceRequest, pk: int, horizon: str) -> HttpResponse:
    """More cards of one column (htmx appends them), or the whole column as a page."""
    roadmap = get_roadmap(request, pk, Need.VIEW)
    if horizon not in Horizon.values:
        raise Http404
    form, filters = filters_from(request)
    offset = _offset(request)
    items = selectors.column_items(roadmap, horizon, filters, offset=offset)
    selectors.link_counts(items)
    count = RoadmapItem.objects.current().filter(roadmap=roadmap, horizon=horizon)
    column = selectors.Column(
        horizon, Horizon(horizon).label, items, filters.apply(count).count(), offset
    )
    template = "roadmap/column.html"
    if request.htmx:
        template += "#cards"
    return TemplateResponse(
        request,
        template,
        {
            **roadmap_context(request, roadmap),
            "column": column,
            "filters": filters,
            "filter_form": form,
            "query": query_without(request, "offset"),
        },
    )


@access.workspace_view(need=Need.VIEW)
def timeline(request: WorkspaceRequest, pk: int) -> HttpResponse:
    """Quarters or months; bars fade with confidence, hard dates are markers, consolidation
    periods are bands."""
    roadmap = get_roadmap(request, pk, Need.VIEW)
    form, filters = filters_from(request)
    first = periods.parse_month(request.GET.get("start", ""))
    months_text = request.GET.get("months", "")
    months = int(months_text) if months_text.isdigit() and len(months_text) < 4 else 15
    scale = request.GET.get("scale", "quarter")
    found = selectors.timeline(
        roadmap, filters, first=first, months=months, scale=scale, offset=_offset(request)
    )
    previous = periods.add_months(found.first, -3)
    following = periods.add_months(found.first, 3)
    template = "roadmap/timeline.html"
    if request.htmx and request.htmx.target == "timeline":
        template += "#timeline"
    return TemplateResponse(
        request,
        template,
        {
            **roadmap_context(request, roadmap),
            "timeline": found,
            "filter_form": form,
            "filters": filters,
            "query": query_without(request, "offset", "start"),
            "paging": query_without(request, "offset"),
            "previous": previous.strftime("%Y-%m"),
            "following": following.strftime("%Y-%m"),
        },
    )


@access.workspace_view(need=Need.VIEW)
def table(request: WorkspaceRequest, pk: int) -> HttpResponse:
    roadmap = get_roadmap(request, pk, Need.VIEW)
    form, filters = filters_from(request)
    sort = request.GET.get("sort", "horizon")
    sort = sort if sort in selectors.SORTS else "horizon"
    offset = _offset(request)
    items, total = selectors.table(roadmap, filters, sort=sort, offset=offset)
    template = "roadmap/table.html"
    if request.htmx and request.htmx.target == "item-table":
        template += "#item-table"
    return TemplateResponse(
        request,
        template,
        {
            **roadmap_context(request, roadmap),
            "items": items,
            "total": total,
            "sort": sort,
            "offset": offset,
            "next_offset": offset + len(items) if offset + len(items) < total else None,
            "previous_offset": max(0, offset - selectors.TABLE_PAGE) if offset else None,
            "filter_form": form,
            "filters": filters,
            "query": query_without(request, "offset", "sort"),
            "paging": query_without(request, "offset"),
            "keep": [("sort", sort)],
            "sort_columns": [
                ("title", _("Title")),
                ("horizon", _("Horizon")),
                ("status", _("Status")),
                ("confidence", _("Confidence")),
                ("window", _("Time window")),
                ("team", _("Team")),
            ],
        },
    )


@access.workspace_view(need=Need.VIEW)
def outcomes(request: WorkspaceRequest, pk: int) -> HttpResponse:
    """Items grouped by the objective and key result they serve."""
    roadmap = get_roadmap(request, pk, Need.VIEW)
    form, filters = filters_from(request)
    groups, unlinked, unlinked_count = selectors.outcomes(
        roadmap, filters, today=timezone.localdate()
    )
    return TemplateResponse(
        request,
        "roadmap/outcomes.html",
        {
            **roadmap_context(request, roadmap),
            "groups": groups,
            "unlinked": unlinked,
            "unlinked_count": unlinked_count,
            "filter_form": form,
            "filters": filters,
            "query": query_without(request, "offset"),
        },
    )
