"""Forms of the stakeholder pages. They parse; the services decide what is valid."""

from __future__ import annotations

from django import forms
from django.db.models import QuerySet
from django.forms.utils import flatatt
from django.utils import timezone
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from leitstern.accounts.models import User
from leitstern.core.forms import BoundedInputs, DateInput, EditForm
from leitstern.core.imports.forms import UploadForm
from leitstern.stakeholders.models import (
    Attitude,
    Conversation,
    Engagement,
    Influence,
    PlanItem,
    Stakeholder,
    Strength,
    Theme,
)
from leitstern.workspaces.models import Role, Workspace

MAX_AXIS = 10


class PeopleSelect(forms.Select):
    """A select of possibly hundreds of people, written in one pass: Django renders each
    option through a template, which at 500 people was most of the network page's time.
    Same markup (name, id, required, described-by, the selected option)."""

    def render(self, name, value, attrs=None, renderer=None) -> str:
        final = self.build_attrs(self.attrs, attrs)
        final["name"] = name
        chosen = set(self.format_value(value))
        options = []
        for option_value, label in self.choices:
            text = "" if option_value is None else str(option_value)
            selected = " selected" if text in chosen else ""
            options.append(
                f'<option value="{conditional_escape(text)}"{selected}>'
                f"{conditional_escape(label)}</option>"
            )
        return mark_safe(f"<select{flatatt(final)}>{''.join(options)}</select>")  # noqa: S308 - every value is escaped above


def _editors(workspace: Workspace) -> QuerySet[User]:
    """Who may keep relationships and send plan items: the people who see stakeholders."""
    return User.objects.filter(
        memberships__workspace=workspace, memberships__role__in=[Role.OWNER, Role.EDITOR]
    ).order_by("name")


def _members(workspace: Workspace) -> QuerySet[User]:
    return User.objects.filter(memberships__workspace=workspace).order_by("name")


def _day(label, *, required: bool = False, **kwargs) -> forms.DateField:
    return forms.DateField(label=capfirst(label), required=required, widget=DateInput(), **kwargs)


def _axis(label) -> forms.FloatField:
    """A grid coordinate as the browser's number input sends it ("7.5"); the service says
    what lies outside the axes."""
    return forms.FloatField(
        label=capfirst(label),
        widget=forms.NumberInput(attrs={"step": "0.1", "inputmode": "decimal"}),
        help_text=_("0 to 10"),
    )


def _note() -> forms.CharField:
    return forms.CharField(
        label=capfirst(_("why")),
        required=False,
        max_length=300,
        help_text=_("Kept with this assessment in the trail."),
    )


class StakeholderForm(BoundedInputs, EditForm, forms.ModelForm):
    """New and edit form of the register; for an edit, built with ``loaded=stakeholder``."""

    edit_fields = Stakeholder.REGISTER_FIELDS
    private = forms.BooleanField(
        label=capfirst(_("private to me")),
        required=False,
        help_text=_(
            "Only you will see this person and everything about them. Owners cannot see it "
            "while you edit here."
        ),
    )

    class Meta:
        model = Stakeholder
        fields = Stakeholder.REGISTER_FIELDS
        widgets = {
            "notes": forms.Textarea(attrs={"rows": 4}),
            "products": forms.CheckboxSelectMultiple,
            "themes": forms.CheckboxSelectMultiple,
            "reports_to": PeopleSelect,
        }

    def __init__(self, *args, workspace: Workspace, seen: QuerySet[Stakeholder], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.loaded is not None:
            self.fields["private"].initial = self.loaded.is_private
            seen = seen.exclude(pk=self.loaded.pk)
        self.fields["member"].queryset = _members(workspace)
        self.fields["member"].empty_label = _("— not a member —")
        self.fields["relationship_owner"].queryset = _editors(workspace)
        self.fields["relationship_owner"].empty_label = _("— nobody yet —")
        self.fields["reports_to"].queryset = seen.only("id", "name").order_by("name")
        self.fields["reports_to"].empty_label = _("— nobody on the map —")
        self.fields["products"].queryset = workspace.products.active()
        self.fields["themes"].queryset = Theme.objects.filter(workspace=workspace)

    def register_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in Stakeholder.REGISTER_FIELDS}


class GridForm(BoundedInputs, forms.Form):
    power = _axis(_("power"))
    interest = _axis(_("interest"))
    day = _day(_("as of"), help_text=_("Leave empty for today."))
    note = _note()

    # The keyboard's and screen reader's way across the grid without dragging: each button
    # moves one step on one axis and saves at once.
    MOVES = {
        "power_up": ("power", 1),
        "power_down": ("power", -1),
        "interest_up": ("interest", 1),
        "interest_down": ("interest", -1),
    }


class SalienceForm(BoundedInputs, forms.Form):
    has_power = forms.BooleanField(
        label=capfirst(_("power")),
        required=False,
        help_text=_("Can impose their will: budget, veto, authority, coercion."),
    )
    has_legitimacy = forms.BooleanField(
        label=capfirst(_("legitimacy")),
        required=False,
        help_text=_("Has a rightful claim: a contract, a role, a stake that others accept."),
    )
    has_urgency = forms.BooleanField(
        label=capfirst(_("urgency")),
        required=False,
        help_text=_("Their claim is time-critical or matters greatly to them."),
    )
    day = _day(_("as of"), help_text=_("Leave empty for today."))
    note = _note()


class EngagementForm(BoundedInputs, forms.Form):
    engagement = forms.ChoiceField(
        label=capfirst(_("current engagement")),
        choices=[("", _("— unknown —")), *Engagement.choices],
        required=False,
    )
    desired_engagement = forms.ChoiceField(
        label=capfirst(_("desired engagement")),
        choices=[("", _("— unknown —")), *Engagement.choices],
        required=False,
    )
    day = _day(_("as of"), help_text=_("Leave empty for today."))
    note = _note()


def _offer(field: forms.ModelChoiceField, objects: list) -> None:
    """Show ``objects`` (already read, in order) as the field's options instead of asking
    its queryset again; a submitted id is still checked against the queryset."""
    first = [] if field.empty_label is None else [("", field.empty_label)]
    field.widget.choices = first + [(o.pk, field.label_from_instance(o)) for o in objects]


class StanceForm(BoundedInputs, forms.Form):
    theme = forms.ModelChoiceField(label=capfirst(_("theme")), queryset=Theme.objects.none())
    attitude = forms.ChoiceField(label=capfirst(_("attitude")), choices=Attitude.choices)
    day = _day(_("as of"), help_text=_("Leave empty for today."))
    note = _note()

    def __init__(
        self, *args, workspace: Workspace, themes: list[Theme] | None = None, **kwargs
    ) -> None:
        """``themes``: the workspace's themes, when the page has them already."""
        super().__init__(*args, **kwargs)
        self.fields["theme"].queryset = Theme.objects.filter(workspace=workspace)
        if themes is not None:
            _offer(self.fields["theme"], themes)


class InfluenceForm(BoundedInputs, forms.Form):
    """A new tie: ``listener`` listens to ``influencer``."""

    listener = forms.ModelChoiceField(
        label=capfirst(_("who listens")), queryset=Stakeholder.objects.none(), widget=PeopleSelect
    )
    influencer = forms.ModelChoiceField(
        label=capfirst(_("to whom")), queryset=Stakeholder.objects.none(), widget=PeopleSelect
    )
    strength = forms.TypedChoiceField(
        label=capfirst(_("strength")),
        choices=Strength.choices,
        coerce=int,
        initial=Strength.MEDIUM,
    )
    note = forms.CharField(
        label=capfirst(_("note")),
        required=False,
        max_length=300,
        help_text=_("For example: “trusts her judgement on pricing”."),
    )

    def __init__(
        self,
        *args,
        seen: QuerySet[Stakeholder],
        people: list[Stakeholder] | None = None,
        **kwargs,
    ) -> None:
        """``people``: the stakeholders of ``seen`` by name, when the page has them
        already; both selects then list them without asking the database again."""
        super().__init__(*args, **kwargs)
        queryset = seen.only("id", "name").order_by("name")
        for name in ("listener", "influencer"):
            field = self.fields[name]
            field.queryset = queryset  # what a submitted id is checked against
            if people is not None:
                _offer(field, people)


class InfluenceEditForm(BoundedInputs, EditForm, forms.ModelForm):
    """A tie's strength and note, built with ``loaded=influence``."""

    edit_fields = Influence.EDITABLE_FIELDS

    class Meta:
        model = Influence
        fields = Influence.EDITABLE_FIELDS


class ConversationForm(BoundedInputs, EditForm, forms.ModelForm):
    """New and edit form; for an edit, built with ``loaded=conversation``."""

    edit_fields = Conversation.EDITABLE_FIELDS

    class Meta:
        model = Conversation
        fields = Conversation.EDITABLE_FIELDS
        widgets = {
            "day": DateInput(),
            "next_step_due": DateInput(),
            "outcome": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.loaded is None:
            self.fields["day"].initial = timezone.localdate()

    def conversation_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in Conversation.EDITABLE_FIELDS}


class PlanItemForm(BoundedInputs, EditForm, forms.ModelForm):
    """New and edit form of a communication plan row; for an edit, ``loaded=item``."""

    edit_fields = PlanItem.EDITABLE_FIELDS

    class Meta:
        model = PlanItem
        fields = PlanItem.EDITABLE_FIELDS
        widgets = {"starts_on": DateInput(), "members": forms.CheckboxSelectMultiple}

    def __init__(self, *args, workspace: Workspace, seen: QuerySet[Stakeholder], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        people = seen.only("id", "name").order_by("name")
        self.fields["stakeholder"].queryset = people
        self.fields["stakeholder"].empty_label = _("— a group, named below —")
        self.fields["members"].queryset = people
        self.fields["owner"].queryset = _editors(workspace)
        self.fields["owner"].empty_label = _("— nobody yet —")
        if self.loaded is None:
            self.fields["starts_on"].initial = timezone.localdate()

    def plan_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in PlanItem.EDITABLE_FIELDS}


class SentForm(BoundedInputs, forms.Form):
    day = _day(_("sent on"), help_text=_("Leave empty for today."))


class ThemeForm(BoundedInputs, EditForm, forms.ModelForm):
    edit_fields = Theme.EDITABLE_FIELDS

    class Meta:
        model = Theme
        fields = Theme.EDITABLE_FIELDS
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, workspace: Workspace, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["product"].queryset = workspace.products.active()
        self.fields["product"].empty_label = _("— across products —")

    def theme_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in Theme.EDITABLE_FIELDS}


class EraseForm(BoundedInputs, forms.Form):
    """Erasing cannot be undone: the person's name is typed to confirm it."""

    confirm = forms.CharField(label=capfirst(_("type the name to confirm")), max_length=160)

    def __init__(self, *args, stakeholder: Stakeholder, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.stakeholder = stakeholder

    def clean_confirm(self) -> str:
        value = self.cleaned_data["confirm"]
        if value.casefold() != self.stakeholder.name.strip().casefold():
            raise forms.ValidationError(_("Type the name exactly as shown to confirm."))
        return value


class DeleteForm(BoundedInputs, forms.Form):
    """A confirmation button without fields."""


class ImportForm(UploadForm):
    """A CSV file or pasted rows; the kernel's import flow reads either."""

    columns_help = _(
        "Columns: name, and any of role or title, department, organisation, e-mail, "
        "notes, power, interest, engagement, desired engagement, reports to. Comma or "
        "semicolon separated; German Excel works as it is."
    )
    MAX_BYTES = 2_000_000


class RegisterFilter(BoundedInputs, forms.Form):
    q = forms.CharField(label=capfirst(_("search")), required=False, max_length=160)
    quadrant = forms.ChoiceField(label=capfirst(_("quadrant")), required=False)

    def __init__(self, *args, quadrants: list[tuple[str, str]], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["quadrant"].choices = [("", _("— all —")), *quadrants]


class WeeksFilter(BoundedInputs, forms.Form):
    WEEKS = (2, 4, 6, 8, 12)
    DEFAULT = 4

    weeks = forms.TypedChoiceField(
        label=capfirst(_("not spoken for")), coerce=int, initial=DEFAULT, required=False
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["weeks"].choices = [
            (n, ngettext("%(n)d week", "%(n)d weeks", n) % {"n": n}) for n in self.WEEKS
        ]

    def chosen(self) -> int:
        return (self.is_valid() and self.cleaned_data.get("weeks")) or self.DEFAULT


class MapFilter(BoundedInputs, forms.Form):
    """Narrows the grid, the network and the attention list to a part of a large map: one
    product, one department (the group a person belongs to) and one quadrant. Unknown
    values are ignored (a filter only chooses what to show)."""

    product = forms.ModelChoiceField(
        label=capfirst(_("product")), queryset=None, required=False, empty_label=_("— all —")
    )
    department = forms.ChoiceField(label=capfirst(_("department")), required=False)
    quadrant = forms.ChoiceField(label=capfirst(_("quadrant")), required=False)

    def __init__(
        self,
        *args,
        workspace: Workspace,
        departments: list[str],
        quadrants: list[tuple[str, str]],
        **kwargs,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["product"].queryset = workspace.products.active().order_by("name")
        self.fields["department"].choices = [
            ("", _("— all —")),
            *((name, name) for name in departments),
        ]
        self.fields["quadrant"].choices = [("", _("— all —")), *quadrants]

    def chosen(self) -> dict:
        """The valid choices, each empty when not chosen."""
        if not self.is_bound:
            return {"product": None, "department": "", "quadrant": ""}
        self.is_valid()  # a wrong choice drops that one filter; the valid ones stay
        data = self.cleaned_data
        return {
            "product": data.get("product") or None,
            "department": data.get("department") or "",
            "quadrant": data.get("quadrant") or "",
        }

    def query(self) -> str:
        """The chosen filters as a query string (for pager links), empty when none."""
        from urllib.parse import urlencode

        chosen = self.chosen()
        pairs = [
            ("product", chosen["product"].pk if chosen["product"] else ""),
            ("department", chosen["department"]),
            ("quadrant", chosen["quadrant"]),
        ]
        return urlencode([(k, v) for k, v in pairs if v])
