"""The end of a workspace: deletion requested by an owner, a grace period in which any
owner can restore it, then the purge by ``leitstern purge_workspaces`` (run daily).

While deletion is pending the workspace is hidden: its pages and API answer 404 for every
member, tokens reach nothing, and only its owners see it in their list, with the date of
the purge and a way to restore it."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from leitstern.accounts.models import User
from leitstern.activity import kinds
from leitstern.activity.services import activity_record
from leitstern.core import portability
from leitstern.workspaces.models import Workspace

log = logging.getLogger(__name__)

WORKSPACE_DELETION_REQUESTED = kinds.register(
    "workspace.deletion_requested", gettext_lazy("asked to delete the workspace")
)
WORKSPACE_RESTORED = kinds.register("workspace.restored", gettext_lazy("restored the workspace"))
WORKSPACE_EXPORTED = kinds.register(
    "workspace.exported", gettext_lazy("downloaded an export of the workspace")
)


@transaction.atomic
def workspace_request_deletion(
    *, actor: User, workspace: Workspace, confirm_name: str
) -> Workspace:
    """Hide ``workspace`` and schedule it for purging after the grace period. The owner
    confirms by typing the workspace's name exactly, so a slip cannot delete the wrong one."""
    workspace = Workspace.objects.select_for_update().get(pk=workspace.pk)
    if confirm_name.strip() != workspace.name:
        raise ValidationError(
            {"confirm_name": _("Type the workspace's name exactly as shown to confirm.")}
        )
    if workspace.is_pending_deletion:
        raise ValidationError(_("This workspace is already scheduled for deletion."))
    workspace.deletion_requested_at = timezone.now()
    workspace.deletion_requested_by = actor
    workspace.save(update_fields=["deletion_requested_at", "deletion_requested_by"])
    activity_record(
        workspace=workspace,
        actor=actor,
        kind=WORKSPACE_DELETION_REQUESTED,
        target=workspace,
        changes={"purge_after": ["", workspace.purge_after.date().isoformat()]},
    )
    return workspace


@transaction.atomic
def workspace_restore(*, actor: User, workspace: Workspace) -> Workspace:
    """Undo a deletion request during the grace period."""
    workspace = Workspace.objects.select_for_update().get(pk=workspace.pk)
    if not workspace.is_pending_deletion:
        raise ValidationError(_("This workspace is not scheduled for deletion."))
    workspace.deletion_requested_at = None
    workspace.deletion_requested_by = None
    workspace.save(update_fields=["deletion_requested_at", "deletion_requested_by"])
    activity_record(workspace=workspace, actor=actor, kind=WORKSPACE_RESTORED, target=workspace)
    return workspace


@transaction.atomic
def workspace_record_export(*, actor: User, workspace: Workspace) -> None:
    """Note in the log that an owner downloaded everything in the workspace."""
    activity_record(workspace=workspace, actor=actor, kind=WORKSPACE_EXPORTED, target=workspace)


def due_for_purge(now=None) -> models.QuerySet[Workspace]:
    cutoff = (now or timezone.now()) - timedelta(days=settings.WORKSPACE_DELETION_GRACE_DAYS)
    return Workspace.objects.filter(deletion_requested_at__lte=cutoff).order_by(
        "deletion_requested_at"
    )


def _stored_files(workspace: Workspace) -> Iterator[tuple[object, str]]:
    """Every file the workspace's registered models keep in a storage (attachments)."""
    for entry in portability.registered():
        fields = [f for f in entry.model._meta.concrete_fields if isinstance(f, models.FileField)]
        for f in fields:
            names = (
                entry.model._base_manager.filter(**{entry.workspace: workspace})
                .exclude(**{f.name: ""})
                .values_list(f.name, flat=True)
            )
            for name in names:
                if name:
                    yield f.storage, name


def workspace_purge(*, workspace: Workspace) -> None:
    """Remove a workspace whose grace period has ended, with everything in it. Stored files
    are deleted once the rows are gone for good (after the commit)."""
    with transaction.atomic():
        workspace = Workspace.objects.select_for_update().get(pk=workspace.pk)
        if not workspace.is_pending_deletion:
            raise ValidationError(_("This workspace is not scheduled for deletion."))
        files = list(_stored_files(workspace))
        workspace.delete()

        def delete_files() -> None:
            for storage, name in files:
                try:
                    storage.delete(name)
                except OSError:
                    log.warning("could not delete a stored file of a purged workspace")

        transaction.on_commit(delete_files)
