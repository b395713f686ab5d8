"""The tree pages: outcomes, opportunities (proposed, decided, merged) and solutions."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from leitstern.core.http import WorkspaceRequest
from leitstern.discovery import access, selectors, services
from leitstern.discovery.forms import (
    EvidenceForm,
    MergeForm,
    OpportunityForm,
    OutcomeForm,
    SolutionForm,
    StageForm,
)
from leitstern.discovery.models import Opportunity, Review, Score, Solution
from leitstern.discovery.views.common import (
    confirm_delete,
    edit_page,
    get_product,
    new_page,
    url,
)
from leitstern.workspaces.access import workspace_view
from leitstern.workspaces.models import Need

# --- outcomes --------------------------------------------------------------------------


@workspace_view(need=Need.EDIT)
def outcome_new(request: WorkspaceRequest, product_id: int) -> HttpResponse:
    product = get_product(request, product_id, Need.EDIT)
    initial = {"key_result": request.GET.get("key_result") or None}
    form = OutcomeForm(request.POST or None, product=product, initial=initial)
    return new_page(
        request,
        form=form,
        create=lambda: services.outcome_create(
            actor=request.user, product=product, **form.outcome_data()
        ),
        template="discovery/outcome_form.html",
        context={"product": product, "outcome": None},
        done=lambda outcome: url(request, "outcome", pk=outcome.pk),
        message=_("Outcome added. Now map the opportunities that would move it."),
    )


def _tree_page(request: WorkspaceRequest, product, outcome) -> TemplateResponse:
    return TemplateResponse(
        request,
        "discovery/tree.html",
        {
            "product": product,
            "outcome": outcome,
            "tree": selectors.tree(product, outcome),
            "outcomes": product.discovery_outcomes.all(),
        },
    )


@workspace_view(need=Need.VIEW)
def outcome_detail(request: WorkspaceRequest, pk: int) -> HttpResponse:
    outcome = access.get_outcome_for(request.member, pk)
    return _tree_page(request, outcome.product, outcome)


@workspace_view(need=Need.VIEW)
def unplaced(request: WorkspaceRequest, product_id: int) -> HttpResponse:
    """The product's opportunities not yet placed in a tree."""
    return _tree_page(request, get_product(request, product_id), None)


@workspace_view(need=Need.EDIT)
def outcome_edit(request: WorkspaceRequest, pk: int) -> HttpResponse:
    outcome = access.get_outcome_for(request.member, pk, need=Need.EDIT)
    form = OutcomeForm(request.POST or None, product=outcome.product, loaded=outcome)
    return edit_page(
        request,
        form=form,
        save=lambda **changes: services.outcome_update(
            actor=request.user, outcome=outcome, **changes
        ),
        template="discovery/outcome_form.html",
        context={"product": outcome.product, "outcome": outcome},
        done=lambda _o: url(request, "outcome", pk=outcome.pk),
        message=_("Outcome saved."),
    )


@workspace_view(need=Need.EDIT)
def outcome_delete(request: WorkspaceRequest, pk: int) -> HttpResponse:
    outcome = access.get_outcome_for(request.member, pk, need=Need.EDIT)
    placed = outcome.opportunities.count()
    return confirm_delete(
        request,
        obj=outcome,
        delete=services.outcome_delete,
        heading=_("Delete the outcome “%(title)s”?") % {"title": outcome},
        consequences=[
            _("%(count)s opportunities stay with the product, not placed in any tree.")
            % {"count": placed}
        ]
        if placed
        else [],
        cancel_url=url(request, "outcome", pk=outcome.pk),
        done_url=url(request, "product", product_id=outcome.product_id),
        done_message=_("Outcome deleted."),
    )


# --- opportunities ---------------------------------------------------------------------


@workspace_view(need=Need.CONTRIBUTE)
def opportunity_new(request: WorkspaceRequest, product_id: int) -> HttpResponse:
    """Editors add opportunities; contributors propose them for an editor to decide."""
    product = get_product(request, product_id, Need.CONTRIBUTE)
    propose = not request.member.can_edit
    initial = {
        "outcome": request.GET.get("outcome") or None,
        "parent": request.GET.get("parent") or None,
        "insight": request.GET.get("insight") or None,
    }
    form = OpportunityForm(request.POST or None, product=product, propose=propose, initial=initial)
    source = _initial_insight(form, initial["insight"])
    if source is not None and not form.is_bound:
        form.initial["title"] = source.title

    def create():
        data = form.opportunity_data()
        if propose:
            return services.opportunity_propose(actor=request.user, product=product, **data)
        return services.opportunity_create(
            actor=request.user, product=product, insight=form.cleaned_data.get("insight"), **data
        )

    return new_page(
        request,
        form=form,
        create=create,
        template="discovery/opportunity_form.html",
        context={"product": product, "opportunity": None, "propose": propose},
        done=lambda o: url(request, "opportunity", pk=o.pk),
        message=_("Opportunity proposed; an editor will decide on it.")
        if propose
        else _("Opportunity added."),
    )


def _initial_insight(form: OpportunityForm, raw: str | None):
    """The insight a new opportunity grows out of (``?insight=``), among those offered."""
    field = form.fields.get("insight")
    if field is None or not raw or not str(raw).isdigit():
        return None
    return field.queryset.filter(pk=int(raw)).first()


@workspace_view(need=Need.VIEW)
def opportunity_detail(request: WorkspaceRequest, pk: int) -> HttpResponse:
    opportunity = access.get_opportunity_for(request.member, pk)
    (summary,) = selectors.opportunity_summaries([opportunity])
    solutions = list(opportunity.solutions.order_by("created_at", "id"))
    hypotheses = selectors.hypothesis_summaries(
        opportunity.product.discovery_hypotheses.filter(solution__in=solutions).order_by("id")
    )
    return TemplateResponse(
        request,
        "discovery/opportunity.html",
        {
            "product": opportunity.product,
            "opportunity": opportunity,
            "summary": summary,
            "children": opportunity.children.in_tree(),
            "solutions": solutions,
            "hypotheses": hypotheses,
            "stage_form": StageForm(initial={"stage": opportunity.stage}),
            "citations": selectors.citations(opportunity, request.user),
            "evidence_form": EvidenceForm(
                opportunity=opportunity, user=request.user, propose=not request.member.can_edit
            )
            if request.member.can_contribute and opportunity.review != Review.DECLINED
            else None,
            "score": Score.objects.filter(opportunity=opportunity).first(),
        },
    )


@workspace_view(need=Need.EDIT)
def opportunity_edit(request: WorkspaceRequest, pk: int) -> HttpResponse:
    opportunity = access.get_opportunity_for(request.member, pk, need=Need.EDIT)
    form = OpportunityForm(request.POST or None, product=opportunity.product, loaded=opportunity)
    return edit_page(
        request,
        form=form,
        save=lambda **changes: services.opportunity_update(
            actor=request.user, opportunity=opportunity, **changes
        ),
        template="discovery/opportunity_form.html",
        context={"product": opportunity.product, "opportunity": opportunity, "propose": False},
        done=lambda _o: url(request, "opportunity", pk=opportunity.pk),
        message=_("Opportunity saved."),
    )


@require_POST
@workspace_view(need=Need.EDIT)
def opportunity_stage(request: WorkspaceRequest, pk: int) -> HttpResponse:
    opportunity = access.get_opportunity_for(request.member, pk, need=Need.EDIT)
    form = StageForm(request.POST)
    if form.is_valid():
        services.opportunity_update(
            actor=request.user, opportunity=opportunity, stage=form.cleaned_data["stage"]
        )
        messages.success(request, _("Stage saved."))
    else:
        messages.error(request, _("Choose one of the stages."))
    back = request.POST.get("next") or ""
    if back.startswith("/") and not back.startswith("//"):
        return redirect(back)
    return redirect(url(request, "opportunity", pk=opportunity.pk))


@require_POST
@workspace_view(need=Need.EDIT)
def opportunity_decide(request: WorkspaceRequest, pk: int) -> HttpResponse:
    opportunity = access.get_opportunity_for(request.member, pk, need=Need.EDIT)
    accept = request.POST.get("decision") == "accept"
    try:
        services.opportunity_decide(
            actor=request.user,
            opportunity=opportunity,
            accept=accept,
            note=request.POST.get("note", "")[:2000],
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Accepted into the tree.") if accept else _("Declined."))
    return redirect(url(request, "opportunity", pk=opportunity.pk))


def _merge_page(request, *, obj, choices, merge, back: str, done) -> HttpResponse:
    form = MergeForm(request.POST or None, choices=choices)
    if request.method == "POST" and form.is_valid():
        try:
            target = merge(
                actor=request.user,
                source=obj,
                target=form.cleaned_data["target"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            from leitstern.core.forms import apply_errors

            apply_errors(form, error)
        else:
            messages.success(request, _("Merged."))
            return redirect(done(target))
    return TemplateResponse(
        request,
        "discovery/merge.html",
        {"form": form, "object": obj, "back": back, "product": obj.product},
    )


@workspace_view(need=Need.EDIT)
def opportunity_merge(request: WorkspaceRequest, pk: int) -> HttpResponse:
    opportunity = access.get_opportunity_for(request.member, pk, need=Need.EDIT)
    choices = (
        Opportunity.objects.in_tree().filter(product=opportunity.product).exclude(pk=opportunity.pk)
    )
    return _merge_page(
        request,
        obj=opportunity,
        choices=choices,
        merge=services.opportunity_merge,
        back=url(request, "opportunity", pk=opportunity.pk),
        done=lambda target: url(request, "opportunity", pk=target.pk),
    )


@workspace_view(need=Need.EDIT)
def opportunity_delete(request: WorkspaceRequest, pk: int) -> HttpResponse:
    opportunity = access.get_opportunity_for(request.member, pk, need=Need.EDIT)
    solutions = opportunity.solutions.count()
    children = opportunity.children.count()
    consequences = []
    if solutions:
        consequences.append(
            _("Its %(count)s solutions and their hypotheses are deleted with it.")
            % {"count": solutions}
        )
    if children:
        consequences.append(
            _("The %(count)s opportunities below it move up one level.") % {"count": children}
        )
    back = (
        url(request, "outcome", pk=opportunity.outcome_id)
        if opportunity.outcome_id
        else url(request, "unplaced", product_id=opportunity.product_id)
    )
    return confirm_delete(
        request,
        obj=opportunity,
        delete=services.opportunity_delete,
        heading=_("Delete the opportunity “%(title)s”?") % {"title": opportunity},
        consequences=consequences,
        cancel_url=url(request, "opportunity", pk=opportunity.pk),
        done_url=back,
        done_message=_("Opportunity deleted."),
    )


# --- solutions -------------------------------------------------------------------------


@workspace_view(need=Need.EDIT)
def solution_new(request: WorkspaceRequest, pk: int) -> HttpResponse:
    opportunity = access.get_opportunity_for(request.member, pk, need=Need.EDIT)
    if opportunity.review == Review.DECLINED:
        raise Http404
    form = SolutionForm(
        request.POST or None, product=opportunity.product, initial={"opportunity": opportunity}
    )
    del form.fields["opportunity"]
    return new_page(
        request,
        form=form,
        create=lambda: services.solution_create(
            actor=request.user,
            opportunity=opportunity,
            **{
                k: v
                for k, v in form.cleaned_data.items()
                if k in ("title", "description", "status")
            },
        ),
        template="discovery/solution_form.html",
        context={"product": opportunity.product, "opportunity": opportunity, "solution": None},
        done=lambda s: url(request, "solution", pk=s.pk),
        message=_("Solution added. Now state the bet as a hypothesis."),
    )


@workspace_view(need=Need.VIEW)
def solution_detail(request: WorkspaceRequest, pk: int) -> HttpResponse:
    solution = access.get_solution_for(request.member, pk)
    hypotheses = selectors.hypothesis_summaries(solution.hypotheses.order_by("created_at", "id"))
    return TemplateResponse(
        request,
        "discovery/solution.html",
        {
            "product": solution.product,
            "solution": solution,
            "opportunity": solution.opportunity,
            "hypotheses": hypotheses,
            "score": Score.objects.filter(solution=solution).first(),
        },
    )


@workspace_view(need=Need.EDIT)
def solution_edit(request: WorkspaceRequest, pk: int) -> HttpResponse:
    solution = access.get_solution_for(request.member, pk, need=Need.EDIT)
    form = SolutionForm(request.POST or None, product=solution.product, loaded=solution)
    return edit_page(
        request,
        form=form,
        save=lambda **changes: services.solution_update(
            actor=request.user, solution=solution, **changes
        ),
        template="discovery/solution_form.html",
        context={
            "product": solution.product,
            "opportunity": solution.opportunity,
            "solution": solution,
        },
        done=lambda _s: url(request, "solution", pk=solution.pk),
        message=_("Solution saved."),
    )


@workspace_view(need=Need.EDIT)
def solution_merge(request: WorkspaceRequest, pk: int) -> HttpResponse:
    solution = access.get_solution_for(request.member, pk, need=Need.EDIT)
    return _merge_page(
        request,
        obj=solution,
        choices=Solution.objects.filter(product=solution.product).exclude(pk=solution.pk),
        merge=services.solution_merge,
        back=url(request, "solution", pk=solution.pk),
        done=lambda target: url(request, "solution", pk=target.pk),
    )


@workspace_view(need=Need.EDIT)
def solution_delete(request: WorkspaceRequest, pk: int) -> HttpResponse:
    solution = access.get_solution_for(request.member, pk, need=Need.EDIT)
    count = solution.hypotheses.count()
    return confirm_delete(
        request,
        obj=solution,
        delete=services.solution_delete,
        heading=_("Delete the solution “%(title)s”?") % {"title": solution},
        consequences=[_("Its %(count)s hypotheses are deleted with it.") % {"count": count}]
        if count
        else [],
        cancel_url=url(request, "solution", pk=solution.pk),
        done_url=url(request, "opportunity", pk=solution.opportunity_id),
        done_message=_("Solution deleted."),
    )


# --- research evidence an opportunity cites ----------------------------------------------


@require_POST
@workspace_view(need=Need.CONTRIBUTE)
def evidence_add(request: WorkspaceRequest, pk: int) -> HttpResponse:
    """Editors cite an insight or a quote; contributors propose second-hand quotes."""
    opportunity = access.get_opportunity_for(request.member, pk, need=Need.CONTRIBUTE)
    propose = not request.member.can_edit
    form = EvidenceForm(request.POST, opportunity=opportunity, user=request.user, propose=propose)
    back = url(request, "opportunity", pk=opportunity.pk) + "#evidence"
    if not form.is_valid():
        problems = [
            f"{form.fields[name].label}: {' '.join(errs)}"
            if name in form.fields
            else " ".join(errs)
            for name, errs in form.errors.items()
        ]
        messages.error(request, " ".join(problems))
        return redirect(back)
    try:
        services.evidence_link(
            actor=request.user,
            opportunity=opportunity,
            insight=form.cleaned_data.get("insight"),
            quote=form.cleaned_data.get("quote"),
            propose=propose,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Evidence proposed; an editor decides whether it counts.")
            if propose
            else _("Evidence linked."),
        )
    return redirect(back)


@require_POST
@workspace_view(need=Need.EDIT)
def evidence_decide(request: WorkspaceRequest, pk: int) -> HttpResponse:
    link = access.get_evidence_link_for(request.member, pk, need=Need.EDIT)
    accept = request.POST.get("decision") == "accept"
    try:
        services.evidence_decide(actor=request.user, link=link, accept=accept)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Evidence accepted.") if accept else _("Evidence declined."))
    return redirect(url(request, "opportunity", pk=link.opportunity_id) + "#evidence")


@require_POST
@workspace_view(need=Need.EDIT)
def evidence_remove(request: WorkspaceRequest, pk: int) -> HttpResponse:
    link = access.get_evidence_link_for(request.member, pk, need=Need.EDIT)
    services.evidence_unlink(actor=request.user, link=link)
    messages.success(request, _("Evidence removed from the opportunity."))
    return redirect(url(request, "opportunity", pk=link.opportunity_id) + "#evidence")
