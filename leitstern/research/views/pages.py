"""The research home (cadence and coverage), search, settings."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from leitstern.core.forms import apply_errors
from leitstern.core.http import WorkspaceRequest
from leitstern.core.versioning import EditConflict
from leitstern.research import search, services
from leitstern.research.cadence import cadence
from leitstern.research.forms import ResearchSettingsForm, SearchForm
from leitstern.research.models import ResearchSettings
from leitstern.workspaces import access
from leitstern.workspaces.models import Need

RESULTS = 20


@access.workspace_view(need=Need.VIEW)
def index(request: WorkspaceRequest) -> HttpResponse:
    """Conversations per week against the goal, per interviewer, the coverage of segments ×
    personas, the share of second-hand evidence; for the workspace or one product."""
    products = list(request.workspace.products.active())
    product = None
    chosen = request.GET.get("product", "")
    if chosen.isdigit():
        product = next((p for p in products if p.pk == int(chosen)), None)
    today = timezone.localdate()
    numbers = cadence(request.workspace, today=today, product=product)
    return TemplateResponse(
        request,
        "research/index.html",
        {"cadence": numbers, "products": products, "product": product, "today": today},
    )


@access.workspace_view(need=Need.VIEW)
def search_page(request: WorkspaceRequest) -> HttpResponse:
    form = SearchForm(request.GET or None, workspace=request.workspace)
    results = None
    if form.is_valid() and form.cleaned_data["q"]:
        data = form.cleaned_data
        filters = search.Filters(
            kinds=(data["kind"],) if data["kind"] else (),
            segment=data["segment"].pk if data["segment"] else None,
            persona=data["persona"].pk if data["persona"] else None,
            tag=data["tag"].pk if data["tag"] else None,
            source=data["source"],
            date_from=data["date_from"],
            date_to=data["date_to"],
        )
        results = search.search(
            workspace=request.workspace,
            user=request.user,
            query=data["q"],
            filters=filters,
            limit=RESULTS,
        )
    template = "research/search.html"
    if request.htmx and not request.htmx.boosted:
        template += "#results"
    return TemplateResponse(request, template, {"form": form, "results": results})


@access.workspace_view(need=Need.EDIT)
def settings_edit(request: WorkspaceRequest) -> HttpResponse:
    current = ResearchSettings.for_workspace(request.workspace)
    form = ResearchSettingsForm(request.POST or None, loaded=current)
    if request.method == "POST" and form.is_valid():
        try:
            services.research_settings_update(
                actor=request.user,
                workspace=request.workspace,
                version=form.loaded_version,
                **form.changed_values(),
            )
        except EditConflict as conflict:
            form = form.after_conflict(conflict)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Research settings saved."))
            return redirect("research:index", slug=request.workspace.slug)
    return TemplateResponse(request, "research/settings.html", {"form": form})


@access.workspace_view(need=Need.VIEW)
def processing(request: WorkspaceRequest) -> HttpResponse:
    """The record of processing (GDPR Art. 30) for research in this workspace: what is
    stored, why, and for how long, from the workspace's own settings."""
    return TemplateResponse(
        request,
        "research/processing.html",
        {"settings": ResearchSettings.for_workspace(request.workspace)},
    )
