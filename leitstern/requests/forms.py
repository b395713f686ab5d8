"""Forms of the requests pages. Every form bounds its inputs (``BoundedInputs``); the
request's edit form knows the version it was loaded with (``EditForm``)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from leitstern.core.forms import BoundedInputs, DateInput, EditForm
from leitstern.core.imports.forms import UploadForm
from leitstern.customers.selectors import organisations_of
from leitstern.requests.models import (
    MAX_AMOUNT,
    Currency,
    Request,
    RequestSettings,
    Stage,
    Status,
)

TEXTAREA = forms.Textarea(attrs={"rows": 4})


def _money(label, *, required: bool = False, help_text: str = "") -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        required=required,
        min_value=0,
        max_value=MAX_AMOUNT,
        max_digits=14,
        decimal_places=2,
        help_text=help_text,
    )


class AccountFields(BoundedInputs, forms.Form):
    """One organisation asking, with its deal."""

    organisation = forms.ModelChoiceField(label=_("Organisation"), queryset=None)
    arr = _money(
        _("Revenue at stake (ARR)"),
        required=True,
        help_text=_("Annual recurring revenue that depends on this, in the workspace's currency."),
    )
    deal = forms.CharField(label=_("Deal or renewal"), max_length=200, required=False)
    stage = forms.ChoiceField(label=_("Stage"), choices=[("", "—"), *Stage.choices], required=False)
    amount = _money(_("Deal amount"))
    close_date = forms.DateField(label=_("Expected close date"), required=False, widget=DateInput)

    def __init__(self, *args, workspace, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations_of(workspace)


class AccountForm(AccountFields):
    pass


class RequestForm(AccountFields):
    """A new request: the problem and the first organisation asking."""

    title = forms.CharField(label=_("Title"), max_length=200)
    problem = forms.CharField(
        label=_("The problem in the customer's words"),
        widget=TEXTAREA,
        help_text=_("What the customer said, as close to their words as you can."),
    )
    source = forms.ChoiceField(label=_("Source"), choices=Request._meta.get_field("source").choices)
    urgency = forms.ChoiceField(
        label=_("Urgency"), choices=Request._meta.get_field("urgency").choices, initial="medium"
    )
    deadline = forms.DateField(
        label=_("Deadline the customer named"), required=False, widget=DateInput
    )

    field_order = [
        "title",
        "problem",
        "organisation",
        "arr",
        "deal",
        "stage",
        "amount",
        "close_date",
        "source",
        "urgency",
        "deadline",
    ]


class RequestEditForm(BoundedInputs, EditForm, forms.ModelForm):
    edit_fields = list(Request.EDITABLE_FIELDS)

    class Meta:
        model = Request
        fields = list(Request.EDITABLE_FIELDS)
        widgets = {"problem": TEXTAREA, "deadline": DateInput}

    def __init__(self, *args, workspace, **kwargs) -> None:
        super().__init__(*args, **kwargs)


class TriageForm(BoundedInputs, forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), choices=[(v, label) for v, label in Status.choices if v != Status.MERGED]
    )
    opportunity = forms.ModelChoiceField(label=_("Opportunity"), queryset=None, required=False)
    roadmap_item = forms.ModelChoiceField(label=_("Roadmap item"), queryset=None, required=False)
    reason = forms.CharField(
        label=_("Reason (when not planned)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    answer = forms.CharField(
        label=_("Answer to the requester"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("Required when you close the request."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)

    def __init__(self, *args, workspace, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        from leitstern.discovery.models import Opportunity
        from leitstern.roadmap.models import RoadmapItem

        self.fields["opportunity"].queryset = Opportunity.objects.filter(
            product__workspace=workspace
        ).order_by("title", "id")
        self.fields["roadmap_item"].queryset = (
            RoadmapItem.objects.current()
            .filter(roadmap__workspace=workspace)
            .select_related("roadmap__product")
            .order_by("title", "id")
        )


class CommentForm(BoundedInputs, forms.Form):
    body = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 2}))


class MergeForm(BoundedInputs, forms.Form):
    sources = forms.ModelMultipleChoiceField(
        label=_("Requests for the same problem"),
        queryset=None,
        help_text=_("Their organisations, comments and commitments move to this request."),
    )

    def __init__(self, *args, request: Request, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["sources"].queryset = (
            Request.objects.filter(workspace=request.workspace)
            .visible()
            .exclude(pk=request.pk)
            .order_by("title", "id")
        )


class CommitmentForm(BoundedInputs, forms.Form):
    what = forms.CharField(label=_("What exactly"), max_length=300)
    organisation = forms.ModelChoiceField(label=_("Promised to"), queryset=None)
    due_on = forms.DateField(label=_("By when"), widget=DateInput)
    contractual = forms.BooleanField(label=_("Contractual"), required=False)
    roadmap_item = forms.ModelChoiceField(label=_("Roadmap item"), queryset=None, required=False)

    def __init__(self, *args, workspace, organisations=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        from leitstern.roadmap.models import RoadmapItem

        self.fields["organisation"].queryset = (
            organisations if organisations is not None else organisations_of(workspace)
        )
        self.fields["roadmap_item"].queryset = (
            RoadmapItem.objects.current()
            .filter(roadmap__workspace=workspace)
            .order_by("title", "id")
        )


class MoveForm(BoundedInputs, forms.Form):
    due_on = forms.DateField(label=_("New date"), widget=DateInput)
    why = forms.CharField(label=_("Why"), widget=forms.Textarea(attrs={"rows": 2}))


class SettingsForm(BoundedInputs, EditForm, forms.ModelForm):
    edit_fields = list(RequestSettings.EDITABLE_FIELDS)

    class Meta:
        model = RequestSettings
        fields = list(RequestSettings.EDITABLE_FIELDS)

    def __init__(self, *args, workspace, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["currency"].choices = Currency.choices


class ImportForm(UploadForm):
    """A CRM export (Salesforce, HubSpot) or a German Excel file, or pasted rows."""
