"""Research's objects by a user-supplied id, only inside the member's workspace; missing,
elsewhere or beyond the member's role all answer 404. Pages and API use the same lookups.

Quotes a member may not read (a participant without consent to quoting, for anyone but
the conversation's interviewers) are missing for them too."""

from __future__ import annotations

from leitstern.research.models import (
    Attachment,
    Consent,
    ConsentLink,
    Conversation,
    Insight,
    Participant,
    Quote,
    Tag,
)
from leitstern.workspaces.access import get_object_for
from leitstern.workspaces.models import Membership, Need


def _get(member: Membership, queryset, pk: object, need: int):
    return get_object_for(member, queryset, pk, need=need)


def get_participant_for(member: Membership, pk: object, *, need: int = Need.VIEW) -> Participant:
    return _get(member, Participant.objects.select_related("organisation", "workspace"), pk, need)


def get_consent_for(
    member: Membership, pk: object, *, participant: Participant, need: int = Need.EDIT
) -> Consent:
    """A consent of ``participant`` (404 for any other's)."""
    return _get(member, Consent.objects.filter(participant=participant), pk, need)


def get_conversation_for(member: Membership, pk: object, *, need: int = Need.VIEW) -> Conversation:
    return _get(
        member,
        Conversation.objects.select_related("workspace", "product", "segment", "persona"),
        pk,
        need,
    )


def get_attachment_for(
    member: Membership, pk: object, *, conversation: Conversation, need: int = Need.VIEW
) -> Attachment:
    return _get(member, Attachment.objects.filter(conversation=conversation), pk, need)


def get_quote_for(member: Membership, pk: object, *, need: int = Need.VIEW) -> Quote:
    quotes = Quote.objects.visible_to(member.user).select_related(
        "conversation__workspace", "participant"
    )
    return _get(member, quotes, pk, need)


def get_insight_for(member: Membership, pk: object, *, need: int = Need.VIEW) -> Insight:
    return _get(member, Insight.objects.select_related("workspace", "product"), pk, need)


def get_tag_for(member: Membership, pk: object, *, need: int = Need.VIEW) -> Tag:
    return _get(member, Tag.objects.all(), pk, need)


def get_consent_link_for(member: Membership, pk: object, *, need: int = Need.EDIT) -> ConsentLink:
    return _get(member, ConsentLink.objects.select_related("participant"), pk, need)
