"""Moving in: import a roadmap from another tool's CSV export, with a preview that shows
how every horizon and status was mapped (``importers.ROADMAP_ITEMS``)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from leitstern.core.http import WorkspaceRequest
from leitstern.core.imports.models import ImportJob
from leitstern.roadmap import mapping
from leitstern.roadmap.forms import ImportForm
from leitstern.roadmap.importers import ROADMAP_ITEMS
from leitstern.roadmap.views.common import get_roadmap, roadmap_context
from leitstern.workspaces.imports import ImportPages, Target
from leitstern.workspaces.models import Need


def _target(request: WorkspaceRequest, pk: int) -> Target:
    roadmap = get_roadmap(request, pk, Need.EDIT)
    return Target(roadmap, (roadmap.pk,), roadmap_context(request, roadmap))


def _done(job: ImportJob) -> str:
    return _("%(count)d items imported.") % {"count": job.created_count}


import_upload, import_job, import_apply = ImportPages(
    importer=ROADMAP_ITEMS,
    form=ImportForm,
    url_name="roadmap:import",
    upload_template="roadmap/import.html",
    job_template="roadmap/import_job.html",
    done_url_name="roadmap:board",
    done_message=_done,
    # The mapping tables the upload page shows.
    context={
        "tools": mapping.TOOLS,
        "horizons": sorted(mapping.HORIZONS.items()),
        "statuses": sorted(mapping.STATUSES.items()),
        "default": mapping.DEFAULT_STATUS,
    },
    target=_target,
).views()
