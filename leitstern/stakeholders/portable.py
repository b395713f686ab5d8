"""The stakeholder map travels with its workspace; a person linked to a stakeholder gets
everything recorded about them in their own data export."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from leitstern.core import portability
from leitstern.stakeholders.models import (
    Conversation,
    Influence,
    NetworkRevision,
    PlanItem,
    PositionRecord,
    Stakeholder,
    Stance,
    Theme,
)

portability.register(Theme, workspace="workspace")
portability.register(Stakeholder, workspace="workspace")
portability.register(Stance, workspace="stakeholder__workspace")
portability.register(PositionRecord, workspace="stakeholder__workspace")
portability.register(Influence, workspace="workspace")
portability.register(Conversation, workspace="stakeholder__workspace")
portability.register(PlanItem, workspace="workspace")
portability.skip(NetworkRevision, reason="cache counters, raised again by the next change")


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def about_me(user: Any) -> list[dict[str, Any]]:
    """Everything the stakeholder maps hold about ``user`` as a linked stakeholder (GDPR
    Art. 15): the register entry with its notes, the trail of every analysis, attitudes,
    who they listen to and who listens to them, the conversations with them and the
    communication planned for them — also where a colleague keeps them private."""
    out = []
    people = Stakeholder.objects.filter(member=user).select_related("workspace", "reports_to")
    for person in people.prefetch_related("products", "themes"):
        out.append(
            {
                "workspace": person.workspace.slug,
                "name": person.name,
                "title": person.title,
                "department": person.department,
                "organisation": person.organisation,
                "email": person.email,
                "notes": person.notes,
                "reports_to": person.reports_to.name if person.reports_to else None,
                "products": sorted(p.name for p in person.products.all()),
                "topics": sorted(t.name for t in person.themes.all()),
                "power": person.power,
                "interest": person.interest,
                "salience": {
                    "power": person.has_power,
                    "legitimacy": person.has_legitimacy,
                    "urgency": person.has_urgency,
                },
                "engagement": person.engagement,
                "desired_engagement": person.desired_engagement,
                "attitudes": [
                    {"theme": s.theme.name, "attitude": s.attitude}
                    for s in person.stances.select_related("theme")
                ],
                "positions": [
                    {
                        "analysis": p.analysis,
                        "day": _iso(p.day),
                        "power": p.power,
                        "interest": p.interest,
                        "has_power": p.has_power,
                        "has_legitimacy": p.has_legitimacy,
                        "has_urgency": p.has_urgency,
                        "engagement": p.engagement,
                        "desired_engagement": p.desired_engagement,
                        "theme": p.theme.name if p.theme else None,
                        "attitude": p.attitude,
                        "note": p.note,
                    }
                    for p in person.positions.select_related("theme")
                ],
                "listens_to": [
                    {"person": i.influencer.name, "strength": i.strength, "note": i.note}
                    for i in person.listens_to.select_related("influencer")
                ],
                "listened_to_by": [
                    {"person": i.listener.name, "strength": i.strength, "note": i.note}
                    for i in person.influences.select_related("listener")
                ],
                "conversations": [
                    {
                        "day": _iso(c.day),
                        "topic": c.topic,
                        "outcome": c.outcome,
                        "next_step": c.next_step,
                        "next_step_due": _iso(c.next_step_due),
                    }
                    for c in person.conversations.all()
                ],
                "communication_plan": [
                    {
                        "information": item.information,
                        "frequency": item.frequency,
                        "channel": item.channel,
                        "group": item.group_name,
                        "last_sent_on": _iso(item.last_sent_on),
                    }
                    for item in PlanItem.objects.filter(
                        Q(stakeholder=person) | Q(members=person)
                    ).distinct()
                ],
            }
        )
    return out


portability.register_personal("stakeholder_records", about_me)
