from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from leitstern.connectors.models import Connector
from leitstern.connectors.services import SETTINGS
from leitstern.core.forms import BoundedInputs, EditForm


class ConnectorForm(BoundedInputs, EditForm, forms.ModelForm):
    """New and edit form; for an edit, built with ``loaded=connector``. The credential is
    never shown: on an edit an empty field keeps the stored one."""

    edit_fields = list(SETTINGS)

    secret = forms.CharField(
        label=_("Token or password"),
        max_length=2000,
        required=False,
        strip=True,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"}),
        help_text=_(
            "Jira Cloud: an API token; Jira Data Center: a personal access token; GitHub: a "
            "fine-grained token with read access to issues (and pull requests); Linear: a "
            "personal API key; Azure DevOps: a personal access token with Work Items (Read). "
            "Stored encrypted, never shown again."
        ),
    )

    class Meta:
        model = Connector
        fields = list(SETTINGS)
        labels = {
            "url": _("Server address"),
            "scope": _("Which items"),
            "labels": _("Labels or filter"),
        }
        help_texts = {
            "url": _(
                "Jira: your site, e.g. https://nordwind.atlassian.net; GitHub: empty for "
                "github.com (or https://github.example.com/api/v3); Linear: empty; Azure "
                "DevOps: https://dev.azure.com/your-organisation."
            ),
            "scope": _(
                "Jira: a JQL query, e.g. project = NW AND type in (Story, Bug); GitHub: the "
                "repository as owner/name; Linear: the team key, e.g. ENG; Azure DevOps: the "
                "project name."
            ),
            "labels": _(
                "GitHub: labels separated by commas (all must match); Linear: one label; "
                "Azure DevOps: a WIQL condition, e.g. [System.WorkItemType] = 'User Story'. "
                "Not used for Jira (put it in the JQL)."
            ),
            "milestone": _("GitHub only: the milestone's number, * for any, none for none."),
            "username": _(
                "Jira Cloud: your email address. Jira Data Center: empty for a personal "
                "access token. Others: empty."
            ),
            "jira_done": _("Jira only: which date counts as the day an item was finished."),
            "github_items": _("GitHub only."),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["url"].required = False
        if self.loaded is None:
            self.fields["secret"].required = True
        else:
            self.fields["secret"].help_text = _(
                "Leave empty to keep the stored credentials; enter a new token to replace them."
            )

    def connector_data(self) -> dict:
        data = {name: self.cleaned_data[name] for name in SETTINGS}
        data["secret"] = self.cleaned_data["secret"]
        return data
