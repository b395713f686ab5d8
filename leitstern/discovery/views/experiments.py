"""Experiments: the plan, the results, the verdicts (previewed while open, stored when
closed) and the learning card."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from leitstern.core.forms import apply_errors, run_with_message
from leitstern.core.http import WorkspaceRequest
from leitstern.discovery import access, selectors, services, verdicts
from leitstern.discovery.forms import CloseForm, ExperimentForm, ResultsForm
from leitstern.discovery.views.common import confirm_delete, edit_page, get_product, new_page, url
from leitstern.workspaces.access import workspace_view
from leitstern.workspaces.models import Need


@workspace_view(need=Need.VIEW)
def experiment_list(request: WorkspaceRequest, product_id: int) -> HttpResponse:
    product = get_product(request, product_id)
    return TemplateResponse(
        request,
        "discovery/experiments.html",
        {"product": product, "experiments": selectors.experiments_of(product)},
    )


@workspace_view(need=Need.EDIT)
def experiment_new(request: WorkspaceRequest, product_id: int) -> HttpResponse:
    product = get_product(request, product_id, Need.EDIT)
    initial = {"hypotheses": [h for h in request.GET.getlist("hypothesis") if h.isdigit()]}
    form = ExperimentForm(request.POST or None, product=product, initial=initial)
    return new_page(
        request,
        form=form,
        create=lambda: services.experiment_create(
            actor=request.user, product=product, **form.experiment_data()
        ),
        template="discovery/experiment_form.html",
        context={"product": product, "experiment": None},
        done=lambda e: url(request, "experiment", pk=e.pk),
        message=_("Experiment planned. Start it when it runs: that fixes the decision rules."),
    )


def _experiment_page(
    request: WorkspaceRequest, experiment, close_form: CloseForm | None = None
) -> TemplateResponse:
    stored = list(experiment.verdicts.select_related("hypothesis"))
    preview = [] if experiment.is_closed else services.preview(experiment)
    comparison = None
    if verdicts.has_results(experiment) and experiment.result_kind in verdicts.STATISTICAL:
        try:
            comparison = verdicts.comparison(experiment)
        except (ValueError, verdicts.StatsInputError):
            comparison = None
    unit = experiment.result_metric.unit if experiment.result_metric_id else ""
    return TemplateResponse(
        request,
        "discovery/experiment.html",
        {
            "product": experiment.product,
            "experiment": experiment,
            "hypotheses": experiment.hypotheses.select_related("solution"),
            "stored": stored,
            "preview": preview,
            "comparison": comparison,
            "unit": unit,
            "close_form": close_form or CloseForm(initial={"believed": _believed(experiment)}),
            "has_results": verdicts.has_results(experiment),
        },
    )


def _believed(experiment) -> str:
    """The learning card starts from what the hypotheses said."""
    return "\n".join(h.statement for h in experiment.hypotheses.all())


@workspace_view(need=Need.VIEW)
def experiment_detail(request: WorkspaceRequest, pk: int) -> HttpResponse:
    return _experiment_page(request, access.get_experiment_for(request.member, pk))


@workspace_view(need=Need.EDIT)
def experiment_edit(request: WorkspaceRequest, pk: int) -> HttpResponse:
    experiment = access.get_experiment_for(request.member, pk, need=Need.EDIT)
    if experiment.is_closed:
        messages.error(
            request, _("This experiment is closed; its results and verdicts no longer change.")
        )
        return redirect(url(request, "experiment", pk=experiment.pk))
    form = ExperimentForm(request.POST or None, product=experiment.product, loaded=experiment)
    return edit_page(
        request,
        form=form,
        save=lambda **changes: services.experiment_update(
            actor=request.user, experiment=experiment, **changes
        ),
        template="discovery/experiment_form.html",
        context={"product": experiment.product, "experiment": experiment},
        done=lambda _e: url(request, "experiment", pk=experiment.pk),
        message=_("Experiment saved."),
    )


@workspace_view(need=Need.EDIT)
def results_edit(request: WorkspaceRequest, pk: int) -> HttpResponse:
    experiment = access.get_experiment_for(request.member, pk, need=Need.EDIT)
    if experiment.is_closed:
        messages.error(
            request, _("This experiment is closed; its results and verdicts no longer change.")
        )
        return redirect(url(request, "experiment", pk=experiment.pk))
    form = ResultsForm(request.POST or None, product=experiment.product, loaded=experiment)
    return edit_page(
        request,
        form=form,
        save=lambda **changes: services.experiment_update(
            actor=request.user, experiment=experiment, **changes
        ),
        template="discovery/results_form.html",
        context={"product": experiment.product, "experiment": experiment},
        done=lambda _e: url(request, "experiment", pk=experiment.pk),
        message=_("Results saved."),
    )


@require_POST
@workspace_view(need=Need.EDIT)
def experiment_start(request: WorkspaceRequest, pk: int) -> HttpResponse:
    experiment = access.get_experiment_for(request.member, pk, need=Need.EDIT)
    run_with_message(
        request,
        lambda: services.experiment_start(actor=request.user, experiment=experiment),
        _("Experiment started; the decision rules of its hypotheses are fixed."),
    )
    return redirect(url(request, "experiment", pk=experiment.pk))


@require_POST
@workspace_view(need=Need.EDIT)
def experiment_close(request: WorkspaceRequest, pk: int) -> HttpResponse:
    experiment = access.get_experiment_for(request.member, pk, need=Need.EDIT)
    form = CloseForm(request.POST)
    if form.is_valid():
        try:
            services.experiment_close(actor=request.user, experiment=experiment, **form.card())
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Experiment closed; the verdicts are stored."))
            return redirect(url(request, "experiment", pk=experiment.pk))
    return _experiment_page(request, experiment, close_form=form)


@workspace_view(need=Need.EDIT)
def experiment_delete(request: WorkspaceRequest, pk: int) -> HttpResponse:
    experiment = access.get_experiment_for(request.member, pk, need=Need.EDIT)
    return confirm_delete(
        request,
        obj=experiment,
        delete=services.experiment_delete,
        heading=_("Delete the experiment “%(title)s”?") % {"title": experiment},
        consequences=[
            _("Decision rules it fixed stay fixed: the team has seen results under them.")
        ]
        if experiment.status != "planned"
        else [],
        cancel_url=url(request, "experiment", pk=experiment.pk),
        done_url=url(request, "experiments", product_id=experiment.product_id),
        done_message=_("Experiment deleted."),
    )
