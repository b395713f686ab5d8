from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from leitstern.core.exports import csv_response, dialect_for
from leitstern.core.http import WorkspaceRequest
from leitstern.core.imports import views as imports_views
from leitstern.core.imports.flow import import_start, jobs_for
from leitstern.forecasts import exports, services
from leitstern.forecasts.access import get_import_for, get_item_for
from leitstern.forecasts.forms import ItemFilterForm, UploadForm
from leitstern.forecasts.importers import HISTORY
from leitstern.forecasts.models import WorkItem
from leitstern.teams.access import get_team_for
from leitstern.workspaces import access
from leitstern.workspaces.models import Need

# Work items on one page of a team's history, newest first.
PAGE_SIZE = 50


def _filtered(data, team):
    form = ItemFilterForm(data or None)
    items = WorkItem.objects.filter(team=team)
    if form.is_valid():
        items = items.search(**{k: v for k, v in form.cleaned_data.items() if v})
    return form, items


def _filter_description(form: ItemFilterForm) -> str:
    """The filter in words, for the confirmation page and the activity log."""
    if not form.is_bound or not form.is_valid():
        return _("all items of the team")
    data = form.cleaned_data
    parts = []
    if data.get("q"):
        parts.append(_("key or title contains “%(q)s”") % {"q": data["q"]})
    if data.get("status") == "finished":
        parts.append(_("finished items only"))
    elif data.get("status") == "open":
        parts.append(_("open items only"))
    if data.get("done_from"):
        parts.append(
            _("done from %(day)s") % {"day": date_format(data["done_from"], "SHORT_DATE_FORMAT")}
        )
    if data.get("done_to"):
        parts.append(
            _("done until %(day)s") % {"day": date_format(data["done_to"], "SHORT_DATE_FORMAT")}
        )
    return ", ".join(parts) or _("all items of the team")


@access.workspace_view(need=Need.VIEW)
def items(request: WorkspaceRequest, pk: int) -> HttpResponse:
    team = get_team_for(request.member, pk)
    form, found = _filtered(request.GET, team)
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


@access.workspace_view(need=Need.VIEW)
def items_export(request: WorkspaceRequest, pk: int) -> HttpResponse:
    """The items the filter shows (all without one) as CSV, formula-safe."""
    team = get_team_for(request.member, pk)
    _form, found = _filtered(request.GET, team)
    return csv_response(
        exports.items_rows(found),
        header=exports.items_header(),
        filename=f"{team.name} items",
        dialect=dialect_for(request),
    )


@require_POST
@access.workspace_view(need=Need.EDIT)
def item_delete(request: WorkspaceRequest, pk: int, item_pk: int) -> HttpResponse:
    team = get_team_for(request.member, pk, need=Need.EDIT)
    item = get_item_for(request.member, item_pk)
    if item.team_id != team.pk:
        raise Http404
    services.item_delete(actor=request.user, item=item)
    messages.success(request, _("Item %(key)s deleted.") % {"key": item.key})
    return redirect("forecasts:items", slug=request.workspace.slug, pk=team.pk)


@access.workspace_view(need=Need.EDIT)
def items_delete(request: WorkspaceRequest, pk: int) -> HttpResponse:
    """Delete every item the filter shows, never on one click: the first step shows how
    many items and which would go; only a confirmation of that same count deletes them.
    The filter travels in the query (first step) and in the form (confirmation)."""
    team = get_team_for(request.member, pk, need=Need.EDIT)
    data = request.POST if request.method == "POST" else request.GET
    form, found = _filtered(data, team)
    description = _filter_description(form)
    count = found.count()
    if request.method == "POST":
        if request.POST.get("count") == str(count) and count:
            deleted = services.items_delete(
                actor=request.user, team=team, items=found, description=description
            )
            messages.success(request, _("%(count)s item(s) deleted.") % {"count": deleted})
            return redirect("forecasts:items", slug=request.workspace.slug, pk=team.pk)
        messages.error(
            request,
            _("The items changed meanwhile; nothing was deleted. Check the new count."),
        )
    return TemplateResponse(
        request,
        "forecasts/items_delete.html",
        {
            "team": team,
            "form": form,
            "count": count,
            "sample": found.order_by(*WorkItem.NEWEST_FIRST)[:10],
            "description": description,
            "everything": count and count == WorkItem.objects.filter(team=team).count(),
            "query": urlencode({k: v for k, v in data.items() if k in form.fields and v}),
        },
    )


@access.workspace_view(need=Need.EDIT)
def upload(request: WorkspaceRequest, pk: int) -> HttpResponse:
    team = get_team_for(request.member, pk, need=Need.EDIT)
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


@access.workspace_view(need=Need.EDIT)
def import_detail(request: WorkspaceRequest, pk: int, job: int) -> HttpResponse:
    team = get_team_for(request.member, pk, need=Need.EDIT)
    found = get_import_for(request.member, team, job)
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
    team = get_team_for(request.member, pk, need=Need.EDIT)
    found = get_import_for(request.member, team, job)
    imports_views.confirm(request, job=found)
    return redirect("forecasts:import", slug=request.workspace.slug, pk=team.pk, job=found.pk)
