from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import logout
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from leitstern.core.forms import apply_errors, run_with_message
from leitstern.core.http import AuthenticatedRequest, WorkspaceRequest
from leitstern.workspaces import access, services
from leitstern.workspaces.forms import InvitationForm, RoleForm, WorkspaceForm
from leitstern.workspaces.models import ROLE_DESCRIPTIONS, Invitation, Membership, Need, Role


@access.login_view
def workspace_list(request: AuthenticatedRequest) -> HttpResponse:
    memberships = Membership.objects.filter(user=request.user).select_related("workspace")
    active = [m for m in memberships if not m.workspace.is_pending_deletion]
    # A workspace scheduled for deletion is hidden from everyone but its owners, who may
    # still restore it.
    pending = [m for m in memberships if m.workspace.is_pending_deletion and m.is_owner]
    return render(request, "workspaces/list.html", {"memberships": active, "pending": pending})


@access.login_view
def workspace_new(request: AuthenticatedRequest) -> HttpResponse:
    form = WorkspaceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            workspace = services.workspace_create(
                actor=request.user, name=form.cleaned_data["name"]
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            return redirect("site:home", slug=workspace.slug)
    return render(request, "workspaces/new.html", {"form": form})


@access.workspace_view(need=Need.ADMIN)
def workspace_settings(request: WorkspaceRequest) -> HttpResponse:
    form = WorkspaceForm(request.POST or None, initial={"name": request.workspace.name})
    if request.method == "POST" and form.is_valid():
        try:
            services.workspace_update(
                actor=request.user, workspace=request.workspace, name=form.cleaned_data["name"]
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Workspace saved."))
            return redirect("workspaces:settings", slug=request.workspace.slug)
    return render(request, "workspaces/settings.html", {"form": form})


# Members listed on one page, by name.
MEMBERS_PAGE = 25


@access.workspace_view(need=Need.VIEW)
def members(request: WorkspaceRequest) -> HttpResponse:
    form = InvitationForm(request.POST or None) if request.member.is_owner else None
    if request.method == "POST":
        access.require(request.member, Need.ADMIN)
        if form is not None and form.is_valid():
            try:
                invitation, _token = services.invitation_create(
                    actor=request.user,
                    workspace=request.workspace,
                    email=form.cleaned_data["email"],
                    role=form.cleaned_data["role"],
                    days_valid=form.cleaned_data["days_valid"],
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(
                    request, _("Invitation sent to %(email)s.") % {"email": invitation.email}
                )
                return redirect("workspaces:members", slug=request.workspace.slug)
    memberships = request.workspace.memberships.select_related("user").order_by("user__name", "id")
    page = Paginator(memberships, MEMBERS_PAGE).get_page(request.GET.get("page"))
    invitations = (
        Invitation.objects.pending()
        .filter(workspace=request.workspace)
        .select_related("invited_by")
        if request.member.is_owner
        else Invitation.objects.none()
    )
    return render(
        request,
        "workspaces/members.html",
        {
            "memberships": page,
            "invitations": invitations,
            "form": form,
            "roles": [(value, label, ROLE_DESCRIPTIONS[value]) for value, label in Role.choices],
        },
    )


@require_POST
@access.workspace_view(need=Need.ADMIN)
def member_role(request: WorkspaceRequest, pk: int) -> HttpResponse:
    membership = access.get_member_for(request.member, pk)
    form = RoleForm(request.POST)
    if form.is_valid():
        run_with_message(
            request,
            lambda: services.membership_change_role(
                actor=request.user, membership=membership, role=form.cleaned_data["role"]
            ),
            _("Role changed."),
        )
    else:
        messages.error(request, _("Choose a valid role."))
    return redirect("workspaces:members", slug=request.workspace.slug)


@require_POST
@access.workspace_view(need=Need.ADMIN)
def member_remove(request: WorkspaceRequest, pk: int) -> HttpResponse:
    membership = access.get_member_for(request.member, pk)
    run_with_message(
        request,
        lambda: services.membership_remove(actor=request.user, membership=membership),
        _("Member removed."),
    )
    return redirect("workspaces:members", slug=request.workspace.slug)


@require_POST
@access.workspace_view(need=Need.ADMIN)
def invitation_revoke(request: WorkspaceRequest, pk: int) -> HttpResponse:
    invitation = access.get_invitation_for(request.member, pk)
    run_with_message(
        request,
        lambda: services.invitation_revoke(actor=request.user, invitation=invitation),
        _("Invitation revoked."),
    )
    return redirect("workspaces:members", slug=request.workspace.slug)


@access.public_view
def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    """The link from the invitation email. Anonymous visitors are asked to sign in or to
    create an account with the invited address, and come back here afterwards. Someone
    signed in with another address is told whom the invitation is for and how to switch."""
    invitation = services.invitation_by_token(token=token)
    if invitation is None:
        return render(request, "workspaces/invitation_invalid.html", status=404)
    context = {"invitation": invitation, "next": request.path}
    if not invitation.is_usable:
        return render(request, "workspaces/invitation_invalid.html", context, status=410)
    if not request.user.is_authenticated:
        return render(request, "workspaces/invitation_accept.html", context)
    if request.method == "POST" and request.POST.get("action") == "switch":
        logout(request)
        return redirect(request.path)
    if not invitation.is_for(request.user):
        return render(request, "workspaces/invitation_wrong_account.html", context, status=403)
    if request.method == "POST":
        try:
            services.invitation_accept(actor=request.user, invitation=invitation)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("site:index")
        messages.success(
            request, _("Welcome to %(workspace)s.") % {"workspace": invitation.workspace.name}
        )
        return redirect("site:home", slug=invitation.workspace.slug)
    return render(request, "workspaces/invitation_accept.html", context)
