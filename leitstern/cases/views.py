"""Pages of business cases: the portfolio, a case with its lines and its result, the editors
of the case, its lines, phases and actuals, and the exports."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from leitstern.cases import actuals, charts, comparison, exports, scenarios, selectors, services
from leitstern.cases.access import get_actual_for, get_case_for, get_line_for, get_phase_for
from leitstern.cases.forms import (
    ActualForm,
    CaseForm,
    CaseNewForm,
    CompareForm,
    LineForm,
    PhaseForm,
    WhyForm,
)
from leitstern.cases.inputs import uncertainty_rows
from leitstern.cases.models import (
    BENEFIT_DRIVERS,
    COST_DRIVERS,
    BusinessCase,
    CaseLine,
    CasePhase,
    Driver,
    LineKind,
)
from leitstern.cases.verdicts import verdict_offer
from leitstern.core.forms import apply_errors
from leitstern.core.http import WorkspaceRequest
from leitstern.core.versioning import EditConflict
from leitstern.workspaces import access
from leitstern.workspaces.models import Need


def _to_case(request: WorkspaceRequest, case: BusinessCase, anchor: str = "") -> HttpResponse:
    response = redirect("cases:case", slug=request.workspace.slug, pk=case.pk)
    if anchor:
        response["Location"] += f"#{anchor}"
    return response


def _can_edit(request: WorkspaceRequest) -> bool:
    return request.member.can(Need.EDIT)


@access.workspace_view(need=Need.VIEW)
def index(request: WorkspaceRequest) -> HttpResponse:
    """The portfolio: every case ranked by expected net present value, with its risk."""
    return TemplateResponse(
        request,
        "cases/index.html",
        {"rows": selectors.portfolio(request.workspace), "can_edit": _can_edit(request)},
    )


@access.workspace_view(need=Need.EDIT)
def case_new(request: WorkspaceRequest) -> HttpResponse:
    form = CaseNewForm(request.POST or None, workspace=request.workspace)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            case = services.case_create(
                actor=request.user,
                workspace=request.workspace,
                name=data["name"],
                template=data["template"],
                question=data["question"],
                roadmap_item=data["roadmap_item"],
                opportunity=data["opportunity"],
                hypothesis=data["hypothesis"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Business case started."))
            return _to_case(request, case)
    return TemplateResponse(request, "cases/case_new.html", {"form": form})


def _result_context(case: BusinessCase) -> dict[str, Any]:
    result = case.result
    if not result:
        return {"result": None}
    inputs = selectors.inputs(case, result)
    return {
        "result": result,
        "summary": selectors.summary(case, result),
        "charts": charts.page_charts(case, result),
        "inputs": inputs,
        "by_evpi": sorted(inputs, key=lambda row: -row.evpi),
        "costs": [
            (selectors.category_label(name), value, result["costs"]["shares"].get(name, 0))
            for name, value in result["costs"]["by_category"].items()
            if value
        ],
        "people_share": result["costs"].get("people_share"),
        "det": result["deterministic"],
    }


@access.workspace_view(need=Need.VIEW)
def case_detail(request: WorkspaceRequest, pk: int) -> HttpResponse:
    """The case: its result (when computed) beside its assumptions, grouped by kind,
    category and phase, and its history."""
    case = get_case_for(request.member, pk)
    lines = list(case.lines.all())
    phases = list(case.phases.all())
    recorded = list(case.actuals.all())
    costs = [line for line in lines if line.kind == LineKind.COST]
    benefits = [line for line in lines if line.kind == LineKind.BENEFIT]
    context = {
        "case": case,
        "phases": phases,
        "sections": [
            ("cost", costs, [Driver(d) for d in COST_DRIVERS]),
            ("benefit", benefits, [Driver(d) for d in BENEFIT_DRIVERS]),
        ],
        "actuals": recorded,
        **uncertainty_rows(case, phases, lines),
        "plan_actual": selectors.plan_and_actuals(case, phases, lines, recorded),
        "plan_by_category": actuals.plan_by_category(case, phases, lines, recorded),
        **verdict_offer(case, _can_edit(request)),
        "history": selectors.history(case, 20),
        "can_edit": _can_edit(request),
        "scenarios": list(case.scenarios.order_by("scenario", "pk").only("id", "name")),
        **_result_context(case),
    }
    if request.headers.get("HX-Request") and request.GET.get("part") == "result":
        return TemplateResponse(request, "cases/case.html#result", context)
    return TemplateResponse(request, "cases/case.html", context)


@access.workspace_view(need=Need.VIEW)
def case_print(request: WorkspaceRequest, pk: int) -> HttpResponse:
    """The one-pager: the question, the result in words and the main numbers."""
    case = get_case_for(request.member, pk)
    return TemplateResponse(request, "cases/print.html", {"case": case, **_result_context(case)})


@access.workspace_view(need=Need.EDIT)
def case_edit(request: WorkspaceRequest, pk: int) -> HttpResponse:
    case = get_case_for(request.member, pk, need=Need.EDIT)
    form = CaseForm(request.POST or None, loaded=case, workspace=request.workspace)
    if request.method == "POST" and form.is_valid():
        try:
            services.case_update(
                actor=request.user,
                case=case,
                version=form.loaded_version,
                why=form.cleaned_data["why"],
                **form.changed_values(),
            )
        except EditConflict as conflict:
            form = form.after_conflict(conflict)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Business case saved."))
            return _to_case(request, case)
    return TemplateResponse(request, "cases/case_form.html", {"case": case, "form": form})


@access.workspace_view(need=Need.EDIT)
def case_delete(request: WorkspaceRequest, pk: int) -> HttpResponse:
    case = get_case_for(request.member, pk, need=Need.EDIT)
    form = WhyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.case_delete(actor=request.user, case=case, why=form.cleaned_data["why"])
        messages.success(request, _("Business case deleted."))
        return redirect("cases:index", slug=request.workspace.slug)
    return TemplateResponse(request, "cases/case_delete.html", {"case": case, "form": form})


@access.workspace_view(need=Need.EDIT)
def case_compute(request: WorkspaceRequest, pk: int) -> HttpResponse:
    """Run the simulation (POST); the result page shows it when it is done."""
    case = get_case_for(request.member, pk, need=Need.EDIT)
    if request.method != "POST":
        return _to_case(request, case)
    services.case_compute(actor=request.user, case=case)
    case.refresh_from_db()
    if case.result_is_current:
        messages.success(request, _("Simulation done."))
    else:
        messages.info(
            request,
            _("The simulation runs in the background; this page shows its result when it is done."),
        )
    return _to_case(request, case, "result")


@access.workspace_view(need=Need.EDIT)
def case_scenarios(request: WorkspaceRequest, pk: int) -> HttpResponse:
    """Make a conservative and an optimistic copy of the case (POST) and compare the three."""
    case = get_case_for(request.member, pk, need=Need.EDIT)
    if request.method != "POST":
        return _to_case(request, case)
    try:
        made = scenarios.scenarios_make(actor=request.user, case=case)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return _to_case(request, case)
    three = [case, *made]
    services.comparison_start(workspace=request.workspace, cases=three)
    messages.success(request, _("Conservative and optimistic scenarios made."))
    return redirect(_compare_url(request, [c.pk for c in three]) + "#compared")


# --- lines ---------------------------------------------------------------------------------


def _line_page(
    request: WorkspaceRequest, case: BusinessCase, kind: str, driver: str, line: CaseLine | None
) -> HttpResponse:
    """The line form of both a new line and a line's change: the same fields, checks and
    template; only the service and the message differ."""
    initial = (
        {"revision": case.revision, "recurring": True}
        if line is None
        else LineForm.initial_for(line, case.revision)
    )
    form = LineForm(request.POST or None, case=case, kind=kind, driver=driver, initial=initial)
    if request.method == "POST" and form.is_valid():
        common = {
            "actor": request.user,
            "why": form.cleaned_data["why"],
            "revision": form.cleaned_data["revision"],
            **form.line_data(),
        }
        try:
            if line is None:
                services.line_create(case=case, kind=kind, driver=driver, **common)
            else:
                services.line_update(line=line, **common)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Line added.") if line is None else _("Line saved."))
            return _to_case(request, case, kind)
    return TemplateResponse(
        request,
        "cases/line_form.html",
        {
            "case": case,
            "form": form,
            "line": line,
            "kind": LineKind(kind),
            "driver": Driver(driver),
        },
    )


@access.workspace_view(need=Need.EDIT)
def line_new(request: WorkspaceRequest, pk: int, kind: str, driver: str) -> HttpResponse:
    case = get_case_for(request.member, pk, need=Need.EDIT)
    drivers = COST_DRIVERS if kind == LineKind.COST else BENEFIT_DRIVERS
    if kind not in LineKind.values or driver not in drivers:
        raise Http404
    return _line_page(request, case, kind, driver, None)


@access.workspace_view(need=Need.EDIT)
def line_edit(request: WorkspaceRequest, pk: int) -> HttpResponse:
    line = get_line_for(request.member, pk, need=Need.EDIT)
    return _line_page(request, line.case, line.kind, line.driver, line)


@access.workspace_view(need=Need.EDIT)
def line_delete(request: WorkspaceRequest, pk: int) -> HttpResponse:
    line = get_line_for(request.member, pk, need=Need.EDIT)
    form = WhyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.line_delete(actor=request.user, line=line, why=form.cleaned_data["why"])
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Line removed."))
            return _to_case(request, line.case, line.kind)
    return TemplateResponse(
        request, "cases/line_delete.html", {"case": line.case, "line": line, "form": form}
    )


def _phase_page(
    request: WorkspaceRequest, case: BusinessCase, phase: CasePhase | None
) -> HttpResponse:
    """The phase form of both a new phase and a phase's change."""
    initial: dict[str, Any] = {"revision": case.revision}
    if phase is None:
        initial.update(start_month=1, end_month=case.horizon_months)
    form = PhaseForm(request.POST or None, instance=phase, initial=initial)
    if request.method == "POST" and form.is_valid():
        common = {
            "actor": request.user,
            "why": form.cleaned_data["why"],
            "revision": form.cleaned_data["revision"],
            **form.phase_data(),
        }
        try:
            if phase is None:
                services.phase_create(case=case, **common)
            else:
                phase.refresh_from_db()  # the form wrote its values on the instance
                services.phase_update(phase=phase, **common)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Phase added.") if phase is None else _("Phase saved."))
            return _to_case(request, case, "phases")
    return TemplateResponse(
        request, "cases/phase_form.html", {"case": case, "phase": phase, "form": form}
    )


@access.workspace_view(need=Need.EDIT)
def phase_new(request: WorkspaceRequest, pk: int) -> HttpResponse:
    return _phase_page(request, get_case_for(request.member, pk, need=Need.EDIT), None)


@access.workspace_view(need=Need.EDIT)
def phase_edit(request: WorkspaceRequest, pk: int) -> HttpResponse:
    phase = get_phase_for(request.member, pk, need=Need.EDIT)
    return _phase_page(request, phase.case, phase)


# --- actuals -------------------------------------------------------------------------------


@access.workspace_view(need=Need.EDIT)
def actual_new(request: WorkspaceRequest, pk: int) -> HttpResponse:
    case = get_case_for(request.member, pk, need=Need.EDIT)
    recorded = case.actuals.order_by("-month").values_list("month", flat=True).first()
    form = ActualForm(request.POST or None, initial={"month": (recorded or 0) + 1})
    if request.method == "POST" and form.is_valid():
        try:
            actuals.actual_record(actor=request.user, case=case, **form.actual_data())
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Actuals recorded."))
            return _to_case(request, case, "actuals")
    return TemplateResponse(request, "cases/actual_form.html", {"case": case, "form": form})


@access.workspace_view(need=Need.EDIT)
def actual_delete(request: WorkspaceRequest, pk: int) -> HttpResponse:
    actual = get_actual_for(request.member, pk, need=Need.EDIT)
    if request.method == "POST":
        actuals.actual_delete(actor=request.user, actual=actual)
        messages.success(request, _("Actuals removed."))
    return _to_case(request, actual.case, "actuals")


# --- exports -------------------------------------------------------------------------------


@access.workspace_view(need=Need.VIEW)
def case_csv(request: WorkspaceRequest, pk: int) -> HttpResponse:
    return exports.case_csv(request, get_case_for(request.member, pk))


@access.workspace_view(need=Need.VIEW)
def case_markdown(request: WorkspaceRequest, pk: int) -> HttpResponse:
    return exports.case_markdown(request, get_case_for(request.member, pk))


# --- comparison ----------------------------------------------------------------------------


def _compare_url(request: WorkspaceRequest, ids: list[int]) -> str:
    query = "&".join(f"case={pk}" for pk in ids)
    return reverse("cases:case_compare", kwargs={"slug": request.workspace.slug}) + f"?{query}"


@access.workspace_view(need=Need.VIEW)
def case_compare(request: WorkspaceRequest) -> HttpResponse:
    """Two to six cases side by side, with the chance that one beats another. A read shows
    what is kept (the numbers, or the run's progress); "Compare" (POST) starts the joint
    simulation in the background and comes back here."""
    data = request.POST if request.method == "POST" else request.GET
    bound = request.method == "POST" or ("case" in data and len(data.getlist("case")) > 1)
    form = CompareForm(
        data if bound else None,
        workspace=request.workspace,
        initial={"case": request.GET.getlist("case")},
    )
    context: dict[str, Any] = {"form": form, "compared": None, "outcome": None}
    if bound and form.is_valid():
        ids = form.cleaned_data["case"]
        try:
            cases = comparison.cases_for(request.member, ids)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            if request.method == "POST":
                services.comparison_start(workspace=request.workspace, cases=cases)
                return redirect(_compare_url(request, ids) + "#compared")
            found = comparison.outcome(request.workspace, cases)
            context.update(outcome=found, compared=found.compared, ids=ids)
            if found.compared is not None:
                context["charts"] = comparison.comparison_charts(found.compared)
    if request.headers.get("HX-Request") and request.GET.get("part") == "result":
        return TemplateResponse(request, "cases/compare.html#compared", context)
    return TemplateResponse(request, "cases/compare.html", context)
