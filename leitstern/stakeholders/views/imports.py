"""The register's CSV upload on the kernel's import flow: upload, preview, confirm."""

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
from leitstern.stakeholders.forms import ImportForm
from leitstern.stakeholders.importers import STAKEHOLDERS
from leitstern.workspaces.access import get_object_for, workspace_view
from leitstern.workspaces.models import Need


@workspace_view(need=Need.EDIT)
def upload(request: WorkspaceRequest) -> HttpResponse:
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        filename, data = form.upload()
        try:
            job = import_start(
                actor=request.user,
                importer=STAKEHOLDERS,
                target=request.workspace,
                filename=filename,
                data=data,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            return redirect("stakeholders:import_job", slug=request.workspace.slug, job=job.pk)
    recent = jobs_for(STAKEHOLDERS, request.workspace).select_related("created_by")[:5]
    return TemplateResponse(request, "stakeholders/import.html", {"form": form, "recent": recent})


def _job(request: WorkspaceRequest, pk: int) -> ImportJob:
    return get_object_for(
        request.member, jobs_for(STAKEHOLDERS, request.workspace), pk, need=Need.EDIT
    )


@workspace_view(need=Need.EDIT)
def import_job(request: WorkspaceRequest, job: int) -> HttpResponse:
    found = _job(request, job)
    slug = request.workspace.slug
    return imports_views.job_page(
        request,
        importer=STAKEHOLDERS,
        job=found,
        template="stakeholders/import_job.html",
        context={
            "job_url": reverse("stakeholders:import_job", args=[slug, found.pk]),
            "apply_url": reverse("stakeholders:import_apply", args=[slug, found.pk]),
            "upload_url": reverse("stakeholders:import", args=[slug]),
        },
    )


@require_POST
@workspace_view(need=Need.EDIT)
def import_apply(request: WorkspaceRequest, job: int) -> HttpResponse:
    found = imports_views.confirm(request, job=_job(request, job))
    if found is not None and found.status == ImportJob.Status.DONE:
        messages.success(
            request,
            _("%(created)d stakeholders added, %(updated)d updated.")
            % {"created": found.created_count, "updated": found.updated_count},
        )
        return redirect("stakeholders:index", slug=request.workspace.slug)
    return redirect("stakeholders:import_job", slug=request.workspace.slug, job=job)
