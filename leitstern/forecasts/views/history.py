from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from leitstern.core.http import WorkspaceRequest
from leitstern.core.imports import views as imports_views
from leitstern.core.imports.flow import import_start, jobs_for
from leitstern.core.imports.models import ImportJob
from leitstern.forecasts import services
from leitstern.forecasts.forms import ItemFilterForm, UploadForm
from leitstern.forecasts.importers import HISTORY
from leitstern.forecasts.models import WorkItem
from leitstern.forecasts.views.common import item_for, team_for
from leitstern.workspaces import access
from leitstern.workspaces.models import Need

PAGE_SIZE = 100


def _filtered(request: WorkspaceRequest, team):
    form = ItemFilterForm(request.GET or None)
    items = WorkItem.objects.filter(team=team)
    if form.is_valid():
        items = items.search(**{k: v for k, v in form.cleaned_data.items() if v})
    return form, items


@access.workspace_view(need=Need.VIEW)
def items(request: WorkspaceRequest, pk: int) -> HttpResponse:
    team = team_for(request.member, pk)
    form, found = _filtered(request, team)
    page = Paginator(found.order_by(*WorkItem.NEWEST_FIRST), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    template = "forecasts/items.html" + ("#item-table" if request.htmx else "")
    return TemplateResponse(
        request,
        template,
        {"team": team, "form": form, "page": page, "query": query.urlencode()},
    )


@require_POST
@access.workspace_view(need=Need.EDIT)
def item_delete(request: WorkspaceRequest, pk: int, item_pk: int) -> HttpResponse:
    team = team_for(request.member, pk, need=Need.EDIT)
    item = item_for(request.member, item_pk)
    if item.team_id != team.pk:
        raise Http404
    services.item_delete(actor=request.user, item=item)
    messages.success(request, _("Item %(key)s deleted.") % {"key": item.key})
    return redirect("forecasts:items", slug=request.workspace.slug, pk=team.pk)


@require_POST
@access.workspace_view(need=Need.EDIT)
def items_delete(request: WorkspaceRequest, pk: int) -> HttpResponse:
    """Delete every item the current filter shows (the filter travels in the form)."""
    team = team_for(request.member, pk, need=Need.EDIT)
    form = ItemFilterForm(request.POST)
    found = WorkItem.objects.filter(team=team)
    if form.is_valid():
        found = found.search(**{k: v for k, v in form.cleaned_data.items() if v})
    count = services.items_delete(actor=request.user, team=team, items=found)
    messages.success(request, _("%(count)s item(s) deleted.") % {"count": count})
    return redirect("forecasts:items", slug=request.workspace.slug, pk=team.pk)


@access.workspace_view(need=Need.EDIT)
def upload(request: WorkspaceRequest, pk: int) -> HttpResponse:
    team = team_for(request.member, pk, need=Need.EDIT)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            job = import_start(
                actor=request.user,
                importer=HISTORY,
                target=team,
                filename=upload.name,
                data=upload.read(),
                options=form.options(),
            )
        except ValidationError as error:
            form.add_error("file", error)
        else:
            return redirect("forecasts:import", slug=request.workspace.slug, pk=team.pk, job=job.pk)
    recent = jobs_for(HISTORY, team).select_related("created_by")[:5]
    return TemplateResponse(
        request, "forecasts/upload.html", {"team": team, "form": form, "recent": recent}
    )


def _job(request: WorkspaceRequest, team, job_pk) -> ImportJob:
    return access.get_object_for(request.member, jobs_for(HISTORY, team), job_pk, need=Need.EDIT)


@access.workspace_view(need=Need.EDIT)
def import_detail(request: WorkspaceRequest, pk: int, job: int) -> HttpResponse:
    team = team_for(request.member, pk, need=Need.EDIT)
    found = _job(request, team, job)
    slug = request.workspace.slug
    return imports_views.job_page(
        request,
        importer=HISTORY,
        job=found,
        template="forecasts/import.html",
        context={
            "team": team,
            "job_url": reverse("forecasts:import", args=[slug, team.pk, found.pk]),
            "apply_url": reverse("forecasts:import_apply", args=[slug, team.pk, found.pk]),
            "upload_url": reverse("forecasts:upload", args=[slug, team.pk]),
        },
    )


@require_POST
@access.workspace_view(need=Need.EDIT)
def import_apply(request: WorkspaceRequest, pk: int, job: int) -> HttpResponse:
    team = team_for(request.member, pk, need=Need.EDIT)
    found = _job(request, team, job)
    imports_views.confirm(request, job=found)
    return redirect("forecasts:import", slug=request.workspace.slug, pk=team.pk, job=found.pk)
