"""Background steps of the import flow, for files too large to handle in a request."""

from __future__ import annotations

from django.tasks import task


@task()
def read_job(job_id: int) -> str:
    from leitstern.core.imports.flow import import_read
    from leitstern.core.imports.models import ImportJob

    job = ImportJob.objects.filter(pk=job_id, status=ImportJob.Status.READING).first()
    if job is None:
        return "skipped"
    return import_read(job=job).status


@task()
def apply_job(job_id: int, actor_id: int | None) -> str:
    from django.contrib.auth import get_user_model

    from leitstern.core.imports.flow import import_apply
    from leitstern.core.imports.models import ImportJob

    job = ImportJob.objects.without_file().filter(pk=job_id).first()
    if job is None or job.status != ImportJob.Status.APPLYING:
        return "skipped"
    actor = get_user_model().objects.filter(pk=actor_id).first() if actor_id else None
    return import_apply(job=job, actor=actor).status
