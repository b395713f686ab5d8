from __future__ import annotations

from django.http import HttpResponse
from django.template.response import TemplateResponse

from leitstern.activity import kinds
from leitstern.activity.models import ActivityEntry
from leitstern.activity.selectors import runs
from leitstern.core.http import WorkspaceRequest
from leitstern.core.paging import CappedPaginator
from leitstern.workspaces.access import workspace_view
from leitstern.workspaces.models import ROLE_LEVEL, Need


def _as_int(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


# Entries on one page of the log, newest first (older ones a page further).
ENTRIES_PAGE = 25


@workspace_view(need=Need.VIEW)
def activity_list(request: WorkspaceRequest) -> HttpResponse:
    workspace = request.workspace
    entries = ActivityEntry.objects.visible_to(request.member).select_related("actor", "product")
    product_id = _as_int(request.GET.get("product"))
    person_id = _as_int(request.GET.get("person"))
    kind = request.GET.get("kind", "")
    if product_id:
        entries = entries.filter(product_id=product_id)
    if person_id:
        entries = entries.filter(actor_id=person_id)
    if kind:
        entries = entries.filter(kind=kind)
    page = CappedPaginator(entries, ENTRIES_PAGE).get_page(request.GET.get("page"))
    template = "activity/list.html#entries" if request.htmx else "activity/list.html"
    return TemplateResponse(
        request,
        template,
        {
            "page": page,
            "runs": runs(page.object_list),
            "products": workspace.products.all(),
            "people": [m.user for m in workspace.memberships.select_related("user")],
            "kinds": kinds.choices(ROLE_LEVEL[request.member.role]),
            "selected": {"product": product_id, "person": person_id, "kind": kind},
        },
    )
