"""Metric pages: define a metric, record and upload its values, targets, annotations."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from leitstern.core.exports import csv_response, dialect_for
from leitstern.core.forms import apply_errors
from leitstern.core.http import WorkspaceRequest
from leitstern.core.imports import views as imports_views
from leitstern.core.imports.flow import import_start, jobs_for
from leitstern.core.imports.models import ImportJob
from leitstern.core.versioning import EditConflict
from leitstern.products.access import get_product_for
from leitstern.strategy import charts, exports, selectors, services
from leitstern.strategy.access import get_import_for, get_metric_for, get_metric_value_for
from leitstern.strategy.forms import (
    AnnotationForm,
    ImportForm,
    MetricForm,
    MetricValueForm,
    TargetForm,
)
from leitstern.strategy.importers import METRIC_VALUES
from leitstern.strategy.models import Metric
from leitstern.workspaces import access
from leitstern.workspaces.models import Need

# Values the table shows at a time, the latest first (the chart shows them all); and key
# results following the metric listed, the latest cycles first.
VALUES_PAGE = 52
FOLLOWING_SHOWN = 20


def _detail(request: WorkspaceRequest, metric: Metric, **forms) -> TemplateResponse:
    values = metric.values.select_related("recorded_by").order_by("-day")
    page = Paginator(values, VALUES_PAGE).get_page(request.GET.get("page"))
    following = metric.key_results.select_related("objective__cycle").order_by(
        "-objective__cycle__starts_on", "objective_id", "created_at", "id"
    )
    shown = list(following[: FOLLOWING_SHOWN + 1])
    context = {
        "metric": metric,
        "product": metric.product,
        "values": page,
        "chart": charts.metric_chart(selectors.metric_chart(metric)),
        "targets": metric.targets.all(),
        "annotations": metric.product.metric_annotations.filter(metric__in=[None, metric]),
        "key_results": shown[:FOLLOWING_SHOWN],
        "more_key_results": following.count() - FOLLOWING_SHOWN
        if len(shown) > FOLLOWING_SHOWN
        else 0,
        "value_form": forms.get("value_form") or MetricValueForm(),
        "target_form": forms.get("target_form") or TargetForm(),
        "annotation_form": forms.get("annotation_form") or AnnotationForm(),
    }
    return TemplateResponse(request, "strategy/metric.html", context)


@access.workspace_view(need=Need.EDIT)
def metric_new(request: WorkspaceRequest, product_id: int) -> HttpResponse:
    product = get_product_for(request.member, product_id, need=Need.EDIT)
    initial = {"role": request.GET.get("role", "other")}
    form = MetricForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            metric = services.metric_create(
                actor=request.user, product=product, **form.metric_data()
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Metric “%(name)s” created.") % {"name": metric.name})
            return redirect("strategy:metric", slug=request.workspace.slug, pk=metric.pk)
    return TemplateResponse(
        request, "strategy/metric_form.html", {"form": form, "product": product, "metric": None}
    )


@access.workspace_view(need=Need.VIEW)
def metric_detail(request: WorkspaceRequest, pk: int) -> HttpResponse:
    return _detail(request, get_metric_for(request.member, pk))


@access.workspace_view(need=Need.EDIT)
def metric_edit(request: WorkspaceRequest, pk: int) -> HttpResponse:
    metric = get_metric_for(request.member, pk, need=Need.EDIT)
    form = MetricForm(request.POST or None, loaded=metric)
    if request.method == "POST" and form.is_valid():
        try:
            services.metric_update(
                actor=request.user,
                metric=metric,
                version=form.loaded_version,
                **form.changed_values(),
            )
        except EditConflict as conflict:
            form = form.after_conflict(conflict)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Metric saved."))
            return redirect("strategy:metric", slug=request.workspace.slug, pk=metric.pk)
    return TemplateResponse(
        request,
        "strategy/metric_form.html",
        {"form": form, "product": metric.product, "metric": metric},
    )


@require_POST
@access.workspace_view(need=Need.EDIT)
def value_add(request: WorkspaceRequest, pk: int) -> HttpResponse:
    metric = get_metric_for(request.member, pk, need=Need.EDIT)
    form = MetricValueForm(request.POST)
    if form.is_valid():
        try:
            services.metric_value_set(actor=request.user, metric=metric, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Value recorded."))
            return redirect("strategy:metric", slug=request.workspace.slug, pk=metric.pk)
    return _detail(request, metric, value_form=form)


@require_POST
@access.workspace_view(need=Need.EDIT)
def value_delete(request: WorkspaceRequest, pk: int, value_id: int) -> HttpResponse:
    metric = get_metric_for(request.member, pk, need=Need.EDIT)
    value = get_metric_value_for(request.member, value_id, metric=metric)
    services.metric_value_delete(actor=request.user, value=value)
    messages.success(request, _("Value deleted."))
    return redirect("strategy:metric", slug=request.workspace.slug, pk=metric.pk)


@access.workspace_view(need=Need.EDIT)
def metric_import(request: WorkspaceRequest, pk: int) -> HttpResponse:
    """Upload or paste → preview (every bad row with its number and reason) → confirm.
    Nothing is saved unless every row is good (``importers.METRIC_VALUES``)."""
    metric = get_metric_for(request.member, pk, need=Need.EDIT)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        filename, data = form.upload()
        try:
            job = import_start(
                actor=request.user,
                importer=METRIC_VALUES,
                target=metric,
                filename=filename,
                data=data,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            return redirect(
                "strategy:metric_import_job", slug=request.workspace.slug, pk=metric.pk, job=job.pk
            )
    recent = jobs_for(METRIC_VALUES, metric).select_related("created_by")[:5]
    return TemplateResponse(
        request,
        "strategy/metric_import.html",
        {"metric": metric, "product": metric.product, "form": form, "recent": recent},
    )


@access.workspace_view(need=Need.EDIT)
def metric_import_job(request: WorkspaceRequest, pk: int, job: int) -> HttpResponse:
    metric = get_metric_for(request.member, pk, need=Need.EDIT)
    found = get_import_for(request.member, metric, job)
    slug = request.workspace.slug
    return imports_views.job_page(
        request,
        importer=METRIC_VALUES,
        job=found,
        template="strategy/metric_import_job.html",
        context={
            "metric": metric,
            "product": metric.product,
            "job_url": reverse("strategy:metric_import_job", args=[slug, metric.pk, found.pk]),
            "apply_url": reverse("strategy:metric_import_apply", args=[slug, metric.pk, found.pk]),
            "upload_url": reverse("strategy:metric_import", args=[slug, metric.pk]),
        },
    )


@require_POST
@access.workspace_view(need=Need.EDIT)
def metric_import_apply(request: WorkspaceRequest, pk: int, job: int) -> HttpResponse:
    metric = get_metric_for(request.member, pk, need=Need.EDIT)
    found = imports_views.confirm(request, job=get_import_for(request.member, metric, job))
    if found is not None and found.status == ImportJob.Status.DONE:
        count = found.created_count + found.updated_count
        messages.success(request, _("%(count)d values imported.") % {"count": count})
        return redirect("strategy:metric", slug=request.workspace.slug, pk=metric.pk)
    return redirect(
        "strategy:metric_import_job", slug=request.workspace.slug, pk=metric.pk, job=job
    )


@require_POST
@access.workspace_view(need=Need.EDIT)
def target_add(request: WorkspaceRequest, pk: int) -> HttpResponse:
    metric = get_metric_for(request.member, pk, need=Need.EDIT)
    form = TargetForm(request.POST)
    if form.is_valid():
        try:
            services.metric_target_add(actor=request.user, metric=metric, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Target added."))
            return redirect("strategy:metric", slug=request.workspace.slug, pk=metric.pk)
    return _detail(request, metric, target_form=form)


@require_POST
@access.workspace_view(need=Need.EDIT)
def annotation_add(request: WorkspaceRequest, pk: int) -> HttpResponse:
    metric = get_metric_for(request.member, pk, need=Need.EDIT)
    form = AnnotationForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.annotation_add(
                actor=request.user,
                product=metric.product,
                metric=metric if data["only_this_metric"] else None,
                day=data["day"],
                text=data["text"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Annotation added."))
            return redirect("strategy:metric", slug=request.workspace.slug, pk=metric.pk)
    return _detail(request, metric, annotation_form=form)


@access.workspace_view(need=Need.VIEW)
def metric_export(request: WorkspaceRequest, pk: int) -> HttpResponse:
    metric = get_metric_for(request.member, pk)
    return csv_response(
        exports.metric_rows(metric),
        header=exports.metric_header(),
        filename=f"{metric.product.name} {metric.name}",
        dialect=dialect_for(request),
    )
