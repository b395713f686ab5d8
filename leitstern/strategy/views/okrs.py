"""OKR pages: cycles, objectives, key results, check-ins, closing a cycle, exports."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from leitstern.core.exports import csv_response, dialect_for, markdown_response
from leitstern.core.forms import apply_errors
from leitstern.core.http import WorkspaceRequest
from leitstern.core.versioning import EditConflict
from leitstern.strategy import charts, exports, selectors, services
from leitstern.strategy.access import get_cycle_for, get_key_result_for, get_objective_for
from leitstern.strategy.forms import (
    CheckInForm,
    CloseForm,
    CycleForm,
    KeyResultForm,
    ObjectiveForm,
    ReviewForm,
)
from leitstern.strategy.models import Cycle, KeyResult, Objective
from leitstern.strategy.views.pages import tree_context, tree_part
from leitstern.workspaces import access
from leitstern.workspaces.models import Need


def _key_result(request: WorkspaceRequest, pk: int, need: int = Need.VIEW) -> KeyResult:
    """A key result prepared for scoring (its metric's current value, its check-ins)."""
    queryset = selectors.key_results_queryset().select_related("objective__product")
    return get_key_result_for(request.member, pk, need=need, queryset=queryset)


def _hints_url(request: WorkspaceRequest) -> str:
    return reverse("strategy:hints", kwargs={"slug": request.workspace.slug})


# A cycle page shows every objective in its alignment tree, and the key result tables of
# this many objectives at a time (more load below them, or on the next page without
# JavaScript).
KEY_RESULT_OBJECTIVES = 3


def _scored(cycle: Cycle) -> list[Objective]:
    return selectors.scored_objectives(
        Objective.objects.filter(cycle=cycle), today=timezone.localdate()
    )


# --- cycles ----------------------------------------------------------------------------


@access.workspace_view(need=Need.VIEW)
def cycle_list(request: WorkspaceRequest) -> HttpResponse:
    cycles = Cycle.objects.filter(workspace=request.workspace).select_related("closed_by")
    return TemplateResponse(request, "strategy/cycles.html", {"cycles": cycles})


@access.workspace_view(need=Need.EDIT)
def cycle_new(request: WorkspaceRequest) -> HttpResponse:
    form = CycleForm(request.POST or None, workspace=request.workspace)
    if request.method == "POST" and form.is_valid():
        try:
            cycle = services.cycle_create(
                actor=request.user, workspace=request.workspace, **form.cycle_data()
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Cycle “%(name)s” created.") % {"name": cycle.name})
            return redirect("strategy:cycle", slug=request.workspace.slug, pk=cycle.pk)
    return TemplateResponse(request, "strategy/cycle_form.html", {"form": form, "cycle": None})


@access.workspace_view(need=Need.VIEW)
def cycle_detail(request: WorkspaceRequest, pk: int) -> HttpResponse:
    """The cycle's alignment tree (every objective, one line each) and the key result
    tables of one page of objectives; htmx asks for the next page's tables alone."""
    cycle = get_cycle_for(request.member, pk)
    in_cycle = Objective.objects.filter(cycle=cycle)
    if tree_part(request):
        tree = tree_context(request, in_cycle, {})
        return TemplateResponse(request, "strategy/_tree_part.html", tree)
    fragment = bool(request.htmx and not request.htmx.boosted)
    # The next page's tables alone need the tree's order, not its lines.
    tree = {} if fragment else tree_context(request, in_cycle, {})
    order = tree["tree"].order if tree else selectors.tree_order(in_cycle)
    page = Paginator(order, KEY_RESULT_OBJECTIVES).get_page(request.GET.get("page"))
    objectives = selectors.scored_objectives(
        Objective.objects.filter(pk__in=list(page)), today=timezone.localdate()
    )
    template = "strategy/cycle.html" + ("#key-results" if fragment else "")
    return TemplateResponse(
        request, template, {"cycle": cycle, "objectives": objectives, "page": page, **tree}
    )


@access.workspace_view(need=Need.EDIT)
def cycle_edit(request: WorkspaceRequest, pk: int) -> HttpResponse:
    cycle = get_cycle_for(request.member, pk, need=Need.EDIT)
    form = CycleForm(request.POST or None, workspace=request.workspace, loaded=cycle)
    if request.method == "POST" and form.is_valid():
        try:
            services.cycle_update(
                actor=request.user,
                cycle=cycle,
                version=form.loaded_version,
                **form.changed_values(),
            )
        except EditConflict as conflict:
            form = form.after_conflict(conflict)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Cycle saved."))
            return redirect("strategy:cycle", slug=request.workspace.slug, pk=cycle.pk)
    return TemplateResponse(request, "strategy/cycle_form.html", {"form": form, "cycle": cycle})


@access.workspace_view(need=Need.EDIT)
def cycle_close(request: WorkspaceRequest, pk: int) -> HttpResponse:
    cycle = get_cycle_for(request.member, pk, need=Need.EDIT)
    if cycle.is_closed:
        return redirect("strategy:cycle", slug=request.workspace.slug, pk=cycle.pk)
    objectives = selectors.objective_lines(Objective.objects.filter(cycle=cycle))
    form = CloseForm(request.POST or None, objectives=objectives)
    if request.method == "POST" and form.is_valid():
        try:
            services.cycle_close(actor=request.user, cycle=cycle, **form.close_data())
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Cycle “%(name)s” closed.") % {"name": cycle.name})
            return redirect("strategy:cycle", slug=request.workspace.slug, pk=cycle.pk)
    return TemplateResponse(request, "strategy/cycle_close.html", {"cycle": cycle, "form": form})


@access.workspace_view(need=Need.VIEW)
def cycle_csv(request: WorkspaceRequest, pk: int) -> HttpResponse:
    cycle = get_cycle_for(request.member, pk)
    return csv_response(
        exports.cycle_rows(cycle, _scored(cycle)),
        header=exports.cycle_header(),
        filename=f"okrs-{cycle.name}",
        dialect=dialect_for(request),
    )


@access.workspace_view(need=Need.VIEW)
def cycle_markdown(request: WorkspaceRequest, pk: int) -> HttpResponse:
    cycle = get_cycle_for(request.member, pk)
    text = exports.cycle_markdown(cycle, _scored(cycle))
    return markdown_response(text, filename=f"okrs-{cycle.name}")


# --- objectives ------------------------------------------------------------------------


@access.workspace_view(need=Need.EDIT)
def objective_new(request: WorkspaceRequest, pk: int) -> HttpResponse:
    cycle = get_cycle_for(request.member, pk, need=Need.EDIT)
    initial = {
        "owner": request.user,
        "product": request.GET.get("product") or None,
        "team": request.GET.get("team") or None,
    }
    initial["parent"] = request.GET.get("parent") or None
    form = ObjectiveForm(
        request.POST or None, cycle=cycle, initial=initial, hints_url=_hints_url(request)
    )
    del form.fields["note"]
    if request.method == "POST" and form.is_valid():
        try:
            objective = services.objective_create(
                actor=request.user, cycle=cycle, **form.objective_data()
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Objective created. Now add its key results."))
            return redirect("strategy:objective", slug=request.workspace.slug, pk=objective.pk)
    return TemplateResponse(
        request,
        "strategy/objective_form.html",
        {"form": form, "cycle": cycle, "objective": None},
    )


def _objective_page(
    request: WorkspaceRequest, objective: Objective, review: ReviewForm | None = None
) -> TemplateResponse:
    (objective,) = selectors.scored_objectives(
        Objective.objects.filter(pk=objective.pk), today=timezone.localdate()
    )
    return TemplateResponse(
        request,
        "strategy/objective.html",
        {
            "objective": objective,
            "cycle": objective.cycle,
            "children": objective.children.all(),
            "carried_to": objective.carried_to.select_related("cycle"),
            "review_form": review or ReviewForm(loaded=objective),
            "open_cycles": Cycle.objects.open()
            .filter(workspace=request.workspace)
            .exclude(pk=objective.cycle_id),
        },
    )


@access.workspace_view(need=Need.VIEW)
def objective_detail(request: WorkspaceRequest, pk: int) -> HttpResponse:
    return _objective_page(request, get_objective_for(request.member, pk))


@access.workspace_view(need=Need.EDIT)
def objective_edit(request: WorkspaceRequest, pk: int) -> HttpResponse:
    objective = get_objective_for(request.member, pk, need=Need.EDIT)
    form = ObjectiveForm(
        request.POST or None,
        cycle=objective.cycle,
        hints_url=_hints_url(request),
        loaded=objective,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.objective_update(
                actor=request.user,
                objective=objective,
                version=form.loaded_version,
                note=form.cleaned_data["note"],
                **form.changed_values(),
            )
        except EditConflict as conflict:
            form = form.after_conflict(conflict)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Objective saved."))
            return redirect("strategy:objective", slug=request.workspace.slug, pk=objective.pk)
    return TemplateResponse(
        request,
        "strategy/objective_form.html",
        {"form": form, "cycle": objective.cycle, "objective": objective},
    )


@require_POST
@access.workspace_view(need=Need.EDIT)
def objective_review(request: WorkspaceRequest, pk: int) -> HttpResponse:
    """Learnings and post-mortem, also after the cycle closed."""
    objective = get_objective_for(request.member, pk, need=Need.EDIT)
    form = ReviewForm(request.POST, loaded=objective)
    if form.is_valid():
        try:
            services.objective_update(
                actor=request.user,
                objective=objective,
                version=form.loaded_version,
                **form.changed_values(),
            )
        except EditConflict as conflict:
            return _objective_page(request, objective, form.after_conflict(conflict))
        messages.success(request, _("Review saved."))
    return redirect("strategy:objective", slug=request.workspace.slug, pk=objective.pk)


@require_POST
@access.workspace_view(need=Need.EDIT)
def objective_carry(request: WorkspaceRequest, pk: int) -> HttpResponse:
    objective = get_objective_for(request.member, pk, need=Need.EDIT)
    if not request.POST.get("cycle"):
        messages.error(request, _("Choose the cycle to carry the objective to."))
        return redirect("strategy:objective", slug=request.workspace.slug, pk=objective.pk)
    cycle = get_cycle_for(request.member, request.POST["cycle"], need=Need.EDIT)
    try:
        copy = services.objective_carry_forward(
            actor=request.user, objective=objective, cycle=cycle
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("strategy:objective", slug=request.workspace.slug, pk=objective.pk)
    messages.success(request, _("Objective carried forward to %(cycle)s.") % {"cycle": cycle})
    return redirect("strategy:objective", slug=request.workspace.slug, pk=copy.pk)


# --- key results and check-ins --------------------------------------------------------


@access.workspace_view(need=Need.EDIT)
def key_result_new(request: WorkspaceRequest, pk: int) -> HttpResponse:
    objective = get_objective_for(request.member, pk, need=Need.EDIT)
    siblings = objective.key_results.count()
    form = KeyResultForm(
        request.POST or None,
        objective=objective,
        hints_url=_hints_url(request),
        siblings=siblings,
    )
    del form.fields["note"]
    if request.method == "POST" and form.is_valid():
        try:
            services.key_result_create(
                actor=request.user, objective=objective, **form.key_result_data()
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Key result added."))
            return redirect("strategy:objective", slug=request.workspace.slug, pk=objective.pk)
    return TemplateResponse(
        request,
        "strategy/key_result_form.html",
        {
            "form": form,
            "objective": objective,
            "key_result": None,
        },
    )


@access.workspace_view(need=Need.VIEW)
def key_result_detail(request: WorkspaceRequest, pk: int) -> HttpResponse:
    kr = selectors.scored_key_result(_key_result(request, pk), today=timezone.localdate())
    return TemplateResponse(
        request,
        "strategy/key_result.html",
        {
            "kr": kr,
            "objective": kr.objective,
            "chart": charts.key_result_chart(selectors.key_result_chart(kr)),
            "form": CheckInForm(initial=_check_in_initial(kr)),
            "can_delete_check_ins": request.member.can_edit and not kr.objective.cycle.is_closed,
        },
    )


@access.workspace_view(need=Need.EDIT)
def key_result_edit(request: WorkspaceRequest, pk: int) -> HttpResponse:
    kr = _key_result(request, pk, Need.EDIT)
    form = KeyResultForm(
        request.POST or None,
        objective=kr.objective,
        hints_url=_hints_url(request),
        siblings=kr.objective.key_results.exclude(pk=kr.pk).count(),
        loaded=kr,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.key_result_update(
                actor=request.user,
                key_result=kr,
                version=form.loaded_version,
                note=form.cleaned_data["note"],
                **form.changed_values(),
            )
        except EditConflict as conflict:
            form = form.after_conflict(conflict)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Key result saved."))
            return redirect("strategy:key_result", slug=request.workspace.slug, pk=kr.pk)
    return TemplateResponse(
        request,
        "strategy/key_result_form.html",
        {"form": form, "objective": kr.objective, "key_result": kr},
    )


def _check_in_initial(kr: KeyResult) -> dict:
    latest = kr.info.latest if hasattr(kr, "info") else None
    return {"confidence": latest.confidence if latest else 5}


@access.workspace_view(need=Need.CONTRIBUTE)
def check_in(request: WorkspaceRequest, pk: int) -> HttpResponse:
    kr = selectors.scored_key_result(
        _key_result(request, pk, Need.CONTRIBUTE), today=timezone.localdate()
    )
    form = CheckInForm(request.POST or None, initial=_check_in_initial(kr))
    if request.method == "POST" and form.is_valid():
        try:
            services.check_in_record(actor=request.user, key_result=kr, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Checked in. Thank you!"))
            return redirect("strategy:key_result", slug=request.workspace.slug, pk=kr.pk)
    template = "strategy/check_in.html"
    return TemplateResponse(request, template, {"kr": kr, "objective": kr.objective, "form": form})
