from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import authenticate, login, logout
from django.contrib.auth import views as auth_views
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from leitstern.accounts import services
from leitstern.accounts.forms import (
    ApiTokenForm,
    LoginForm,
    ProfileForm,
    SignupForm,
)
from leitstern.accounts.models import ApiToken
from leitstern.accounts.placeholders import ClaimingPasswordResetForm, ClaimingSetPasswordForm
from leitstern.core.forms import apply_errors
from leitstern.core.http import AuthenticatedRequest
from leitstern.workspaces.access import login_view, public_view
from leitstern.workspaces.models import Workspace


def _client_address(request: HttpRequest) -> str:
    return request.META.get("REMOTE_ADDR", "")


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}):
        return target
    return ""


@public_view
def signup(request: HttpRequest) -> HttpResponse:
    next_url = _next_url(request)
    joining = next_url.startswith("/invite/")
    form = SignupForm(
        request.POST or None,
        joining=joining,
        initial={"email": request.GET.get("email", ""), "language": request.LANGUAGE_CODE},
    )
    if request.method == "POST" and form.is_valid():
        try:
            user = services.user_signup(
                email=form.cleaned_data["email"],
                name=form.cleaned_data["name"],
                password=form.cleaned_data["password"],
                language=form.cleaned_data["language"],
                workspace_name=form.cleaned_data.get("workspace_name", ""),
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            return redirect(next_url or "core:home")
    return render(request, "accounts/signup.html", {"form": form, "next": next_url})


@public_view
def login_page(request: HttpRequest) -> HttpResponse:
    form = LoginForm(request.POST or None)
    next_url = _next_url(request)
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"].lower()
        address = _client_address(request)
        if services.login_is_throttled(email=email, address=address):
            form.add_error(
                None,
                _(
                    "Too many failed sign-ins for this account or from your network. "
                    "Please wait 15 minutes, or reset your password."
                ),
            )
        else:
            user = authenticate(request, email=email, password=form.cleaned_data["password"])
            if user is None:
                services.login_failed(email=email, address=address)
                form.add_error(None, _("Email address or password is not correct."))
            else:
                services.login_succeeded(email=email)
                login(request, user)
                return redirect(next_url or "core:home")
    return render(request, "accounts/login.html", {"form": form, "next": next_url}, status=200)


@require_POST
@public_view
def logout_page(request: HttpRequest) -> HttpResponse:
    logout(request)
    messages.info(request, _("You are signed out."))
    return redirect("accounts:login")


@login_view
def profile(request: AuthenticatedRequest) -> HttpResponse:
    form = ProfileForm(request.POST or None, instance=request.user)
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
password_reset_confirm = public_view(
    auth_views.PasswordResetConfirmView.as_view(
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
