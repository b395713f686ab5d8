"""Forms of the roadmap pages. They check shapes; the services decide what is valid."""

from __future__ import annotations

from datetime import date

from django import forms
from django.db.models import Q
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from leitstern.accounts.models import User
from leitstern.core import limits
from leitstern.core.forms import BoundedInputs, DateInput, EditForm
from leitstern.core.imports.forms import UploadForm
from leitstern.discovery.models import Hypothesis, Opportunity, Review
from leitstern.roadmap import periods
from leitstern.roadmap.models import (
    Audience,
    Decision,
    Horizon,
    Level,
    Pause,
    Preset,
    Roadmap,
    RoadmapItem,
    Status,
    ViewField,
)
from leitstern.strategy.models import KeyResult, Objective
from leitstern.workspaces.models import Workspace


class MonthInput(forms.DateInput):
    """The browser's month picker: its value is always ``2026-07``."""

    input_type = "month"

    def __init__(self, attrs: dict | None = None) -> None:
        bounds = {
            "min": limits.MIN_DATE.strftime("%Y-%m"),
            "max": limits.MAX_DATE.strftime("%Y-%m"),
            "placeholder": "2026-07",
        }
        super().__init__({**bounds, **(attrs or {})}, format="%Y-%m")


class MonthField(forms.DateField):
    """A month (``2026-07``) as its first day; ``end=True`` gives its last day."""

    widget = MonthInput

    def __init__(self, *, end: bool = False, **kwargs) -> None:
        self.end = end
        kwargs.setdefault("input_formats", ["%Y-%m", "%Y-%m-%d"])
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)
        self.error_messages["invalid"] = _("Enter a month as 2026-07.")

    def to_python(self, value) -> date | None:
        day = super().to_python(value)
        if day is None:
            return None
        return periods.month_end(day) if self.end else periods.month_start(day)


def _members(workspace: Workspace):
    return User.objects.filter(memberships__workspace=workspace).order_by("name")


def _why(label, *, help_text="") -> forms.CharField:
    return forms.CharField(
        label=capfirst(label),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=help_text,
    )


class ItemForm(BoundedInputs, EditForm, forms.ModelForm):
    """New and edit form of an item; for an edit, built with ``loaded=item``."""

    edit_fields = RoadmapItem.EDITABLE_FIELDS
    window_start = MonthField(label=capfirst(_("from (month)")))
    window_end = MonthField(label=capfirst(_("until (month)")), end=True)
    horizon = forms.ChoiceField(
        label=capfirst(_("horizon")),
        choices=[(h.value, h.label) for h in (Horizon.NOW, Horizon.NEXT, Horizon.LATER)],
        initial=Horizon.NEXT,
    )
    why = _why(
        _("Why this change?"),
        help_text=_("Kept in the roadmap's history next to the change."),
    )
    limit_reason = _why(_("Why over the limit of Now?"))
    pause_reason = _why(_("Why during the consolidation period?"))

    class Meta:
        model = RoadmapItem
        fields = RoadmapItem.EDITABLE_FIELDS
        widgets = {
            "outcome": forms.Textarea(attrs={"rows": 2}),
            "description": forms.Textarea(attrs={"rows": 3}),
            "hard_date": DateInput(),
            "tags": forms.TextInput(attrs={"placeholder": _("checkout, mobile")}),
        }

    def __init__(self, *args, roadmap: Roadmap, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        workspace = roadmap.workspace
        linked_krs = linked_objectives = linked_opportunities = linked_hypotheses = []
        if self.loaded is not None:
            linked_krs = list(self.loaded.key_results.values_list("pk", flat=True))
            linked_objectives = list(self.loaded.objectives.values_list("pk", flat=True))
            linked_opportunities = list(self.loaded.opportunities.values_list("pk", flat=True))
            linked_hypotheses = list(self.loaded.hypotheses.values_list("pk", flat=True))
            del self.fields["horizon"]
            del self.fields["limit_reason"]
        open_cycles = Q(objective__cycle__workspace=workspace, objective__cycle__closed_at=None)
        self.fields["key_results"].queryset = (
            KeyResult.objects.filter(open_cycles | Q(pk__in=linked_krs))
            .select_related("objective__cycle")
            .order_by("objective__cycle__starts_on", "objective__title", "title")
        )
        self.fields["key_results"].label_from_instance = lambda kr: (
            f"{kr.objective.title} · {kr.title} ({kr.objective.cycle.name})"
        )
        self.fields["objectives"].queryset = (
            Objective.objects.filter(
                Q(cycle__workspace=workspace, cycle__closed_at=None) | Q(pk__in=linked_objectives)
            )
            .select_related("cycle")
            .order_by("cycle__starts_on", "title")
        )
        self.fields["objectives"].label_from_instance = lambda o: f"{o.title} ({o.cycle.name})"
        # Discovery's opportunities and hypotheses: the product's (every product's for the
        # portfolio roadmap), declined opportunities only when already linked.
        products = (
            Q(product=roadmap.product_id) if roadmap.product_id else Q(product__workspace=workspace)
        )
        self.fields["opportunities"].queryset = (
            Opportunity.objects.filter(
                (products & ~Q(review=Review.DECLINED)) | Q(pk__in=linked_opportunities)
            )
            .select_related("product")
            .order_by("product__name", "title", "id")
        )
        self.fields["hypotheses"].queryset = (
            Hypothesis.objects.filter(products | Q(pk__in=linked_hypotheses))
            .select_related("product")
            .order_by("product__name", "created_at", "id")
        )
        if not roadmap.product_id:
            self.fields["opportunities"].label_from_instance = lambda o: f"{o.product} · {o}"
            self.fields["hypotheses"].label_from_instance = lambda h: f"{h.product} · {h}"
        for name in ("key_results", "objectives", "opportunities", "hypotheses"):
            self.fields[name].widget.attrs["size"] = "6"
        self.fields["owner"].queryset = _members(workspace)
        self.fields["owner"].empty_label = _("— nobody yet —")
        self.fields["team"].queryset = workspace.teams.order_by("name")
        self.fields["team"].empty_label = _("— no team —")
        self.fields["size"].choices = [("", _("— not sized —")), *self.fields["size"].choices[1:]]
        self.fields["hard_date_kind"].choices = [
            ("", _("— no hard date —")),
            *self.fields["hard_date_kind"].choices[1:],
        ]
        self.fields["confidence"].widget.attrs.update({"min": "0", "max": "100"})

    def item_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in RoadmapItem.EDITABLE_FIELDS}


class MoveForm(BoundedInputs, forms.Form):
    """Move an item to a horizon, with why (the keyboard's and the no-script way of
    dragging on the board)."""

    horizon = forms.ChoiceField(label=capfirst(_("move to")), choices=Horizon.choices)
    place = forms.ChoiceField(
        label=capfirst(_("place in the column")),
        choices=[("end", _("at the end")), ("top", _("at the top"))],
        initial="end",
        widget=forms.RadioSelect,
    )
    why = _why(_("Why?"), help_text=_("Required when the item changes its horizon."))
    revisit_on = forms.DateField(
        label=capfirst(_("revisit on")),
        required=False,
        widget=DateInput(),
        help_text=_("For parked items: when to look at it again."),
    )
    decided_by = forms.ModelChoiceField(
        label=capfirst(_("decided by")),
        queryset=User.objects.none(),
        required=False,
        help_text=_("For items you decide not to do; empty: you."),
    )
    limit_reason = _why(_("Why over the limit of Now?"))

    def __init__(self, *args, item: RoadmapItem, **kwargs) -> None:
        kwargs.setdefault("initial", {})
        super().__init__(*args, **kwargs)
        self.fields["decided_by"].queryset = _members(item.roadmap.workspace)
        self.fields["decided_by"].empty_label = _("— me —")


class StepForm(BoundedInputs, forms.Form):
    direction = forms.TypedChoiceField(
        choices=[("-1", "up"), ("1", "down")], coerce=int, widget=forms.HiddenInput
    )


class DropForm(BoundedInputs, forms.Form):
    """What the board's drag and drop sends: the new horizon, the item it now stands
    before (none: at the end), and why."""

    horizon = forms.ChoiceField(choices=Horizon.choices)
    before = forms.IntegerField(required=False, min_value=1)
    why = forms.CharField(required=False, widget=forms.Textarea)
    limit_reason = forms.CharField(required=False, widget=forms.Textarea)
    revisit_on = forms.DateField(required=False, widget=DateInput())


class RemoveForm(BoundedInputs, forms.Form):
    why = _why(_("Why remove it?"), help_text=_("Kept in the roadmap's history."))


class CommentForm(BoundedInputs, forms.Form):
    text = forms.CharField(
        label=capfirst(_("comment")),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class RoadmapForm(BoundedInputs, EditForm, forms.ModelForm):
    """A roadmap's settings, built with ``loaded=roadmap``."""

    edit_fields = Roadmap.EDITABLE_FIELDS

    class Meta:
        model = Roadmap
        fields = Roadmap.EDITABLE_FIELDS
        widgets = {"portfolio_disclaimer": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.loaded is not None and not self.loaded.is_portfolio:
            del self.fields["portfolio_disclaimer"]
            self.edit_fields = ["wip_limit"]
        self.fields["wip_limit"].widget.attrs.update({"min": "1", "max": "500"})


class SnapshotForm(BoundedInputs, forms.Form):
    name = forms.CharField(label=capfirst(_("name")), max_length=120)
    note = forms.CharField(
        label=capfirst(_("note")), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class CompareForm(BoundedInputs, forms.Form):
    """The two moments to compare: each a date or a snapshot (GET)."""

    since = forms.DateField(label=capfirst(_("since")), required=False, widget=DateInput())
    since_snapshot = forms.TypedChoiceField(
        label=capfirst(_("or since the snapshot")), required=False, coerce=int, empty_value=None
    )
    until = forms.DateField(
        label=capfirst(_("until")),
        required=False,
        widget=DateInput(),
        help_text=_("Empty: up to now."),
    )
    until_snapshot = forms.TypedChoiceField(
        label=capfirst(_("or until the snapshot")), required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args, snapshots: list, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", _("— none —"))] + [(s.pk, s.name) for s in snapshots]
        self.fields["since_snapshot"].choices = choices
        self.fields["until_snapshot"].choices = choices


class DigestForm(BoundedInputs, forms.Form):
    since = forms.DateField(label=capfirst(_("changes since")), widget=DateInput())


class FilterForm(BoundedInputs, forms.Form):
    """Narrow a view of a roadmap (GET; every field optional)."""

    q = forms.CharField(label=capfirst(_("search")), required=False, max_length=200)
    team = forms.TypedChoiceField(
        label=capfirst(_("team")), required=False, coerce=int, empty_value=None
    )
    status = forms.ChoiceField(
        label=capfirst(_("status")),
        required=False,
        choices=[("", _("— any —")), *Status.choices],
    )
    level = forms.ChoiceField(
        label=capfirst(_("level of detail")),
        required=False,
        choices=[("", _("— any —")), *Level.choices],
    )
    tag = forms.CharField(label=capfirst(_("tag")), required=False, max_length=100)
    objective = forms.TypedChoiceField(
        label=capfirst(_("objective")), required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args, workspace: Workspace, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["team"].choices = [("", _("— any —"))] + [
            (t.pk, t.name) for t in workspace.teams.order_by("name")
        ]
        self.fields["objective"].choices = [("", _("— any —"))] + [
            (o.pk, f"{o.title} ({o.cycle.name})")
            for o in Objective.objects.filter(cycle__workspace=workspace, cycle__closed_at=None)
            .select_related("cycle")
            .order_by("cycle__starts_on", "title")
        ]


class PauseForm(BoundedInputs, EditForm, forms.ModelForm):
    edit_fields = Pause.EDITABLE_FIELDS

    class Meta:
        model = Pause
        fields = Pause.EDITABLE_FIELDS
        widgets = {
            "starts_on": DateInput(),
            "ends_on": DateInput(),
            "purpose": forms.Textarea(attrs={"rows": 2}),
        }

    def pause_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in Pause.EDITABLE_FIELDS}


class DecisionForm(BoundedInputs, EditForm, forms.ModelForm):
    edit_fields = Decision.EDITABLE_FIELDS

    class Meta:
        model = Decision
        fields = Decision.EDITABLE_FIELDS
        widgets = {
            "context": forms.Textarea(attrs={"rows": 3}),
            "options": forms.Textarea(attrs={"rows": 3}),
            "decided_on": DateInput(),
            "revisit_on": DateInput(),
        }

    def __init__(self, *args, roadmap: Roadmap, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["decided_by"].queryset = _members(roadmap.workspace)
        self.fields["decided_by"].empty_label = _("— me —")
        linked = []
        if self.loaded is not None:
            linked = list(self.loaded.items.values_list("pk", flat=True))
        self.fields["items"].queryset = RoadmapItem.objects.filter(
            Q(roadmap=roadmap, removed_at=None) | Q(pk__in=linked)
        ).order_by("title")
        self.fields["items"].widget.attrs["size"] = "6"

    def decision_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in Decision.EDITABLE_FIELDS}


class AudienceForm(BoundedInputs, EditForm, forms.ModelForm):
    """An audience view; new ones start from a preset."""

    edit_fields = Audience.EDITABLE_FIELDS
    item_fields = forms.MultipleChoiceField(
        label=capfirst(_("fields shown")),
        choices=ViewField.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The title always shows."),
    )
    horizons = forms.MultipleChoiceField(
        label=capfirst(_("horizons shown")),
        choices=Horizon.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    levels = forms.MultipleChoiceField(
        label=capfirst(_("levels shown")),
        choices=Level.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Audience
        fields = ["name", "preset", "description", "include_internal", "roadmaps"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 2}),
            "roadmaps": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, workspace: Workspace, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["roadmaps"].queryset = (
            Roadmap.objects.active().filter(workspace=workspace).select_related("product")
        )
        if self.loaded is not None:
            del self.fields["preset"]
        else:
            self.fields["preset"].initial = Preset.CUSTOMERS
            self.fields["preset"].help_text = _(
                "Which fields, horizons and levels it starts with when you leave them empty."
            )

    def audience_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in Audience.EDITABLE_FIELDS}


class LinkForm(BoundedInputs, forms.Form):
    label = forms.CharField(
        label=capfirst(_("for whom")),
        required=False,
        max_length=120,
        help_text=_("For example: customer advisory board."),
    )
    days = forms.IntegerField(
        label=capfirst(_("valid for (days)")), min_value=1, max_value=365, initial=90
    )


class ImportForm(UploadForm):
    """A CSV export of another tool, or pasted rows."""
