"""Customers pages: organisations, contacts, segments and personas. One list, new, edit and
archive for each, through the same services as the API. Contacts' email addresses and
phone numbers are shown to editors and owners only."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from leitstern.core.forms import apply_errors
from leitstern.core.http import WorkspaceRequest
from leitstern.core.imports.models import ImportJob
from leitstern.core.versioning import EditConflict
from leitstern.customers import access as lookups
from leitstern.customers import importers, services
from leitstern.customers.forms import (
    ImportForm,
    MergeForm,
    OrganisationForm,
    PersonaForm,
    PersonForm,
    SegmentForm,
)
from leitstern.customers.models import Organisation, Person, Persona, Segment
from leitstern.workspaces import access
from leitstern.workspaces.imports import ImportPages
from leitstern.workspaces.models import Need

PAGE = 50


@dataclass(frozen=True)
class Kind:
    """One kind of customers' object and what its pages need."""

    key: str  # URL names: <key>s, <key>_new, <key>_edit, <key>_archive
    title: Any
    new_label: Any
    model: type
    form: type
    get: Callable
    create: Callable
    update: Callable
    archive: Callable
    columns: tuple[str, ...]


KINDS = {
    "organisation": Kind(
        "organisation", gettext_lazy("Organisations"), gettext_lazy("New organisation"),
        Organisation, OrganisationForm, lookups.get_organisation_for,
        services.organisation_create, services.organisation_update,
        services.organisation_archive, ("segment", "size", "country", "plan", "arr"),
    ),
    "person": Kind(
        "person", gettext_lazy("Contacts"), gettext_lazy("New contact"), Person, PersonForm,
        lookups.get_person_for, services.person_create, services.person_update,
        services.person_archive, ("organisation", "role", "email", "phone"),
    ),
    "segment": Kind(
        "segment", gettext_lazy("Segments"), gettext_lazy("New segment"), Segment, SegmentForm,
        lookups.get_segment_for, services.segment_create, services.segment_update,
        services.segment_archive, ("description", "goal_per_quarter"),
    ),
    "persona": Kind(
        "persona", gettext_lazy("Personas"), gettext_lazy("New persona"), Persona, PersonaForm,
        lookups.get_persona_for, services.persona_create, services.persona_update,
        services.persona_archive, ("description", "goal_per_quarter"),
    ),
}  # fmt: skip


def _list(request: WorkspaceRequest, kind: Kind) -> HttpResponse:
    objects = kind.model.objects.filter(workspace=request.workspace).active()
    if kind.model is Organisation:
        objects = (
            objects.select_related("segment")
            .annotate(people_count=Count("people"))
            .order_by("name", "id")
        )
    if kind.model is Person:
        objects = objects.select_related("organisation")
    columns = [
        c for c in kind.columns if request.member.can_edit or c not in Person.PERSONAL_FIELDS
    ]
    page = Paginator(objects, PAGE).get_page(request.GET.get("page"))
    rows = [(obj, [_cell(obj, c) for c in columns]) for obj in page]
    headers = [kind.model._meta.get_field(c).verbose_name for c in columns]
    return TemplateResponse(
        request,
        "customers/list.html",
        {"kind": kind, "page": page, "rows": rows, "headers": headers, "kinds": KINDS},
    )


def _cell(obj: Any, column: str) -> Any:
    field = obj._meta.get_field(column)
    if getattr(field, "choices", None):
        return getattr(obj, f"get_{column}_display")()
    value = getattr(obj, column)
    return "" if value is None else value


def _form(request: WorkspaceRequest, kind: Kind, pk: int | None) -> HttpResponse:
    loaded = kind.get(request.member, pk, need=Need.EDIT) if pk is not None else None
    form = kind.form(request.POST or None, workspace=request.workspace, loaded=loaded)
    if request.method == "POST" and form.is_valid():
        try:
            if loaded is None:
                data = {f: form.cleaned_data[f] for f in form.edit_fields}
                kind.create(actor=request.user, workspace=request.workspace, **data)
            else:
                kind.update(
                    actor=request.user,
                    version=form.loaded_version,
                    **{kind.key: loaded},
                    **form.changed_values(),
                )
        except EditConflict as conflict:
            form = form.after_conflict(conflict)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect(f"customers:{kind.key}s", slug=request.workspace.slug)
    return TemplateResponse(
        request, "customers/form.html", {"kind": kind, "form": form, "loaded": loaded}
    )


def _archive(request: WorkspaceRequest, kind: Kind, pk: int) -> HttpResponse:
    found = kind.get(request.member, pk, need=Need.EDIT)
    kind.archive(actor=request.user, **{kind.key: found})
    messages.success(request, _("“%(name)s” archived.") % {"name": found})
    return redirect(f"customers:{kind.key}s", slug=request.workspace.slug)


def _views(key: str) -> tuple[Callable, Callable, Callable, Callable]:
    kind = KINDS[key]

    @access.workspace_view(need=Need.VIEW)
    def listing(request: WorkspaceRequest) -> HttpResponse:
        return _list(request, kind)

    @access.workspace_view(need=Need.EDIT)
    def new(request: WorkspaceRequest) -> HttpResponse:
        return _form(request, kind, None)

    @access.workspace_view(need=Need.EDIT)
    def edit(request: WorkspaceRequest, pk: int) -> HttpResponse:
        return _form(request, kind, pk)

    @require_POST
    @access.workspace_view(need=Need.EDIT)
    def archive(request: WorkspaceRequest, pk: int) -> HttpResponse:
        return _archive(request, kind, pk)

    return listing, new, edit, archive


organisations, organisation_new, organisation_edit, organisation_archive = _views("organisation")


@access.workspace_view(need=Need.VIEW)
def organisations_archived(request: WorkspaceRequest) -> HttpResponse:
    """The archived organisations, newest archived first, each with a way back."""
    objects = (
        Organisation.objects.filter(workspace=request.workspace)
        .archived()
        .select_related("segment")
        .order_by("-archived_at", "-id")
    )
    page = Paginator(objects, PAGE).get_page(request.GET.get("page"))
    return TemplateResponse(
        request,
        "customers/archived.html",
        {"kind": KINDS["organisation"], "page": page, "kinds": KINDS},
    )


@require_POST
@access.workspace_view(need=Need.EDIT)
def organisation_restore(request: WorkspaceRequest, pk: int) -> HttpResponse:
    """Back into the lists; refused with the reason when an active organisation has its
    name now (merge the two instead)."""
    found = lookups.get_organisation_for(request.member, pk, need=Need.EDIT)
    try:
        services.organisation_restore(actor=request.user, organisation=found)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("customers:organisations_archived", slug=request.workspace.slug)
    messages.success(request, _("“%(name)s” restored.") % {"name": found})
    return redirect("customers:organisations", slug=request.workspace.slug)


people, person_new, person_edit, person_archive = _views("person")
segments, segment_new, segment_edit, segment_archive = _views("segment")
personas, persona_new, persona_edit, persona_archive = _views("persona")


# --- imports (kernel import flow) ----------------------------------------------------------

IMPORTS = {"organisation": importers.ORGANISATIONS, "person": importers.PEOPLE}


def _import_views(key: str) -> tuple[Callable, Callable, Callable]:
    def done(job: ImportJob) -> str:
        return _("Imported: %(created)d new, %(updated)d updated.") % {
            "created": job.created_count,
            "updated": job.updated_count,
        }

    return ImportPages(
        importer=IMPORTS[key],
        form=ImportForm,
        url_name=f"customers:{key}_import",
        upload_template="customers/import.html",
        job_template="customers/import_job.html",
        done_url_name=f"customers:{key}s",
        done_message=done,
        context={"kind": KINDS[key], "importer": IMPORTS[key]},
    ).views()


organisation_import, organisation_import_job, organisation_import_apply = _import_views(
    "organisation"
)
person_import, person_import_job, person_import_apply = _import_views("person")


# --- merging duplicates ---------------------------------------------------------------------

MERGES = {"organisation": services.organisation_merge, "person": services.person_merge}


def _merge_view(key: str) -> Callable:
    kind, merge = KINDS[key], MERGES[key]

    @access.workspace_view(need=Need.EDIT)
    def view(request: WorkspaceRequest, pk: int) -> HttpResponse:
        keep = kind.get(request.member, pk, need=Need.EDIT)
        form = MergeForm(request.POST or None, keep=keep)
        if request.method == "POST" and form.is_valid():
            duplicate = form.cleaned_data["duplicate"]
            name = str(duplicate)
            try:
                merge(actor=request.user, keep=keep, duplicate=duplicate)
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(
                    request,
                    _("“%(duplicate)s” merged into “%(keep)s”.")
                    % {"duplicate": name, "keep": keep},
                )
                return redirect(f"customers:{key}s", slug=request.workspace.slug)
        return TemplateResponse(
            request, "customers/merge.html", {"kind": kind, "form": form, "keep": keep}
        )

    return view


organisation_merge = _merge_view("organisation")
person_merge = _merge_view("person")
