# Uploads became the kernel's import jobs (core.ImportJob). Finished and failed uploads are
# copied over, so a team's "recent uploads" stay listed; uploads still being read, previewed
# or imported are dropped (their staged rows have another shape): upload the file again.

from django.db import migrations


def copy_jobs(apps, schema_editor):
    Old = apps.get_model("forecasts", "ImportJob")
    New = apps.get_model("core", "ImportJob")
    copied = []
    for job in Old.objects.filter(status__in=["done", "failed"]).select_related("team"):
        copied.append(
            New(
                workspace_id=job.team.workspace_id,
                importer="forecasts.history",
                target_id=job.team_id,
                created_by_id=job.created_by_id,
                status=job.status,
                filename=job.filename,
                options=job.options,
                preview=job.preview,
                failure=job.error or {},
                total=job.total,
                processed=job.processed,
                created_count=job.created_count,
                updated_count=job.updated_count,
                unchanged_count=job.unchanged_count,
                created_at=job.created_at,
                heartbeat_at=job.finished_at or job.created_at,
                applying_since=job.finished_at if job.status == "done" else None,
                finished_at=job.finished_at,
            )
        )
    New.objects.bulk_create(copied, batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("forecasts", "0004_remove_open_arrival"),
        ("core", "0002_import_jobs"),
    ]

    operations = [
        migrations.RunPython(copy_jobs, migrations.RunPython.noop),
        migrations.DeleteModel(name="ImportJob"),
    ]
