"""Pages that edit a case's yes/no events and the correlations between its inputs: access →
form → service → back to the case, like the line and phase editors."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

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
from leitstern.cases.models import BusinessCase, CaseCorrelation, CaseEvent
from leitstern.core.forms import apply_errors
from leitstern.core.http import WorkspaceRequest
from leitstern.workspaces import access
from leitstern.workspaces.models import Need


def _to_case(request: WorkspaceRequest, case: BusinessCase) -> HttpResponse:
    response = redirect("cases:case", slug=request.workspace.slug, pk=case.pk)
    response["Location"] += "#uncertainty"
    return response


# --- yes/no events -------------------------------------------------------------------------


def _saved(
    request: WorkspaceRequest,
    case: BusinessCase,
    form: Any,  # an EventForm or a CorrelationForm (model forms)
    save: Callable[[dict[str, Any]], object],
    message: str,
) -> HttpResponse | None:
    """Save a valid posted form through ``save`` (its service, with the why and the revision
    the form was opened at): back to the case on success, ``None`` to show the form again
    with the service's refusals by field."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        save(form.cleaned_data)
    except ValidationError as error:
        apply_errors(form, error)
        return None
    messages.success(request, message)
    return _to_case(request, case)


def _event_form(
    request: WorkspaceRequest, case: BusinessCase, event: CaseEvent | None
) -> HttpResponse:
    """A new event (``event`` None) or an existing one, with one form and one page."""
    initial: dict[str, Any] = {"revision": case.revision}
    if event is not None:
        initial |= {"name": event.name, "probability": event.probability, "note": event.note}
    form = EventForm(request.POST or None, initial=initial)

    def save(data: dict[str, Any]) -> object:
        kept = {"actor": request.user, "why": data["why"], "revision": data["revision"]}
        if event is None:
            return uncertainty.event_create(case=case, **kept, **form.event_data())
        return uncertainty.event_update(event=event, **kept, **form.event_data())

    message = _("Event added.") if event is None else _("Event saved.")
    return _saved(request, case, form, save, message) or TemplateResponse(
        request, "cases/event_form.html", {"case": case, "event": event, "form": form}
    )


@access.workspace_view(need=Need.EDIT)
def event_new(request: WorkspaceRequest, pk: int) -> HttpResponse:
    return _event_form(request, get_case_for(request.member, pk, need=Need.EDIT), None)


@access.workspace_view(need=Need.EDIT)
def event_edit(request: WorkspaceRequest, pk: int) -> HttpResponse:
    event = get_event_for(request.member, pk, need=Need.EDIT)
    return _event_form(request, event.case, event)


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


def _correlation_form(
    request: WorkspaceRequest, case: BusinessCase, correlation: CaseCorrelation | None
) -> HttpResponse:
    """A new correlation (``correlation`` None) or an existing one: a new one chooses among
    the uncertain inputs; an existing one also keeps the inputs it names."""
    if correlation is None:
        inputs = uncertain_inputs(case)
        initial: dict[str, Any] = {"revision": case.revision, "rank": 0.5}
    else:
        inputs = list(input_labels(case).items())
        initial = {
            "first": correlation.first,
            "second": correlation.second,
            "rank": correlation.rank,
            "note": correlation.note,
            "revision": case.revision,
        }
    form = CorrelationForm(request.POST or None, inputs=inputs, initial=initial)

    def save(data: dict[str, Any]) -> object:
        kept = {"actor": request.user, "why": data["why"], "revision": data["revision"]}
        if correlation is None:
            return uncertainty.correlation_create(case=case, **kept, **form.correlation_data())
        return uncertainty.correlation_update(
            correlation=correlation, **kept, **form.correlation_data()
        )

    message = _("Correlation added.") if correlation is None else _("Correlation saved.")
    return _saved(request, case, form, save, message) or TemplateResponse(
        request,
        "cases/correlation_form.html",
        {"case": case, "correlation": correlation, "form": form},
    )


@access.workspace_view(need=Need.EDIT)
def correlation_new(request: WorkspaceRequest, pk: int) -> HttpResponse:
    return _correlation_form(request, get_case_for(request.member, pk, need=Need.EDIT), None)


@access.workspace_view(need=Need.EDIT)
def correlation_edit(request: WorkspaceRequest, pk: int) -> HttpResponse:
    correlation = get_correlation_for(request.member, pk, need=Need.EDIT)
    return _correlation_form(request, correlation.case, correlation)


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
