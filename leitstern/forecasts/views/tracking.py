from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from leitstern.core.forms import apply_errors
from leitstern.core.http import WorkspaceRequest
from leitstern.forecasts import services
from leitstern.forecasts.access import get_tracking_for
from leitstern.forecasts.charts import tracking_chart
from leitstern.forecasts.forms import ShareForm, TrackingForm
from leitstern.forecasts.selectors import today
from leitstern.teams.access import get_team_for
from leitstern.workspaces import access
from leitstern.workspaces.models import Need


@access.workspace_view(need=Need.EDIT)
def tracking_new(request: WorkspaceRequest, pk: int) -> HttpResponse:
    team = get_team_for(request.member, pk, need=Need.EDIT)
    form = TrackingForm(request.POST or None, initial={"start": today(), "alert_days": 7})
    form.instance.team = team
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            tracking = services.tracking_create(
                actor=request.user,
                team=team,
                name=data["name"],
                items=data["items"],
                start=data["start"],
                alert_days=data["alert_days"],
                options=form.options(),
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Tracking forecast created; it is recomputed every day."))
            return redirect("forecasts:tracking", slug=request.workspace.slug, pk=tracking.pk)
    return TemplateResponse(request, "forecasts/tracking_form.html", {"team": team, "form": form})


@access.workspace_view(need=Need.VIEW)
def tracking(request: WorkspaceRequest, pk: int) -> HttpResponse:
    found = get_tracking_for(request.member, pk)
    points = list(found.points.all())
    return TemplateResponse(
        request,
        "forecasts/tracking.html",
        {
            "tracking": found,
            "team": found.team,
            "points": points[::-1][:30],
            "latest": points[-1] if points else None,
            "chart": tracking_chart(points),
            "shares": found.shares.all() if request.member.can_edit else [],
            "share_form": ShareForm(),
        },
    )


@require_POST
@access.workspace_view(need=Need.EDIT)
def tracking_refresh(request: WorkspaceRequest, pk: int) -> HttpResponse:
    found = get_tracking_for(request.member, pk, need=Need.EDIT)
    if services.tracking_refresh(tracking=found) is None:
        messages.error(request, _("The history cannot answer this question yet."))
    else:
        messages.success(request, _("Recomputed with today's data."))
    return redirect("forecasts:tracking", slug=request.workspace.slug, pk=found.pk)


@require_POST
@access.workspace_view(need=Need.EDIT)
def tracking_delete(request: WorkspaceRequest, pk: int) -> HttpResponse:
    found = get_tracking_for(request.member, pk, need=Need.EDIT)
    team = found.team
    services.tracking_delete(actor=request.user, tracking=found)
    messages.success(request, _("Tracking forecast deleted."))
    return redirect("teams:detail", slug=request.workspace.slug, pk=team.pk)
