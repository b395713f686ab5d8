"""Deleting what was created by mistake: a metric, an objective, a key result, a check-in.

Each has a confirmation page: GET says what goes with it and why that matters (or why it
cannot be deleted), POST deletes through the service. Plain forms, no JavaScript needed."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from leitstern.core.http import WorkspaceRequest
from leitstern.strategy import services
from leitstern.strategy.access import (
    get_check_in_for,
    get_key_result_for,
    get_metric_for,
    get_objective_for,
)
from leitstern.strategy.forms import DeleteForm
from leitstern.strategy.models import CheckIn
from leitstern.workspaces import access
from leitstern.workspaces.models import Need


def _refusal(obj: models.Model) -> list[str]:
    try:
        obj.ensure_deletable()
    except ValidationError as error:
        return error.messages
    return []


def _confirm(
    request: WorkspaceRequest,
    *,
    obj: models.Model,
    delete: Callable[..., None],
    heading: str,
    consequences: list[str],
    cancel_url: str,
    done_url: str,
    done_message: str,
) -> HttpResponse:
    """The confirmation page and its POST, the same for every kind of object."""
    # Not ``request.POST or None``: a POST without a note is still a confirmation.
    form = DeleteForm(request.POST if request.method == "POST" else None)
    refusal = _refusal(obj)
    if request.method == "POST" and form.is_valid() and not refusal:
        try:
            delete(actor=request.user, obj=obj, note=form.cleaned_data["note"])
        except ValidationError as error:
            refusal = error.messages
        else:
            messages.success(request, done_message)
            return redirect(done_url)
    return TemplateResponse(
        request,
        "strategy/confirm_delete.html",
        {
            "form": form,
            "object": obj,
            "heading": heading,
            "consequences": consequences,
            "refusal": refusal,
            "cancel_url": cancel_url,
        },
    )


def _url(request: WorkspaceRequest, name: str, pk: int) -> str:
    return reverse(f"strategy:{name}", kwargs={"slug": request.workspace.slug, "pk": pk})


@access.workspace_view(need=Need.EDIT)
def metric_delete(request: WorkspaceRequest, pk: int) -> HttpResponse:
    metric = get_metric_for(request.member, pk, need=Need.EDIT)
    values, targets = metric.values.count(), metric.targets.count()
    annotations = metric.annotations.count()
    consequences = [
        ngettext("Its %(count)d value is deleted.", "Its %(count)d values are deleted.", values)
        % {"count": values},
        ngettext("Its %(count)d target is deleted.", "Its %(count)d targets are deleted.", targets)
        % {"count": targets},
        ngettext(
            "%(count)d annotation of this metric's chart is deleted.",
            "%(count)d annotations of this metric's chart are deleted.",
            annotations,
        )
        % {"count": annotations},
        _("Annotations shown on all of the product's charts stay."),
        _("The product's strategy page no longer shows the metric or its trend."),
    ]
    return _confirm(
        request,
        obj=metric,
        delete=services.metric_delete,
        heading=_("Delete the metric “%(name)s”?") % {"name": metric.name},
        consequences=consequences,
        cancel_url=_url(request, "metric", metric.pk),
        done_url=reverse(
            "strategy:product",
            kwargs={"slug": request.workspace.slug, "product_id": metric.product_id},
        ),
        done_message=_("Metric “%(name)s” deleted.") % {"name": metric.name},
    )


@access.workspace_view(need=Need.EDIT)
def objective_delete(request: WorkspaceRequest, pk: int) -> HttpResponse:
    objective = get_objective_for(request.member, pk, need=Need.EDIT)
    key_results = objective.key_results.count()
    check_ins = CheckIn.objects.filter(key_result__objective=objective).count()
    children = objective.children.count()
    consequences = [
        ngettext(
            "Its %(count)d key result is deleted.",
            "Its %(count)d key results are deleted.",
            key_results,
        )
        % {"count": key_results},
        ngettext(
            "%(count)d check-in is deleted with them: the weekly confidence is lost.",
            "%(count)d check-ins are deleted with them: the weekly confidence is lost.",
            check_ins,
        )
        % {"count": check_ins},
        _("Metrics its key results follow keep their data."),
    ]
    if children:
        consequences.append(
            ngettext(
                "%(count)d objective contributes to it; it will stand on its own.",
                "%(count)d objectives contribute to it; they will stand on their own.",
                children,
            )
            % {"count": children}
        )
    return _confirm(
        request,
        obj=objective,
        delete=services.objective_delete,
        heading=_("Delete the objective “%(title)s”?") % {"title": objective.title},
        consequences=consequences,
        cancel_url=_url(request, "objective", objective.pk),
        done_url=_url(request, "cycle", objective.cycle_id),
        done_message=_("Objective “%(title)s” deleted.") % {"title": objective.title},
    )


@access.workspace_view(need=Need.EDIT)
def key_result_delete(request: WorkspaceRequest, pk: int) -> HttpResponse:
    kr = get_key_result_for(request.member, pk, need=Need.EDIT)
    check_ins = kr.check_ins.count()
    consequences = [
        ngettext(
            "Its %(count)d check-in is deleted.", "Its %(count)d check-ins are deleted.", check_ins
        )
        % {"count": check_ins},
        _("The objective's score is then the mean of its remaining key results."),
    ]
    if kr.metric_id:
        consequences.append(
            _("The metric “%(name)s” keeps its data, including values from check-ins.")
            % {"name": kr.metric.name}
        )
    return _confirm(
        request,
        obj=kr,
        delete=services.key_result_delete,
        heading=_("Delete the key result “%(title)s”?") % {"title": kr.title},
        consequences=consequences,
        cancel_url=_url(request, "key_result", kr.pk),
        done_url=_url(request, "objective", kr.objective_id),
        done_message=_("Key result deleted."),
    )


@access.workspace_view(need=Need.EDIT)
def check_in_delete(request: WorkspaceRequest, pk: int) -> HttpResponse:
    check_in = get_check_in_for(request.member, pk, need=Need.EDIT)
    consequences = [
        _("The confidence of that week (%(confidence)d/10) disappears from the history.")
        % {"confidence": check_in.confidence},
        _(
            "The value it recorded stays where it went (the key result's current value or the "
            "metric's data); correct it there if it was wrong."
        ),
    ]
    return _confirm(
        request,
        obj=check_in,
        delete=services.check_in_delete,
        heading=_("Delete the check-in of the week of %(week)s?")
        % {"week": date_format(check_in.week, "SHORT_DATE_FORMAT")},
        consequences=consequences,
        cancel_url=_url(request, "key_result", check_in.key_result_id),
        done_url=_url(request, "key_result", check_in.key_result_id),
        done_message=_("Check-in deleted."),
    )
