"""Pages: connect a tracker to a team, a connector's health and settings, sync now, test,
revoke, delete. Editors and owners change; every member reads the health line."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from leitstern.connectors import selectors, services
from leitstern.connectors.access import get_connector_for
from leitstern.connectors.forms import ConnectorForm
from leitstern.connectors.messages import problem_text
from leitstern.connectors.models import Connector
from leitstern.core.forms import apply_errors
from leitstern.core.http import WorkspaceRequest
from leitstern.core.versioning import EditConflict
from leitstern.teams.access import get_team_for
from leitstern.workspaces import access
from leitstern.workspaces.models import Need


def _detail(request: WorkspaceRequest, connector: Connector, **extra) -> TemplateResponse:
    context = {
        "connector": connector,
        "team": connector.team,
        "health": selectors.health(connector),
        **extra,
    }
    if request.htmx and request.htmx.target == "connector-health":
        return TemplateResponse(request, "connectors/detail.html#health", context)
    return TemplateResponse(request, "connectors/detail.html", context)


def _back(request: WorkspaceRequest, connector: Connector) -> HttpResponse:
    return redirect("connectors:detail", slug=request.workspace.slug, pk=connector.pk)


@access.workspace_view(need=Need.EDIT)
def connector_new(request: WorkspaceRequest, team: int) -> HttpResponse:
    team_obj = get_team_for(request.member, team, need=Need.EDIT)
    form = ConnectorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            connector = services.connector_create(
                actor=request.user, team=team_obj, **form.connector_data()
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request,
                _("Connected “%(name)s”. Test the connection, then sync.")
                % {"name": connector.name},
            )
            return _back(request, connector)
    return TemplateResponse(
        request, "connectors/form.html", {"form": form, "team": team_obj, "connector": None}
    )


@access.workspace_view(need=Need.VIEW)
def connector_detail(request: WorkspaceRequest, pk: int) -> HttpResponse:
    return _detail(request, get_connector_for(request.member, pk))


@access.workspace_view(need=Need.EDIT)
def connector_edit(request: WorkspaceRequest, pk: int) -> HttpResponse:
    connector = get_connector_for(request.member, pk, need=Need.EDIT)
    form = ConnectorForm(request.POST or None, loaded=connector)
    if request.method == "POST" and form.is_valid():
        try:
            services.connector_update(
                actor=request.user,
                connector=connector,
                version=form.loaded_version,
                secret=form.cleaned_data["secret"],
                **form.changed_values(),
            )
        except EditConflict as conflict:
            form = form.after_conflict(conflict)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Connector saved."))
            return _back(request, connector)
    return TemplateResponse(
        request,
        "connectors/form.html",
        {"form": form, "team": connector.team, "connector": connector},
    )


@require_POST
@access.workspace_view(need=Need.EDIT)
def connector_sync(request: WorkspaceRequest, pk: int) -> HttpResponse:
    connector = get_connector_for(request.member, pk, need=Need.EDIT)
    try:
        queued = services.sync_request(
            actor=request.user, connector=connector, full=bool(request.POST.get("full"))
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if queued:
            messages.success(request, _("Sync started."))
        else:
            messages.info(request, _("A sync is already running."))
    return _back(request, connector)


@require_POST
@access.workspace_view(need=Need.EDIT)
def connector_test(request: WorkspaceRequest, pk: int) -> HttpResponse:
    connector = get_connector_for(request.member, pk, need=Need.EDIT)
    checked = services.connection_test(connector=connector)
    return _detail(
        request, connector, checked=checked, checked_problem=problem_text(checked.problem)
    )


@require_POST
@access.workspace_view(need=Need.EDIT)
def connector_revoke(request: WorkspaceRequest, pk: int) -> HttpResponse:
    connector = get_connector_for(request.member, pk, need=Need.EDIT)
    services.connector_revoke(actor=request.user, connector=connector)
    messages.success(
        request,
        _(
            "Credentials erased. Revoke the token at the tracker too; syncs stop until a "
            "new one is entered."
        ),
    )
    return _back(request, connector)


@require_POST
@access.workspace_view(need=Need.EDIT)
def connector_delete(request: WorkspaceRequest, pk: int) -> HttpResponse:
    connector = get_connector_for(request.member, pk, need=Need.EDIT)
    team, name = connector.team, connector.name
    services.connector_delete(actor=request.user, connector=connector)
    messages.success(
        request,
        _("Connector “%(name)s” removed; the items it brought in stay.") % {"name": name},
    )
    return redirect("teams:detail", slug=request.workspace.slug, pk=team.pk)
