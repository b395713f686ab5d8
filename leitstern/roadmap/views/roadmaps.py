"""The roadmaps of a workspace: the list, starting one, its settings, following it."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from leitstern.core.forms import apply_errors
from leitstern.core.http import WorkspaceRequest
from leitstern.core.versioning import EditConflict
from leitstern.roadmap import services
from leitstern.roadmap.forms import RoadmapForm
from leitstern.roadmap.models import Audience, Horizon, Roadmap
from leitstern.roadmap.selectors.history import limit_report
from leitstern.roadmap.views.common import get_roadmap, roadmap_context
from leitstern.workspaces import access
from leitstern.workspaces.models import Need


@access.workspace_view(need=Need.VIEW)
def index(request: WorkspaceRequest) -> HttpResponse:
    """Every roadmap with its Now / Next / Later counts; products still without one."""
    roadmaps = list(
        Roadmap.objects.active()
        .filter(workspace=request.workspace)
        .select_related("product")
        .annotate(
            now=Count("items", filter=Q(items__horizon=Horizon.NOW, items__removed_at=None)),
            next=Count("items", filter=Q(items__horizon=Horizon.NEXT, items__removed_at=None)),
            later=Count("items", filter=Q(items__horizon=Horizon.LATER, items__removed_at=None)),
        )
    )
    started = {r.product_id for r in roadmaps}
    without = [p for p in request.workspace.products.active() if p.pk not in started]
    return TemplateResponse(
        request,
        "roadmap/index.html",
        {
            "roadmaps": roadmaps,
            "without": without,
            "has_portfolio": any(r.is_portfolio for r in roadmaps),
            "audiences": Audience.objects.filter(workspace=request.workspace),
            "nav_current": "roadmap",
        },
    )


@require_POST
@access.workspace_view(need=Need.EDIT)
def start(request: WorkspaceRequest) -> HttpResponse:
    """Start a product's roadmap (``product``) or the portfolio roadmap (no product)."""
    product = None
    if request.POST.get("product"):
        product = access.get_product_for(request.member, request.POST["product"], need=Need.EDIT)
    try:
        roadmap = services.roadmap_create(
            actor=request.user, workspace=request.workspace, product=product
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("roadmap:index", slug=request.workspace.slug)
    messages.success(
        request, _("Roadmap started. Add the outcomes you pursue now, next and later.")
    )
    return redirect("roadmap:board", slug=request.workspace.slug, pk=roadmap.pk)


@access.workspace_view(need=Need.EDIT)
def roadmap_edit(request: WorkspaceRequest, pk: int) -> HttpResponse:
    roadmap = get_roadmap(request, pk, Need.EDIT)
    form = RoadmapForm(request.POST or None, loaded=roadmap)
    if request.method == "POST" and form.is_valid():
        try:
            services.roadmap_update(
                actor=request.user,
                roadmap=roadmap,
                version=form.loaded_version,
                **form.changed_values(),
            )
        except EditConflict as conflict:
            form = form.after_conflict(conflict)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Roadmap settings saved."))
            return redirect("roadmap:board", slug=request.workspace.slug, pk=roadmap.pk)
    since = timezone.now() - timedelta(days=90)
    return TemplateResponse(
        request,
        "roadmap/roadmap_form.html",
        {
            **roadmap_context(request, roadmap),
            "form": form,
            "report": limit_report(roadmap, since=since),
        },
    )


@require_POST
@access.workspace_view(need=Need.VIEW)
def follow(request: WorkspaceRequest, pk: int) -> HttpResponse:
    """Follow or stop following (``following=0``) a roadmap: a personal choice."""
    roadmap = get_roadmap(request, pk, Need.VIEW)
    following = request.POST.get("following", "1") != "0"
    services.follow_set(
        actor=request.user, workspace=request.workspace, roadmap=roadmap, following=following
    )
    if following:
        messages.success(request, _("You will get a weekly digest of what changed and why."))
    else:
        messages.success(request, _("You no longer follow this roadmap."))
    return redirect("roadmap:board", slug=request.workspace.slug, pk=roadmap.pk)
