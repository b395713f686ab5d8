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

Nothing reads every text of the workspace: their quotes and conversations are found by
their keys, other texts of research that mention them through the full-text index
(``search.entries_mentioning``, a superset checked here word for word); only short or
small texts (conversation titles and goals, attachment names, insights, notes of
participants and customers) are searched with ``LIKE``.
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


# Texts searched with LIKE: short or few (model, fields that may mention, fields to scrub).
LIKE_TEXTS: list[tuple[Any, tuple[str, ...], tuple[str, ...]]] = [
    (Conversation, ("title", "goal"), ("title", "goal", "notes", *Conversation.SNAPSHOT_FIELDS)),
    (Attachment, ("name", "text"), ("name", "text")),
    (Insight, ("title", "description"), ("title", "description")),
    (Participant, ("notes",), ("notes",)),
    (Organisation, ("notes",), ("notes",)),
    (Person, ("notes",), ("notes",)),
]


def _scrub_rows(model, rows, fields: tuple[str, ...], traces: list[str]) -> set[int]:
    """Replace ``traces`` in ``fields`` of ``rows`` where they hold one; the changed ids."""
    changed = set()
    for obj in rows.only("pk", *fields):
        values = {name: erasure.scrub(getattr(obj, name), traces) for name in fields}
        if any(values[name] != getattr(obj, name) for name in fields):
            model._base_manager.filter(pk=obj.pk).update(**values)
            changed.add(obj.pk)
    return changed


def _scrub_texts(workspace, traces: list[str], conversations: list[int]) -> dict[Any, set[int]]:
    """Replace ``traces`` in every text of research and customers in ``workspace``:
    quotes and conversation texts found through the full-text index (and those of the
    person's own ``conversations``), the rest by ``LIKE``. The changed ids by model."""
    changed: dict[Any, set[int]] = {model: set() for model, _f in TEXTS}
    if not traces:
        return changed
    mentions = list(
        search.entries_mentioning(workspace, traces).values_list("quote_id", "conversation_id")
    )
    quote_ids = {quote for quote, _c in mentions if quote}
    quotes = Quote._base_manager.filter(
        Q(pk__in=quote_ids) | Q(conversation__in=conversations), redacted_at__isnull=True
    )
    changed[Quote] |= _scrub_rows(Quote, quotes, ("text",), traces)
    for model, searched, fields in LIKE_TEXTS:
        rows = model._base_manager.filter(**{model.workspace_path: workspace})
        condition = _any_contains(searched, traces)
        if model is Conversation:
            mentioned = {c for quote, c in mentions if c and not quote} | set(conversations)
            condition |= Q(pk__in=mentioned)
        changed[model] |= _scrub_rows(model, rows.filter(condition), fields, traces)
    return changed


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
    own = [c.pk for c in conversations]
    scrubbed = _scrub_texts(workspace, traces, own)
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

    # Search entries of what changed, by id.
    search.index_conversation_texts(
        list(Conversation.objects.filter(pk__in=set(own) | scrubbed[Conversation]))
    )
    _reindex(scrubbed)

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


def _reindex(scrubbed: dict[Any, set[int]]) -> None:
    """The entries of the quotes, transcripts and insights whose texts were scrubbed
    are built again (conversations' own entries are rebuilt together above)."""
    for quote in Quote.objects.filter(pk__in=scrubbed[Quote]).select_related(
        "conversation__organisation", "participant__organisation"
    ):
        search.index_quote(quote)
    for attachment in Attachment.objects.filter(pk__in=scrubbed[Attachment]).select_related(
        "conversation"
    ):
        search.index_attachment(attachment)
    for insight in Insight.objects.filter(pk__in=scrubbed[Insight]):
        search.index_insight(insight)


def _revoke_links(participant: Participant) -> None:
    """Consent links sent to the person stop working (once consent links exist)."""
    links = getattr(participant, "consent_links", None)
    if links is not None:
        links.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())


def participant_erase(*, actor: User, participant: Participant) -> Participant:
    """Erase a participant on request (GDPR Art. 17): the cascade of this module, and the
    contact they were linked to."""
    return participant_remove(actor=actor, participant=participant, status=ParticipantStatus.ERASED)
