from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib.auth.forms import PasswordResetForm
from django.db.models import BLANK_CHOICE_DASH
from django.utils.translation import gettext_lazy as _

from leitstern.core.forms import BoundedInputs
from leitstern.core.tasks import send_email_on_commit


class SignupForm(BoundedInputs, forms.Form):
    name = forms.CharField(label=_("Your name"), max_length=150)
    email = forms.EmailField(label=_("Email address"))
    password = forms.CharField(
        label=_("Password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 8 characters, not a common password."),
    )
    workspace_name = forms.CharField(
        label=_("Workspace name"),
        max_length=120,
        required=False,
        help_text=_("Usually your company or team, e.g. “Acme Commerce”."),
    )
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)

    def __init__(self, *args, joining: bool = False, invited_email: str = "", **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.joining = joining
        if joining:
            del self.fields["workspace_name"]
        else:
            self.fields["workspace_name"].required = True
        if invited_email:
            # Fixed to the invited address; a posted value is ignored.
            email = self.fields["email"]
            email.disabled = True
            email.initial = invited_email
            self.initial["email"] = invited_email
            email.help_text = _("The invitation is for this address.")


class LoginForm(BoundedInputs, forms.Form):
    email = forms.EmailField(
        label=_("Email address"), widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class ProfileForm(BoundedInputs, forms.Form):
    """A person's own name and language, built from ``initial=`` (never bound to the
    signed-in user, whom an invalid form would otherwise change for the rest of the
    request)."""

    name = forms.CharField(label=_("Name"), max_length=150)
    language = forms.ChoiceField(
        label=_("Language"),
        choices=[*BLANK_CHOICE_DASH, *settings.LANGUAGES],
        required=False,
        help_text=_("Leave empty to follow your browser."),
    )


class ApiTokenForm(BoundedInputs, forms.Form):
    name = forms.CharField(
        label=_("Name"), max_length=100, help_text=_("What the token is for, e.g. “Jira sync”.")
    )
    workspace = forms.ChoiceField(label=_("Workspace"))

    def __init__(self, *args, workspaces, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.workspaces = {w.slug: w for w in workspaces}
        self.fields["workspace"].choices = [(w.slug, w.name) for w in workspaces]


class QueuedPasswordResetForm(BoundedInputs, PasswordResetForm):
    """Django's reset form, but the email goes through the background queue."""

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ) -> None:
        from django.template import loader

        subject = "".join(loader.render_to_string(subject_template_name, context).splitlines())
        body = loader.render_to_string(email_template_name, context)
        send_email_on_commit(subject=subject, body=body, to=[to_email])
