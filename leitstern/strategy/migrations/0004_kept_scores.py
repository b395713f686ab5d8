"""Scores kept on key results and objectives, computed for the rows that exist.

The computation is a frozen copy of what ``strategy.scoring`` and
``strategy.services.scores`` did when this migration was written (migrations never import
live application code); ``test_kept_scores.py`` checks it gives the same numbers."""

from collections import defaultdict

from django.db import migrations, models
from django.db.models import OuterRef, Subquery

BATCH = 500


def _clamp(value):
    return min(1.0, max(0.0, value))


def _score(baseline, target, current, direction):
    """(score, method) as ``scoring.key_result_score`` gives them."""
    def reached():
        return current <= target if direction == "lower" else current >= target

    if current is None:
        return 0.0, "no_data"
    if baseline is None:
        if direction == "higher" and target > 0:
            return _clamp(current / target), "from_zero"
        return (1.0 if reached() else 0.0), "met"
    span = target - baseline
    if span == 0 or (direction == "higher" and span < 0) or (direction == "lower" and span > 0):
        return (1.0 if reached() else 0.0), "met"
    return _clamp((current - baseline) / span), "progress"


def _project(points, end, baseline, target, direction):
    """(value, score, points) as ``scoring.project`` gives them, or None."""
    if len(points) < 2 or len({day for day, _ in points}) < 2:
        return None
    origin = min(day for day, _ in points)
    xs = [(day - origin).days for day, _ in points]
    ys = [value for _, value in points]
    n = len(xs)
    mean_x, mean_y = sum(xs) / n, sum(ys) / n
    sxx = sum((x - mean_x) ** 2 for x in xs)
    slope = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys)) / sxx
    value = mean_y + slope * ((end - origin).days - mean_x)
    return value, _score(baseline, target, value, direction)[0], n


def keep_scores(apps, schema_editor):
    KeyResult = apps.get_model("strategy", "KeyResult")
    Objective = apps.get_model("strategy", "Objective")
    CheckIn = apps.get_model("strategy", "CheckIn")
    MetricValue = apps.get_model("strategy", "MetricValue")
    latest = MetricValue.objects.filter(
        metric=OuterRef("metric"), day__lte=OuterRef("objective__cycle__ends_on")
    ).order_by("-day")
    ids = list(KeyResult.objects.order_by("pk").values_list("pk", flat=True))
    for first in range(0, len(ids), BATCH):
        batch = ids[first : first + BATCH]
        krs = list(
            KeyResult.objects.filter(pk__in=batch)
            .annotate(
                metric_current=Subquery(latest.values("value")[:1]),
                metric_current_day=Subquery(latest.values("day")[:1]),
            )
            .select_related("objective__cycle")
            .order_by("pk")
        )
        check_ins = defaultdict(list)
        rows = CheckIn.objects.filter(key_result__in=batch).order_by("key_result_id", "week")
        for kr_id, week, value, confidence in rows.values_list(
            "key_result_id", "week", "value", "confidence"
        ):
            check_ins[kr_id].append((week, value, confidence))
        for kr in krs:
            cycle = kr.objective.cycle
            if kr.metric_id:
                kr.kept_value, kr.kept_value_day = kr.metric_current, kr.metric_current_day
            else:
                kr.kept_value, kr.kept_value_day = kr.current, None
            kr.kept_score, kr.kept_method = _score(
                kr.baseline, kr.target, kr.kept_value, kr.direction
            )
            found = check_ins[kr.pk]
            points = [(week, value) for week, value, _c in found if value is not None]
            if kr.baseline is not None:
                points.insert(0, (cycle.starts_on, kr.baseline))
            trend = _project(points, cycle.ends_on, kr.baseline, kr.target, kr.direction)
            kr.kept_trend_value, kr.kept_trend_score, kr.kept_trend_points = trend or (
                None,
                None,
                None,
            )
            confidences = [confidence for _w, _v, confidence in found]
            kr.risk_confidence_drop = len(confidences) >= 2 and confidences[-1] < confidences[-2]
            kr.risk_low_confidence = bool(confidences) and confidences[-1] <= 3
            kr.risk_behind_trend = (
                kr.objective.kind == "committed" and trend is not None and trend[1] < 1.0
            )
        KeyResult.objects.bulk_update(
            krs,
            [
                "kept_value",
                "kept_value_day",
                "kept_score",
                "kept_method",
                "kept_trend_value",
                "kept_trend_score",
                "kept_trend_points",
                "risk_confidence_drop",
                "risk_low_confidence",
                "risk_behind_trend",
            ],
        )
    parts = defaultdict(list)
    rows = KeyResult.objects.order_by("objective_id", "created_at", "id")
    for objective_id, score in rows.values_list("objective_id", "kept_score").iterator(
        chunk_size=5000
    ):
        parts[objective_id].append(score)
    objectives = [
        Objective(pk=pk, kept_score=sum(scores) / len(scores)) for pk, scores in parts.items()
    ]
    Objective.objects.bulk_update(objectives, ["kept_score"], batch_size=BATCH)


class Migration(migrations.Migration):

    dependencies = [
        ('strategy', '0003_versions'),
    ]

    operations = [
        migrations.AddField(
            model_name='keyresult',
            name='kept_method',
            field=models.CharField(choices=[('progress', 'progress'), ('from_zero', 'from_zero'), ('met', 'met'), ('no_data', 'no_data')], default='no_data', editable=False, max_length=12),
        ),
        migrations.AddField(
            model_name='keyresult',
            name='kept_score',
            field=models.FloatField(default=0.0, editable=False),
        ),
        migrations.AddField(
            model_name='keyresult',
            name='kept_trend_points',
            field=models.PositiveIntegerField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name='keyresult',
            name='kept_trend_score',
            field=models.FloatField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name='keyresult',
            name='kept_trend_value',
            field=models.FloatField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name='keyresult',
            name='kept_value',
            field=models.FloatField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name='keyresult',
            name='kept_value_day',
            field=models.DateField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name='keyresult',
            name='risk_behind_trend',
            field=models.BooleanField(default=False, editable=False),
        ),
        migrations.AddField(
            model_name='keyresult',
            name='risk_confidence_drop',
            field=models.BooleanField(default=False, editable=False),
        ),
        migrations.AddField(
            model_name='keyresult',
            name='risk_low_confidence',
            field=models.BooleanField(default=False, editable=False),
        ),
        migrations.AddField(
            model_name='objective',
            name='kept_score',
            field=models.FloatField(blank=True, editable=False, null=True),
        ),
        migrations.RunPython(keep_scores, migrations.RunPython.noop, elidable=True),
    ]
