from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from leitstern.core.forms import apply_errors
from leitstern.core.http import WorkspaceRequest
from leitstern.core.versioning import EditConflict
from leitstern.forecasts import services
from leitstern.forecasts.charts import flow_charts
from leitstern.forecasts.flow import team_flow
from leitstern.forecasts.forms import WipLimitForm
from leitstern.teams.access import get_team_for
from leitstern.workspaces import access
from leitstern.workspaces.models import Need

AGING_TABLE_ROWS = 200


@access.workspace_view(need=Need.VIEW)
def flow(request: WorkspaceRequest, pk: int) -> HttpResponse:
    """Aging work in progress, cumulative flow and work in progress over time, each with
    the team's WIP limit and its numbers as a table."""
    team = get_team_for(request.member, pk)
    data = team_flow(team)
    return TemplateResponse(
        request,
        "forecasts/flow.html",
        {
            "team": team,
            "flow": data,
            "charts": flow_charts(data),
            "aging_rows": data.aging.items[:AGING_TABLE_ROWS],
        },
    )


@access.workspace_view(need=Need.EDIT)
def wip_limit_edit(request: WorkspaceRequest, pk: int) -> HttpResponse:
    team = get_team_for(request.member, pk, need=Need.EDIT)
    form = WipLimitForm(request.POST or None, loaded=services.wip_limit_of(team))
    if request.method == "POST" and form.is_valid():
        try:
            services.wip_limit_set(
                actor=request.user,
                team=team,
                limit=form.changed_values().get("limit", form.loaded.limit),
                version=form.loaded_version,
            )
        except EditConflict as conflict:
            form = form.after_conflict(conflict)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("WIP limit saved."))
            return redirect("forecasts:flow", slug=request.workspace.slug, pk=team.pk)
    return TemplateResponse(request, "forecasts/wip_limit_form.html", {"form": form, "team": team})
