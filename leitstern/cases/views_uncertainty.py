"""Pages that edit a case's yes/no events and the correlations between its inputs: access →
form → service → back to the case, like the line and phase editors."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from leitstern.cases import uncertainty, verdicts
from leitstern.cases.access import get_case_for, get_correlation_for, get_event_for
from leitstern.cases.forms import CorrelationForm, EventForm, VerdictForm, WhyForm
from leitstern.cases.inputs import input_labels, uncertain_inputs
from leitstern.cases.models import BusinessCase
from leitstern.core.forms import apply_errors
from leitstern.core.http import WorkspaceRequest
from leitstern.workspaces import access
from leitstern.workspaces.models import Need


def _to_case(request: WorkspaceRequest, case: BusinessCase) -> HttpResponse:
    response = redirect("cases:case", slug=request.workspace.slug, pk=case.pk)
    response["Location"] += "#uncertainty"
    return response


# --- yes/no events -------------------------------------------------------------------------


@access.workspace_view(need=Need.EDIT)
def event_new(request: WorkspaceRequest, pk: int) -> HttpResponse:
    case = get_case_for(request.member, pk, need=Need.EDIT)
    form = EventForm(request.POST or None, initial={"revision": case.revision})
    if request.method == "POST" and form.is_valid():
        try:
            uncertainty.event_create(
                actor=request.user,
                case=case,
                why=form.cleaned_data["why"],
                revision=form.cleaned_data["revision"],
                **form.event_data(),
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Event added."))
            return _to_case(request, case)
    return TemplateResponse(
        request, "cases/event_form.html", {"case": case, "event": None, "form": form}
    )


@access.workspace_view(need=Need.EDIT)
def event_edit(request: WorkspaceRequest, pk: int) -> HttpResponse:
    event = get_event_for(request.member, pk, need=Need.EDIT)
    case = event.case
    initial = {
        "name": event.name,
        "probability": event.probability,
        "note": event.note,
        "revision": case.revision,
    }
    form = EventForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            uncertainty.event_update(
                actor=request.user,
                event=event,
                why=form.cleaned_data["why"],
                revision=form.cleaned_data["revision"],
                **form.event_data(),
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Event saved."))
            return _to_case(request, case)
    return TemplateResponse(
        request, "cases/event_form.html", {"case": case, "event": event, "form": form}
    )


@access.workspace_view(need=Need.EDIT)
def event_delete(request: WorkspaceRequest, pk: int) -> HttpResponse:
    event = get_event_for(request.member, pk, need=Need.EDIT)
    form = WhyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            uncertainty.event_delete(actor=request.user, event=event, why=form.cleaned_data["why"])
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Event removed."))
            return _to_case(request, event.case)
    return TemplateResponse(
        request,
        "cases/row_delete.html",
        {"case": event.case, "name": event.name, "form": form},
    )


# --- correlations --------------------------------------------------------------------------


@access.workspace_view(need=Need.EDIT)
def correlation_new(request: WorkspaceRequest, pk: int) -> HttpResponse:
    case = get_case_for(request.member, pk, need=Need.EDIT)
    form = CorrelationForm(
        request.POST or None,
        inputs=uncertain_inputs(case),
        initial={"revision": case.revision, "rank": 0.5},
    )
    if request.method == "POST" and form.is_valid():
        try:
            uncertainty.correlation_create(
                actor=request.user,
                case=case,
                why=form.cleaned_data["why"],
                revision=form.cleaned_data["revision"],
                **form.correlation_data(),
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Correlation added."))
            return _to_case(request, case)
    return TemplateResponse(
        request,
        "cases/correlation_form.html",
        {"case": case, "correlation": None, "form": form},
    )


@access.workspace_view(need=Need.EDIT)
def correlation_edit(request: WorkspaceRequest, pk: int) -> HttpResponse:
    correlation = get_correlation_for(request.member, pk, need=Need.EDIT)
    case = correlation.case
    labels = input_labels(case)
    initial = {
        "first": correlation.first,
        "second": correlation.second,
        "rank": correlation.rank,
        "note": correlation.note,
        "revision": case.revision,
    }
    form = CorrelationForm(request.POST or None, inputs=list(labels.items()), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            uncertainty.correlation_update(
                actor=request.user,
                correlation=correlation,
                why=form.cleaned_data["why"],
                revision=form.cleaned_data["revision"],
                **form.correlation_data(),
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Correlation saved."))
            return _to_case(request, case)
    return TemplateResponse(
        request,
        "cases/correlation_form.html",
        {"case": case, "correlation": correlation, "form": form},
    )


@access.workspace_view(need=Need.EDIT)
def correlation_delete(request: WorkspaceRequest, pk: int) -> HttpResponse:
    correlation = get_correlation_for(request.member, pk, need=Need.EDIT)
    labels = input_labels(correlation.case)
    first = labels.get(correlation.first, correlation.first)
    second = labels.get(correlation.second, correlation.second)
    name = f"{first} ~ {second}"
    form = WhyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        uncertainty.correlation_delete(
            actor=request.user, correlation=correlation, why=form.cleaned_data["why"]
        )
        messages.success(request, _("Correlation removed."))
        return _to_case(request, correlation.case)
    return TemplateResponse(
        request, "cases/row_delete.html", {"case": correlation.case, "name": name, "form": form}
    )


# --- a linked hypothesis' verdict ----------------------------------------------------------


@access.workspace_view(need=Need.EDIT)
def case_verdict(request: WorkspaceRequest, pk: int) -> HttpResponse:
    """Take the offered verdict into a benefit input ("apply") or leave the case as it is
    ("dismiss"); POST only, from the offer on the case page."""
    case = get_case_for(request.member, pk, need=Need.EDIT)
    found = verdicts.offer(case)
    if request.method != "POST" or found is None:
        return _to_case(request, case)
    form = VerdictForm(request.POST, inputs=verdicts.benefit_inputs(case))
    if form.is_valid() and form.cleaned_data["verdict"] != found.verdict.pk:
        form.add_error(None, _("A newer verdict came in meanwhile; look at it first."))
    if form.is_valid():
        data = form.cleaned_data
        try:
            if request.POST.get("decision") == "apply":
                verdicts.verdict_apply(actor=request.user, case=case, verdict=found.verdict,
                                       target=data["target"], lower=data["lower"],
                                       upper=data["upper"], why=data["why"])  # fmt: skip
                messages.success(request, _("The benefit input now holds the measured range."))
            else:
                verdicts.verdict_dismiss(
                    actor=request.user, case=case, verdict=found.verdict, why=data["why"]
                )
                messages.success(request, _("The case stays as it was."))
        except ValidationError as error:
            apply_errors(form, error)
        else:
            return _to_case(request, case)
    return TemplateResponse(
        request, "cases/verdict_form.html", {"case": case, "offer": found, "form": form}
    )
