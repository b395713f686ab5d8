"""Who hears about a roadmap's changes: the people a digest goes to.

Members follow a roadmap or an audience view themselves (``Follow``); editors add
stakeholders who follow (a whole roadmap only a stakeholder whose address is a member's,
see ``roadmap_recipients``) (``StakeholderFollow``: the roadmap owns the link, the stakeholders
module answers who may be chosen and each one's address, in ``stakeholders/following.py``,
without knowing the roadmap). Other modules add people of their own through a *recipient
source*: a function that takes a ``Roadmap`` or an ``Audience`` and returns
``Recipient``s, registered here::

    from leitstern.roadmap import followers

    followers.register_source(my_recipients)

A source must answer with few queries (it runs once per roadmap and audience each week)
and only name people who agreed to hear about the roadmap. Recipients are merged by e-mail
address, so a member who is also a stakeholder gets one e-mail. See docs/roadmap.md."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace

from django.conf import settings
from django.db.models.functions import Lower

from leitstern.roadmap.models import Audience, Follow, Roadmap, StakeholderFollow
from leitstern.stakeholders import following as stakeholder_following
from leitstern.workspaces.models import Membership


@dataclass(frozen=True)
class Recipient:
    email: str
    name: str
    language: str


Source = Callable[[Roadmap | Audience], Iterable[Recipient]]


def members_following(target: Roadmap | Audience) -> list[Recipient]:
    """Active members who follow ``target`` (and are members still)."""
    lookup = {"roadmap": target} if isinstance(target, Roadmap) else {"audience": target}
    follows = Follow.objects.filter(**lookup, user__is_active=True).select_related("user")
    members = set(
        Membership.objects.filter(workspace_id=target.workspace_id).values_list(
            "user_id", flat=True
        )
    )
    return [
        Recipient(f.user.email, str(f.user), f.user.language or settings.LANGUAGE_CODE)
        for f in follows
        if f.user_id in members and f.user.email
    ]


def stakeholders_following(target: Roadmap | Audience) -> list[Recipient]:
    """Stakeholders who follow ``target`` and have an address (two queries); in a linked
    member's language, else the installation's."""
    lookup = {"roadmap": target} if isinstance(target, Roadmap) else {"audience": target}
    ids = StakeholderFollow.objects.filter(**lookup).values_list("stakeholder_id", flat=True)
    found = stakeholder_following.contacts(ids)
    return [
        Recipient(c.email, c.name, c.language or settings.LANGUAGE_CODE)
        for c in sorted(found.values(), key=lambda c: (c.name, c.id))
    ]


def stakeholders_of(target: Roadmap | Audience) -> list[StakeholderFollow]:
    """The stakeholder follows of ``target`` with their stakeholders, by name."""
    lookup = {"roadmap": target} if isinstance(target, Roadmap) else {"audience": target}
    return list(
        StakeholderFollow.objects.filter(**lookup)
        .select_related("stakeholder")
        .order_by("stakeholder__name", "id")
    )


_SOURCES: list[Source] = [members_following, stakeholders_following]


def register_source(source: Source) -> Source:
    """Add a source of recipients (registering the same one twice is harmless)."""
    if source not in _SOURCES:
        _SOURCES.append(source)
    return source


def recipients(target: Roadmap | Audience) -> list[Recipient]:
    """Everyone a digest about ``target`` goes to, each address once."""
    found: dict[str, Recipient] = {}
    for source in _SOURCES:
        for recipient in source(target):
            found.setdefault(recipient.email.strip().lower(), recipient)
    return list(found.values())


def member_addresses(workspace_id: int, emails: Iterable[str]) -> dict[str, str]:
    """Which of ``emails`` (lower-cased) are the address of an active member of the
    workspace, each with the member's language (empty when not set); one query."""
    wanted = {email.strip().lower() for email in emails if email}
    if not wanted:
        return {}
    return dict(
        Membership.objects.filter(workspace_id=workspace_id, user__is_active=True)
        .annotate(address=Lower("user__email"))
        .filter(address__in=sorted(wanted))
        .values_list("address", "user__language")
    )


def roadmap_recipients(roadmap: Roadmap) -> list[Recipient]:
    """Who a roadmap's own digest and reminders go to: its recipients whose address is an
    active member's, in the member's language. Those e-mails show every item with its
    reasons and link to signed-in pages; someone outside the workspace hears about a
    roadmap only through an audience view (its level of detail, a share link), so a
    stakeholder follow of a whole roadmap reaches only a stakeholder who is a member."""
    found = recipients(roadmap)
    members = member_addresses(roadmap.workspace_id, (r.email for r in found))
    kept = []
    for recipient in found:
        address = recipient.email.strip().lower()
        if address in members:
            kept.append(replace(recipient, language=members[address] or recipient.language))
    return kept
