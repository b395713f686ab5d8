"""Consolidation periods and the decision log of a roadmap."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from leitstern.core.forms import apply_errors
from leitstern.core.http import WorkspaceRequest
from leitstern.core.versioning import EditConflict
from leitstern.roadmap import services
from leitstern.roadmap.access import get_decision_for, get_pause_for
from leitstern.roadmap.forms import DecisionForm, PauseForm, RemoveForm
from leitstern.roadmap.models import Decision, Pause
from leitstern.roadmap.views.common import get_roadmap, roadmap_context
from leitstern.workspaces import access
from leitstern.workspaces.models import Need

# --- consolidation periods ---------------------------------------------------------------


@access.workspace_view(need=Need.EDIT)
def pause_new(request: WorkspaceRequest, pk: int) -> HttpResponse:
    roadmap = get_roadmap(request, pk, Need.EDIT)
    form = PauseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.pause_create(actor=request.user, roadmap=roadmap, **form.pause_data())
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Consolidation period planned."))
            return redirect("roadmap:decisions", slug=request.workspace.slug, pk=roadmap.pk)
    return TemplateResponse(
        request,
        "roadmap/pause_form.html",
        {**roadmap_context(request, roadmap), "form": form, "pause": None},
    )


@access.workspace_view(need=Need.EDIT)
def pause_edit(request: WorkspaceRequest, pk: int) -> HttpResponse:
    pause = get_pause_for(request.member, pk, need=Need.EDIT)
    form = PauseForm(request.POST or None, loaded=pause)
    if request.method == "POST" and form.is_valid():
        try:
            services.pause_update(
                actor=request.user,
                pause=pause,
                version=form.loaded_version,
                **form.changed_values(),
            )
        except EditConflict as conflict:
            form = form.after_conflict(conflict)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Consolidation period saved."))
            return redirect("roadmap:decisions", slug=request.workspace.slug, pk=pause.roadmap_id)
    return TemplateResponse(
        request,
        "roadmap/pause_form.html",
        {**roadmap_context(request, pause.roadmap), "form": form, "pause": pause},
    )


@access.workspace_view(need=Need.EDIT)
def pause_delete(request: WorkspaceRequest, pk: int) -> HttpResponse:
    pause = get_pause_for(request.member, pk, need=Need.EDIT)
    form = RemoveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        roadmap_id = pause.roadmap_id
        services.pause_delete(actor=request.user, pause=pause, note=form.cleaned_data["why"])
        messages.success(request, _("Consolidation period deleted."))
        return redirect("roadmap:decisions", slug=request.workspace.slug, pk=roadmap_id)
    return TemplateResponse(
        request,
        "roadmap/pause_delete.html",
        {**roadmap_context(request, pause.roadmap), "pause": pause, "form": form},
    )


# --- the decision log --------------------------------------------------------------------


@access.workspace_view(need=Need.VIEW)
def decisions(request: WorkspaceRequest, pk: int) -> HttpResponse:
    """The roadmap's decision log and its consolidation periods."""
    roadmap = get_roadmap(request, pk, Need.VIEW)
    today = timezone.localdate()
    entries = list(
        Decision.objects.filter(roadmap=roadmap)
        .select_related("decided_by")
        .prefetch_related("items")
    )
    return TemplateResponse(
        request,
        "roadmap/decisions.html",
        {
            **roadmap_context(request, roadmap),
            "decisions": entries,
            "due": [d for d in entries if d.revisit_on and d.revisit_on <= today],
            "pauses": Pause.objects.filter(roadmap=roadmap),
            "today": today,
        },
    )


@access.workspace_view(need=Need.EDIT)
def decision_new(request: WorkspaceRequest, pk: int) -> HttpResponse:
    roadmap = get_roadmap(request, pk, Need.EDIT)
    initial = {"decided_on": timezone.localdate(), "decided_by": request.user}
    if request.GET.get("item", "").isdigit():
        initial["items"] = [request.GET["item"]]
    form = DecisionForm(request.POST or None, roadmap=roadmap, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            decision = services.decision_create(
                actor=request.user, roadmap=roadmap, **form.decision_data()
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Decision logged."))
            return redirect("roadmap:decision", slug=request.workspace.slug, pk=decision.pk)
    return TemplateResponse(
        request,
        "roadmap/decision_form.html",
        {**roadmap_context(request, roadmap), "form": form, "decision": None},
    )


@access.workspace_view(need=Need.VIEW)
def decision_detail(request: WorkspaceRequest, pk: int) -> HttpResponse:
    decision = get_decision_for(request.member, pk)
    return TemplateResponse(
        request,
        "roadmap/decision.html",
        {
            **roadmap_context(request, decision.roadmap),
            "decision": decision,
            "items": decision.items.order_by("title"),
            "today": timezone.localdate(),
        },
    )


@access.workspace_view(need=Need.EDIT)
def decision_edit(request: WorkspaceRequest, pk: int) -> HttpResponse:
    decision = get_decision_for(request.member, pk, need=Need.EDIT)
    form = DecisionForm(request.POST or None, roadmap=decision.roadmap, loaded=decision)
    if request.method == "POST" and form.is_valid():
        try:
            services.decision_update(
                actor=request.user,
                decision=decision,
                version=form.loaded_version,
                **form.changed_values(),
            )
        except EditConflict as conflict:
            form = form.after_conflict(conflict)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Decision saved."))
            return redirect("roadmap:decision", slug=request.workspace.slug, pk=decision.pk)
    return TemplateResponse(
        request,
        "roadmap/decision_form.html",
        {**roadmap_context(request, decision.roadmap), "form": form, "decision": decision},
    )
