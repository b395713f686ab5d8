"""The operators' admin (Django's admin, ``/admin/``), kernel part: the base classes every
app's ``admin.py`` uses, and the worker heartbeats.

Who may open it is decided once, by the site (``workspaces.operators``): active staff
accounts that own a workspace, and superusers. Domain data is read-only there: every change
to a product, an OKR or a forecast goes through the product's pages and services, with its
activity entry. Platform models allow the few changes an operator needs, each as an action
that calls the same service a page would (revoking a token, an invitation, cancelling a
workspace's deletion). Secrets never show: token and password hashes and stored uploads are
left out of every admin page, whatever the model (``HIDDEN``)."""

from __future__ import annotations

import django.contrib.auth.admin  # noqa: F401 - registers Django's groups, undone below
from django.contrib import admin
from django.contrib.auth.models import Group
from django.db import models
from django.http import HttpRequest
from django_tasks_db import admin as tasks_admin
from django_tasks_db.models import DBTaskResult

from leitstern.core.models import ImportJob, WorkerHeartbeat


def hidden(field: models.Field) -> bool:
    """Fields no admin page shows: hashes of secrets and stored file contents."""
    return (
        field.name.endswith("_hash")
        or field.name == "password"
        or isinstance(field, models.BinaryField)
    )


class OperatorAdmin(admin.ModelAdmin):
    """What operators may do is decided by the site; no Django permission rows are needed.
    Lists stay quick on large tables: no full count (Django joins the related rows
    a list shows)."""

    list_per_page = 50
    show_full_result_count = False

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self.admin_site.has_permission(request)

    def has_view_permission(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        return self.admin_site.has_permission(request)

    def shown_fields(self) -> list[str]:
        """Every field of the model an admin page may show (``hidden`` ones left out)."""
        return [
            f.name
            for f in self.model._meta.get_fields()
            if (f.concrete or f.many_to_many) and not f.auto_created and not hidden(f)
        ]


class ReadOnlyAdmin(OperatorAdmin):
    """Domain data and platform records: operators look, never change here."""

    actions = None

    def has_add_permission(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        return False

    def get_fields(self, request: HttpRequest, obj: models.Model | None = None):
        return self.fields or self.shown_fields()

    def get_readonly_fields(self, request: HttpRequest, obj: models.Model | None = None):
        return self.get_fields(request, obj)


@admin.register(WorkerHeartbeat)
class WorkerHeartbeatAdmin(ReadOnlyAdmin):
    list_display = ("worker", "beat_at", "started_at")


@admin.register(ImportJob)
class ImportJobAdmin(ReadOnlyAdmin):
    """Uploads of every module (``core.imports``): who sent which file when, and how far it
    came. The file, the staged rows and the preview's sample rows are the upload's content
    and stay out."""

    list_display = (
        "filename",
        "importer",
        "workspace",
        "status",
        "created_by",
        "created_at",
        "processed",
        "total",
        "finished_at",
    )
    list_filter = ("status", "importer")
    search_fields = ("filename",)

    def get_fields(self, request: HttpRequest, obj: models.Model | None = None):
        return [name for name in self.shown_fields() if name != "preview"]


# Operators' rights come from the site, not from groups and permissions.
if admin.site.is_registered(Group):
    admin.site.unregister(Group)


# Background tasks (imports, emails, recomputations): the task backend's own read-only
# admin, opened to operators like every other page here.
if admin.site.is_registered(DBTaskResult):
    admin.site.unregister(DBTaskResult)


@admin.register(DBTaskResult)
class TaskResultAdmin(tasks_admin.DBTaskResultAdmin):
    # The task's path, not its name: naming it loads the task, which fails for a task the
    # installed version no longer has (a row left from before an upgrade).
    list_display = tuple(  # type: ignore[assignment]  # the base names its eight columns
        "task_path" if name == "task_name" else name
        for name in tasks_admin.DBTaskResultAdmin.list_display
    )
    show_full_result_count = False

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self.admin_site.has_permission(request)

    def has_view_permission(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        return self.admin_site.has_permission(request)
