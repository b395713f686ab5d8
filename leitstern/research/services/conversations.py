"""Writes for learning conversations, second-hand feedback, snapshots and attachments."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time
from typing import TypedDict, Unpack

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from leitstern.accounts.models import User
from leitstern.activity.services import activity_record
from leitstern.core.limits import MAX_UPLOAD_BYTES
from leitstern.core.text import text_problem
from leitstern.core.versioning import update_versioned
from leitstern.customers.models import Organisation, Persona, Segment
from leitstern.products.models import Product
from leitstern.research import search
from leitstern.research.models import (
    Attachment,
    AttachmentKind,
    Consent,
    Conversation,
    ConversationStatus,
    Participant,
    Purpose,
    Source,
)
from leitstern.research.services._common import (
    ATTACHMENT_ADDED,
    ATTACHMENT_DELETED,
    CONVERSATION_CANCELLED,
    CONVERSATION_CREATED,
    CONVERSATION_HELD,
    CONVERSATION_RECORDED,
    CONVERSATION_UPDATED,
    FEEDBACK_SUBMITTED,
    SNAPSHOT_UPDATED,
    check_members,
    delete_files_on_commit,
    of_workspace,
)
from leitstern.workspaces.models import Need, Workspace

TEXT_SUFFIXES = (".txt", ".md", ".vtt", ".srt", ".text")
MAX_TRANSCRIPT_CHARS = 2_000_000


def _on(day: date) -> datetime:
    """The moment a conversation on ``day`` is judged at: the end of that day."""
    return timezone.make_aware(datetime.combine(day, time(23, 59, 59)))


def missing_consent(participants: Iterable[Participant], purpose: str, on: date) -> list:
    """The participants without a valid consent for ``purpose`` on ``on``."""
    people = list(participants)
    if not people:
        return []
    moment = min(_on(on), timezone.now()) if on <= timezone.localdate() else _on(on)
    covered = set(
        Consent.objects.valid(moment)
        .filter(participant__in=people, purpose=purpose)
        .values_list("participant_id", flat=True)
    )
    return [p for p in people if p.pk not in covered]


def check_interview_consent(participants: Iterable[Participant], on: date) -> None:
    """Every participant of a conversation on ``on`` needs a valid consent for research
    interviews on that day; refused on ``participants``, naming each one and how to get it."""
    people = list(participants)
    for participant in people:
        try:
            participant.ensure_present()
        except ValidationError as error:
            raise ValidationError({"participants": error.messages}) from error
        if participant.is_proposed:
            raise ValidationError(
                {
                    "participants": _("%(name)s is only proposed; an editor accepts them first.")
                    % {"name": participant}
                }
            )
    missing = missing_consent(people, Purpose.INTERVIEW, on)
    if missing:
        day = formats.date_format(on, "SHORT_DATE_FORMAT")
        raise ValidationError(
            {
                "participants": [
                    _(
                        "%(name)s has no valid consent to research interviews on %(day)s. "
                        "Request it on their page (“Request consent”), or record the consent "
                        "they gave you."
                    )
                    % {"name": p, "day": day}
                    for p in missing
                ]
            }
        )


class ConversationDetails(TypedDict, total=False):
    product: Product | None
    organisation: Organisation | None
    segment: Segment | None
    persona: Persona | None
    goal: str
    notes: str


class ConversationChanges(ConversationDetails, total=False):
    title: str
    date: date
    interviewers: Iterable[User | int]
    participants: Iterable[Participant | int]


class SnapshotChanges(TypedDict, total=False):
    quick_facts: str
    memorable_quote: str
    experience_story: str
    opportunities: str
    insights: str


def _at_the_time(participants: list[Participant], details: dict) -> dict:
    """The segment and persona of the conversation, when not given: the first
    participant's (their organisation's segment otherwise)."""
    if participants and not details.get("segment"):
        first = participants[0]
        segment = first.segments.order_by("name").first()
        if segment is None and first.organisation is not None:
            segment = first.organisation.segment
        details["segment"] = segment
    if participants and not details.get("persona"):
        details["persona"] = participants[0].personas.order_by("name").first()
    return details


def _locked(people: list[Participant]) -> list[Participant]:
    """``people`` read again under a lock, in their order: a withdrawal or erasure at the
    same moment either finishes first (and the consent check sees it) or waits for this
    conversation (and its cascade sees it)."""
    rows = Participant._base_manager.select_for_update().filter(pk__in=[p.pk for p in people])
    fresh = {p.pk: p for p in rows.order_by("pk")}
    return [fresh[p.pk] for p in people]


@transaction.atomic
def conversation_create(
    *,
    actor: User,
    workspace: Workspace,
    title: str,
    date: date,
    held: bool = False,
    participants: Iterable[Participant | int] = (),
    interviewers: Iterable[User | int] = (),
    **details: Unpack[ConversationDetails],
) -> Conversation:
    """A direct learning conversation, scheduled (``held`` False) or recorded as held.
    Every participant needs a valid consent to research interviews on ``date``
    (``check_interview_consent``); without interviewers, the actor is the interviewer."""
    people = _locked(of_workspace(workspace, participants, Participant, field="participants"))
    check_interview_consent(people, date)
    team = check_members(
        workspace, list(interviewers) or [actor], field="interviewers", need=Need.EDIT
    )
    fields = _at_the_time(people, dict(details))
    conversation = Conversation(
        workspace=workspace,
        title=title,
        date=date,
        source=Source.DIRECT,
        status=ConversationStatus.HELD if held else ConversationStatus.SCHEDULED,
        created_by=actor,
        **fields,
    )
    conversation.full_clean()
    conversation.save()
    conversation.participants.set(people)
    conversation.interviewers.set(team)
    activity_record(
        workspace=workspace,
        actor=actor,
        kind=CONVERSATION_RECORDED if held else CONVERSATION_CREATED,
        target=conversation,
        product=conversation.product,
    )
    search.index_conversation(conversation)
    return conversation


@transaction.atomic
def feedback_submit(
    *,
    actor: User,
    workspace: Workspace,
    title: str,
    date: date,
    relayed_by: str,
    **details: Unpack[ConversationDetails],
) -> Conversation:
    """Second-hand feedback, relayed by sales, support, marketing or a survey: it names
    the organisation it is about, never participants, and is marked second-hand wherever
    it appears. Contributors may submit it."""
    conversation = Conversation(
        workspace=workspace,
        title=title,
        date=date,
        source=Source.SECOND_HAND,
        relayed_by=relayed_by,
        status=ConversationStatus.HELD,
        created_by=actor,
        **details,
    )
    if conversation.organisation is not None and not conversation.segment_id:
        conversation.segment = conversation.organisation.segment
    conversation.full_clean()
    conversation.save()
    activity_record(
        workspace=workspace,
        actor=actor,
        kind=FEEDBACK_SUBMITTED,
        target=conversation,
        product=conversation.product,
    )
    search.index_conversation(conversation)
    return conversation


@transaction.atomic
def conversation_update(
    *,
    actor: User,
    conversation: Conversation,
    version: int | None = None,
    **fields: Unpack[ConversationChanges],
) -> Conversation:
    """Change the given fields, and only those; with ``version``, a field someone else
    changed since raises ``EditConflict``. Participants of a direct conversation need a
    valid consent to research interviews on its (new) date; second-hand feedback has no
    participants."""
    data: dict = dict(fields)
    workspace = conversation.workspace
    if "participants" in data:
        data["participants"] = of_workspace(
            workspace, data["participants"], Participant, field="participants"
        )
        if conversation.is_second_hand and data["participants"]:
            raise ValidationError(
                {"participants": _("Second-hand feedback names no participants.")}
            )
    if "interviewers" in data:
        data["interviewers"] = check_members(
            workspace, data["interviewers"], field="interviewers", need=Need.EDIT
        )
    if not conversation.is_second_hand and ("participants" in data or "date" in data):
        people = data.get("participants")
        if people is None:
            people = list(conversation.participants.all())
        added = [p for p in people if p.pk not in _ids(conversation.participants.all())]
        on = data.get("date", conversation.date)
        check_interview_consent(people if "date" in data else added, on)
    changes = update_versioned(conversation, data, version=version)
    if changes:
        activity_record(
            workspace=workspace,
            actor=actor,
            kind=CONVERSATION_UPDATED,
            target=conversation,
            product=conversation.product,
            changes=changes,
        )
        search.index_conversation(conversation)
    return conversation


def _ids(objects) -> set[int]:
    return {o.pk for o in objects}


@transaction.atomic
def conversation_hold(*, actor: User, conversation: Conversation) -> Conversation:
    """Mark a scheduled conversation as held, its participants' consent checked again."""
    if conversation.status == ConversationStatus.HELD:
        return conversation
    if conversation.status == ConversationStatus.CANCELLED:
        raise ValidationError(_("This conversation was cancelled."))
    check_interview_consent(conversation.participants.all(), conversation.date)
    update_versioned(conversation, {"status": ConversationStatus.HELD}, clean=False)
    activity_record(
        workspace=conversation.workspace,
        actor=actor,
        kind=CONVERSATION_HELD,
        target=conversation,
        product=conversation.product,
    )
    return conversation


@transaction.atomic
def conversation_cancel(*, actor: User, conversation: Conversation) -> Conversation:
    if conversation.status != ConversationStatus.SCHEDULED:
        raise ValidationError(_("Only a scheduled conversation can be cancelled."))
    update_versioned(conversation, {"status": ConversationStatus.CANCELLED}, clean=False)
    activity_record(
        workspace=conversation.workspace,
        actor=actor,
        kind=CONVERSATION_CANCELLED,
        target=conversation,
        product=conversation.product,
    )
    return conversation


@transaction.atomic
def snapshot_update(
    *,
    actor: User,
    conversation: Conversation,
    version: int | None = None,
    **fields: Unpack[SnapshotChanges],
) -> Conversation:
    """The interview snapshot; only the fields given change."""
    changes = update_versioned(conversation, dict(fields), version=version)
    if changes:
        activity_record(
            workspace=conversation.workspace,
            actor=actor,
            kind=SNAPSHOT_UPDATED,
            target=conversation,
            product=conversation.product,
            changes={name: ["", ""] for name in changes},
        )
        search.index_conversation(conversation)
    return conversation


# --- attachments -------------------------------------------------------------------------------


def transcript_text(name: str, content: bytes) -> str:
    """The text of an uploaded transcript (UTF-8, else Windows-1252); refused when it is
    not text."""
    if not name.lower().endswith(TEXT_SUFFIXES):
        raise ValidationError({"file": _("A transcript is a text file (.txt, .md, .vtt or .srt).")})
    if b"\x00" in content:
        raise ValidationError({"file": _("This file is not text.")})
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = content.decode("cp1252", errors="replace")
    if text_problem(text) or len(text) > MAX_TRANSCRIPT_CHARS:
        raise ValidationError({"file": _("This file is not a transcript Leitstern can read.")})
    return text.replace("\r\n", "\n").replace("\r", "\n")


@transaction.atomic
def attachment_add(
    *,
    actor: User,
    conversation: Conversation,
    kind: str,
    name: str,
    content: bytes,
    content_type: str = "",
) -> Attachment:
    """Store a file of the conversation through Django's storage API. A transcript or
    recording needs every participant's valid consent to recording (refused naming who
    lacks it); a transcript's text is kept for search and for highlighting quotes."""
    if len(content) > MAX_UPLOAD_BYTES:
        raise ValidationError(
            {
                "file": _("The file is larger than %(max)s.")
                % {"max": filesizeformat(MAX_UPLOAD_BYTES)}
            }
        )
    if not content:
        raise ValidationError({"file": _("The file is empty.")})
    if kind in (AttachmentKind.TRANSCRIPT, AttachmentKind.RECORDING):
        missing = missing_consent(
            conversation.participants.all(), Purpose.RECORDING, timezone.localdate()
        )
        if missing:
            raise ValidationError(
                {
                    "file": [
                        _(
                            "%(name)s has not consented to recordings and transcripts; "
                            "nothing can be attached."
                        )
                        % {"name": p}
                        for p in missing
                    ]
                }
            )
    text = transcript_text(name, content) if kind == AttachmentKind.TRANSCRIPT else ""
    attachment = Attachment(
        conversation=conversation,
        kind=kind,
        name=name[:255],
        size=len(content),
        content_type=content_type[:100],
        text=text,
        uploaded_by=actor,
    )
    attachment.full_clean(exclude=["file"])
    attachment.file.save(name, ContentFile(content), save=False)
    try:
        attachment.save()
        activity_record(
            workspace=conversation.workspace,
            actor=actor,
            kind=ATTACHMENT_ADDED,
            target=conversation,
            product=conversation.product,
            changes={"attachments": ["", str(attachment.get_kind_display())]},
        )
        search.index_attachment(attachment)
    except BaseException:
        # The row is not written: neither is the file kept.
        if attachment.file.name:
            default_storage.delete(attachment.file.name)
        raise
    return attachment


@transaction.atomic
def attachment_delete(*, actor: User, attachment: Attachment) -> None:
    """Delete an attachment; its stored file goes once the deletion has committed."""
    conversation = attachment.conversation
    delete_files_on_commit([attachment.file.name or ""])
    label = str(attachment.get_kind_display())
    attachment.delete()
    activity_record(
        workspace=conversation.workspace,
        actor=actor,
        kind=ATTACHMENT_DELETED,
        target=conversation,
        product=conversation.product,
        changes={"attachments": [label, ""]},
    )
