from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from leitstern.core import tokens
from leitstern.core.http import WorkspaceRequest
from leitstern.forecasts import services
from leitstern.forecasts.access import get_saved_for, get_share_for, get_tracking_for
from leitstern.forecasts.charts import distribution, tracking_chart
from leitstern.forecasts.forms import ShareForm
from leitstern.forecasts.stakeholders import shared_forecast
from leitstern.workspaces import access
from leitstern.workspaces.models import Need


def _created(
    request: WorkspaceRequest, target, form: ShareForm, back: str, **target_kw
) -> HttpResponse:
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect(back)
    _link, raw = services.share_create(
        actor=request.user, days=form.cleaned_data["days"], **target_kw
    )
    url = request.build_absolute_uri(reverse("forecast_share:view", args=[raw]))
    return TemplateResponse(
        request, "forecasts/share_created.html", {"url": url, "target": target, "back": back}
    )


@require_POST
@access.workspace_view(need=Need.EDIT)
def share_forecast(request: WorkspaceRequest, pk: int) -> HttpResponse:
    forecast = get_saved_for(request.member, pk, need=Need.EDIT)
    back = reverse("forecasts:saved", args=[request.workspace.slug, forecast.pk])
    return _created(request, forecast, ShareForm(request.POST), back, forecast=forecast)


@require_POST
@access.workspace_view(need=Need.EDIT)
def share_tracking(request: WorkspaceRequest, pk: int) -> HttpResponse:
    tracking = get_tracking_for(request.member, pk, need=Need.EDIT)
    back = reverse("forecasts:tracking", args=[request.workspace.slug, tracking.pk])
    return _created(request, tracking, ShareForm(request.POST), back, tracking=tracking)


@require_POST
@access.workspace_view(need=Need.EDIT)
def share_revoke(request: WorkspaceRequest, pk: int) -> HttpResponse:
    link = get_share_for(request.member, pk)
    services.share_revoke(actor=request.user, link=link)
    messages.success(request, _("The link no longer works."))
    if link.forecast_id:
        return redirect("forecasts:saved", slug=request.workspace.slug, pk=link.forecast_id)
    return redirect("forecasts:tracking", slug=request.workspace.slug, pk=link.tracking_id)


@access.public_view
@tokens.public_page
def shared(request: HttpRequest, token: str) -> HttpResponse:
    """What a stakeholder sees: one forecast, read-only, without any other workspace data.
    A link that no longer works says why (``core.tokens``)."""
    found = services.share_resolve(token)
    link = found.link
    if link is None:
        return tokens.unavailable(request, found)
    if link.forecast:
        forecast = link.forecast
        context = {
            "forecast": forecast,
            "shared": shared_forecast(forecast),
            "chart": distribution(
                forecast.result.get("chart"),
                label=_("How likely each outcome is"),
                stakeholder=True,
            ),
            "computed": forecast.made_at,
        }
    else:
        tracking = link.tracking
        points = list(tracking.points.all())
        context = {
            "tracking": tracking,
            "latest": points[-1] if points else None,
            "chart": tracking_chart(points, stakeholder=True),
            "computed": points[-1].computed_at if points else tracking.created_at,
        }
    context["link"] = link
    return TemplateResponse(request, "forecasts/share.html", context)
