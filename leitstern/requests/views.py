"""Requests pages: the list, a request with its triage, the triage inbox, commitments,
account pages for sales and the revenue roll-ups. Each view: access → form → service →
redirect or render."""

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

from leitstern.core.forms import apply_errors, run_with_message
from leitstern.core.http import WorkspaceRequest
from leitstern.core.imports.models import ImportJob
from leitstern.core.versioning import EditConflict
from leitstern.customers.access import get_organisation_for
from leitstern.customers.models import Organisation
from leitstern.requests import selectors, services
from leitstern.requests.access import can_see_revenue, get_commitment_for, get_request_for
from leitstern.requests.forms import (
    AccountForm,
    CommentForm,
    CommitmentForm,
    ImportForm,
    MergeForm,
    MoveForm,
    RequestEditForm,
    RequestForm,
    SettingsForm,
    TriageForm,
)
from leitstern.requests.importers import REQUESTS
from leitstern.requests.models import Commitment, CommitmentState, Status
from leitstern.requests.selectors import revenue, sales
from leitstern.workspaces.access import workspace_view
from leitstern.workspaces.imports import ImportPages
from leitstern.workspaces.models import Need

PAGE = 50


def _account(data: dict) -> services.AccountInput:
    return services.AccountInput(
        organisation=data["organisation"],
        arr=data["arr"],
        deal=data.get("deal") or "",
        stage=data.get("stage") or "",
        amount=data.get("amount"),
        close_date=data.get("close_date"),
    )


def _to_request(request: WorkspaceRequest, pk: int) -> HttpResponse:
    return redirect("requests:detail", slug=request.workspace.slug, pk=pk)


@workspace_view(need=Need.VIEW)
def index(request: WorkspaceRequest) -> HttpResponse:
    status = request.GET.get("status", "open")
    if status not in ("open", "all", *Status.values):
        status = "open"
    rows = selectors.listed(request.workspace, status="" if status == "all" else status)
    page = Paginator(rows, PAGE).get_page(request.GET.get("page"))
    page.object_list = selectors.add_revenue(page.object_list)
    filters = [("open", _("open")), ("all", _("all"))] + [
        (v, label) for v, label in Status.choices if v != Status.MERGED
    ]
    return TemplateResponse(
        request,
        "requests/index.html",
        {
            "page": page,
            "status": status,
            "filters": filters,
            "query": f"status={status}",
            "currency": selectors.settings_for(request.workspace).currency,
            "revenue_visible": can_see_revenue(request.member),
        },
    )


@workspace_view(need=Need.EDIT)
def inbox(request: WorkspaceRequest) -> HttpResponse:
    found = selectors.settings_for(request.workspace)
    page = Paginator(selectors.inbox(request.workspace), PAGE).get_page(request.GET.get("page"))
    cutoff = selectors.ageing_cutoff(request.workspace)
    return TemplateResponse(
        request,
        "requests/inbox.html",
        {"page": page, "cutoff": cutoff, "settings": found, "currency": found.currency},
    )


@workspace_view(need=Need.CONTRIBUTE)
def new(request: WorkspaceRequest) -> HttpResponse:
    initial = {}
    if "organisation" in request.GET:
        initial["organisation"] = request.GET["organisation"]
    form = RequestForm(request.POST or None, workspace=request.workspace, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            created = services.request_create(
                actor=request.user,
                workspace=request.workspace,
                title=data["title"],
                problem=data["problem"],
                source=data["source"],
                urgency=data["urgency"],
                deadline=data["deadline"],
                accounts=[_account(data)],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Request submitted."))
            return _to_request(request, created.pk)
    return TemplateResponse(request, "requests/form.html", {"form": form, "loaded": None})


@workspace_view(need=Need.EDIT)
def edit(request: WorkspaceRequest, pk: int) -> HttpResponse:
    loaded = get_request_for(request.member, pk, need=Need.EDIT)
    form = RequestEditForm(request.POST or None, workspace=request.workspace, loaded=loaded)
    if request.method == "POST" and form.is_valid():
        try:
            services.request_update(
                actor=request.user,
                request=loaded,
                version=form.loaded_version,
                **form.changed_values(),
            )
        except EditConflict as conflict:
            form = form.after_conflict(conflict)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return _to_request(request, loaded.pk)
    return TemplateResponse(request, "requests/form.html", {"form": form, "loaded": loaded})


def _detail(request: WorkspaceRequest, found, **forms_) -> HttpResponse:
    workspace = request.workspace
    context = {
        "found": found,
        "accounts": selectors.accounts_of(found),
        "comments": list(found.comments.select_related("author")),
        "commitments": selectors.commitments_with_risk(found.commitments.all()),
        "merged": list(found.merged.order_by("title")),
        "currency": selectors.settings_for(workspace).currency,
        "loop_message": services.loop_message(found) if found.status == Status.RELEASED else "",
        "revenue_visible": can_see_revenue(request.member),
    }
    context["revenue"] = sum((a.arr for a in context["accounts"]), 0)
    if request.member.can_edit and found.status != Status.MERGED:
        context["triage_form"] = forms_.get("triage_form") or TriageForm(
            workspace=workspace,
            initial={
                "status": found.status,
                "opportunity": found.opportunity_id,
                "roadmap_item": found.roadmap_item_id,
                "reason": found.reason,
                "answer": found.answer,
                "version": found.version,
            },
        )
    if request.member.can_contribute and found.status != Status.MERGED:
        context["comment_form"] = forms_.get("comment_form") or CommentForm()
        context["account_form"] = forms_.get("account_form") or AccountForm(workspace=workspace)
    return TemplateResponse(request, "requests/detail.html", context)


@workspace_view(need=Need.VIEW)
def detail(request: WorkspaceRequest, pk: int) -> HttpResponse:
    return _detail(request, get_request_for(request.member, pk))


@require_POST
@workspace_view(need=Need.EDIT)
def triage(request: WorkspaceRequest, pk: int) -> HttpResponse:
    found = get_request_for(request.member, pk, need=Need.EDIT)
    form = TriageForm(request.POST, workspace=request.workspace)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.request_triage(
                actor=request.user,
                request=found,
                status=data["status"],
                opportunity=data["opportunity"],
                roadmap_item=data["roadmap_item"],
                reason=data["reason"],
                answer=data["answer"],
                version=data["version"],
            )
        except EditConflict:
            form.add_error(None, _("Someone else triaged this request meanwhile; see below."))
            found = get_request_for(request.member, pk, need=Need.EDIT)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Triage saved."))
            return _to_request(request, found.pk)
    return _detail(request, found, triage_form=form)


@require_POST
@workspace_view(need=Need.CONTRIBUTE)
def comment(request: WorkspaceRequest, pk: int) -> HttpResponse:
    found = get_request_for(request.member, pk, need=Need.CONTRIBUTE)
    form = CommentForm(request.POST)
    if form.is_valid():
        services.comment_add(actor=request.user, request=found, body=form.cleaned_data["body"])
        return _to_request(request, found.pk)
    return _detail(request, found, comment_form=form)


@require_POST
@workspace_view(need=Need.CONTRIBUTE)
def account_add(request: WorkspaceRequest, pk: int) -> HttpResponse:
    found = get_request_for(request.member, pk, need=Need.CONTRIBUTE)
    form = AccountForm(request.POST, workspace=request.workspace)
    if form.is_valid():
        try:
            services.account_add(
                actor=request.user, request=found, account=_account(form.cleaned_data)
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Organisation added."))
            return _to_request(request, found.pk)
    return _detail(request, found, account_form=form)


@workspace_view(need=Need.EDIT)
def merge(request: WorkspaceRequest, pk: int) -> HttpResponse:
    found = get_request_for(request.member, pk, need=Need.EDIT)
    form = MergeForm(request.POST or None, request=found)
    if request.method == "POST" and form.is_valid():
        try:
            services.request_merge(
                actor=request.user, target=found, sources=list(form.cleaned_data["sources"])
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Requests merged."))
            return _to_request(request, found.pk)
    return TemplateResponse(request, "requests/merge.html", {"found": found, "form": form})


@require_POST
@workspace_view(need=Need.EDIT)
def close_loop(request: WorkspaceRequest, pk: int) -> HttpResponse:
    found = get_request_for(request.member, pk, need=Need.EDIT)
    run_with_message(
        request,
        lambda: services.loop_close(actor=request.user, request=found),
        _("Marked as told. Send the customer the message shown on the page."),
    )
    return _to_request(request, found.pk)


# --- commitments ----------------------------------------------------------------------------


@workspace_view(need=Need.VIEW)
def commitments(request: WorkspaceRequest) -> HttpResponse:
    show = request.GET.get("show", "live")
    rows = selectors.commitments_of(request.workspace)
    if show == "live":
        rows = rows.filter(state__in=(CommitmentState.PROPOSED, CommitmentState.COMMITTED))
    else:
        show = "all"
    page = Paginator(selectors.by_risk(rows), PAGE).get_page(request.GET.get("page"))
    listed = Commitment.objects.filter(pk__in=[c.pk for c in page.object_list])
    return TemplateResponse(
        request,
        "requests/commitments.html",
        {
            "rows": selectors.commitments_with_risk(listed),
            "show": show,
            "page": page,
            "query": f"show={show}",
        },
    )


@workspace_view(need=Need.CONTRIBUTE)
def commitment_new(request: WorkspaceRequest) -> HttpResponse:
    source = None
    initial = {}
    organisations = None
    if request.GET.get("request") or request.POST.get("request"):
        source = get_request_for(
            request.member,
            request.GET.get("request") or request.POST.get("request"),
            need=Need.CONTRIBUTE,
        )
        from leitstern.customers.models import Organisation

        organisations = Organisation.objects.filter(sales_requests__request=source).order_by("name")
        initial = {
            "what": source.title,
            "roadmap_item": source.roadmap_item_id,
            "organisation": organisations.values_list("pk", flat=True).first(),
        }
    form = CommitmentForm(
        request.POST or None,
        workspace=request.workspace,
        organisations=organisations,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            created = services.commitment_propose(
                actor=request.user,
                workspace=request.workspace,
                organisation=data["organisation"],
                what=data["what"],
                due_on=data["due_on"],
                contractual=data["contractual"],
                roadmap_item=data["roadmap_item"],
                request=source,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Commitment proposed; product decides on it."))
            return redirect("requests:commitment", slug=request.workspace.slug, pk=created.pk)
    return TemplateResponse(
        request, "requests/commitment_form.html", {"form": form, "source": source}
    )


@workspace_view(need=Need.VIEW)
def commitment(request: WorkspaceRequest, pk: int) -> HttpResponse:
    found = get_commitment_for(request.member, pk)
    return TemplateResponse(
        request,
        "requests/commitment.html",
        {
            "found": found,
            "risk": selectors.risk_of(found),
            "changes": list(found.date_changes.select_related("by")),
            "move_form": MoveForm(initial={"due_on": found.due_on}),
        },
    )


@require_POST
@workspace_view(need=Need.EDIT)
def commitment_decide(request: WorkspaceRequest, pk: int) -> HttpResponse:
    found = get_commitment_for(request.member, pk, need=Need.EDIT)
    approve = request.POST.get("decision") == "approve"
    run_with_message(
        request,
        lambda: services.commitment_decide(actor=request.user, commitment=found, approve=approve),
        _("Commitment approved.") if approve else _("Commitment declined."),
    )
    return redirect("requests:commitment", slug=request.workspace.slug, pk=found.pk)


@workspace_view(need=Need.EDIT)
def commitment_move(request: WorkspaceRequest, pk: int) -> HttpResponse:
    found = get_commitment_for(request.member, pk, need=Need.EDIT)
    form = MoveForm(request.POST or None, initial={"due_on": found.due_on})
    if request.method == "POST" and form.is_valid():
        try:
            services.commitment_move(
                actor=request.user,
                commitment=found,
                due_on=form.cleaned_data["due_on"],
                why=form.cleaned_data["why"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Date moved; the sales owner is told."))
            return redirect("requests:commitment", slug=request.workspace.slug, pk=found.pk)
    return TemplateResponse(request, "requests/move.html", {"found": found, "form": form})


@require_POST
@workspace_view(need=Need.EDIT)
def commitment_settle(request: WorkspaceRequest, pk: int) -> HttpResponse:
    found = get_commitment_for(request.member, pk, need=Need.EDIT)
    kept = request.POST.get("outcome") == "kept"
    run_with_message(
        request,
        lambda: services.commitment_settle(actor=request.user, commitment=found, kept=kept),
        _("Recorded as kept.") if kept else _("Recorded as broken."),
    )
    return redirect("requests:commitment", slug=request.workspace.slug, pk=found.pk)


# --- for sales: accounts and roll-ups ---------------------------------------------------------


@workspace_view(need=Need.VIEW)
def accounts(request: WorkspaceRequest) -> HttpResponse:
    page = Paginator(selectors.accounts_asking(request.workspace), PAGE).get_page(
        request.GET.get("page")
    )
    return TemplateResponse(
        request,
        "requests/accounts.html",
        {
            "page": page,
            "currency": selectors.settings_for(request.workspace).currency,
            "revenue_visible": can_see_revenue(request.member),
        },
    )


@workspace_view(need=Need.VIEW)
def account(request: WorkspaceRequest, pk: int) -> HttpResponse:
    organisation = get_organisation_for(request.member, pk)
    return TemplateResponse(
        request,
        "requests/account.html",
        {
            "data": selectors.account_page(organisation),
            "currency": selectors.settings_for(request.workspace).currency,
            "revenue_visible": can_see_revenue(request.member),
        },
    )


def _link_asks(slug: str, data: sales.SalesRoadmap) -> None:
    """The account and request links of the listed asks, and where the promises link to,
    each URL resolved once and the ids put in: up to ``sales.ASKS`` requests per item,
    each with its accounts, took a URL lookup per link."""
    marker = "2147483647"

    def pattern(name: str) -> tuple[str, str]:
        before, after = reverse(name, kwargs={"slug": slug, "pk": int(marker)}).rsplit(marker, 1)
        return before, after

    account, detail = pattern("requests:account"), pattern("requests:detail")
    item = pattern("roadmap:item")
    data.commitment_link = pattern("requests:commitment")
    for lane in data.lanes:
        for row in lane.items:
            if row.more_asks:
                row.more_url = f"{item[0]}{row.item.pk}{item[1]}"
            for ask in row.asks:
                ask.request_url = f"{detail[0]}{ask.request_id}{detail[1]}"
                for asking in ask.accounts:
                    asking.url = f"{account[0]}{asking.pk}{account[1]}"


@workspace_view(need=Need.VIEW)
def sales_roadmap(request: WorkspaceRequest) -> HttpResponse:
    """The roadmap at the detail sales may share; ``?mine=1`` only the items answering
    the requests of the reader's accounts, ``?account=<id>`` those of one account."""
    account = None
    organisations = None
    mine = False
    if request.GET.get("account"):
        account = get_organisation_for(request.member, request.GET["account"])
        organisations = Organisation.objects.filter(pk=account.pk)
    elif request.GET.get("mine"):
        mine = True
    data = sales.sales_roadmap(
        request.workspace, organisations=organisations, person=request.user if mine else None
    )
    _link_asks(request.workspace.slug, data)
    return TemplateResponse(
        request,
        "requests/sales_roadmap.html",
        {
            "data": data,
            "account": account,
            "mine": mine,
        },
    )


@workspace_view(need=Need.VIEW)
def rollups(request: WorkspaceRequest) -> HttpResponse:
    by = "opportunity" if request.GET.get("by") == "opportunity" else "roadmap_item"
    found = revenue.rollups(request.workspace, by=by, limit=200)
    return TemplateResponse(
        request,
        "requests/rollups.html",
        {
            "rows": revenue.rollup_targets(request.workspace, found, by=by),
            "by": by,
            "currency": selectors.settings_for(request.workspace).currency,
            "revenue_visible": can_see_revenue(request.member),
        },
    )


@workspace_view(need=Need.EDIT)
def settings_edit(request: WorkspaceRequest) -> HttpResponse:
    loaded = selectors.settings_for(request.workspace)
    form = SettingsForm(request.POST or None, workspace=request.workspace, loaded=loaded)
    if request.method == "POST" and form.is_valid():
        changed = form.changed_values()
        if changed:
            values = {f: getattr(loaded, f) for f in SettingsForm.edit_fields} | changed
            try:
                services.settings_update(
                    actor=request.user,
                    workspace=request.workspace,
                    version=form.loaded_version if loaded.pk else None,
                    **values,
                )
            except EditConflict as conflict:
                form = form.after_conflict(conflict)
                return TemplateResponse(request, "requests/settings.html", {"form": form})
        messages.success(request, _("Saved."))
        return redirect("requests:index", slug=request.workspace.slug)
    return TemplateResponse(request, "requests/settings.html", {"form": form})


@workspace_view(need=Need.VIEW)
def alignment(request: WorkspaceRequest) -> HttpResponse:
    current = selectors.Quarter.of(selectors.today())
    quarter = selectors.Quarter.parse(request.GET.get("quarter", ""), default=current)
    return TemplateResponse(
        request,
        "requests/alignment.html",
        {
            "data": selectors.alignment(request.workspace, quarter),
            "previous": quarter.previous(),
            "next": quarter.next() if quarter != current else None,
        },
    )


# --- import -----------------------------------------------------------------------------------


def _imported(job: ImportJob) -> str:
    return _("%(count)d requests imported.") % {"count": job.created_count}


import_upload, import_job, import_apply = ImportPages(
    importer=REQUESTS,
    form=ImportForm,
    url_name="requests:import",
    upload_template="requests/import.html",
    job_template="requests/import_job.html",
    done_url_name="requests:index",
    done_message=_imported,
).views()
