"""Moving in: import a roadmap from another tool's CSV export, with a preview that shows
how every horizon and status was mapped (``importers.ROADMAP_ITEMS``)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from leitstern.core.forms import apply_errors
from leitstern.core.http import WorkspaceRequest
from leitstern.core.imports import views as imports_views
from leitstern.core.imports.flow import import_start, jobs_for
from leitstern.core.imports.models import ImportJob
from leitstern.roadmap import mapping
from leitstern.roadmap.forms import ImportForm
from leitstern.roadmap.importers import ROADMAP_ITEMS
from leitstern.roadmap.models import Roadmap
from leitstern.roadmap.views.common import get_roadmap, roadmap_context
from leitstern.workspaces import access
from leitstern.workspaces.models import Need


def _tables() -> dict:
    """The mapping tables the upload page shows."""
    return {
        "tools": mapping.TOOLS,
        "horizons": sorted(mapping.HORIZONS.items()),
        "statuses": sorted(mapping.STATUSES.items()),
        "default": mapping.DEFAULT_STATUS,
    }


@access.workspace_view(need=Need.EDIT)
def import_upload(request: WorkspaceRequest, pk: int) -> HttpResponse:
    roadmap = get_roadmap(request, pk, Need.EDIT)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        filename, data = form.upload()
        try:
            job = import_start(
                actor=request.user,
                importer=ROADMAP_ITEMS,
                target=roadmap,
                filename=filename,
                data=data,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            return redirect(
                "roadmap:import_job", slug=request.workspace.slug, pk=roadmap.pk, job=job.pk
            )
    recent = jobs_for(ROADMAP_ITEMS, roadmap).select_related("created_by")[:5]
    return TemplateResponse(
        request,
        "roadmap/import.html",
        {**roadmap_context(request, roadmap), "form": form, "recent": recent, **_tables()},
    )


def _job(request: WorkspaceRequest, roadmap: Roadmap, pk: int) -> ImportJob:
    return access.get_object_for(
        request.member, jobs_for(ROADMAP_ITEMS, roadmap), pk, need=Need.EDIT
    )


@access.workspace_view(need=Need.EDIT)
def import_job(request: WorkspaceRequest, pk: int, job: int) -> HttpResponse:
    roadmap = get_roadmap(request, pk, Need.EDIT)
    found = _job(request, roadmap, job)
    slug = request.workspace.slug
    return imports_views.job_page(
        request,
        importer=ROADMAP_ITEMS,
        job=found,
        template="roadmap/import_job.html",
        context={
            **roadmap_context(request, roadmap),
            "job_url": reverse("roadmap:import_job", args=[slug, roadmap.pk, found.pk]),
            "apply_url": reverse("roadmap:import_apply", args=[slug, roadmap.pk, found.pk]),
            "upload_url": reverse("roadmap:import", args=[slug, roadmap.pk]),
        },
    )


@require_POST
@access.workspace_view(need=Need.EDIT)
def import_apply(request: WorkspaceRequest, pk: int, job: int) -> HttpResponse:
    roadmap = get_roadmap(request, pk, Need.EDIT)
    found = imports_views.confirm(request, job=_job(request, roadmap, job))
    if found is not None and found.status == ImportJob.Status.DONE:
        messages.success(request, _("%(count)d items imported.") % {"count": found.created_count})
        return redirect("roadmap:board", slug=request.workspace.slug, pk=roadmap.pk)
    return redirect("roadmap:import_job", slug=request.workspace.slug, pk=roadmap.pk, job=job)
