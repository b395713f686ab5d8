from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from leitstern.core import contributions
from leitstern.core.forms import apply_errors
from leitstern.core.http import WorkspaceRequest
from leitstern.core.versioning import EditConflict
from leitstern.teams import selectors, services
from leitstern.teams.access import get_team_for
from leitstern.teams.apps import TEAM_PANELS
from leitstern.teams.forms import TeamForm
from leitstern.workspaces import access
from leitstern.workspaces.models import Need


@access.workspace_view(need=Need.VIEW)
def team_list(request: WorkspaceRequest) -> HttpResponse:
    teams = selectors.teams_of(request.workspace)
    return TemplateResponse(request, "teams/list.html", {"teams": teams})


@access.workspace_view(need=Need.VIEW)
def team_detail(request: WorkspaceRequest, pk: int) -> HttpResponse:
    """The team's page: what it is, and the panels other modules contribute about it (its
    objectives, its throughput and forecasts). A panel's htmx fragment has the same URL."""
    team = get_team_for(request.member, pk)
    fragment = contributions.fragment(request, TEAM_PANELS, team)
    if fragment is not None:
        return fragment
    return TemplateResponse(request, "teams/detail.html", {"team": team})


@access.workspace_view(need=Need.EDIT)
def team_new(request: WorkspaceRequest) -> HttpResponse:
    form = TeamForm(request.POST or None, workspace=request.workspace)
    if request.method == "POST" and form.is_valid():
        try:
            team = services.team_create(
                actor=request.user, workspace=request.workspace, **form.team_data()
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Team “%(name)s” created.") % {"name": team.name})
            return redirect("teams:detail", slug=request.workspace.slug, pk=team.pk)
    return render(request, "teams/form.html", {"form": form, "team": None})


@access.workspace_view(need=Need.EDIT)
def team_edit(request: WorkspaceRequest, pk: int) -> HttpResponse:
    team = get_team_for(request.member, pk, need=Need.EDIT)
    form = TeamForm(request.POST or None, workspace=request.workspace, loaded=team)
    if request.method == "POST" and form.is_valid():
        try:
            services.team_update(
                actor=request.user,
                team=team,
                version=form.loaded_version,
                **form.changed_values(),
            )
        except EditConflict as conflict:
            form = form.after_conflict(conflict)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Team saved."))
            return redirect("teams:detail", slug=request.workspace.slug, pk=team.pk)
    return render(request, "teams/form.html", {"form": form, "team": team})


@require_POST
@access.workspace_view(need=Need.EDIT)
def team_delete(request: WorkspaceRequest, pk: int) -> HttpResponse:
    team = get_team_for(request.member, pk, need=Need.EDIT)
    name = team.name
    services.team_delete(actor=request.user, team=team)
    messages.success(request, _("Team “%(name)s” deleted.") % {"name": name})
    return redirect("teams:list", slug=request.workspace.slug)
