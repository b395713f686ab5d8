import django.core.validators
import django.db.models.deletion
from django.db import migrations, models


def correlations_to_rows(apps, schema_editor):
    """The correlations kept as a list on the case become rows of their own."""
    Case = apps.get_model("cases", "BusinessCase")
    Correlation = apps.get_model("cases", "CaseCorrelation")
    rows = [
        Correlation(case_id=case_id, first=str(c[0]), second=str(c[1]), rank=float(c[2]))
        for case_id, kept in Case.objects.values_list("id", "correlations")
        for c in kept or []
    ]
    Correlation.objects.bulk_create(rows)


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0001_business_cases"),
    ]

    operations = [
        migrations.AddField(
            model_name="caseline",
            name="event",
            field=models.CharField(
                blank=True,
                help_text="Empty: the line does not hang on a yes/no event.",
                max_length=40,
                verbose_name="only if the event happens",
            ),
        ),
        migrations.CreateModel(
            name="CaseCorrelation",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("first", models.CharField(max_length=100, verbose_name="first input")),
                ("second", models.CharField(max_length=100, verbose_name="second input")),
                (
                    "rank",
                    models.FloatField(
                        help_text="From -1 to 1: 0.5 means the two tend to move together, -0.5 that one tends to be high when the other is low, 0 that they are unrelated.",
                        verbose_name="rank correlation",
                    ),
                ),
                (
                    "note",
                    models.CharField(
                        blank=True, max_length=300, verbose_name="why they move together"
                    ),
                ),
                (
                    "case",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="correlations",
                        to="cases.businesscase",
                    ),
                ),
            ],
            options={
                "verbose_name": "correlation",
                "verbose_name_plural": "correlations",
                "ordering": ["id"],
            },
        ),
        migrations.CreateModel(
            name="CaseEvent",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("key", models.SlugField(max_length=40, verbose_name="key")),
                ("name", models.CharField(max_length=120, verbose_name="name")),
                (
                    "probability",
                    models.FloatField(
                        help_text="As a fraction: 0.3 is a chance of 30%.",
                        validators=[
                            django.core.validators.MinValueValidator(0.0),
                            django.core.validators.MaxValueValidator(1.0),
                        ],
                        verbose_name="probability that it happens",
                    ),
                ),
                ("note", models.TextField(blank=True, verbose_name="note")),
                (
                    "case",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="events",
                        to="cases.businesscase",
                    ),
                ),
            ],
            options={
                "verbose_name": "yes/no event",
                "verbose_name_plural": "yes/no events",
                "ordering": ["name", "id"],
                "constraints": [
                    models.UniqueConstraint(fields=("case", "key"), name="cases_event_key_unique")
                ],
            },
        ),
        migrations.RunPython(correlations_to_rows, migrations.RunPython.noop),
        migrations.RemoveField(
            model_name="businesscase",
            name="correlations",
        ),
    ]
