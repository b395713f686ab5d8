"""The register: the list, a new stakeholder, one stakeholder's page with every analysis
editable where it is shown, the register edit, and erasure."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from leitstern.core.forms import apply_errors
from leitstern.core.http import WorkspaceRequest
from leitstern.core.versioning import EditConflict
from leitstern.stakeholders import access, analyses, selectors, services, wording
from leitstern.stakeholders.forms import EraseForm, RegisterFilter, StakeholderForm
from leitstern.stakeholders.models import Stakeholder
from leitstern.stakeholders.views.detail import detail_page
from leitstern.workspaces.access import workspace_view
from leitstern.workspaces.models import Need

PAGE_SIZE = 50


def quadrant_choices() -> list[tuple[str, str]]:
    return [(code, wording.quadrant(code)) for code in analyses.QUADRANTS]


@workspace_view(need=Need.EDIT)
def index(request: WorkspaceRequest) -> HttpResponse:
    """The register: everyone the member sees, with where they stand and when someone last
    spoke to them."""
    form = RegisterFilter(request.GET or None, quadrants=quadrant_choices())
    people = selectors.visible(request.member).select_related("relationship_owner")
    query, chosen = "", ""
    if form.is_valid():
        query, chosen = form.cleaned_data["q"], form.cleaned_data["quadrant"]
    if query:
        people = people.filter(
            Q(name__icontains=query)
            | Q(title__icontains=query)
            | Q(department__icontains=query)
            | Q(organisation__icontains=query)
        )
    people = list(people.order_by("name", "pk"))
    if chosen:
        people = [p for p in people if p.quadrant == chosen]
    page = Paginator(people, PAGE_SIZE).get_page(request.GET.get("page"))
    last = selectors.last_conversations([p.pk for p in page.object_list])
    template = "stakeholders/index.html#register" if request.htmx else "stakeholders/index.html"
    return TemplateResponse(
        request,
        template,
        {
            "form": form,
            "page": page,
            "rows": [(p, last.get(p.pk)) for p in page.object_list],
            "total": len(people),
            "today": timezone.localdate(),
        },
    )


@workspace_view(need=Need.EDIT)
def stakeholder_new(request: WorkspaceRequest) -> HttpResponse:
    form = StakeholderForm(
        request.POST or None,
        workspace=request.workspace,
        seen=selectors.visible(request.member),
        initial={"relationship_owner": request.user},
    )
    if request.method == "POST" and form.is_valid():
        try:
            stakeholder = services.stakeholder_create(
                actor=request.user,
                workspace=request.workspace,
                private=form.cleaned_data["private"],
                **form.register_data(),
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request,
                _("%(name)s is on the map. Now place them on the grid.")
                % {"name": stakeholder.name},
            )
            return redirect(
                "stakeholders:stakeholder", slug=request.workspace.slug, pk=stakeholder.pk
            )
    return TemplateResponse(
        request, "stakeholders/stakeholder_form.html", {"form": form, "stakeholder": None}
    )


@workspace_view(need=Need.EDIT)
def stakeholder_detail(request: WorkspaceRequest, pk: int) -> HttpResponse:
    return detail_page(request, access.get_stakeholder_for(request.member, pk))


@workspace_view(need=Need.EDIT)
def stakeholder_edit(request: WorkspaceRequest, pk: int) -> HttpResponse:
    stakeholder = access.get_stakeholder_for(request.member, pk)
    form = StakeholderForm(
        request.POST or None,
        workspace=request.workspace,
        seen=selectors.visible(request.member),
        loaded=stakeholder,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.stakeholder_update(
                actor=request.user,
                stakeholder=stakeholder,
                version=form.loaded_version,
                private=form.cleaned_data["private"],
                **form.changed_values(),
            )
        except EditConflict as conflict:
            form = form.after_conflict(conflict)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect(
                "stakeholders:stakeholder", slug=request.workspace.slug, pk=stakeholder.pk
            )
    return TemplateResponse(
        request,
        "stakeholders/stakeholder_form.html",
        {"form": form, "stakeholder": stakeholder},
    )


@workspace_view(need=Need.EDIT)
def stakeholder_erase(request: WorkspaceRequest, pk: int) -> HttpResponse:
    """GET: what goes; POST with the name typed: erase for good."""
    stakeholder = access.get_erasable_for(request.member, pk)
    form = EraseForm(request.POST or None, stakeholder=stakeholder)
    if request.method == "POST" and form.is_valid():
        name = stakeholder.name
        try:
            services.stakeholder_erase(actor=request.user, stakeholder=stakeholder)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request, _("%(name)s and everything about them are erased.") % {"name": name}
            )
            return redirect("stakeholders:index", slug=request.workspace.slug)
    return TemplateResponse(
        request,
        "stakeholders/erase.html",
        {
            "stakeholder": stakeholder,
            "form": form,
            "counts": _what_goes(stakeholder),
        },
    )


def _what_goes(stakeholder: Stakeholder) -> dict[str, int]:
    return {
        "positions": stakeholder.positions.count(),
        "ties": stakeholder.influences.count() + stakeholder.listens_to.count(),
        "conversations": stakeholder.conversations.count(),
        "plan": stakeholder.plan_items.count(),
        "groups": stakeholder.plan_groups.count(),
    }
