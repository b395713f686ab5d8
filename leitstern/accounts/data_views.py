"""A person's own data: the download of everything Leitstern holds about them, and the
deletion of their account with what happens to their content explained first."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth import logout
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from leitstern.accounts import deletion
from leitstern.core.forms import apply_errors
from leitstern.core.http import AuthenticatedRequest
from leitstern.core.portability.personal import personal_data_json
from leitstern.workspaces.access import login_view


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label=gettext_lazy("Your password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        strip=False,
    )


@login_view
def personal_export(request: AuthenticatedRequest) -> HttpResponse:
    """Everything about the signed-in person, as JSON (GDPR Art. 15 and 20)."""
    response = HttpResponse(
        personal_data_json(request.user), content_type="application/json; charset=utf-8"
    )
    filename = f"leitstern-my-data-{timezone.localdate().isoformat()}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


@login_view
def account_delete(request: AuthenticatedRequest) -> HttpResponse:
    form = DeleteAccountForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            deletion.account_delete(actor=request.user, password=form.cleaned_data["password"])
        except ValidationError as error:
            apply_errors(form, error)
        else:
            logout(request)
            messages.success(request, _("Your account is deleted."))
            return redirect("accounts:login")
    return render(
        request,
        "accounts/delete.html",
        {
            "form": form,
            "blockers": deletion.deletion_blockers(request.user),
            "alone": deletion.sole_member_workspaces(request.user),
            "handed_over": deletion.protected_counts(request.user),
        },
    )
