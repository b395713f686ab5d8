"""Writes for tags, quotes and insights."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypedDict, Unpack

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from leitstern.accounts.models import User
from leitstern.activity.services import activity_record
from leitstern.core.versioning import unique_race_as_error, update_versioned
from leitstern.products.models import Product
from leitstern.research import search
from leitstern.research.models import (
    Attachment,
    Conversation,
    Insight,
    Participant,
    Quote,
    QuoteSource,
    Tag,
)
from leitstern.research.services._common import (
    INSIGHT_ARCHIVED,
    INSIGHT_CREATED,
    INSIGHT_UPDATED,
    QUOTE_CREATED,
    QUOTE_DELETED,
    QUOTE_UPDATED,
    TAG_CREATED,
    of_workspace,
)
from leitstern.workspaces.models import Workspace


@transaction.atomic
def tag_create(*, actor: User, workspace: Workspace, name: str) -> Tag:
    """A tag of the workspace's list; the existing one when the name is taken (any case)."""
    existing = Tag.objects.filter(workspace=workspace, name__iexact=name.strip()).first()
    if existing is not None:
        return existing
    tag = Tag(workspace=workspace, name=name.strip())
    tag.full_clean()
    with unique_race_as_error(tag):
        tag.save()
    activity_record(workspace=workspace, actor=actor, kind=TAG_CREATED, target=tag)
    return tag


def _source_text(conversation: Conversation, source: str, attachment: Attachment | None) -> str:
    if source == QuoteSource.NOTES:
        return conversation.notes
    if source == QuoteSource.TRANSCRIPT:
        if attachment is None or attachment.conversation_id != conversation.pk:
            raise ValidationError({"attachment": _("Choose a transcript of this conversation.")})
        return attachment.text
    return ""


def _place(text: str, passage: str, start: int | None, end: int | None) -> tuple[int, int]:
    """Where ``passage`` stands in ``text``: at ``start``–``end`` when given and true,
    else its first occurrence; refused when it is not there."""
    if start is not None and end is not None and text[start:end] == passage:
        return start, end
    found = text.find(passage)
    if found < 0:
        raise ValidationError(
            {"text": _("This passage is not in the text it was highlighted in; select it again.")}
        )
    return found, found + len(passage)


@transaction.atomic
def quote_create(
    *,
    actor: User,
    conversation: Conversation,
    text: str,
    participant: Participant | None = None,
    source: str = QuoteSource.TYPED,
    attachment: Attachment | None = None,
    start: int | None = None,
    end: int | None = None,
    tags: Iterable[Tag | int] = (),
) -> Quote:
    """A quote: a passage highlighted in the conversation's notes or a transcript (kept
    with where it stands), or typed. A direct conversation's quote names the participant
    who said it; whether it may be shown depends on their consent to quoting, checked
    whenever it is read (``Quote.objects.visible_to``)."""
    if conversation.status != "held":
        raise ValidationError(_("Quotes come from a conversation that was held."))
    if participant is not None:
        participant.ensure_present()
    passage = text.replace("\r\n", "\n").strip()
    source_text = _source_text(conversation, source, attachment)
    if source != QuoteSource.TYPED and passage:
        start, end = _place(source_text, passage, start, end)
    else:
        start = end = None
    quote = Quote(
        conversation=conversation,
        participant=participant,
        attachment=attachment if source == QuoteSource.TRANSCRIPT else None,
        source=source,
        text=passage,
        start=start,
        end=end,
        created_by=actor,
    )
    quote.full_clean()
    quote.save()
    quote.tags.set(of_workspace(conversation.workspace, tags, Tag, field="tags"))
    activity_record(
        workspace=conversation.workspace,
        actor=actor,
        kind=QUOTE_CREATED,
        target=quote,
        product=conversation.product,
    )
    search.index_quote(quote)
    return quote


@transaction.atomic
def quote_tags_set(*, actor: User, quote: Quote, tags: Iterable[Tag | int]) -> Quote:
    chosen = of_workspace(quote.conversation.workspace, tags, Tag, field="tags")
    before = sorted(t.name for t in quote.tags.all())
    quote.tags.set(chosen)
    after = sorted(t.name for t in chosen)
    if before != after:
        activity_record(
            workspace=quote.conversation.workspace,
            actor=actor,
            kind=QUOTE_UPDATED,
            target=quote,
            changes={"tags": [", ".join(before), ", ".join(after)]},
        )
    return quote


@transaction.atomic
def quote_delete(*, actor: User, quote: Quote) -> None:
    """Delete a quote highlighted by mistake; insights lose it from their evidence."""
    activity_record(
        workspace=quote.conversation.workspace,
        actor=actor,
        kind=QUOTE_DELETED,
        target=quote,
        product=quote.conversation.product,
    )
    quote.delete()


class InsightChanges(TypedDict, total=False):
    title: str
    description: str
    product: Product | None


@transaction.atomic
def insight_create(
    *,
    actor: User,
    workspace: Workspace,
    title: str,
    description: str = "",
    product: Product | None = None,
    quotes: Iterable[Quote | int] = (),
) -> Insight:
    insight = Insight(
        workspace=workspace,
        title=title,
        description=description,
        product=product,
        created_by=actor,
    )
    insight.full_clean()
    insight.save()
    insight.quotes.set(of_workspace(workspace, quotes, Quote, field="quotes"))
    activity_record(
        workspace=workspace, actor=actor, kind=INSIGHT_CREATED, target=insight, product=product
    )
    search.index_insight(insight)
    return insight


@transaction.atomic
def insight_update(
    *, actor: User, insight: Insight, version: int | None = None, **fields: Unpack[InsightChanges]
) -> Insight:
    changes = update_versioned(insight, dict(fields), version=version)
    if changes:
        activity_record(
            workspace=insight.workspace,
            actor=actor,
            kind=INSIGHT_UPDATED,
            target=insight,
            product=insight.product,
            changes=changes,
        )
        search.index_insight(insight)
    return insight


@transaction.atomic
def insight_quotes_change(
    *,
    actor: User,
    insight: Insight,
    add: Iterable[Quote | int] = (),
    remove: Iterable[Quote | int] = (),
) -> Insight:
    """Add quotes to an insight's evidence and take others away."""
    workspace = insight.workspace
    added = of_workspace(workspace, add, Quote, field="quotes")
    removed = of_workspace(workspace, remove, Quote, field="quotes")
    if not added and not removed:
        return insight
    insight.quotes.add(*added)
    insight.quotes.remove(*removed)
    Insight.objects.filter(pk=insight.pk).update(updated_at=timezone.now())
    activity_record(
        workspace=workspace,
        actor=actor,
        kind=INSIGHT_UPDATED,
        target=insight,
        product=insight.product,
        changes={
            "quotes": [str(len(removed)) if removed else "", str(len(added)) if added else ""]
        },
    )
    return insight


@transaction.atomic
def insight_archive(*, actor: User, insight: Insight) -> Insight:
    if insight.is_archived:
        return insight
    update_versioned(insight, {"archived_at": timezone.now()}, clean=False)
    activity_record(
        workspace=insight.workspace,
        actor=actor,
        kind=INSIGHT_ARCHIVED,
        target=insight,
        product=insight.product,
    )
    search.index_insight(insight)
    return insight
