"""Share links become public links of the kernel (``core.tokens.PublicToken``): a link
may be single-use and record when it was used, and may have no expiry. Existing links keep
their token hash, expiry and revocation, so every link given out still opens (or still
does not)."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('forecasts', '0005_import_jobs_move_to_core'),
    ]

    operations = [
        migrations.AddField(
            model_name='sharelink',
            name='single_use',
            field=models.BooleanField(default=False),
        ),
        migrations.AddField(
            model_name='sharelink',
            name='used_at',
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AlterField(
            model_name='sharelink',
            name='expires_at',
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AlterField(
            model_name='sharelink',
            name='token_hash',
            field=models.CharField(editable=False, max_length=64, unique=True),
        ),
    ]
