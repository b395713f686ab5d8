"""A person leaves research: withdrawal of consent to research interviews, or erasure on
request (GDPR Art. 17). Both run the same cascade, in one transaction:

1. their quotes lose their words (insights keep counting them and show "[withdrawn]");
2. transcripts, recordings and other files of the conversations they took part in are
   deleted (the stored files once the transaction has committed); a conversation they
   were the only participant of also loses its notes, memorable quote and experience
   story — their words —, while the team's conclusions (quick facts, opportunities,
   insights) stay;
3. their name, email address and phone number are replaced by "[erased]" in every other
   text of research and customers (notes of other conversations, other quotes, insights,
   other participants' and contacts' notes), in the activity log, in customer files the
   import flow still keeps and in queued or finished e-mail tasks;
4. the participant becomes a tombstone without personal data (organisation, segments and
   personas stay: they identify nobody and keep evidence counts true); their consent
   records stay as proof, withdrawn; links sent to them stop working;
5. on erasure, the contact at the organisation they were linked to is erased too; on
   withdrawal it is only unlinked (a customer contact may rest on another lawful basis);
6. one activity entry without personal data records it.

The search index loses every entry with their words.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from leitstern.accounts.models import User
from leitstern.activity.services import activity_record
from leitstern.core.versioning import update_versioned
from leitstern.customers import erasure
from leitstern.customers.models import Organisation, Person
from leitstern.customers.services import person_erase
from leitstern.research import search
from leitstern.research.models import (
    Attachment,
    AttachmentKind,
    Conversation,
    Insight,
    Participant,
    ParticipantStatus,
    Quote,
    SearchEntry,
)
from leitstern.research.services._common import (
    ATTACHMENT_DELETED,
    PARTICIPANT_ERASED,
    PARTICIPANT_WITHDRAWN,
    delete_files_on_commit,
)

REDACTED = "[withdrawn]"
# The texts (model, fields) in which a person's traces are looked for and replaced.
TEXTS: list[tuple[Any, tuple[str, ...]]] = [
    (
        Conversation,
        ("title", "goal", "notes", *Conversation.SNAPSHOT_FIELDS),
    ),
    (Attachment, ("name", "text")),
    (Quote, ("text",)),
    (Insight, ("title", "description")),
    (Participant, ("notes",)),
    (Organisation, ("notes",)),
    (Person, ("notes",)),
]


def _delete_attachments(attachments) -> int:
    attachments = list(attachments)
    delete_files_on_commit([a.file.name for a in attachments])
    Attachment.objects.filter(pk__in=[a.pk for a in attachments]).delete()
    return len(attachments)


@transaction.atomic
def delete_recordings(*, actor: User | None, participant: Participant) -> int:
    """Delete the recordings and transcripts of every conversation ``participant`` took
    part in (their consent to recording was withdrawn). Returns how many went."""
    recordings = Attachment.objects.filter(
        conversation__participants=participant,
        kind__in=[AttachmentKind.TRANSCRIPT, AttachmentKind.RECORDING],
    ).distinct()
    count = _delete_attachments(recordings)
    if count:
        activity_record(
            workspace=participant.workspace,
            actor=actor,
            kind=ATTACHMENT_DELETED,
            target=participant,
            changes={"attachments": [str(count), ""]},
        )
    return count


def _scrub_texts(workspace, traces: list[str]) -> None:
    """Replace ``traces`` in every text of research and customers in ``workspace``."""
    if not traces:
        return
    for model, fields in TEXTS:
        rows = model._base_manager.filter(**{model.workspace_path: workspace})
        for obj in rows.filter(_any_contains(fields, traces)).only("pk", *fields):
            values = {name: erasure.scrub(getattr(obj, name), traces) for name in fields}
            model._base_manager.filter(pk=obj.pk).update(**values)


def _any_contains(fields: tuple[str, ...], traces: list[str]) -> Q:
    condition = Q()
    for name in fields:
        for trace in traces:
            condition |= Q(**{f"{name}__icontains": trace})
    return condition


@transaction.atomic
def participant_remove(*, actor: User | None, participant: Participant, status: str) -> Participant:
    """Run the cascade of this module's docstring; ``status`` is ``withdrawn`` (the person
    withdrew their consent to research interviews) or ``erased`` (erasure on request).
    ``actor`` is None when the person withdrew through their own link."""
    participant = Participant.objects.select_for_update().get(pk=participant.pk)
    if participant.is_removed:
        return participant
    workspace = participant.workspace
    traces = erasure.traces_of(participant.name, participant.email, participant.phone)
    now = timezone.now()

    # 1. Their quotes lose their words, and their search entries go.
    quotes = Quote.objects.filter(participant=participant, redacted_at__isnull=True)
    quote_ids = list(quotes.values_list("pk", flat=True))
    quotes.update(text="", start=None, end=None, redacted_at=now)
    SearchEntry.objects.filter(quote_id__in=quote_ids).delete()

    # 2. Files of their conversations go; a conversation of theirs alone loses their words.
    conversations = list(
        Conversation.objects.filter(participants=participant).annotate(
            people=Count("participants", distinct=True)
        )
    )
    attachments = _delete_attachments(Attachment.objects.filter(conversation__in=conversations))
    alone = [c.pk for c in conversations if c.people == 1]
    if alone:
        Conversation.objects.filter(pk__in=alone).update(
            notes="", memorable_quote="", experience_story=""
        )

    # 3. Their traces anywhere else; in their own conversations also their first or last
    # name alone ("Anna said …").
    _scrub_texts(workspace, traces)
    parts = [part for part in participant.name.split() if len(part) >= 3]
    if parts:
        fields = ("title", "goal", "notes", *Conversation.SNAPSHOT_FIELDS)
        mine = Conversation.objects.filter(pk__in=[c.pk for c in conversations])
        for conversation in mine.only("pk", *fields):
            values = {
                name: erasure.scrub_words(getattr(conversation, name), parts) for name in fields
            }
            if any(values[name] != getattr(conversation, name) for name in fields):
                Conversation.objects.filter(pk=conversation.pk).update(**values)
        others = Quote.objects.filter(conversation__in=mine, redacted_at__isnull=True)
        for quote in others.only("pk", "text"):
            text = erasure.scrub_words(quote.text, parts)
            if text != quote.text:
                Quote.objects.filter(pk=quote.pk).update(text=text)

    # 4. The tombstone; consents stay as proof, withdrawn.
    participant.consents.filter(withdrawn_at__isnull=True).update(withdrawn_at=now)
    linked_person = participant.person
    tombstone: dict[str, object] = {name: "" for name in Participant.IDENTIFYING_FIELDS}
    tombstone.update(status=status, removed_at=now, person=None)
    update_versioned(participant, tombstone, clean=False)
    _revoke_links(participant)

    # 5. The linked contact.
    if linked_person is not None and status == ParticipantStatus.ERASED:
        person_erase(actor=actor, person=linked_person)

    # Search entries of what changed.
    search.index_conversation_texts(
        list(Conversation.objects.filter(pk__in=[c.pk for c in conversations]))
    )
    _reindex_mentions(workspace, traces)

    # The activity log keeps no trace of them; then one entry says what happened.
    label = str(participant)
    erasure.forget_in_activity(
        workspace=workspace,
        targets={
            "research.participant": {participant.pk: label},
            "research.quote": dict.fromkeys(quote_ids, REDACTED),
        },
        traces=traces,
    )
    erasure.forget_in_imports(workspace=workspace, prefix="customers.", traces=traces)
    erasure.forget_in_task_queue(traces=traces)
    activity_record(
        workspace=workspace,
        actor=actor,
        kind=PARTICIPANT_ERASED if status == ParticipantStatus.ERASED else PARTICIPANT_WITHDRAWN,
        target=participant,
        changes={
            "quotes": [str(len(quote_ids)), ""],
            "attachments": [str(attachments), ""],
        },
    )
    transaction.on_commit(search.forget_deleted)
    return participant


def _reindex_mentions(workspace, traces: list[str]) -> None:
    """Entries whose text still holds a trace are built again from the scrubbed texts."""
    if not traces:
        return
    condition = Q()
    for trace in traces:
        condition |= Q(text__icontains=trace) | Q(title__icontains=trace)
    stale = SearchEntry.objects.filter(workspace=workspace).filter(condition)
    for entry in stale.select_related("conversation", "attachment", "quote", "insight"):
        if entry.quote_id:
            search.index_quote(Quote.objects.get(pk=entry.quote_id))
        elif entry.attachment_id:
            search.index_attachment(Attachment.objects.get(pk=entry.attachment_id))
        elif entry.insight_id:
            search.index_insight(Insight.objects.get(pk=entry.insight_id))
        elif entry.conversation_id:
            search.index_conversation(Conversation.objects.get(pk=entry.conversation_id))


def _revoke_links(participant: Participant) -> None:
    """Consent links sent to the person stop working (once consent links exist)."""
    links = getattr(participant, "consent_links", None)
    if links is not None:
        links.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())


def participant_erase(*, actor: User, participant: Participant) -> Participant:
    """Erase a participant on request (GDPR Art. 17): the cascade of this module, and the
    contact they were linked to."""
    return participant_remove(actor=actor, participant=participant, status=ParticipantStatus.ERASED)
