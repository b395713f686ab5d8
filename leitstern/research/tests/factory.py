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


def make_link(world, *, withdraw: bool = False) -> str:
    """A consent link of a new participant of the world's workspace; its raw token."""
    participant = make_participant(world.workspace, world.owner, email="p@example.com")
    if withdraw:
        give_consent(participant, world.owner)
    return services.consent_link_create(
        actor=world.owner, participant=participant, withdraw=withdraw
    )[1]


def make_attachment(world):
    _participant, conversation, _quote = make_interview(world)
    return conversation, services.attachment_add(
        actor=world.editor,
        conversation=conversation,
        kind="transcript",
        name="interview.txt",
        content=b"I always lose my basket on the phone.",
    )


# --- samples for the access walk (core/tests/test_access.py) -------------------------------


def _participant(w) -> dict:
    return {"pk": make_participant(w.workspace, w.owner, consent=ALL_PURPOSES).pk}


def _conversation(w) -> dict:
    return {"pk": make_interview(w)[1].pk}


def _attachment(w) -> dict:
    conversation, attachment = make_attachment(w)
    return {"pk": conversation.pk, "attachment": attachment.pk}


ROUTE_SAMPLES = {
    **{
        f"research:{name}": lambda w, u: _participant(w)
        for name in [
            "participant",
            "participant_edit",
            "participant_accept",
            "consent_record",
            "consent_withdraw",
            "consent_link_new",
            "participant_erase",
            "participant_export",
        ]
    },
    **{
        f"research:{name}": lambda w, u: _conversation(w)
        for name in [
            "conversation",
            "conversation_edit",
            "snapshot_edit",
            "conversation_hold",
            "conversation_cancel",
            "quote_new",
            "attachment_new",
        ]
    },
    **{
        f"research:{name}": lambda w, u: _attachment(w)
        for name in ["attachment", "attachment_delete"]
    },
    "research:quote_delete": lambda w, u: {"pk": make_interview(w)[2].pk},
    **{
        f"research:{name}": lambda w, u: {"pk": make_insight(w.workspace, w.editor).pk}
        for name in ["insight", "insight_edit"]
    },
    "research_consent:page": lambda w, u: {"token": make_link(w)},
    "research:product_home": lambda w, u: {"pk": w.product.pk},
}

# API path parameters by name: ``world -> value``.
API_PATH_SAMPLES = {
    "participant_id": lambda w: make_participant(w.workspace, w.owner, consent=ALL_PURPOSES).pk,
    "conversation_id": lambda w: make_interview(w)[1].pk,
    "insight_id": lambda w: make_insight(w.workspace, w.editor).pk,
}


def _conversation_body() -> dict:
    return {"title": f"Interview {next(_n)}", "date": timezone.localdate().isoformat()}


# A valid body per operation id, so access (not validation) decides the answer.
API_BODIES = {
    "leitstern_research_api_participant_create": lambda: {"name": f"Nina Neu {next(_n)}"},
    "leitstern_research_api_consent_record": lambda: {
        "purposes": ["interview"],
        "channel": "email",
    },
    "leitstern_research_api_consent_withdraw": lambda: {"purposes": ["recontact"]},
    "leitstern_research_api_conversation_create": _conversation_body,
    "leitstern_research_api_feedback_submit": lambda: {
        **_conversation_body(),
        "relayed_by": "sales",
    },
    "leitstern_research_api_quote_create": lambda: {"text": f"Too many clicks ({next(_n)})."},
    "leitstern_research_api_insight_create": lambda: {"title": f"Baskets get lost {next(_n)}"},
    "leitstern_research_api_participant_update": lambda: {"role": "Shop owner"},
    "leitstern_research_api_conversation_update": lambda: {"goal": "Understand returns"},
    "leitstern_research_api_insight_update": lambda: {"description": "Seen in three shops"},
}

# Real ids of a workspace by API path parameter, for the API fuzzing (api/tests/test_fuzz.py).
FUZZ_IDS = {
    "participant_id": lambda workspace: Participant.objects.filter(workspace=workspace),
    "conversation_id": lambda workspace: Conversation.objects.filter(workspace=workspace),
    "insight_id": lambda workspace: Insight.objects.filter(workspace=workspace),
}
