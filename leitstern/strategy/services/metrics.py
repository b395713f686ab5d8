"""Writes for metrics: definitions, dated values, targets and annotations."""

from __future__ import annotations

import math
from collections.abc import Iterable
from datetime import date, datetime
from typing import TypedDict, Unpack

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from leitstern.accounts.models import User
from leitstern.activity.services import activity_record
from leitstern.core import limits
from leitstern.core.versioning import unique_race_as_error, update_versioned
from leitstern.products.models import Product
from leitstern.strategy.models import (
    Annotation,
    Metric,
    MetricTarget,
    MetricValue,
    ValueSource,
)
from leitstern.strategy.services._common import (
    ANNOTATION,
    METRIC_CREATED,
    METRIC_DELETED,
    METRIC_TARGET,
    METRIC_UPDATED,
    METRIC_VALUE_DELETED,
    METRIC_VALUES,
    _finite,
)
from leitstern.strategy.services.scores import following, scores_refresh

# --- metrics ----------------------------------------------------------------------------


class MetricDefinition(TypedDict, total=False):
    """How a metric is defined, every part optional (the model's default when left out):
    what it counts, which way is good, its role for the product and, for a North Star, the
    customer value it expresses and the checklist (``NORTH_STAR_CHECKLIST``)."""

    description: str
    unit: str
    direction: str  # Direction
    range_low: float | None
    range_high: float | None
    role: str  # MetricRole
    input_kind: str  # InputKind, or "" for a metric that is no input
    value_statement: str
    ns_expresses_value: bool
    ns_reflects_strategy: bool
    ns_leading: bool
    ns_actionable: bool
    ns_understandable: bool
    ns_measurable: bool
    ns_not_vanity: bool


class MetricChanges(MetricDefinition, total=False):
    """What ``metric_update`` may change (``Metric.EDITABLE_FIELDS``); only the fields given
    change."""

    name: str


def _finite_range(definition: MetricDefinition) -> None:
    # NaN and Infinity would be stored and then answered as invalid JSON.
    _finite(definition.get("range_low"), "range_low")
    _finite(definition.get("range_high"), "range_high")


@transaction.atomic
def metric_create(
    *, actor: User, product: Product, name: str, **definition: Unpack[MetricDefinition]
) -> Metric:
    """A metric of ``product``; its name is unique within the product, and a product has at
    most one North Star (``Metric.clean`` and the constraints say the rest)."""
    _finite_range(definition)
    metric = Metric(product=product, name=name, **definition)
    metric.full_clean()
    with unique_race_as_error(metric):
        metric.save()
    activity_record(
        workspace=product.workspace,
        actor=actor,
        kind=METRIC_CREATED,
        target=metric,
        product=product,
    )
    return metric


@transaction.atomic
def metric_update(
    *,
    actor: User,
    metric: Metric,
    version: int | None = None,
    note: str = "",
    **fields: Unpack[MetricChanges],
) -> Metric:
    """Change the given fields, and only those; with ``version``, a field someone else
    changed since that version raises ``EditConflict``."""
    _finite_range(fields)
    changes = update_versioned(metric, fields, version=version)
    if not changes:
        return metric
    activity_record(
        workspace=metric.product.workspace,
        actor=actor,
        kind=METRIC_UPDATED,
        target=metric,
        product=metric.product,
        changes=changes,
        note=note,
    )
    return metric


@transaction.atomic
def metric_delete(*, actor: User, obj: Metric, note: str = "") -> None:
    """Delete a wrongly created metric with its values, targets and its own annotations
    (the product's general annotations stay). Refused while a key result follows it."""
    obj.ensure_deletable()
    counts = {
        "values": obj.values.count(),
        "targets": obj.targets.count(),
        "annotations": obj.annotations.count(),
    }
    # Recorded before the delete: the entry keeps the metric's id and name.
    activity_record(
        workspace=obj.product.workspace,
        actor=actor,
        kind=METRIC_DELETED,
        target=obj,
        product=obj.product,
        changes={field: [str(count), ""] for field, count in counts.items() if count},
        note=note,
    )
    obj.delete()


# Rows per INSERT of a bulk push: big enough that 20,000 values are a handful of
# statements, small enough for SQLite's variable limit with room to spare.
VALUES_PER_STATEMENT = 2_000
# A refused push lists this many bad rows by number, then how many more there are.
ROW_ERRORS_SHOWN = 50


def _row_errors(rows: list[tuple[date, float, str]]) -> list[str]:
    errors, seen = [], set()
    for index, (day, value, row_note) in enumerate(rows, start=1):
        if not isinstance(day, date) or isinstance(day, datetime):
            errors.append(_("Row %(row)d: the date is not a date.") % {"row": index})
        elif not limits.date_in_range(day):
            errors.append(
                _("Row %(row)d: the date must lie between %(first)s and %(last)s.")
                % {"row": index, "first": limits.MIN_DATE, "last": limits.MAX_DATE}
            )
        elif day in seen:
            errors.append(_("Row %(row)d: the date appears twice.") % {"row": index})
        seen.add(day)
        try:
            finite = not isinstance(value, bool) and math.isfinite(value)
        except (TypeError, OverflowError):
            finite = False
        if not finite:
            errors.append(_("Row %(row)d: the value is not a finite number.") % {"row": index})
        if "\x00" in (row_note or ""):
            errors.append(_("Row %(row)d: the note contains a NUL character.") % {"row": index})
    return errors


_VALUE_COLUMNS = ("metric_id", "day", "value", "note", "source", "recorded_by_id", "recorded_at")


def _upsert_values(
    metric: Metric, rows: list[tuple[date, float, str]], *, source: str, actor: User | None
) -> None:
    """Insert the rows, replacing a day the metric has a value for already: one
    ``INSERT … ON CONFLICT (metric_id, day) DO UPDATE`` per batch. Written without model
    instances: building and compiling 20,000 of them took most of a push's time, and the
    rows are already checked. PostgreSQL takes each column as one array (``unnest``), so a
    batch is a short statement with seven parameters instead of 14,000."""
    ops = connection.ops
    quote = ops.quote_name
    columns = ", ".join(quote(column) for column in _VALUE_COLUMNS)
    replace = ", ".join(f"{quote(c)} = excluded.{quote(c)}" for c in _VALUE_COLUMNS[2:])
    conflict = f"ON CONFLICT ({quote('metric_id')}, {quote('day')}) DO UPDATE SET {replace}"
    table = quote(MetricValue._meta.db_table)
    now = ops.adapt_datetimefield_value(timezone.now())
    recorded_by = actor.pk if actor is not None else None
    notes = [(row_note or "")[:300] for _day, _value, row_note in rows]
    with connection.cursor() as cursor:
        for first in range(0, len(rows), VALUES_PER_STATEMENT):
            batch = rows[first : first + VALUES_PER_STATEMENT]
            if connection.vendor == "postgresql":
                cursor.execute(
                    f"INSERT INTO {table} ({columns}) "  # noqa: S608
                    "SELECT %s, day, value, note, %s, %s, %s "
                    "FROM unnest(%s::date[], %s::double precision[], %s::text[]) "
                    f"AS row (day, value, note) {conflict}",
                    [
                        metric.pk,
                        source,
                        recorded_by,
                        now,
                        [day for day, _value, _note in batch],
                        [float(value) for _day, value, _note in batch],
                        notes[first : first + VALUES_PER_STATEMENT],
                    ],
                )
                continue
            params: list = []
            for (day, value, _note), note in zip(
                batch, notes[first : first + VALUES_PER_STATEMENT], strict=True
            ):
                params += (metric.pk, ops.adapt_datefield_value(day), float(value), note)
                params += (source, recorded_by, now)
            one_row = "(" + ", ".join(["%s"] * len(_VALUE_COLUMNS)) + ")"
            cursor.execute(
                f"INSERT INTO {table} ({columns}) "  # noqa: S608
                f"VALUES {', '.join([one_row] * len(batch))} {conflict}",
                params,
            )


@transaction.atomic
def metric_values_record(
    *,
    actor: User | None,
    metric: Metric,
    values: Iterable[tuple[date, float, str]],
    source: str = ValueSource.MANUAL,
    note: str = "",
) -> int:
    """Store ``(day, value, note)`` triples; a day that has a value already gets the new
    one. All or nothing: one bad value and nothing is stored, and the refusal names each
    bad row (the first 50). Returns how many.

    Set-based: every row is checked in Python, then written by one insert-or-replace
    statement per 2,000 rows (ON CONFLICT on the metric and day), so a first value for a
    day that someone else writes at the same moment never fails on the unique constraint,
    and 20,000 values take seconds. Rows are written in date order, so two pushes that
    overlap lock their rows in the same order and cannot deadlock."""
    rows = list(values)
    errors = _row_errors(rows)
    if errors:
        shown = errors[:ROW_ERRORS_SHOWN]
        if len(errors) > ROW_ERRORS_SHOWN:
            shown.append(
                _("… and %(count)d more problems.") % {"count": len(errors) - ROW_ERRORS_SHOWN}
            )
        raise ValidationError({"values": shown})
    _upsert_values(metric, sorted(rows, key=lambda row: row[0]), source=source, actor=actor)
    if rows:
        scores_refresh(key_results=following(metric))
        activity_record(
            workspace=metric.product.workspace,
            actor=actor,
            kind=METRIC_VALUES,
            target=metric,
            product=metric.product,
            changes={"values": ["", str(len(rows))], "source": ["", str(source)]},
            note=note,
        )
    return len(rows)


def metric_value_set(
    *,
    actor: User,
    metric: Metric,
    day: date,
    value: float,
    note: str = "",
    source: str = ValueSource.MANUAL,
) -> MetricValue:
    metric_values_record(actor=actor, metric=metric, values=[(day, value, note)], source=source)
    return metric.values.get(day=day)


@transaction.atomic
def metric_value_delete(*, actor: User, value: MetricValue) -> None:
    metric = value.metric
    label = str(value)
    value.delete()
    scores_refresh(key_results=following(metric))
    activity_record(
        workspace=metric.product.workspace,
        actor=actor,
        kind=METRIC_VALUE_DELETED,
        target=metric,
        product=metric.product,
        changes={"value": [label, ""]},
    )


@transaction.atomic
def metric_target_add(
    *, actor: User, metric: Metric, day: date, value: float, label: str = ""
) -> MetricTarget:
    _finite(value, "value")
    target = MetricTarget(metric=metric, day=day, value=value, label=label)
    target.full_clean()
    target.save()
    activity_record(
        workspace=metric.product.workspace,
        actor=actor,
        kind=METRIC_TARGET,
        target=metric,
        product=metric.product,
        changes={"target": ["", str(target)]},
    )
    return target


@transaction.atomic
def annotation_add(
    *, actor: User, product: Product, day: date, text: str, metric: Metric | None = None
) -> Annotation:
    if metric is not None and metric.product_id != product.pk:
        raise ValidationError({"metric": _("Choose a metric of this product.")})
    annotation = Annotation(product=product, metric=metric, day=day, text=text)
    annotation.full_clean()
    annotation.save()
    activity_record(
        workspace=product.workspace,
        actor=actor,
        kind=ANNOTATION,
        target=annotation,
        product=product,
    )
    return annotation
