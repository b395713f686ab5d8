"""Pages for a workspace's data and its end: the owner's export download, the deletion
request with its confirmation, and the restore page during the grace period."""

from __future__ import annotations

import tempfile

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from leitstern.core.forms import apply_errors, run_with_message
from leitstern.core.http import WorkspaceRequest
from leitstern.core.portability.exporting import export_workspace
from leitstern.workspaces import access, lifecycle
from leitstern.workspaces.forms import DeleteWorkspaceForm
from leitstern.workspaces.models import Need


@require_POST
@access.workspace_view(need=Need.ADMIN)
def workspace_export(request: WorkspaceRequest) -> HttpResponse:
    """The same JSON as ``leitstern export-workspace``, as a download for owners. Spooled
    to a temporary file so a large workspace does not sit in memory twice. A POST: the
    download is recorded in the activity log, and reading a page never writes."""
    workspace = request.workspace
    lifecycle.workspace_record_export(actor=request.user, workspace=workspace)
    spool = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024, mode="w+b")  # noqa: SIM115
    text = _TextSink(spool)
    export_workspace(workspace, text)
    spool.seek(0)
    filename = f"leitstern-{workspace.slug}-{timezone.localdate().isoformat()}.json"
    response = FileResponse(
        spool, as_attachment=True, filename=filename, content_type="application/json"
    )
    response["Cache-Control"] = "no-store"
    return response


class _TextSink:
    """Encode the exporter's text into the binary spool."""

    def __init__(self, raw) -> None:
        self.raw = raw

    def write(self, text: str) -> int:
        return self.raw.write(text.encode("utf-8"))


@access.workspace_view(need=Need.ADMIN)
def workspace_delete(request: WorkspaceRequest) -> HttpResponse:
    form = DeleteWorkspaceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            workspace = lifecycle.workspace_request_deletion(
                actor=request.user,
                workspace=request.workspace,
                confirm_name=form.cleaned_data["confirm_name"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request,
                _(
                    "“%(name)s” is scheduled for deletion on %(date)s. Until then any owner "
                    "can restore it from the list of workspaces."
                )
                % {"name": workspace.name, "date": _date(workspace.purge_after)},
            )
            request.session.pop("workspace", None)
            return redirect("workspaces:list")
    return render(
        request,
        "workspaces/delete.html",
        {"form": form, "grace_days": settings.WORKSPACE_DELETION_GRACE_DAYS},
    )


@access.workspace_view(need=Need.ADMIN, pending_deletion=True)
def workspace_restore(request: WorkspaceRequest) -> HttpResponse:
    workspace = request.workspace
    if not workspace.is_pending_deletion:
        return redirect("workspaces:settings", slug=workspace.slug)
    if request.method == "POST" and run_with_message(
        request,
        lambda: lifecycle.workspace_restore(actor=request.user, workspace=workspace),
        _("“%(name)s” is restored.") % {"name": workspace.name},
    ):
        return redirect("site:home", slug=workspace.slug)
    return render(request, "workspaces/restore.html", {"pending": workspace})


def _date(value) -> str:
    from django.utils.formats import date_format

    return date_format(timezone.localtime(value).date(), "DATE_FORMAT")
