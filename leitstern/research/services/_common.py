"""What the research services share: activity kinds and small checks."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from leitstern.accounts.models import User
from leitstern.activity import kinds
from leitstern.workspaces.models import Need, Workspace

PARTICIPANT_CREATED = kinds.register(
    "research.participant.created", gettext_lazy("added a participant")
)
PARTICIPANT_PROPOSED = kinds.register(
    "research.participant.proposed", gettext_lazy("proposed a participant")
)
PARTICIPANT_ACCEPTED = kinds.register(
    "research.participant.accepted", gettext_lazy("accepted a proposed participant")
)
PARTICIPANT_UPDATED = kinds.register(
    "research.participant.updated", gettext_lazy("changed a participant")
)
PARTICIPANT_WITHDRAWN = kinds.register(
    "research.participant.withdrawn", gettext_lazy("removed a participant who withdrew")
)
PARTICIPANT_ERASED = kinds.register(
    "research.participant.erased", gettext_lazy("erased a participant")
)
CONSENT_RECORDED = kinds.register("research.consent.recorded", gettext_lazy("recorded consent"))
CONSENT_WITHDRAWN = kinds.register(
    "research.consent.withdrawn", gettext_lazy("recorded a withdrawal of consent")
)
CONSENT_REQUESTED = kinds.register("research.consent.requested", gettext_lazy("requested consent"))
CONSENT_TEXT = kinds.register(
    "research.consent_text.published", gettext_lazy("published a consent text")
)
CONVERSATION_CREATED = kinds.register(
    "research.conversation.created", gettext_lazy("scheduled a conversation")
)
CONVERSATION_RECORDED = kinds.register(
    "research.conversation.recorded", gettext_lazy("recorded a conversation")
)
FEEDBACK_SUBMITTED = kinds.register(
    "research.feedback.submitted", gettext_lazy("submitted second-hand feedback")
)
CONVERSATION_UPDATED = kinds.register(
    "research.conversation.updated", gettext_lazy("changed a conversation")
)
CONVERSATION_HELD = kinds.register(
    "research.conversation.held", gettext_lazy("marked a conversation as held")
)
CONVERSATION_CANCELLED = kinds.register(
    "research.conversation.cancelled", gettext_lazy("cancelled a conversation")
)
SNAPSHOT_UPDATED = kinds.register(
    "research.snapshot.updated", gettext_lazy("wrote an interview snapshot")
)
ATTACHMENT_ADDED = kinds.register("research.attachment.added", gettext_lazy("attached a file"))
ATTACHMENT_DELETED = kinds.register(
    "research.attachment.deleted", gettext_lazy("deleted an attachment")
)
QUOTE_CREATED = kinds.register("research.quote.created", gettext_lazy("highlighted a quote"))
QUOTE_UPDATED = kinds.register("research.quote.updated", gettext_lazy("tagged a quote"))
QUOTE_DELETED = kinds.register("research.quote.deleted", gettext_lazy("deleted a quote"))
TAG_CREATED = kinds.register("research.tag.created", gettext_lazy("created a tag"))
INSIGHT_CREATED = kinds.register("research.insight.created", gettext_lazy("created an insight"))
INSIGHT_UPDATED = kinds.register("research.insight.updated", gettext_lazy("changed an insight"))
INSIGHT_ARCHIVED = kinds.register("research.insight.archived", gettext_lazy("archived an insight"))
SETTINGS_UPDATED = kinds.register(
    "research.settings.updated", gettext_lazy("changed the research settings")
)
RETENTION_APPLIED = kinds.register(
    "research.retention.applied", gettext_lazy("deleted transcripts and notes past retention")
)
kinds.register_field("quotes", gettext_lazy("quotes"))
kinds.register_field("purposes", gettext_lazy("purposes"))
kinds.register_field("attachments", gettext_lazy("attachments"))
kinds.register_field("conversations", gettext_lazy("conversations"))


def check_members(
    workspace: Workspace, users: Iterable[User | int], *, field: str, need: int = Need.VIEW
) -> list[User]:
    """``users`` as members of ``workspace`` whose role reaches ``need``; refused on
    ``field`` otherwise."""
    from leitstern.workspaces.models import Membership

    ids = {u.pk if isinstance(u, User) else int(u) for u in users}
    found = {
        m.user_id: m
        for m in Membership.objects.select_related("user").filter(
            workspace=workspace, user_id__in=ids
        )
    }
    if set(found) != ids:
        raise ValidationError({field: _("Choose members of this workspace.")})
    if any(not m.can(need) for m in found.values()):
        raise ValidationError({field: _("Interviewers are editors or owners of this workspace.")})
    return [m.user for m in found.values()]


def of_workspace(workspace: Workspace, objects: Iterable, model, *, field: str) -> list:
    """``objects`` (instances or ids) of ``model`` that belong to ``workspace``; refused on
    ``field`` when one does not."""
    ids = {o.pk if hasattr(o, "pk") else int(o) for o in objects}
    path = model.workspace_path
    found = list(model._base_manager.filter(**{path: workspace, "pk__in": ids}))
    if len(found) != len(ids):
        raise ValidationError({field: _("Choose one of this workspace.")})
    return found


def delete_files_on_commit(names: Iterable[str]) -> None:
    """Delete stored files once the transaction that removed their rows has committed (a
    rollback keeps rows and files together)."""
    from django.core.files.storage import default_storage
    from django.db import transaction

    names = [name for name in names if name]

    def run() -> None:
        for name in names:
            default_storage.delete(name)

    transaction.on_commit(run)
