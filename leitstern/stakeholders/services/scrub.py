"""Finding what the activity log says about one stakeholder, to hide it (the person became
private) or remove it (the person is erased)."""

from __future__ import annotations

import json
import re

from django.db import models
from django.db.models import Q, QuerySet

from leitstern.activity.models import ActivityEntry
from leitstern.stakeholders.models import Conversation, Influence, PlanItem, Stakeholder
from leitstern.stakeholders.services._common import HIDDEN


def _labels() -> dict[type[models.Model], str]:
    return {
        model: model._meta.label_lower for model in (Stakeholder, Conversation, Influence, PlanItem)
    }


def about(stakeholder: Stakeholder) -> QuerySet[ActivityEntry]:
    """The workspace's stakeholder entries about ``stakeholder``: those of ``targeting``
    and any other that names them or their e-mail address (a group's members, an edit of
    someone's reporting line)."""
    entries = _entries(stakeholder)
    found = set(entries.filter(targeting(stakeholder)).values_list("pk", flat=True))
    words = [
        re.compile(rf"(?<!\w){re.escape(w.casefold())}(?!\w)")
        for w in (stakeholder.name, stakeholder.email)
        if w
    ]
    # Names inside ``changes`` are stored as JSON (escaped differently per database), so they
    # are searched here rather than in SQL.
    for pk, label, changes, note in entries.exclude(pk__in=found).values_list(
        "pk", "target_label", "changes", "note"
    ):
        text = f"{label}\n{note}\n{json.dumps(changes, ensure_ascii=False)}".casefold()
        if any(word.search(text) for word in words):
            found.add(pk)
    return ActivityEntry.objects.filter(pk__in=found)


def _entries(stakeholder: Stakeholder) -> QuerySet[ActivityEntry]:
    return ActivityEntry.objects.filter(
        workspace=stakeholder.workspace_id, kind__startswith="stakeholders."
    )


def targeting(stakeholder: Stakeholder) -> Q:
    """Entries whose target is the stakeholder, one of their conversations, one of their
    ties (either way) or one of their own plan rows."""
    labels = _labels()
    targets = Q(target_type=labels[Stakeholder], target_id=stakeholder.pk)
    for model, ids in (
        (Conversation, stakeholder.conversations.values_list("pk", flat=True)),
        (
            Influence,
            Influence.objects.filter(
                Q(influencer=stakeholder) | Q(listener=stakeholder)
            ).values_list("pk", flat=True),
        ),
        (PlanItem, stakeholder.plan_items.values_list("pk", flat=True)),
    ):
        targets |= Q(target_type=labels[model], target_id__in=list(ids))
    return targets


def scrub_mentions(stakeholder: Stakeholder) -> int:
    """Hide the name and the values of every entry about ``stakeholder``; returns how many."""
    entries = list(about(stakeholder))
    for entry in entries:
        entry.target_label = HIDDEN
        entry.changes = {name: ["", ""] for name in (entry.changes or {})}
        entry.note = ""
    ActivityEntry.objects.bulk_update(entries, ["target_label", "changes", "note"])
    return len(entries)
