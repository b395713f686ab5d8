"""A module's CSV import as three pages on the kernel's import flow: upload, the job (preview,
progress, row errors), confirm. A module declares what differs (its importer, form, URL
names, templates, the message and page after success); the pages, the access checks and the
flow are the same for every module.

The URL names are ``<name>``, ``<name>_job`` and ``<name>_apply``; the job pages take the
job's id as ``job``, after whatever the target needs (a roadmap's ``pk``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_POST

from leitstern.core.forms import apply_errors
from leitstern.core.http import WorkspaceRequest
from leitstern.core.imports import views as imports_views
from leitstern.core.imports.declaration import Importer
from leitstern.core.imports.flow import import_start, jobs_for
from leitstern.core.imports.forms import UploadForm
from leitstern.core.imports.models import ImportJob
from leitstern.workspaces.access import get_object_for, workspace_view
from leitstern.workspaces.models import Need


@dataclass(frozen=True)
class Target:
    """What an import writes into, as one request sees it: the object, the URL arguments that
    name it after the workspace's slug, and what its pages show around the import."""

    obj: models.Model
    args: tuple[Any, ...] = ()
    context: dict[str, Any] = field(default_factory=dict)


def workspace_target(request: WorkspaceRequest) -> Target:
    return Target(request.workspace)


@dataclass(frozen=True)
class ImportPages:
    importer: Importer
    form: type[UploadForm]
    url_name: str
    upload_template: str
    job_template: str
    done_url_name: str
    done_message: Callable[[ImportJob], str]
    context: dict[str, Any] = field(default_factory=dict)
    # The target from the request and the URL's keyword arguments before ``job``;
    # it checks the member may edit it.
    target: Callable[..., Target] = workspace_target

    def _url(self, suffix: str, request: WorkspaceRequest, target: Target, *more: Any) -> str:
        return reverse(self.url_name + suffix, args=[request.workspace.slug, *target.args, *more])

    def _job(self, request: WorkspaceRequest, target: Target, pk: int) -> ImportJob:
        jobs = jobs_for(self.importer, target.obj)
        return get_object_for(request.member, jobs, pk, need=Need.EDIT)

    def views(self) -> tuple[Callable, Callable, Callable]:
        """The upload, job and apply views, for the module's ``urls.py``."""

        @workspace_view(need=Need.EDIT)
        def upload(request: WorkspaceRequest, **kwargs: Any) -> HttpResponse:
            target = self.target(request, **kwargs)
            form = self.form(request.POST or None, request.FILES or None)
            if request.method == "POST" and form.is_valid():
                filename, data = form.upload()
                try:
                    job = import_start(
                        actor=request.user,
                        importer=self.importer,
                        target=target.obj,
                        filename=filename,
                        data=data,
                    )
                except ValidationError as error:
                    apply_errors(form, error)
                else:
                    return redirect(self._url("_job", request, target, job.pk))
            recent = jobs_for(self.importer, target.obj).select_related("created_by")[:5]
            context = {**self.context, **target.context, "form": form, "recent": recent}
            return TemplateResponse(request, self.upload_template, context)

        @workspace_view(need=Need.EDIT)
        def job_page(request: WorkspaceRequest, job: int, **kwargs: Any) -> HttpResponse:
            target = self.target(request, **kwargs)
            found = self._job(request, target, job)
            return imports_views.job_page(
                request,
                importer=self.importer,
                job=found,
                template=self.job_template,
                context={
                    **self.context,
                    **target.context,
                    "job_url": self._url("_job", request, target, found.pk),
                    "apply_url": self._url("_apply", request, target, found.pk),
                    "upload_url": self._url("", request, target),
                },
            )

        @require_POST
        @workspace_view(need=Need.EDIT)
        def apply(request: WorkspaceRequest, job: int, **kwargs: Any) -> HttpResponse:
            target = self.target(request, **kwargs)
            found = imports_views.confirm(request, job=self._job(request, target, job))
            if found is not None and found.status == ImportJob.Status.DONE:
                messages.success(request, self.done_message(found))
                return redirect(
                    reverse(self.done_url_name, args=[request.workspace.slug, *target.args])
                )
            return redirect(self._url("_job", request, target, job))

        return upload, job_page, apply
