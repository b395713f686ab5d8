"""Themes people take sides on: the list with a form to add one, edit, delete."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from leitstern.core.forms import apply_errors
from leitstern.core.http import WorkspaceRequest
from leitstern.core.versioning import EditConflict
from leitstern.stakeholders import access, selectors, services
from leitstern.stakeholders.forms import DeleteForm, ThemeForm
from leitstern.stakeholders.models import Attitude, Stance, Theme
from leitstern.workspaces.access import workspace_view
from leitstern.workspaces.models import Need


@workspace_view(need=Need.EDIT)
def themes(request: WorkspaceRequest) -> HttpResponse:
    """Every theme, how many of the people the member sees support, are neutral on or
    oppose it; and a form to add one."""
    form = ThemeForm(request.POST or None, workspace=request.workspace)
    if request.method == "POST" and form.is_valid():
        try:
            theme = services.theme_create(
                actor=request.user, workspace=request.workspace, **form.theme_data()
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Theme “%(name)s” added.") % {"name": theme.name})
            return redirect("stakeholders:themes", slug=request.workspace.slug)
    counts: dict[int, dict[str, int]] = {}
    for theme_id, attitude, n in (
        Stance.objects.filter(stakeholder__in=selectors.visible(request.member))
        .values_list("theme_id", "attitude")
        .annotate(n=Count("id"))
        .order_by()
    ):
        counts.setdefault(theme_id, {})[attitude] = n
    rows = [
        (theme, [counts.get(theme.pk, {}).get(code, 0) for code in Attitude.values])
        for theme in Theme.objects.filter(workspace=request.workspace).select_related("product")
    ]
    return TemplateResponse(
        request,
        "stakeholders/themes.html",
        {"form": form, "rows": rows, "attitudes": Attitude.labels},
    )


@workspace_view(need=Need.EDIT)
def theme_edit(request: WorkspaceRequest, pk: int) -> HttpResponse:
    theme = access.get_theme_for(request.member, pk)
    form = ThemeForm(request.POST or None, workspace=request.workspace, loaded=theme)
    if request.method == "POST" and form.is_valid():
        try:
            services.theme_update(
                actor=request.user, theme=theme, version=form.loaded_version,
                **form.changed_values(),
            )  # fmt: skip
        except EditConflict as conflict:
            form = form.after_conflict(conflict)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("stakeholders:themes", slug=request.workspace.slug)
    return TemplateResponse(request, "stakeholders/theme_form.html", {"form": form, "theme": theme})


@workspace_view(need=Need.EDIT)
def theme_delete(request: WorkspaceRequest, pk: int) -> HttpResponse:
    theme = access.get_theme_for(request.member, pk)
    back = reverse("stakeholders:themes", args=[request.workspace.slug])
    form = DeleteForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        services.theme_delete(actor=request.user, theme=theme)
        messages.success(request, _("Theme deleted."))
        return redirect(back)
    return TemplateResponse(
        request,
        "stakeholders/confirm_delete.html",
        {
            "form": form,
            "heading": _("Delete this theme with everyone's attitude toward it?"),
            "what": theme.name,
            "cancel_url": back,
        },
    )
