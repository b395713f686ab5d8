from __future__ import annotations

from django.db.models import Sum
from django.db.models.functions import Coalesce
from django.http import HttpResponse
from django.template.response import TemplateResponse

from leitstern.core.http import WorkspaceRequest
from leitstern.forecasts import selectors
from leitstern.forecasts.charts import accuracy_charts
from leitstern.forecasts.models import SavedForecast, TrackingForecast
from leitstern.teams.access import get_team_for
from leitstern.workspaces import access
from leitstern.workspaces.models import Need


@access.workspace_view(need=Need.VIEW)
def index(request: WorkspaceRequest) -> HttpResponse:
    # Finished items per team from the kept daily counts: about a thousand rows a team
    # instead of every item.
    teams = request.workspace.teams.annotate(
        item_count=Coalesce(Sum("daily_counts__done"), 0)
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
def accuracy(request: WorkspaceRequest, pk: int) -> HttpResponse:
    team = get_team_for(request.member, pk)
    data = selectors.accuracy(team)
    pending = team.saved_forecasts.filter(scored_at__isnull=True).order_by("due")
    charts = accuracy_charts(data)
    return TemplateResponse(
        request,
        "forecasts/accuracy.html",
        {"team": team, "data": data, "charts": charts, "pending": pending},
    )
