"""Writing an imported roadmap: every row at once, in the import's one transaction."""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils import translation
from django.utils.translation import gettext as _

from leitstern.accounts.models import User
from leitstern.activity.services import activity_record
from leitstern.core.imports import RowRejected
from leitstern.roadmap import clock, kinds
from leitstern.roadmap.models import (
    SET_ASIDE,
    ChangeKind,
    Horizon,
    ItemChange,
    Roadmap,
    RoadmapItem,
    normalize_tags,
)
from leitstern.roadmap.services._common import item_state, locked

# A parked item comes in with a revisit date this far ahead (the file names none).
PARKED_REVISIT_DAYS = 90


@transaction.atomic
def items_import(
    *, actor: User, roadmap: Roadmap, rows: list[tuple[int, Any, Any]], source: str
) -> tuple[int, int]:
    """Add the rows (``(row number, ItemRow, Mapped)``) at the end of their horizons'
    columns, each with its "added" change ("imported from <file>") and one activity entry
    for the import. A row whose title is on the roadmap already is left out (importing
    the same file twice adds nothing). Returns (created, left out).

    An import moves a roadmap in: it does not ask for reasons for a full Now or a
    consolidation period; the preview shows how full Now will be."""
    roadmap = locked(roadmap)
    # The reason is part of the roadmap's history, in the language of who imported it.
    with translation.override(actor.language or settings.LANGUAGE_CODE):
        why = _("Imported from %(file)s") % {"file": source}
    today = clock.today()
    existing = {
        title.casefold()
        for title in RoadmapItem.objects.current()
        .filter(roadmap=roadmap)
        .values_list("title", flat=True)
    }
    ends = dict(
        RoadmapItem.objects.current()
        .filter(roadmap=roadmap)
        .order_by()
        .values_list("horizon")
        .annotate(p=Max("position"))
    )
    teams = {team.name.casefold(): team for team in roadmap.workspace.teams.all()}
    next_position: dict[str, float] = defaultdict(float)
    for horizon, position in ends.items():
        next_position[horizon] = (position or 0.0) + 1.0
    items = []
    for number, row, mapped in rows:
        if row.title.casefold() in existing:
            continue
        item = RoadmapItem(
            roadmap=roadmap,
            title=row.title,
            outcome=row.outcome,
            description=row.description,
            level=mapped.level,
            horizon=mapped.horizon,
            position=next_position[mapped.horizon],
            status=mapped.status,
            confidence=mapped.confidence,
            size=mapped.size,
            size_items=mapped.size_items,
            team=teams.get(row.team.strip().casefold()),
            visibility=mapped.visibility,
            tags=normalize_tags(row.tags),
            window_start=mapped.window_start,
            window_end=mapped.window_end,
        )
        if mapped.horizon in SET_ASIDE:
            item.reason = why
            item.decided_by = actor
            item.decided_on = today
            if mapped.horizon == Horizon.PARKED:
                item.revisit_on = today + timedelta(days=PARKED_REVISIT_DAYS)
        try:
            item.full_clean(exclude=["roadmap", "team", "owner", "decided_by", "position"])
        except Exception as error:
            messages = getattr(error, "messages", None) or [str(error)]
            raise RowRejected(number, " ".join(messages)) from None
        next_position[mapped.horizon] += 1.0
        existing.add(row.title.casefold())
        items.append(item)
    created = RoadmapItem.objects.bulk_create(items, batch_size=500)
    now = clock.now()
    ItemChange.objects.bulk_create(
        [
            ItemChange(
                roadmap=roadmap,
                item=item,
                at=now,
                actor=actor,
                kind=ChangeKind.ADDED,
                why=why,
                changes={"horizon": ["", item.horizon]},
                **item_state(item),
            )
            for item in created
        ],
        batch_size=500,
    )
    if created:
        activity_record(
            workspace=roadmap.workspace,
            actor=actor,
            kind=kinds.IMPORTED,
            target=roadmap,
            product=roadmap.product,
            changes={"items": ["", str(len(created))]},
            note=why,
        )
    return len(created), len(rows) - len(created)
