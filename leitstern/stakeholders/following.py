"""What a higher module (the roadmap) may read of stakeholders who follow it: who can be
chosen as a follower, and each follower's name, address and language. The roadmap owns
the link (a stakeholder following a roadmap or an audience view) and registers its digest
recipients itself; nothing here knows the roadmap."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import QuerySet

from leitstern.stakeholders.models import Stakeholder
from leitstern.workspaces.models import Membership


@dataclass(frozen=True)
class Contact:
    """A stakeholder as a digest addresses them; ``language`` is empty when unknown (the
    stakeholder is not a member with a language of their own)."""

    id: int
    name: str
    email: str
    language: str


def followable(member: Membership) -> QuerySet[Stakeholder]:
    """The stakeholders ``member`` may choose as followers: those they see (editors and
    owners; private ones only their keeper) that have an e-mail address."""
    return Stakeholder.objects.visible_to(member).exclude(email="").only("id", "name", "email")


def contacts(ids: Iterable[int]) -> dict[int, Contact]:
    """Name, address and language of the stakeholders ``ids`` that have an address (one
    query; the language of a linked member when they set one)."""
    rows = (
        Stakeholder.objects.filter(pk__in=list(ids))
        .exclude(email="")
        .order_by()
        .values_list("id", "name", "email", "member__language")
    )
    return {pk: Contact(pk, name, email, language or "") for pk, name, email, language in rows}
