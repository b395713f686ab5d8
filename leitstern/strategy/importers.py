"""Metric values from a CSV file (or pasted rows), on the kernel's import flow.

Columns: date, value, optional note — named in English or German, or in that order when
the header says something else or there is none. German Excel (``31.12.2026;1.234,5``)
works as it is. One value per day; a day that has a value already gets the new one
(the preview counts them). Applying calls ``services.metric_values_record`` once for all
rows, in the flow's one transaction."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any, NamedTuple

from django.utils.translation import gettext_lazy as _

from leitstern.accounts.models import User
from leitstern.core.imports import Column, Counts, Example, Importer, register
from leitstern.core.imports.models import ImportJob
from leitstern.core.limits import MAX_BULK_VALUES
from leitstern.strategy import services
from leitstern.strategy.models import Metric, ValueSource

NOTE_CHARS = 300  # MetricValue.note's length


class MetricValueRow(NamedTuple):
    day: date
    value: float
    note: str = ""


def _existing_days(metric: Metric, days: list[date]) -> set[date]:
    """Which of ``days`` the metric has a value for (one range query, however many)."""
    if not days:
        return set()
    kept = metric.values.filter(day__range=(min(days), max(days))).values_list("day", flat=True)
    return set(kept) & set(days)


def summarize(metric: Metric, rows: list[tuple[int, MetricValueRow]]) -> dict[str, Any]:
    replaced = _existing_days(metric, [row.day for _number, row in rows])
    return {
        "replaced": len(replaced),
        "replaced_days": sorted(d.isoformat() for d in replaced),
        "first_row": rows[0][0] if rows else None,
    }


def apply_values(
    *,
    actor: User | None,
    target: Metric,
    rows: list[tuple[int, MetricValueRow]],
    job: ImportJob,
    progress: Callable[[int], object],
) -> Counts:
    values = [(row.day, row.value, row.note) for _number, row in rows]
    replaced = len(_existing_days(target, [day for day, _value, _note in values]))
    count = services.metric_values_record(
        actor=actor, metric=target, values=values, source=ValueSource.CSV
    )
    progress(count)
    return Counts(created=count - replaced, updated=replaced)


METRIC_VALUES = register(
    Importer(
        name="strategy.metric_values",
        label=_("metric values"),
        target=Metric,
        workspace_of=lambda metric: metric.product.workspace,
        row=MetricValueRow,
        columns=(
            Column("day", _("date"), kind="date", names=("datum", "day", "tag")),
            Column("value", _("value"), kind="number", names=("wert",)),
            Column(
                "note",
                _("note"),
                required=False,
                names=("notiz", "comment", "kommentar", "bemerkung"),
                max_chars=NOTE_CHARS,
            ),
        ),
        header=None,
        unique=("day",),
        apply=apply_values,
        summarize=summarize,
        max_rows=MAX_BULK_VALUES,
        max_bytes=2_000_000,
        summary_template="strategy/_import_summary.html",
        example=Example(
            text="Datum;Wert;Notiz\n05.01.2026;1,5;Übergabe\n12.01.2026;1.234,5;Größe\n",
            rows=2,
            target="leitstern.strategy.tests.factory.import_metric",
        ),
    )
)
