from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.http import HttpResponse, QueryDict
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from leitstern.core.http import WorkspaceRequest
from leitstern.forecasts import services
from leitstern.forecasts.access import get_saved_for
from leitstern.forecasts.answers import ForecastError, compute, stored_rows, stored_sentence
from leitstern.forecasts.charts import distribution, window_chart
from leitstern.forecasts.forms import ForecastForm, SaveForecastForm, ShareForm, shortcut_dates
from leitstern.forecasts.messages import describe
from leitstern.forecasts.selectors import team_series, today, window_stats
from leitstern.teams.access import get_team_for
from leitstern.workspaces import access
from leitstern.workspaces.models import Need

RUN_DAYS = 365  # the forecast page's run chart shows the last year


def _bound(data: QueryDict) -> ForecastForm:
    merged = QueryDict(mutable=True)
    for key, value in ForecastForm.defaults().items():
        if isinstance(value, list):
            merged.setlist(key, value)
        else:
            merged[key] = str(value)
    for key in data:
        merged.setlist(key, data.getlist(key))
    return ForecastForm(merged)


def _page(request: WorkspaceRequest, team, form: ForecastForm, save_form=None) -> TemplateResponse:
    series = team_series(team)
    answer, error, preview, run = None, "", None, []
    if series is not None and form.is_valid():
        spec = form.spec()
        try:
            answer = compute(team, spec, series=series)
        except ForecastError as problem:
            error = problem.message
        preview = window_stats(
            series, as_of=spec.resolved_as_of(), window=spec.window, window_start=spec.window_start
        )
        last = max(0, len(series.done) - RUN_DAYS)
        run = [
            [(series.start + timedelta(days=i)).isoformat(), int(series.done[i])]
            for i in range(last, len(series.done))
        ]
    charts = {
        "window": window_chart(run, (preview["start"], preview["end"])) if preview else None,
        "distribution": distribution(answer.chart if answer else None),
    }
    template = "forecasts/forecast.html" + ("#results" if request.htmx else "")
    return TemplateResponse(
        request,
        template,
        {
            "team": team,
            "form": form,
            "answer": answer,
            "error": error,
            "preview": preview,
            "charts": charts,
            "has_history": series is not None,
            "params": [(k, v) for k, values in form.data.lists() for v in values],
            "save_form": save_form or SaveForecastForm(),
            "shortcuts": _shortcuts(request.GET),
        },
    )


def _shortcuts(data: QueryDict) -> list[tuple[str, str]]:
    """Links that ask "how many by …?" for a date a stakeholder thinks in ("in 30 days",
    "by the end of the quarter"), keeping every other choice of the form."""
    found = []
    for label, day in shortcut_dates(today()):
        query = data.copy()
        if query.get("question") != "chance":
            query["question"] = "how_many"
        query["by"] = day.isoformat()
        found.append((label, query.urlencode()))
    return found


@access.workspace_view(need=Need.VIEW)
def forecast(request: WorkspaceRequest, pk: int) -> HttpResponse:
    """A live forecast. Every member may ask (stakeholders among contributors and viewers
    included): it is computed, shown and not saved; saving and sharing need an editor."""
    team = get_team_for(request.member, pk)
    return _page(request, team, _bound(request.GET))


@require_POST
@access.workspace_view(need=Need.EDIT)
def forecast_save(request: WorkspaceRequest, pk: int) -> HttpResponse:
    team = get_team_for(request.member, pk, need=Need.EDIT)
    form = _bound(request.POST)
    save_form = SaveForecastForm(request.POST)
    if form.is_valid() and save_form.is_valid():
        try:
            answer = compute(team, form.spec())
        except ForecastError as problem:
            messages.error(request, problem.message)
        else:
            saved = services.saved_forecast_save(
                actor=request.user, team=team, name=save_form.cleaned_data["name"], answer=answer
            )
            messages.success(
                request, _("Forecast saved. Leitstern scores it once its date has passed.")
            )
            return redirect("forecasts:saved", slug=request.workspace.slug, pk=saved.pk)
    return _page(request, team, form, save_form)


@access.workspace_view(need=Need.VIEW)
def saved(request: WorkspaceRequest, pk: int) -> HttpResponse:
    forecast = get_saved_for(request.member, pk)
    result = forecast.result
    return TemplateResponse(
        request,
        "forecasts/saved.html",
        {
            "forecast": forecast,
            "team": forecast.team,
            "rows": stored_rows(result),
            "sentence": stored_sentence(forecast.question, result),
            "warnings": [
                describe(w["code"], w.get("params"), w.get("message", ""))
                for w in result.get("warnings", [])
            ],
            # Forecasts saved before answers said how far they can be trusted have none.
            "limits": [
                describe(w["code"], w.get("params"), w.get("message", ""))
                for w in (result.get("honesty") or {}).get("limits", [])
            ],
            "chart": distribution(result.get("chart"), label=_("Distribution of outcomes")),
            "shares": forecast.shares.all() if request.member.can_edit else [],
            "share_form": ShareForm(),
            "today": today(),
        },
    )


@require_POST
@access.workspace_view(need=Need.EDIT)
def saved_delete(request: WorkspaceRequest, pk: int) -> HttpResponse:
    forecast = get_saved_for(request.member, pk, need=Need.EDIT)
    team = forecast.team
    services.saved_forecast_delete(actor=request.user, forecast=forecast)
    messages.success(request, _("Forecast deleted."))
    return redirect("teams:detail", slug=request.workspace.slug, pk=team.pk)
