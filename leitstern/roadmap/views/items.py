"""An item's pages: add, detail (evidence chain, forecast, history, comments), edit, move
with why (page, buttons and the board's drag and drop), remove and restore."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from leitstern.core.forms import apply_errors
from leitstern.core.http import WorkspaceRequest
from leitstern.core.versioning import EditConflict
from leitstern.roadmap import services
from leitstern.roadmap.access import get_item_for
from leitstern.roadmap.forms import (
    CommentForm,
    DropForm,
    ItemForm,
    MoveForm,
    RemoveForm,
    StepForm,
)
from leitstern.roadmap.models import Horizon, RoadmapItem
from leitstern.roadmap.selectors.evidence import evidence, item_forecast
from leitstern.roadmap.selectors.history import story
from leitstern.roadmap.views.common import get_roadmap, roadmap_context
from leitstern.workspaces import access
from leitstern.workspaces.models import Need


def _item(request: WorkspaceRequest, pk: int, need: int = Need.VIEW) -> RoadmapItem:
    return get_item_for(request.member, pk, need=need)


def _board(request: WorkspaceRequest, item: RoadmapItem) -> HttpResponse:
    return redirect("roadmap:board", slug=request.workspace.slug, pk=item.roadmap_id)


@access.workspace_view(need=Need.EDIT)
def item_new(request: WorkspaceRequest, pk: int) -> HttpResponse:
    roadmap = get_roadmap(request, pk, Need.EDIT)
    horizon = request.GET.get("horizon")
    initial = {"horizon": horizon if horizon in Horizon.values else Horizon.NEXT}
    form = ItemForm(request.POST or None, roadmap=roadmap, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            item = services.item_create(
                actor=request.user,
                roadmap=roadmap,
                horizon=data["horizon"],
                why=data["why"],
                limit_reason=data["limit_reason"],
                pause_reason=data["pause_reason"],
                **form.item_data(),
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("“%(title)s” added.") % {"title": item.title})
            return redirect("roadmap:board", slug=request.workspace.slug, pk=roadmap.pk)
    return TemplateResponse(
        request,
        "roadmap/item_form.html",
        {**roadmap_context(request, roadmap), "form": form, "item": None},
    )


@access.workspace_view(need=Need.VIEW)
def item_detail(request: WorkspaceRequest, pk: int) -> HttpResponse:
    item = _item(request, pk)
    lines, more = story(item.roadmap, item_id=item.pk, include_reorders=False, limit=20)
    return TemplateResponse(
        request,
        "roadmap/item.html",
        {
            **roadmap_context(request, item.roadmap),
            "item": item,
            "evidence": evidence(item, today=timezone.localdate()),
            "forecast": item_forecast(item),
            "story": lines,
            "more_history": more,
            "comments": item.comments.select_related("author"),
            "comment_form": CommentForm(),
            "decisions": item.decisions.order_by("-decided_on"),
        },
    )


@access.workspace_view(need=Need.EDIT)
def item_edit(request: WorkspaceRequest, pk: int) -> HttpResponse:
    item = _item(request, pk, Need.EDIT)
    if item.is_removed:
        messages.error(request, _("This item was removed; restore it to change it."))
        return redirect("roadmap:item", slug=request.workspace.slug, pk=item.pk)
    form = ItemForm(request.POST or None, roadmap=item.roadmap, loaded=item)
    if request.method == "POST" and form.is_valid():
        try:
            services.item_update(
                actor=request.user,
                item=item,
                version=form.loaded_version,
                why=form.cleaned_data["why"],
                pause_reason=form.cleaned_data["pause_reason"],
                **form.changed_values(),
            )
        except EditConflict as conflict:
            form = form.after_conflict(conflict)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Item saved."))
            return redirect("roadmap:item", slug=request.workspace.slug, pk=item.pk)
    return TemplateResponse(
        request,
        "roadmap/item_form.html",
        {**roadmap_context(request, item.roadmap), "form": form, "item": item},
    )


def _now_count(item: RoadmapItem) -> int:
    return RoadmapItem.objects.planned().filter(roadmap=item.roadmap, horizon=Horizon.NOW).count()


@access.workspace_view(need=Need.EDIT)
def item_move(request: WorkspaceRequest, pk: int) -> HttpResponse:
    """Move to another horizon with why: the page behind the board's "Move" link."""
    item = _item(request, pk, Need.EDIT)
    if item.is_removed:
        return redirect("roadmap:item", slug=request.workspace.slug, pk=item.pk)
    wanted = request.GET.get("to")
    initial = {"horizon": wanted if wanted in Horizon.values else item.horizon}
    form = MoveForm(request.POST or None, item=item, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.item_move(
                actor=request.user,
                item=item,
                horizon=data["horizon"],
                why=data["why"],
                at_top=data["place"] == "top",
                limit_reason=data["limit_reason"],
                revisit_on=data["revisit_on"],
                decided_by=data["decided_by"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request,
                _("“%(title)s” is now in %(horizon)s.")
                % {"title": item.title, "horizon": item.get_horizon_display()},
            )
            return _board(request, item)
    roadmap = item.roadmap
    return TemplateResponse(
        request,
        "roadmap/item_move.html",
        {
            **roadmap_context(request, roadmap),
            "item": item,
            "form": form,
            "now_count": _now_count(item),
        },
    )


@require_POST
@access.workspace_view(need=Need.EDIT)
def item_step(request: WorkspaceRequest, pk: int) -> HttpResponse:
    """One place up or down in the column (the buttons on each card)."""
    item = _item(request, pk, Need.EDIT)
    form = StepForm(request.POST)
    if form.is_valid():
        try:
            services.item_step(
                actor=request.user, item=item, direction=form.cleaned_data["direction"]
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    if request.htmx:
        response = HttpResponse(status=204)
        response["HX-Trigger"] = "roadmap-changed"
        return response
    url = reverse("roadmap:board", args=[request.workspace.slug, item.roadmap_id])
    return redirect(f"{url}#item-{item.pk}")


@require_POST
@access.workspace_view(need=Need.EDIT)
def item_drop(request: WorkspaceRequest, pk: int) -> HttpResponse:
    """What the board's drag and drop sends. Answers JSON: ``{"ok": true}``, or the
    problems by field (why missing, Now over its limit …) for the dialog to show; nothing
    is saved then."""
    item = _item(request, pk, Need.EDIT)
    form = DropForm(request.POST)
    if not form.is_valid():
        return JsonResponse({"ok": False, "errors": form.errors.get_json_data()})
    data = form.cleaned_data
    before = None
    if data["before"]:
        before = get_item_for(request.member, data["before"], need=Need.EDIT, roadmap=item.roadmap)
    try:
        services.item_move(
            actor=request.user,
            item=item,
            horizon=data["horizon"],
            why=data["why"],
            before=before,
            limit_reason=data["limit_reason"],
            revisit_on=data["revisit_on"],
        )
    except ValidationError as error:
        errors = getattr(error, "message_dict", {"__all__": error.messages})
        return JsonResponse({"ok": False, "errors": errors})
    return JsonResponse({"ok": True, "horizon": item.horizon})


@access.workspace_view(need=Need.EDIT)
def item_remove(request: WorkspaceRequest, pk: int) -> HttpResponse:
    """Confirm (GET) and take the item off the roadmap (POST); its history stays."""
    item = _item(request, pk, Need.EDIT)
    if item.is_removed:
        return redirect("roadmap:item", slug=request.workspace.slug, pk=item.pk)
    form = RemoveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.item_remove(actor=request.user, item=item, why=form.cleaned_data["why"])
        messages.success(request, _("“%(title)s” removed; it stays in the history.") % {
            "title": item.title
        })  # fmt: skip
        return _board(request, item)
    return TemplateResponse(
        request,
        "roadmap/item_remove.html",
        {**roadmap_context(request, item.roadmap), "item": item, "form": form},
    )


@require_POST
@access.workspace_view(need=Need.EDIT)
def item_restore(request: WorkspaceRequest, pk: int) -> HttpResponse:
    item = _item(request, pk, Need.EDIT)
    services.item_restore(actor=request.user, item=item)
    messages.success(
        request,
        _("“%(title)s” is back, in %(horizon)s.")
        % {"title": item.title, "horizon": item.get_horizon_display()},
    )
    return redirect("roadmap:item", slug=request.workspace.slug, pk=item.pk)


@require_POST
@access.workspace_view(need=Need.CONTRIBUTE)
def comment_add(request: WorkspaceRequest, pk: int) -> HttpResponse:
    item = _item(request, pk, Need.CONTRIBUTE)
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            services.comment_add(actor=request.user, item=item, text=form.cleaned_data["text"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Comment added."))
    else:
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
    url = reverse("roadmap:item", args=[request.workspace.slug, item.pk])
    return redirect(f"{url}#comments")
