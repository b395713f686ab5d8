"""Plain builders for research tests (and the access walk's samples), through the services."""

from __future__ import annotations

from datetime import date, timedelta
from itertools import count

from django.utils import timezone

from leitstern.research import services
from leitstern.research.models import Conversation, Insight, Participant, Purpose, Quote

_n = count(1)
ALL_PURPOSES = list(Purpose.values)


def make_participant(
    workspace, actor, name: str = "", *, consent: list[str] | None = None, **data
) -> Participant:
    """A participant; with ``consent`` (purposes), consent given verbally a day ago."""
    participant = services.participant_create(
        actor=actor, workspace=workspace, name=name or f"Participant {next(_n)}", **data
    )
    if consent:
        give_consent(participant, actor, consent)
    return participant


def give_consent(participant, actor, purposes=None, *, days_ago: int = 1):
    return services.consent_record(
        actor=actor,
        participant=participant,
        purposes=purposes or ALL_PURPOSES,
        channel="verbal",
        witness="Jonas Keller",
        given_at=timezone.now() - timedelta(days=days_ago),
    )


def make_conversation(
    workspace, actor, *, participants=(), held: bool = True, day: date | None = None, **data
) -> Conversation:
    return services.conversation_create(
        actor=actor,
        workspace=workspace,
        title=data.pop("title", f"Conversation {next(_n)}"),
        date=day or timezone.localdate(),
        held=held,
        participants=list(participants),
        **data,
    )


def make_quote(conversation, actor, participant=None, text: str = "", **data) -> Quote:
    return services.quote_create(
        actor=actor,
        conversation=conversation,
        participant=participant,
        text=text or f"I always lose the basket on my phone ({next(_n)}).",
        **data,
    )


def make_insight(workspace, actor, title: str = "", quotes=(), **data) -> Insight:
    return services.insight_create(
        actor=actor,
        workspace=workspace,
        title=title or f"Shoppers lose their basket on mobile ({next(_n)})",
        quotes=list(quotes),
        **data,
    )


def make_interview(world, *, text: str = "", name: str = ""):
    """A consenting participant, a held conversation with them and one quote of theirs."""
    participant = make_participant(
        world.workspace, world.editor, name, consent=ALL_PURPOSES, email="p@example.com"
    )
    conversation = make_conversation(
        world.workspace, world.editor, participants=[participant], interviewers=[world.editor]
    )
    quote = make_quote(conversation, world.editor, participant, text)
    return participant, conversation, quote
