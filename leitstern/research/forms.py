"""Forms of research's pages. Every form has the shared input bounds; edit forms of
versioned objects carry the version they were loaded with (``EditForm``)."""

from __future__ import annotations

from datetime import datetime, time

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from leitstern.accounts.models import User
from leitstern.core.forms import BoundedInputs, DateInput, EditForm
from leitstern.customers.models import Organisation, Persona, Segment
from leitstern.research.models import (
    AttachmentKind,
    Channel,
    Conversation,
    Insight,
    Language,
    Participant,
    Purpose,
    Quote,
    Relay,
    ResearchSettings,
    SearchKind,
    Source,
    Tag,
)
from leitstern.workspaces.models import Need, roles_reaching

TEXTAREA = forms.Textarea(attrs={"rows": 4})
# An insight's form offers this many of the newest quotes (search finds older ones).
OFFERED_QUOTES = 200


def _editors(workspace):
    return User.objects.filter(
        memberships__workspace=workspace, memberships__role__in=roles_reaching(Need.EDIT)
    ).order_by("name", "email")


def _groupings(form: forms.BaseForm, workspace) -> None:
    for name, model in (("segment", Segment), ("persona", Persona)):
        for key in (name, f"{name}s"):
            if key in form.fields:
                form.fields[key].queryset = model.objects.filter(workspace=workspace).active()
    if "organisation" in form.fields:
        form.fields["organisation"].queryset = Organisation.objects.filter(
            workspace=workspace
        ).active()
    if "product" in form.fields:
        form.fields["product"].queryset = workspace.products.active()


class ParticipantForm(BoundedInputs, EditForm, forms.ModelForm):
    """New and edit form; for an edit, built with ``loaded=participant``. Email address and
    phone number are offered to editors only (``personal``)."""

    edit_fields = [
        "name",
        "email",
        "phone",
        "role",
        "organisation",
        "segments",
        "personas",
        "language",
        "notes",
    ]

    class Meta:
        model = Participant
        fields = [
            "name",
            "email",
            "phone",
            "role",
            "organisation",
            "segments",
            "personas",
            "language",
            "notes",
        ]
        widgets = {
            "segments": forms.CheckboxSelectMultiple,
            "personas": forms.CheckboxSelectMultiple,
            "notes": TEXTAREA,
        }

    def __init__(self, *args, workspace, personal: bool = True, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["name"].required = True
        _groupings(self, workspace)
        if not personal:
            for name in Participant.PERSONAL_FIELDS:
                del self.fields[name]

    def participant_data(self) -> dict:
        data = {name: self.cleaned_data[name] for name in self.edit_fields if name in self.fields}
        data["segments"] = list(data["segments"])
        data["personas"] = list(data["personas"])
        return data


class ConsentRecordForm(BoundedInputs, forms.Form):
    """Consent the person gave outside Leitstern: by email or verbally with a witness."""

    purposes = forms.MultipleChoiceField(
        label=_("Purposes"),
        choices=Purpose.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Only what the person agreed to; each purpose separately."),
    )
    channel = forms.ChoiceField(
        label=_("Given"),
        choices=[(Channel.EMAIL, Channel.EMAIL.label), (Channel.VERBAL, Channel.VERBAL.label)],
    )
    witness = forms.CharField(
        label=_("Witness"),
        max_length=200,
        required=False,
        help_text=_("For verbal consent: the colleague who heard it."),
    )
    given_on = forms.DateField(label=_("Given on"), widget=DateInput())
    language = forms.ChoiceField(
        label=_("Language of the text"), choices=[("en", _("English")), ("de", _("German"))]
    )

    def consent_data(self) -> dict:
        day = self.cleaned_data["given_on"]
        given_at = (
            timezone.now()
            if day >= timezone.localdate()
            else timezone.make_aware(datetime.combine(day, time(12)))
        )
        return {
            "purposes": self.cleaned_data["purposes"],
            "channel": self.cleaned_data["channel"],
            "witness": self.cleaned_data["witness"],
            "given_at": given_at,
            "language": self.cleaned_data["language"],
        }


class ConsentWithdrawForm(BoundedInputs, forms.Form):
    purposes = forms.MultipleChoiceField(
        label=_("Withdraw consent to"),
        choices=Purpose.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Withdrawing consent to research interviews removes the person from research "
            "altogether: their quotes show as withdrawn, transcripts are deleted."
        ),
    )


class PublicConsentForm(BoundedInputs, forms.Form):
    """What a person ticks on their consent link's page: nothing is ticked for them."""

    give = forms.MultipleChoiceField(
        choices=Purpose.choices, widget=forms.CheckboxSelectMultiple, required=False
    )
    withdraw = forms.MultipleChoiceField(
        choices=Purpose.choices, widget=forms.CheckboxSelectMultiple, required=False
    )
    language = forms.ChoiceField(choices=[("en", "English"), ("de", "Deutsch")])


class ConsentLinkForm(BoundedInputs, forms.Form):
    withdraw = forms.BooleanField(required=False, widget=forms.HiddenInput)
    send = forms.BooleanField(
        label=_("Send it to the participant by email"), required=False, initial=True
    )


class ConversationForm(BoundedInputs, EditForm, forms.ModelForm):
    """Schedule or record a direct learning conversation; edit one."""

    edit_fields = [
        "title",
        "date",
        "product",
        "participants",
        "interviewers",
        "organisation",
        "segment",
        "persona",
        "goal",
        "notes",
    ]
    held = forms.BooleanField(
        label=_("It has taken place"),
        required=False,
        help_text=_("Leave unticked to schedule it."),
    )

    class Meta:
        model = Conversation
        fields = [
            "title",
            "date",
            "product",
            "participants",
            "interviewers",
            "organisation",
            "segment",
            "persona",
            "goal",
            "notes",
        ]
        widgets = {
            "date": DateInput(),
            "participants": forms.CheckboxSelectMultiple,
            "interviewers": forms.CheckboxSelectMultiple,
            "goal": forms.Textarea(attrs={"rows": 2}),
            "notes": forms.Textarea(attrs={"rows": 10}),
        }

    def __init__(self, *args, workspace, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        _groupings(self, workspace)
        self.fields["participants"].queryset = (
            Participant.objects.filter(workspace=workspace).present().exclude(status="proposed")
        )
        self.fields["interviewers"].queryset = _editors(workspace)
        if self.loaded is not None:
            del self.fields["held"]
        else:
            self.fields["date"].initial = timezone.localdate()

    def conversation_data(self) -> dict:
        data = {name: self.cleaned_data[name] for name in self.edit_fields}
        data["participants"] = list(data["participants"])
        data["interviewers"] = list(data["interviewers"])
        return data


class FeedbackForm(BoundedInputs, forms.ModelForm):
    """Second-hand feedback relayed by sales, support, marketing or a survey."""

    class Meta:
        model = Conversation
        fields = ["title", "date", "relayed_by", "product", "organisation", "segment", "notes"]
        widgets = {"date": DateInput(), "notes": forms.Textarea(attrs={"rows": 8})}
        labels = {"notes": _("What was said")}

    def __init__(self, *args, workspace, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        _groupings(self, workspace)
        self.fields["relayed_by"].required = True
        self.fields["relayed_by"].widget = forms.Select(choices=[("", "—"), *Relay.choices])
        self.fields["date"].initial = timezone.localdate()

    def _post_clean(self) -> None:
        """The service validates the whole conversation."""

    def feedback_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in self._meta.fields or []}


class SnapshotForm(BoundedInputs, EditForm, forms.ModelForm):
    edit_fields = list(Conversation.SNAPSHOT_FIELDS)

    class Meta:
        model = Conversation
        fields = list(Conversation.SNAPSHOT_FIELDS)
        widgets = {name: forms.Textarea(attrs={"rows": 3}) for name in Conversation.SNAPSHOT_FIELDS}


class AttachmentForm(BoundedInputs, forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=AttachmentKind.choices)
    file = forms.FileField(label=_("File"))


class QuoteForm(BoundedInputs, forms.Form):
    """A passage of the conversation's notes or transcript, or typed."""

    text = forms.CharField(
        label=_("Quote"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The person's words; select a passage of the notes to fill this in."),
    )
    participant = forms.ModelChoiceField(
        label=_("Said by"), queryset=Participant.objects.none(), required=False
    )
    tags = forms.ModelMultipleChoiceField(
        label=_("Tags"),
        queryset=Tag.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    new_tag = forms.CharField(label=_("New tag"), max_length=60, required=False)

    def __init__(self, *args, conversation: Conversation, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["participant"].queryset = conversation.participants.present()
        self.fields["tags"].queryset = Tag.objects.filter(workspace=conversation.workspace)
        if conversation.is_second_hand:
            del self.fields["participant"]


class InsightForm(BoundedInputs, EditForm, forms.ModelForm):
    edit_fields = ["title", "description", "product"]
    quotes = forms.ModelMultipleChoiceField(
        label=_("Evidence"),
        queryset=Quote.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The quotes that support this statement."),
    )

    class Meta:
        model = Insight
        fields = ["title", "description", "product"]
        widgets = {"description": TEXTAREA}

    def __init__(self, *args, workspace, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        _groupings(self, workspace)
        # The newest quotes a person may read, and those the insight holds already.
        recent = list(
            Quote.objects.filter(conversation__workspace=workspace, redacted_at__isnull=True)
            .visible_to(user)
            .order_by("-created_at")
            .values_list("pk", flat=True)[:OFFERED_QUOTES]
        )
        held = list(self.loaded.quotes.values_list("pk", flat=True)) if self.loaded else []
        self.fields["quotes"].queryset = (
            Quote.objects.filter(pk__in=recent + held)
            .select_related("conversation", "participant")
            .order_by("-created_at")
        )
        self.fields["quotes"].label_from_instance = lambda q: f"“{q.text[:140]}” — {q.conversation}"
        if self.loaded is not None:
            self.fields["quotes"].initial = held

    def insight_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.edit_fields}


class ResearchSettingsForm(BoundedInputs, EditForm, forms.ModelForm):
    edit_fields = list(ResearchSettings.EDITABLE_FIELDS)

    class Meta:
        model = ResearchSettings
        fields = list(ResearchSettings.EDITABLE_FIELDS)


class SearchForm(BoundedInputs, forms.Form):
    q = forms.CharField(label=_("Search"), max_length=200, required=False)
    kind = forms.ChoiceField(
        label=_("In"), choices=[("", _("everything")), *SearchKind.choices], required=False
    )
    source = forms.ChoiceField(
        label=_("Source"), choices=[("", _("any source")), *Source.choices], required=False
    )
    segment = forms.ModelChoiceField(
        label=_("Segment"),
        queryset=Segment.objects.none(),
        required=False,
        empty_label=_("any segment"),
    )
    persona = forms.ModelChoiceField(
        label=_("Persona"),
        queryset=Persona.objects.none(),
        required=False,
        empty_label=_("any persona"),
    )
    tag = forms.ModelChoiceField(
        label=_("Tag"), queryset=Tag.objects.none(), required=False, empty_label=_("any tag")
    )
    date_from = forms.DateField(label=_("From"), widget=DateInput(), required=False)
    date_to = forms.DateField(label=_("To"), widget=DateInput(), required=False)

    def __init__(self, *args, workspace, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        _groupings(self, workspace)
        self.fields["tag"].queryset = Tag.objects.filter(workspace=workspace)


class ConsentTextForm(BoundedInputs, forms.Form):
    """The next version of the text for one purpose and language."""

    purpose = forms.ChoiceField(label=_("Purpose"), choices=Purpose.choices)
    language = forms.ChoiceField(label=_("Language"), choices=Language.choices)
    text = forms.CharField(
        label=_("Text"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "Published as a new version. Consents given before keep the text they were "
            "given on; earlier versions stay listed as proof."
        ),
    )


class ReminderForm(BoundedInputs, forms.Form):
    weekly_email = forms.BooleanField(
        label=_("Send me the weekly reminder when I am behind the goal"), required=False
    )
