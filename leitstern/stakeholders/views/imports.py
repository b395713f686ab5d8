"""The register's CSV upload on the workspace import pages: upload, preview, confirm."""

from __future__ import annotations

from django.utils.translation import gettext as _

from leitstern.core.imports.models import ImportJob
from leitstern.stakeholders.forms import ImportForm
from leitstern.stakeholders.importers import STAKEHOLDERS
from leitstern.workspaces.imports import ImportPages


def _done(job: ImportJob) -> str:
    return _("%(created)d stakeholders added, %(updated)d updated.") % {
        "created": job.created_count,
        "updated": job.updated_count,
    }


upload, import_job, import_apply = ImportPages(
    importer=STAKEHOLDERS,
    form=ImportForm,
    url_name="stakeholders:import",
    upload_template="stakeholders/import.html",
    job_template="stakeholders/import_job.html",
    done_url_name="stakeholders:index",
    done_message=_done,
).views()
