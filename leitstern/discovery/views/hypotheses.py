"""Hypotheses, the assumption map, the sample-size calculator and the hints shown while a
hypothesis is written."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from leitstern.core.http import WorkspaceRequest
from leitstern.discovery import access, hints, selectors, services, verdicts
from leitstern.discovery.forms import HypothesisForm, SampleSizeForm
from leitstern.discovery.models import Hypothesis
from leitstern.discovery.models.hypotheses import SCALE
from leitstern.discovery.views.common import confirm_delete, edit_page, get_product, new_page, url
from leitstern.engines.stats import StatsInputError
from leitstern.workspaces.access import workspace_view
from leitstern.workspaces.models import Need


def _hints_url(request: WorkspaceRequest) -> str:
    return reverse("discovery:hints", kwargs={"slug": request.workspace.slug})


def _solution_initial(request: WorkspaceRequest, product) -> dict:
    """Defaults from the solution the hypothesis is for: its tree's key result and metric."""
    initial: dict = {}
    solution_id = request.GET.get("solution")
    if not solution_id:
        return initial
    try:
        solution = access.get_solution_for(request.member, solution_id)
    except Http404:
        return initial
    if solution.product_id != product.pk:
        return initial
    initial["solution"] = solution.pk
    outcome = solution.opportunity.outcome
    if outcome is not None:
        initial["key_result"] = outcome.key_result_id
        metric = outcome.outcome_metric
        initial["metric"] = metric.pk if metric else None
    return initial


@workspace_view(need=Need.EDIT)
def hypothesis_new(request: WorkspaceRequest, product_id: int) -> HttpResponse:
    product = get_product(request, product_id, Need.EDIT)
    form = HypothesisForm(
        request.POST or None,
        product=product,
        hints_url=_hints_url(request),
        initial={"alpha": 0.05, "power": 0.8, **_solution_initial(request, product)},
    )
    return new_page(
        request,
        form=form,
        create=lambda: services.hypothesis_create(
            actor=request.user, product=product, **form.hypothesis_data()
        ),
        template="discovery/hypothesis_form.html",
        context={"product": product, "hypothesis": None, "assist": _assist_for_form(form)},
        done=lambda h: url(request, "hypothesis", pk=h.pk),
        message=_("Hypothesis stated. Plan an experiment to test it."),
    )


@workspace_view(need=Need.VIEW)
def hypothesis_detail(request: WorkspaceRequest, pk: int) -> HttpResponse:
    hypothesis = access.get_hypothesis_for(request.member, pk)
    try:
        size = verdicts.sample_size(hypothesis)
    except StatsInputError:
        size = None
    experiments = list(hypothesis.experiments.order_by("-created_at", "-id"))
    stored = {v.experiment_id: v for v in hypothesis.verdicts.all()}
    return TemplateResponse(
        request,
        "discovery/hypothesis.html",
        {
            "product": hypothesis.product,
            "hypothesis": hypothesis,
            "size": size,
            "experiments": [(e, stored.get(e.pk)) for e in experiments],
            "hints": _hints_of(hypothesis),
            "has_rule": verdicts.has_rule(hypothesis),
            "unit": hypothesis.metric.unit if hypothesis.metric is not None else "",
        },
    )


def _hints_of(h: Hypothesis) -> list[hints.Hint]:
    return hints.hypothesis_hints(
        statement=h.statement,
        has_metric=bool(h.metric_id or h.key_result_id),
        baseline=h.baseline,
        target=h.target,
        has_date=h.target_date is not None,
        minimum_effect=h.minimum_effect,
    )


@workspace_view(need=Need.EDIT)
def hypothesis_edit(request: WorkspaceRequest, pk: int) -> HttpResponse:
    hypothesis = access.get_hypothesis_for(request.member, pk, need=Need.EDIT)
    form = HypothesisForm(
        request.POST or None,
        product=hypothesis.product,
        hints_url=_hints_url(request),
        loaded=hypothesis,
    )
    return edit_page(
        request,
        form=form,
        save=lambda **changes: services.hypothesis_update(
            actor=request.user, hypothesis=hypothesis, **changes
        ),
        template="discovery/hypothesis_form.html",
        context={
            "product": hypothesis.product,
            "hypothesis": hypothesis,
            "assist": _assist_for_form(form),
        },
        done=lambda _h: url(request, "hypothesis", pk=hypothesis.pk),
        message=_("Hypothesis saved."),
    )


@workspace_view(need=Need.EDIT)
def hypothesis_delete(request: WorkspaceRequest, pk: int) -> HttpResponse:
    hypothesis = access.get_hypothesis_for(request.member, pk, need=Need.EDIT)
    done = (
        url(request, "solution", pk=hypothesis.solution_id)
        if hypothesis.solution_id
        else url(request, "assumptions", product_id=hypothesis.product_id)
    )
    return confirm_delete(
        request,
        obj=hypothesis,
        delete=services.hypothesis_delete,
        heading=_("Delete this hypothesis?"),
        consequences=[],
        cancel_url=url(request, "hypothesis", pk=hypothesis.pk),
        done_url=done,
        done_message=_("Hypothesis deleted."),
    )


@workspace_view(need=Need.VIEW)
def assumption_map(request: WorkspaceRequest, product_id: int) -> HttpResponse:
    """Importance against evidence: what is important and least known comes first."""
    product = get_product(request, product_id)
    cells = selectors.assumption_map(product)
    rows = [
        [
            (importance, evidence, cells.get((importance, evidence), []))
            for evidence in reversed(SCALE)
        ]
        for importance in reversed(SCALE)
    ]
    return TemplateResponse(
        request,
        "discovery/assumptions.html",
        {
            "product": product,
            "rows": rows,
            "first": [
                h
                for key, items in sorted(cells.items(), key=lambda kv: (-kv[0][0], kv[0][1]))
                for h in items
                if h.is_important_and_unknown
            ],
            "count": sum(len(items) for items in cells.values()),
        },
    )


# --- the calculator and the hints ---------------------------------------------------------


def _probe(data) -> tuple[Hypothesis, SampleSizeForm]:
    """An unsaved hypothesis from the calculator's (or the hypothesis form's) fields."""
    form = SampleSizeForm(data)
    form.is_valid()
    values = {
        name: form.cleaned_data.get(name)
        for name in (
            "metric_kind",
            "baseline",
            "target",
            "minimum_effect",
            "effect_scale",
            "sd",
            "alpha",
            "power",
            "weekly_traffic",
        )
    }
    values["metric_kind"] = values["metric_kind"] or "rate"
    values["effect_scale"] = values["effect_scale"] or "absolute"
    values["alpha"] = 0.05 if values["alpha"] is None else values["alpha"]
    values["power"] = 0.8 if values["power"] is None else values["power"]
    direction = data.get("direction")
    if direction not in ("higher", "lower"):
        baseline, target = values["baseline"], values["target"]
        direction = (
            "lower"
            if baseline is not None and target is not None and target < baseline
            else "higher"
        )
    return Hypothesis(direction=direction, **values), form


def assist(data) -> dict:
    """What the panel next to the hypothesis form (and the calculator) shows: the sample
    size with the weeks it takes, or what keeps it from being computed; and the hints."""
    probe, form = _probe(data)
    problems = verdicts.rule_problems(probe) if form.is_valid() else []
    size = None
    if form.is_valid() and not problems:
        try:
            size = verdicts.sample_size(probe)
        except StatsInputError:
            size = None
    found = hints.hypothesis_hints(
        statement=data.get("statement", ""),
        has_metric=bool(data.get("metric") or data.get("key_result")),
        baseline=probe.baseline,
        target=probe.target,
        has_date=bool(data.get("target_date")),
        minimum_effect=probe.minimum_effect,
    )
    return {
        "size": size,
        "problems": problems,
        "form_errors": form.errors,
        "probe": probe,
        "hints": found,
        "has_rule": verdicts.has_rule(probe),
    }


def _assist_for_form(form: HypothesisForm) -> dict:
    if form.is_bound:
        return assist(form.data)
    values = {name: form[name].value() for name in form.fields}
    data = {k: ("" if v is None else str(v)) for k, v in values.items() if not isinstance(v, list)}
    return assist(data)


@workspace_view(need=Need.VIEW)
def hints_fragment(request: WorkspaceRequest) -> HttpResponse:
    """The panel for what is being typed (htmx swaps it next to the hypothesis form)."""
    return TemplateResponse(request, "discovery/_assist.html", {"assist": assist(request.GET)})


@workspace_view(need=Need.VIEW)
def sample_size(request: WorkspaceRequest) -> HttpResponse:
    """The sample-size and power calculator: two proportions or two means, per group, and
    with the weekly traffic how many weeks the test needs."""
    data = request.GET if request.GET else None
    result = assist(request.GET) if data else None
    form = SampleSizeForm(data) if data else SampleSizeForm()
    template = "discovery/sample_size.html"
    if request.htmx:
        template += "#calculator-result"
    return TemplateResponse(request, template, {"form": form, "assist": result})
