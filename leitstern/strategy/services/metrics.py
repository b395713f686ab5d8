"""Writes for metrics: definitions, dated values, targets and annotations."""

from __future__ import annotations

import math
from collections.abc import Iterable
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from leitstern.accounts.models import User
from leitstern.activity.services import activity_record
from leitstern.core.services import apply_changes, reject_unknown_fields
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

# --- metrics ----------------------------------------------------------------------------


def _finite_range(data: dict[str, Any]) -> None:
    # NaN and Infinity would be stored and then answered as invalid JSON.
    for field in ("range_low", "range_high"):
        _finite(data.get(field), field)


@transaction.atomic
def metric_create(*, actor: User, product: Product, **data: Any) -> Metric:
    reject_unknown_fields(data, Metric.EDITABLE_FIELDS)
    _finite_range(data)
    metric = Metric(product=product, **data)
    metric.full_clean()
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
def metric_update(*, actor: User, metric: Metric, note: str = "", **data: Any) -> Metric:
    reject_unknown_fields(data, Metric.EDITABLE_FIELDS)
    _finite_range(data)
    changes = apply_changes(metric, data, Metric.EDITABLE_FIELDS)
    if not changes:
        return metric
    metric.save()
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


@transaction.atomic
def metric_values_record(
    *,
    actor: User,
    metric: Metric,
    values: Iterable[tuple[date, float, str]],
    source: str = ValueSource.MANUAL,
    note: str = "",
) -> int:
    """Store ``(day, value, note)`` triples; a day that has a value already gets the new
    one. All or nothing: one bad value and nothing is stored. Returns how many."""
    rows = list(values)
    errors, seen = [], set()
    for index, (day, value, _note) in enumerate(rows, start=1):
        if not isinstance(value, int | float) or not math.isfinite(value):
            errors.append(_("Row %(row)d: the value is not a finite number.") % {"row": index})
        if day in seen:
            errors.append(_("Row %(row)d: the date appears twice.") % {"row": index})
        seen.add(day)
    if errors:
        raise ValidationError({"values": errors})
    existing = {v.day: v for v in metric.values.filter(day__in=seen)}
    for day, value, row_note in rows:
        record = existing.get(day) or MetricValue(metric=metric, day=day)
        record.value, record.note = float(value), (row_note or "")[:300]
        record.source, record.recorded_by = source, actor
        record.full_clean(validate_constraints=False)
        record.save()
    if rows:
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
