from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from leitstern.accounts.models import User
from leitstern.core.forms import BoundedInputs, EditForm
from leitstern.teams.models import Team


class TeamForm(BoundedInputs, EditForm, forms.ModelForm):
    """New and edit form; for an edit, built with ``loaded=team``."""

    edit_fields = ["name", "description", "products", "members"]

    class Meta:
        model = Team
        fields = ["name", "description", "products", "members"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "products": forms.CheckboxSelectMultiple,
            "members": forms.CheckboxSelectMultiple,
        }
        help_texts = {
            "products": _("The products this team works on."),
            "members": _("People of this workspace who belong to the team."),
        }

    def __init__(self, *args, workspace, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["products"].queryset = workspace.products.active()
        self.fields["members"].queryset = User.objects.filter(
            memberships__workspace=workspace
        ).order_by("name")

    def team_data(self) -> dict:
        return {
            "name": self.cleaned_data["name"],
            "description": self.cleaned_data["description"],
            "products": list(self.cleaned_data["products"]),
            "members": list(self.cleaned_data["members"]),
        }
