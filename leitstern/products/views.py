from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from leitstern.core.forms import apply_errors, run_with_message
from leitstern.core.http import WorkspaceRequest
from leitstern.core.versioning import EditConflict
from leitstern.products import selectors, services
from leitstern.products.access import get_product_for
from leitstern.products.forms import ProductForm
from leitstern.workspaces import access
from leitstern.workspaces.models import Need


@access.workspace_view(need=Need.VIEW)
def product_list(request: WorkspaceRequest) -> HttpResponse:
    show_archived = request.GET.get("archived") == "1"
    products = selectors.products_of(request.workspace, archived=show_archived)
    template = "products/list.html"
    if request.htmx:
        template += "#product-table"
    return TemplateResponse(
        request, template, {"products": products, "show_archived": show_archived}
    )


@access.workspace_view(need=Need.EDIT)
def product_new(request: WorkspaceRequest) -> HttpResponse:
    form = ProductForm(request.POST or None)
    del form.fields["note"]
    if request.method == "POST" and form.is_valid():
        try:
            product = services.product_create(
                actor=request.user, workspace=request.workspace, **form.product_data()
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Product “%(name)s” created.") % {"name": product.name})
            return redirect("products:detail", slug=request.workspace.slug, pk=product.pk)
    return render(request, "products/form.html", {"form": form, "product": None})


@access.workspace_view(need=Need.VIEW)
def product_detail(request: WorkspaceRequest, pk: int) -> HttpResponse:
    product = get_product_for(request.member, pk)
    history = selectors.product_history(product)
    return render(request, "products/detail.html", {"product": product, "history": history})


@access.workspace_view(need=Need.EDIT)
def product_edit(request: WorkspaceRequest, pk: int) -> HttpResponse:
    product = get_product_for(request.member, pk, need=Need.EDIT)
    form = ProductForm(request.POST or None, loaded=product)
    if request.method == "POST" and form.is_valid():
        try:
            services.product_update(
                actor=request.user,
                product=product,
                version=form.loaded_version,
                note=form.cleaned_data["note"],
                **form.changed_values(),
            )
        except EditConflict as conflict:
            form = form.after_conflict(conflict)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Product saved."))
            return redirect("products:detail", slug=request.workspace.slug, pk=product.pk)
    return render(request, "products/form.html", {"form": form, "product": product})


@require_POST
@access.workspace_view(need=Need.EDIT)
def product_archive(request: WorkspaceRequest, pk: int) -> HttpResponse:
    product = get_product_for(request.member, pk, need=Need.EDIT)
    services.product_archive(actor=request.user, product=product)
    messages.success(request, _("Product “%(name)s” archived.") % {"name": product.name})
    return redirect("products:list", slug=request.workspace.slug)


@require_POST
@access.workspace_view(need=Need.EDIT)
def product_restore(request: WorkspaceRequest, pk: int) -> HttpResponse:
    product = get_product_for(request.member, pk, need=Need.EDIT)
    run_with_message(
        request,
        lambda: services.product_restore(actor=request.user, product=product),
        _("Product “%(name)s” restored.") % {"name": product.name},
    )
    return redirect("products:detail", slug=request.workspace.slug, pk=product.pk)
