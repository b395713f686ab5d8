"""GDPR Art. 15: everything research keeps about one participant, as JSON-ready data (for
the API and a download) and for a printable page: their details, each consent with the
exact text they saw, the conversations they took part in, their quotes and the insights
that use them, and the consent links sent to them."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from leitstern.research.models import Insight, Participant


def _iso(value: Any) -> Any:
    return value.isoformat() if value is not None else None


def access_export(participant: Participant) -> dict[str, Any]:
    consents = participant.consents.order_by("given_at", "id")
    conversations = participant.conversations.order_by("date", "id")
    quotes = participant.quotes.select_related("conversation").order_by("created_at", "id")
    insights = Insight.objects.filter(quotes__participant=participant).distinct()
    return {
        "exported_at": timezone.now().isoformat(),
        "workspace": participant.workspace.name,
        "participant": {
            "id": participant.pk,
            "name": participant.name,
            "email": participant.email,
            "phone": participant.phone,
            "role": participant.role,
            "organisation": str(participant.organisation or ""),
            "segments": [s.name for s in participant.segments.all()],
            "personas": [p.name for p in participant.personas.all()],
            "language": participant.language,
            "notes": participant.notes,
            "status": participant.status,
            "created_at": _iso(participant.created_at),
        },
        "consents": [
            {
                "purpose": c.purpose,
                "text": c.text,
                "text_version": c.text_version,
                "language": c.language,
                "channel": c.channel,
                "witness": c.witness,
                "given_at": _iso(c.given_at),
                "expires_at": _iso(c.expires_at),
                "withdrawn_at": _iso(c.withdrawn_at),
            }
            for c in consents
        ],
        "conversations": [
            {
                "id": c.pk,
                "title": c.title,
                "date": _iso(c.date),
                "status": c.status,
                "goal": c.goal,
                "notes": c.notes,
                "attachments": [a.name for a in c.attachments.all()],
            }
            for c in conversations
        ],
        "quotes": [
            {
                "id": q.pk,
                "text": q.text,
                "conversation": q.conversation.title,
                "created_at": _iso(q.created_at),
            }
            for q in quotes
        ],
        "used_in_insights": [{"id": i.pk, "title": i.title} for i in insights],
        "consent_links": [
            {
                "created_at": _iso(link.created_at),
                "withdraw": link.withdraw,
                "state": str(link.state),
            }
            for link in participant.consent_links.all()
        ],
    }
