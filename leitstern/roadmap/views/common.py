"""What the roadmap's pages share: the filters of a view, the roadmap's page context."""

from __future__ import annotations

from leitstern.core.http import WorkspaceRequest
from leitstern.roadmap.forms import FilterForm
from leitstern.roadmap.models import Follow, Pause, Roadmap
from leitstern.roadmap.selectors.views import Filters
from leitstern.strategy.models import Objective
from leitstern.teams.models import Team


def filters_from(request: WorkspaceRequest) -> tuple[FilterForm, Filters]:
    """The view's filters from the query string. Unknown or foreign ids are ignored (the
    form says so), never looked up outside the member's workspace."""
    form = FilterForm(request.GET or None, workspace=request.workspace)
    if not request.GET or not form.is_valid():
        return form, Filters()
    data = form.cleaned_data
    team = objective = None
    if data.get("team"):
        team = Team.objects.filter(workspace=request.workspace, pk=data["team"]).first()
    if data.get("objective"):
        objective = Objective.objects.filter(
            cycle__workspace=request.workspace, pk=data["objective"]
        ).first()
    return form, Filters(
        team=team,
        status=data.get("status") or "",
        level=data.get("level") or "",
        tag=(data.get("tag") or "").strip(),
        query=(data.get("q") or "").strip(),
        objective=objective,
    )


def query_without(request: WorkspaceRequest, *names: str) -> str:
    """The current query string without ``names`` (to add a page's own parameters)."""
    params = request.GET.copy()
    for name in names:
        params.pop(name, None)
    return params.urlencode()


def roadmap_context(request: WorkspaceRequest, roadmap: Roadmap) -> dict:
    """What every page of one roadmap shows around its content."""
    return {
        "roadmap": roadmap,
        "nav_current": "roadmap",
        "following": Follow.objects.filter(user=request.user, roadmap=roadmap).exists(),
    }


def get_roadmap(request: WorkspaceRequest, pk: int, need: int) -> Roadmap:
    from leitstern.roadmap.access import get_roadmap_for

    return get_roadmap_for(request.member, pk, need=need)


def upcoming_pauses(roadmap: Roadmap, today) -> list[Pause]:
    return list(Pause.objects.filter(roadmap=roadmap, ends_on__gte=today).order_by("starts_on")[:3])
