"""What the discovery pages share: the product lookup, URLs, the edit-page flow and the
delete confirmation."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse

from leitstern.core.forms import apply_errors
from leitstern.core.http import WorkspaceRequest
from leitstern.core.versioning import EditConflict
from leitstern.discovery.forms import DeleteForm
from leitstern.products.access import get_product_for
from leitstern.products.models import Product
from leitstern.workspaces.models import Need


def get_product(request: WorkspaceRequest, product_id: Any, need: int = Need.VIEW) -> Product:
    return get_product_for(request.member, product_id, need=need)


def url(request: WorkspaceRequest, name: str, **kwargs: Any) -> str:
    return reverse(f"discovery:{name}", kwargs={"slug": request.workspace.slug, **kwargs})


def edit_page(
    request: WorkspaceRequest,
    *,
    form,
    save: Callable[..., Any],
    template: str,
    context: dict,
    done: Callable[[Any], str],
    message: str,
) -> HttpResponse:
    """The flow of every edit page: a valid form goes to ``save(version=..., note=...,
    **changed)``; an edit conflict shows both values, a refusal its messages on the
    fields."""
    if request.method == "POST" and form.is_valid():
        note = form.cleaned_data.get("note", "")
        try:
            obj = save(version=form.loaded_version, note=note, **form.changed_values())
        except EditConflict as conflict:
            form = form.after_conflict(conflict)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, message)
            return redirect(done(obj))
    return TemplateResponse(request, template, {**context, "form": form})


def new_page(
    request: WorkspaceRequest,
    *,
    form,
    create: Callable[[], Any],
    template: str,
    context: dict,
    done: Callable[[Any], str],
    message: str,
) -> HttpResponse:
    if "note" in form.fields:
        del form.fields["note"]
    if request.method == "POST" and form.is_valid():
        try:
            obj = create()
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, message)
            return redirect(done(obj))
    return TemplateResponse(request, template, {**context, "form": form})


def _refusal(obj: models.Model) -> list[str]:
    check = getattr(obj, "ensure_deletable", None)
    if check is None:
        return []
    try:
        check()
    except ValidationError as error:
        return error.messages
    return []


def confirm_delete(
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
        "discovery/confirm_delete.html",
        {
            "form": form,
            "object": obj,
            "product": getattr(obj, "product", None),
            "heading": heading,
            "consequences": consequences,
            "refusal": refusal,
            "cancel_url": cancel_url,
        },
    )
