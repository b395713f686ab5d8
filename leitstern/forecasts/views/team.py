from __future__ import annotations

from django.db.models import Count, Q
from django.http import HttpResponse
from django.template.response import TemplateResponse

from leitstern.core.http import WorkspaceRequest
from leitstern.forecasts import selectors
from leitstern.forecasts.messages import describe
from leitstern.forecasts.models import SavedForecast, TrackingForecast
from leitstern.teams.access import get_team_for
from leitstern.workspaces import access
from leitstern.workspaces.models import Need


@access.workspace_view(need=Need.VIEW)
def index(request: WorkspaceRequest) -> HttpResponse:
    teams = request.workspace.teams.annotate(
        item_count=Count("items", filter=Q(items__done__isnull=False))
    ).order_by("name")
    saved = SavedForecast.objects.filter(team__workspace=request.workspace).select_related("team")[
        :10
    ]
    tracking = TrackingForecast.objects.filter(team__workspace=request.workspace).select_related(
        "team"
    )
    return TemplateResponse(
        request, "forecasts/index.html", {"teams": teams, "saved": saved, "tracking": tracking}
    )


@access.workspace_view(need=Need.VIEW)
def team_page(request: WorkspaceRequest, pk: int) -> HttpResponse:
    team = get_team_for(request.member, pk)
    unit = "week" if request.GET.get("unit") == "week" else "day"
    overview = selectors.team_overview(team, unit=unit)
    charts = None
    warnings: list[str] = []
    if overview:
        charts = {
            "unit": unit,
            "run": overview.run,
            "histogram": overview.histogram,
            "scatter": overview.scatter,
            "percentiles": overview.percentiles,
            "wip": overview.wip,
            "flow": overview.flow,
        }
        warnings = [describe(w["code"], w["params"]) for w in overview.warnings]
    template = "forecasts/team.html" + ("#team-charts" if request.htmx else "")
    return TemplateResponse(
        request,
        template,
        {
            "team": team,
            "overview": overview,
            "charts": charts,
            "warnings": warnings,
            "unit": unit,
            "saved": team.saved_forecasts.all()[:5],
            "tracking": team.tracking_forecasts.all(),
        },
    )


@access.workspace_view(need=Need.VIEW)
def accuracy(request: WorkspaceRequest, pk: int) -> HttpResponse:
    team = get_team_for(request.member, pk)
    data = selectors.accuracy(team)
    pending = team.saved_forecasts.filter(scored_at__isnull=True).order_by("due")
    charts = {k: data[k] for k in ("over_time", "how_many", "when")}
    return TemplateResponse(
        request,
        "forecasts/accuracy.html",
        {"team": team, "data": data, "charts": charts, "pending": pending},
    )
