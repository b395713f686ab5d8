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
from leitstern.products.access import get_product_for
from leitstern.research import search, services
from leitstern.research.cadence import cadence
from leitstern.research.consent_texts import DEFAULT_VERSION, DEFAULTS
from leitstern.research.forms import (
    ConsentTextForm,
    ReminderForm,
    ResearchSettingsForm,
    SearchForm,
)
from leitstern.research.models import (
    ConsentText,
    Language,
    Purpose,
    ReminderPreference,
    ResearchSettings,
)
from leitstern.research.services.retention import AHEAD_DAYS, retention_due
from leitstern.workspaces import access
from leitstern.workspaces.models import Need

RESULTS = 20


@access.workspace_view(need=Need.VIEW)
def index(request: WorkspaceRequest) -> HttpResponse:
    """Conversations per week against the goal, per interviewer, the coverage of segments ×
    personas, the share of second-hand evidence; for the workspace or one product."""
    chosen = request.GET.get("product", "")
    if chosen.isdigit():
        return redirect("research:product_home", slug=request.workspace.slug, pk=int(chosen))
    return _home(request, None)


@access.workspace_view(need=Need.VIEW)
def product_home(request: WorkspaceRequest, pk: int) -> HttpResponse:
    """The research home of one product: its conversations' cadence and coverage."""
    return _home(request, get_product_for(request.member, pk))


def _home(request: WorkspaceRequest, product) -> HttpResponse:
    products = list(request.workspace.products.active())
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
            offset=_offset(request),
        )
    template = "research/search.html"
    if request.htmx and not request.htmx.boosted:
        template += "#results"
    paging = request.GET.copy()
    paging.pop("offset", None)
    return TemplateResponse(
        request,
        template,
        {"form": form, "results": results, "paging": paging.urlencode()},
    )


def _offset(request: WorkspaceRequest) -> int:
    """The first hit shown (``?offset=``), a multiple of the page size among the ranked
    candidates; anything else starts at the first."""
    given = request.GET.get("offset", "")
    if not given.isdigit() or len(given) > 6:
        return 0
    offset = int(given) - int(given) % RESULTS
    return offset if offset < search.CANDIDATES else 0


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


@access.workspace_view(need=Need.EDIT)
def retention(request: WorkspaceRequest) -> HttpResponse:
    """What the daily runs of the next seven days delete under the retention settings."""
    today = timezone.localdate()
    return TemplateResponse(
        request,
        "research/retention.html",
        {
            "settings": ResearchSettings.for_workspace(request.workspace),
            "due": retention_due(request.workspace, today=today),
            "days": AHEAD_DAYS,
            "today": today,
        },
    )


@access.workspace_view(need=Need.EDIT)
def reminder(request: WorkspaceRequest) -> HttpResponse:
    """The member's own choice about the weekly reminder email."""
    found = ReminderPreference.objects.filter(
        workspace=request.workspace, user=request.user
    ).first()
    initial = {"weekly_email": found.weekly_email if found else True}
    # An unticked box sends nothing: a POST is bound even when empty.
    form = ReminderForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.reminder_preference_set(
            actor=request.user,
            workspace=request.workspace,
            weekly_email=form.cleaned_data["weekly_email"],
        )
        messages.success(request, _("Your choice is saved."))
        return redirect("research:index", slug=request.workspace.slug)
    return TemplateResponse(request, "research/reminder.html", {"form": form})


@access.workspace_view(need=Need.EDIT)
def consent_texts(request: WorkspaceRequest) -> HttpResponse:
    """The texts people read before consenting, per purpose and language: the current
    version of each, a form to publish the next, and every earlier version as proof."""
    form = ConsentTextForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            published = services.consent_text_publish(
                actor=request.user,
                workspace=request.workspace,
                purpose=data["purpose"],
                language=data["language"],
                text=data["text"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request,
                _("Version %(version)s published; consents given before keep their text.")
                % {"version": published.version},
            )
            return redirect("research:consent_texts", slug=request.workspace.slug)
    published = list(
        ConsentText.objects.filter(workspace=request.workspace).select_related("created_by")
    )
    texts = []
    for purpose in Purpose:
        for language in Language:
            versions = [t for t in published if t.purpose == purpose and t.language == language]
            texts.append(
                {
                    "purpose": purpose,
                    "language": language,
                    "current": versions[0] if versions else None,
                    "default": DEFAULTS[purpose][language].format(workspace=request.workspace.name),
                    "default_version": DEFAULT_VERSION,
                    "earlier": versions[1:],
                }
            )
    return TemplateResponse(request, "research/consent_texts.html", {"form": form, "texts": texts})
