from __future__ import annotations

import math

from django.contrib import messages
from django.contrib.auth import authenticate, login, logout
from django.contrib.auth import views as auth_views
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import Resolver404, resolve, reverse_lazy
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from leitstern.accounts import services
from leitstern.accounts.forms import (
    ApiTokenForm,
    LoginForm,
    ProfileForm,
    SignupForm,
)
from leitstern.accounts.models import ApiToken, SignInThrottle
from leitstern.accounts.placeholders import ClaimingPasswordResetForm, ClaimingSetPasswordForm
from leitstern.core.forms import apply_errors
from leitstern.core.http import AuthenticatedRequest, client_address
from leitstern.workspaces.access import login_view, public_view
from leitstern.workspaces.models import Workspace
from leitstern.workspaces.services import invitation_by_token


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}):
        return target
    return ""


def _invited_email(next_url: str) -> str:
    """The address a usable invitation in ``next_url`` was sent to, else ''."""
    try:
        match = resolve(next_url.split("?", 1)[0])
    except Resolver404:
        return ""
    if match.view_name != "workspaces:invitation_accept":
        return ""
    invitation = invitation_by_token(token=match.kwargs["token"])
    return invitation.email if invitation is not None and invitation.is_usable else ""


@public_view
def signup(request: HttpRequest) -> HttpResponse:
    next_url = _next_url(request)
    joining = next_url.startswith("/invite/")
    # An account created from an invitation link gets the invited address: the invitation
    # can only be accepted by the account with that address.
    invited_email = _invited_email(next_url) if joining else ""
    form = SignupForm(
        request.POST or None,
        joining=joining,
        invited_email=invited_email,
        initial={"email": request.GET.get("email", ""), "language": request.LANGUAGE_CODE},
    )
    if request.method == "POST" and form.is_valid():
        try:
            user = services.user_signup(
                email=invited_email or form.cleaned_data["email"],
                name=form.cleaned_data["name"],
                password=form.cleaned_data["password"],
                language=form.cleaned_data["language"],
                workspace_name=form.cleaned_data.get("workspace_name", ""),
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            return redirect(next_url or "site:index")
    return render(request, "accounts/signup.html", {"form": form, "next": next_url})


def _refusal_message(refusal: services.SignInRefusal) -> str:
    minutes = max(1, math.ceil(refusal.retry_after.total_seconds() / 60))
    if refusal.scope == SignInThrottle.Scope.ACCOUNT:
        message = ngettext(
            "Too many failed sign-ins for this account. Please try again in %(minutes)d "
            "minute, or reset your password: a new password lifts this lock at once.",
            "Too many failed sign-ins for this account. Please try again in %(minutes)d "
            "minutes, or reset your password: a new password lifts this lock at once.",
            minutes,
        )
    else:
        message = ngettext(
            "Too many failed sign-ins from your network. Please try again in %(minutes)d minute.",
            "Too many failed sign-ins from your network. Please try again in %(minutes)d minutes.",
            minutes,
        )
    return message % {"minutes": minutes}


@public_view
def login_page(request: HttpRequest) -> HttpResponse:
    form = LoginForm(request.POST or None, initial={"email": request.GET.get("email", "")})
    next_url = _next_url(request)
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"].lower()
        address = client_address(request)
        refusal = services.sign_in_begin(email=email, address=address)
        if refusal is not None:
            form.add_error(None, _refusal_message(refusal))
        else:
            user = authenticate(request, email=email, password=form.cleaned_data["password"])
            if user is None:
                form.add_error(None, _("Email address or password is not correct."))
            else:
                services.sign_in_succeeded(email=email, address=address)
                login(request, user)
                return redirect(next_url or "site:index")
    return render(request, "accounts/login.html", {"form": form, "next": next_url}, status=200)


@require_POST
@public_view
def logout_page(request: HttpRequest) -> HttpResponse:
    logout(request)
    messages.info(request, _("You are signed out."))
    return redirect("accounts:login")


@login_view
def profile(request: AuthenticatedRequest) -> HttpResponse:
    user = request.user
    form = ProfileForm(request.POST or None, initial={"name": user.name, "language": user.language})
    if request.method == "POST" and form.is_valid():
        services.user_update_profile(
            actor=request.user,
            name=form.cleaned_data["name"],
            language=form.cleaned_data["language"],
        )
        # Confirm in the language just chosen, not the one the form was sent in.
        translation.activate(request.user.language or translation.get_language())
        messages.success(request, _("Profile saved."))
        return redirect("accounts:profile")
    return render(request, "accounts/profile.html", {"form": form})


@login_view
def tokens(request: AuthenticatedRequest) -> HttpResponse:
    workspaces = list(
        Workspace.objects.filter(memberships__user=request.user, deletion_requested_at__isnull=True)
    )
    form = ApiTokenForm(request.POST or None, workspaces=workspaces)
    new_token = None
    if request.method == "POST" and form.is_valid():
        _token, new_token = services.api_token_create(
            actor=request.user,
            workspace=form.workspaces[form.cleaned_data["workspace"]],
            name=form.cleaned_data["name"],
        )
        form = ApiTokenForm(workspaces=workspaces)
    user_tokens = ApiToken.objects.filter(user=request.user).select_related("workspace")
    return render(
        request,
        "accounts/tokens.html",
        {"form": form, "tokens": user_tokens, "new_token": new_token},
    )


@require_POST
@login_view
def token_revoke(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    from django.shortcuts import get_object_or_404

    # Scoped to the signed-in person: someone else's token id is a 404.
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    services.api_token_revoke(actor=request.user, token=token)
    messages.success(request, _("Token “%(name)s” revoked.") % {"name": token.name})
    return redirect("accounts:tokens")


password_reset = public_view(
    auth_views.PasswordResetView.as_view(
        form_class=ClaimingPasswordResetForm,
        template_name="accounts/password_reset.html",
        email_template_name="accounts/email/password_reset.txt",
        subject_template_name="accounts/email/password_reset_subject.txt",
        success_url=reverse_lazy("accounts:password_reset_done"),
    )
)
password_reset_done = public_view(
    auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html")
)


class _PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Django's reset confirmation; a new password also lifts the account's sign-in lock,
    as the lock's message promises."""

    def form_valid(self, form):
        with transaction.atomic():
            response = super().form_valid(form)
            services.sign_in_unlock(email=form.user.email)
        return response


password_reset_confirm = public_view(
    _PasswordResetConfirmView.as_view(
        form_class=ClaimingSetPasswordForm,
        template_name="accounts/password_reset_confirm.html",
        success_url=reverse_lazy("accounts:password_reset_complete"),
    )
)
password_reset_complete = public_view(
    auth_views.PasswordResetCompleteView.as_view(
        template_name="accounts/password_reset_complete.html"
    )
)
password_change = login_view(
    auth_views.PasswordChangeView.as_view(
        template_name="accounts/password_change.html",
        success_url=reverse_lazy("accounts:profile"),
    )
)
