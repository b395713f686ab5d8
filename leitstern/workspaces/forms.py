from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from leitstern.core.forms import BoundedInputs
from leitstern.workspaces.models import Role


class WorkspaceForm(BoundedInputs, forms.Form):
    name = forms.CharField(label=_("Workspace name"), max_length=120)


class InvitationForm(BoundedInputs, forms.Form):
    email = forms.EmailField(label=_("Email address"))
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, initial=Role.CONTRIBUTOR)
    days_valid = forms.IntegerField(
        label=_("Valid for (days)"), min_value=1, max_value=90, initial=14
    )


class RoleForm(BoundedInputs, forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)


class DeleteWorkspaceForm(BoundedInputs, forms.Form):
    confirm_name = forms.CharField(label=_("Type the workspace's name to confirm"), max_length=120)
