"""Reading the activity log."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import timedelta

from leitstern.activity.models import ActivityEntry

# Entries of one run are at most this far apart: a burst of the same change, not a habit.
RUN_GAP = timedelta(hours=1)


@dataclass
class Run:
    """Consecutive entries by the same person, of the same kind, on the same object, each
    within ``RUN_GAP`` of the next: shown once, "×N", newest first."""

    entries: list[ActivityEntry] = field(default_factory=list)

    @property
    def entry(self) -> ActivityEntry:
        return self.entries[0]

    @property
    def count(self) -> int:
        return len(self.entries)

    @property
    def earlier(self) -> list[ActivityEntry]:
        return self.entries[1:]


def _same(a: ActivityEntry, b: ActivityEntry) -> bool:
    return (
        a.actor_id == b.actor_id
        and a.kind == b.kind
        and a.target_type == b.target_type
        and a.target_id == b.target_id
        and a.target_label == b.target_label
    )


def runs(entries: Iterable[ActivityEntry], *, limit: int | None = None) -> list[Run]:
    """Group consecutive repeats of ``entries`` (newest first, as the log is ordered) into
    runs; at most ``limit`` runs. Nothing is dropped: a run keeps every entry it holds."""
    grouped: list[Run] = []
    for entry in entries:
        last = grouped[-1].entries[-1] if grouped else None
        if (
            last is not None
            and _same(last, entry)
            and last.created_at - entry.created_at <= RUN_GAP
        ):
            grouped[-1].entries.append(entry)
            continue
        if limit is not None and len(grouped) == limit:
            break
        grouped.append(Run([entry]))
    return grouped
