"""Detail per audience: audience views, their share links, the printable page, exports,
and the roadmap's own exports."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from leitstern.core.forms import apply_errors
from leitstern.core.http import WorkspaceRequest
from leitstern.core.versioning import EditConflict
from leitstern.roadmap import exports, services
from leitstern.roadmap.access import get_audience_for, get_link_for
from leitstern.roadmap.forms import AudienceForm, LinkForm
from leitstern.roadmap.models import Audience, Follow, Horizon, RoadmapItem
from leitstern.roadmap.selectors.audiences import Lane, RoadmapView, audience_view
from leitstern.roadmap.views.common import get_roadmap
from leitstern.roadmap.views.following import stakeholder_followers
from leitstern.strategy.models import KeyResult
from leitstern.workspaces import access
from leitstern.workspaces.models import Need


def _context(request: WorkspaceRequest, audience: Audience, **extra) -> dict:
    return {"audience": audience, "nav_current": "roadmap", **extra}


@access.workspace_view(need=Need.VIEW)
def audience_list(request: WorkspaceRequest) -> HttpResponse:
    audiences = (
        Audience.objects.filter(workspace=request.workspace)
        .prefetch_related("roadmaps__product")
        .annotate(link_count=Count("links"))
    )
    return TemplateResponse(
        request,
        "roadmap/audiences.html",
        {"audiences": audiences, "nav_current": "roadmap"},
    )


@access.workspace_view(need=Need.EDIT)
def audience_new(request: WorkspaceRequest) -> HttpResponse:
    form = AudienceForm(request.POST or None, workspace=request.workspace)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        # Nothing chosen: the preset's fields, horizons, levels and internal items.
        chosen = bool(data["item_fields"] or data["horizons"] or data["levels"])
        try:
            audience = services.audience_create(
                actor=request.user,
                workspace=request.workspace,
                name=data["name"],
                preset=data["preset"],
                description=data["description"],
                item_fields=data["item_fields"] if chosen else None,
                horizons=data["horizons"] if chosen else None,
                levels=data["levels"] if chosen else None,
                include_internal=data["include_internal"] if chosen else None,
                roadmaps=list(data["roadmaps"]),
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Audience view “%(name)s” created.") % {
                "name": audience.name
            })  # fmt: skip
            return redirect("roadmap:audience", slug=request.workspace.slug, pk=audience.pk)
    return TemplateResponse(
        request,
        "roadmap/audience_form.html",
        {"form": form, "audience": None, "nav_current": "roadmap"},
    )


@access.workspace_view(need=Need.VIEW)
def audience_detail(request: WorkspaceRequest, pk: int) -> HttpResponse:
    """The roadmaps as this audience sees them, with its share links (for editors)."""
    audience = get_audience_for(request.member, pk)
    links = audience.links.select_related("created_by") if request.member.can_edit else []
    return TemplateResponse(
        request,
        "roadmap/audience.html",
        _context(
            request,
            audience,
            views=audience_view(audience),
            links=links,
            link_form=LinkForm(),
            following=Follow.objects.filter(user=request.user, audience=audience).exists(),
            **stakeholder_followers(request, audience),
        ),
    )


@access.workspace_view(need=Need.EDIT)
def audience_edit(request: WorkspaceRequest, pk: int) -> HttpResponse:
    audience = get_audience_for(request.member, pk, need=Need.EDIT)
    form = AudienceForm(request.POST or None, workspace=request.workspace, loaded=audience)
    if request.method == "POST" and form.is_valid():
        try:
            services.audience_update(
                actor=request.user,
                audience=audience,
                version=form.loaded_version,
                **form.changed_values(),
            )
        except EditConflict as conflict:
            form = form.after_conflict(conflict)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Audience view saved."))
            return redirect("roadmap:audience", slug=request.workspace.slug, pk=audience.pk)
    return TemplateResponse(
        request, "roadmap/audience_form.html", _context(request, audience, form=form)
    )


@access.workspace_view(need=Need.EDIT)
def audience_delete(request: WorkspaceRequest, pk: int) -> HttpResponse:
    audience = get_audience_for(request.member, pk, need=Need.EDIT)
    if request.method == "POST":
        services.audience_delete(actor=request.user, audience=audience)
        messages.success(request, _("Audience view deleted; its share links no longer work."))
        return redirect("roadmap:audiences", slug=request.workspace.slug)
    return TemplateResponse(
        request,
        "roadmap/audience_delete.html",
        _context(request, audience, links=audience.links.filter(revoked_at=None).count()),
    )


@access.workspace_view(need=Need.VIEW)
def audience_print(request: WorkspaceRequest, pk: int) -> HttpResponse:
    """The audience's view on A4 landscape, for paper or a PDF from the browser."""
    audience = get_audience_for(request.member, pk)
    return TemplateResponse(
        request,
        "roadmap/print.html",
        {"audience": audience, "views": audience_view(audience), "public": False},
    )


@access.workspace_view(need=Need.VIEW)
def audience_csv(request: WorkspaceRequest, pk: int) -> HttpResponse:
    audience = get_audience_for(request.member, pk)
    views = audience_view(audience)
    return exports.csv_response(
        request, exports.rows(views, exports.audience_fields(audience)), f"roadmap-{audience.name}"
    )


@access.workspace_view(need=Need.VIEW)
def audience_markdown(request: WorkspaceRequest, pk: int) -> HttpResponse:
    audience = get_audience_for(request.member, pk)
    text = exports.markdown(
        audience.name, audience_view(audience), exports.audience_fields(audience), True
    )
    return exports.markdown_response(text, f"roadmap-{audience.name}")


@require_POST
@access.workspace_view(need=Need.VIEW)
def audience_follow(request: WorkspaceRequest, pk: int) -> HttpResponse:
    audience = get_audience_for(request.member, pk)
    following = request.POST.get("following", "1") != "0"
    services.follow_set(
        actor=request.user, workspace=request.workspace, audience=audience, following=following
    )
    if following:
        messages.success(request, _("You will get a weekly digest of what changed in this view."))
    else:
        messages.success(request, _("You no longer follow this view."))
    return redirect("roadmap:audience", slug=request.workspace.slug, pk=audience.pk)


# --- share links ---------------------------------------------------------------------------


@require_POST
@access.workspace_view(need=Need.EDIT)
def link_new(request: WorkspaceRequest, pk: int) -> HttpResponse:
    """A share link for the audience's view; its address is shown once."""
    audience = get_audience_for(request.member, pk, need=Need.EDIT)
    form = LinkForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
        return redirect("roadmap:audience", slug=request.workspace.slug, pk=audience.pk)
    link, raw = services.link_create(
        actor=request.user,
        audience=audience,
        days=form.cleaned_data["days"],
        label=form.cleaned_data["label"],
    )
    url = request.build_absolute_uri(reverse("roadmap_share:view", args=[raw]))
    return TemplateResponse(
        request,
        "roadmap/link_created.html",
        _context(request, audience, link=link, url=url),
    )


@require_POST
@access.workspace_view(need=Need.EDIT)
def link_revoke(request: WorkspaceRequest, pk: int) -> HttpResponse:
    link = get_link_for(request.member, pk, need=Need.EDIT)
    services.link_revoke(actor=request.user, link=link)
    messages.success(request, _("The link no longer works."))
    return redirect("roadmap:audience", slug=request.workspace.slug, pk=link.audience_id)


# --- the team's own exports ----------------------------------------------------------------


def _roadmap_views(roadmap) -> list[RoadmapView]:
    items = (
        RoadmapItem.objects.current()
        .filter(roadmap=roadmap)
        .select_related("team", "owner", "decided_by")
        .prefetch_related(Prefetch("key_results", queryset=KeyResult.objects.order_by("title")))
        .order_by("position", "id")
    )
    by_horizon: dict[str, list[RoadmapItem]] = {h: [] for h in Horizon.values}
    for item in items:
        by_horizon[item.horizon].append(item)
    lanes = [Lane(h, Horizon(h).label, found, len(found)) for h, found in by_horizon.items()]
    return [RoadmapView(roadmap, lanes)]


@access.workspace_view(need=Need.VIEW)
def roadmap_csv(request: WorkspaceRequest, pk: int) -> HttpResponse:
    """Every item of the roadmap with every field (the team's own export)."""
    roadmap = get_roadmap(request, pk, Need.VIEW)
    return exports.csv_response(
        request,
        exports.rows(_roadmap_views(roadmap), exports.audience_fields(None)),
        f"roadmap-{roadmap}",
    )


@access.workspace_view(need=Need.VIEW)
def roadmap_markdown(request: WorkspaceRequest, pk: int) -> HttpResponse:
    roadmap = get_roadmap(request, pk, Need.VIEW)
    text = exports.markdown(
        str(roadmap), _roadmap_views(roadmap), exports.audience_fields(None), False
    )
    return exports.markdown_response(text, f"roadmap-{roadmap}")
