"""Forms for strategy pages. They check shapes; the services decide what is valid."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from leitstern.accounts.models import User
from leitstern.core.forms import BoundedInputs, DateInput, EditForm
from leitstern.core.imports.forms import UploadForm
from leitstern.strategy import hints, periods
from leitstern.strategy.models import (
    NORTH_STAR_CHECKLIST,
    Cycle,
    KeyResult,
    Metric,
    Objective,
)
from leitstern.workspaces.models import Need, Workspace, roles_reaching


def _number(label, *, required: bool = False, help_text: str = "") -> forms.FloatField:
    """A number field that takes "12,5" in German and "12.5" in English."""
    return forms.FloatField(
        label=capfirst(label),
        required=required,
        localize=True,
        help_text=help_text,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )


def _date(label, **kwargs) -> forms.DateField:
    return forms.DateField(label=capfirst(label), widget=DateInput(), **kwargs)


def _owners(workspace: Workspace):
    """Who may own objectives and key results: members who can check in (contributor and
    up), since the owner checks in every week."""
    return User.objects.filter(
        memberships__workspace=workspace,
        memberships__role__in=roles_reaching(Need.CONTRIBUTE),
    ).order_by("name")


class NoteMixin(forms.Form):
    note = forms.CharField(
        label=capfirst(_("Why this change?")),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Kept in the activity log next to the change."),
    )


class DeleteForm(BoundedInputs, forms.Form):
    note = forms.CharField(
        label=capfirst(_("Why delete it?")),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Kept in the activity log next to the deletion."),
    )


class MetricForm(BoundedInputs, EditForm, forms.ModelForm):
    """New and edit form; for an edit, built with ``loaded=metric``."""

    edit_fields = Metric.EDITABLE_FIELDS
    range_low = _number(_("range from"))
    range_high = _number(_("range to"))

    class Meta:
        model = Metric
        fields = Metric.EDITABLE_FIELDS
        widgets = {
            "description": forms.Textarea(attrs={"rows": 2}),
            "value_statement": forms.Textarea(attrs={"rows": 2}),
        }

    def checklist_fields(self) -> list:
        return [self[name] for name, _label in NORTH_STAR_CHECKLIST]

    def metric_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in Metric.EDITABLE_FIELDS}


class MetricValueForm(BoundedInputs, forms.Form):
    day = _date(_("date"))
    value = _number(_("value"), required=True)
    note = forms.CharField(label=capfirst(_("note")), required=False, max_length=300)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["day"].initial = timezone.localdate()


class ImportForm(UploadForm):
    """A CSV file or pasted rows; the kernel's import flow reads either (``upload``)."""

    columns_help = _(
        "Columns: date, value, optional note. Comma or semicolon separated; German Excel "
        "(31.12.2026; 1.234,5) works as it is."
    )
    MAX_BYTES = 2_000_000


class TargetForm(BoundedInputs, forms.Form):
    day = _date(_("by"))
    value = _number(_("target value"), required=True)
    label = forms.CharField(label=capfirst(_("label")), required=False, max_length=120)


class AnnotationForm(BoundedInputs, forms.Form):
    day = _date(_("date"))
    text = forms.CharField(label=capfirst(_("what happened")), max_length=160)
    only_this_metric = forms.BooleanField(
        label=capfirst(_("only on this metric's chart")), required=False
    )


class CycleForm(BoundedInputs, EditForm, forms.ModelForm):
    """New and edit form; for an edit, built with ``loaded=cycle``."""

    edit_fields = ["name", "starts_on", "ends_on"]

    class Meta:
        model = Cycle
        fields = ["name", "starts_on", "ends_on"]
        widgets = {
            "starts_on": DateInput(),
            "ends_on": DateInput(),
        }

    def __init__(self, *args, workspace: Workspace, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.loaded is None:
            start, end = periods.quarter_bounds(timezone.localdate())
            taken = set(Cycle.objects.filter(workspace=workspace).values_list("name", flat=True))
            while periods.quarter_name(start) in taken:
                start, end = periods.next_quarter(start)
            self.fields["name"].initial = periods.quarter_name(start)
            self.fields["starts_on"].initial = start
            self.fields["ends_on"].initial = end

    def cycle_data(self) -> dict:
        return {f: self.cleaned_data[f] for f in ["name", "starts_on", "ends_on"]}


def _live_hints(field: forms.Field, url: str, include: str = "") -> None:
    """Ask for hints while typing (htmx); without JavaScript they show after saving."""
    field.widget.attrs.update(
        {
            "hx-get": url,
            "hx-trigger": "input changed delay:400ms",
            "hx-target": "#title-hints",
            "hx-swap": "innerHTML",
            "aria-describedby": "title-hints",
        }
    )
    if include:
        field.widget.attrs["hx-include"] = include


def _number_or_none(text: object) -> float | None:
    try:
        return float(str(text).replace(",", "."))
    except (TypeError, ValueError):
        return None


class ObjectiveForm(BoundedInputs, EditForm, NoteMixin, forms.ModelForm):
    """New and edit form; for an edit, built with ``loaded=objective``."""

    edit_fields = Objective.EDITABLE_FIELDS

    class Meta:
        model = Objective
        fields = ["title", "description", "kind", "owner", "product", "team", "parent"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, cycle: Cycle, hints_url: str = "", **kwargs) -> None:
        super().__init__(*args, **kwargs)
        workspace = cycle.workspace
        if hints_url:
            _live_hints(self.fields["title"], hints_url + "?for=objective")
        self.fields["owner"].queryset = _owners(workspace)
        self.fields["product"].queryset = workspace.products.active()
        self.fields["product"].empty_label = _("— the whole workspace —")
        self.fields["team"].queryset = workspace.teams.order_by("name")
        self.fields["team"].empty_label = _("— no team —")
        parents = cycle.objectives.all()
        if self.loaded is not None:
            parents = parents.exclude(pk=self.loaded.pk)
        self.fields["parent"].queryset = parents
        self.fields["parent"].empty_label = _("— none —")
        self.fields["kind"].widget = forms.RadioSelect(choices=self.fields["kind"].choices)

    def hints(self) -> list[hints.Hint]:
        title = self["title"].value() or ""
        return [h for h in hints.objective_hints(title=title, key_result_count=1)]

    def objective_data(self) -> dict:
        return {f: self.cleaned_data[f] for f in Objective.EDITABLE_FIELDS}


class KeyResultForm(BoundedInputs, EditForm, NoteMixin, forms.ModelForm):
    """New and edit form; for an edit, built with ``loaded=key_result``."""

    edit_fields = KeyResult.EDITABLE_FIELDS
    baseline = _number(_("baseline"), help_text=_("Where we start."))
    target = _number(_("target"), required=True, help_text=_("Where we want to be by the end."))
    current = _number(
        _("current value"), help_text=_("Not used when the key result follows a metric.")
    )

    class Meta:
        model = KeyResult
        fields = KeyResult.EDITABLE_FIELDS

    def __init__(
        self, *args, objective: Objective, hints_url: str = "", siblings: int = 0, **kwargs
    ) -> None:
        super().__init__(*args, **kwargs)
        self.siblings = siblings
        workspace = objective.cycle.workspace
        if hints_url:
            url = f"{hints_url}?siblings={siblings}"
            _live_hints(self.fields["title"], url, include="[name='baseline']")
            _live_hints(self.fields["baseline"], url, include="[name='title']")
        self.fields["owner"].queryset = _owners(workspace)
        self.fields["owner"].empty_label = _("— the objective's owner —")
        self.fields["metric"].queryset = Metric.objects.filter(
            product__workspace=workspace
        ).select_related("product")
        self.fields["metric"].label_from_instance = lambda m: f"{m.product} · {m}"
        self.fields["metric"].empty_label = _("— none, enter values by hand —")

    def hints(self) -> list[hints.Hint]:
        if not self.is_bound and self.loaded is None:
            return []
        return hints.key_result_hints(
            title=self["title"].value() or "",
            baseline=_number_or_none(self["baseline"].value()),
            sibling_count=self.siblings,
        )

    def key_result_data(self) -> dict:
        return {f: self.cleaned_data[f] for f in KeyResult.EDITABLE_FIELDS}


class CheckInForm(BoundedInputs, forms.Form):
    value = _number(
        _("value"),
        help_text=_("Leave empty to record the current value as it stands."),
    )
    confidence = forms.TypedChoiceField(
        label=capfirst(_("confidence")),
        coerce=int,
        choices=[(n, str(n)) for n in range(11)],
        initial=5,
        help_text=_("How sure are you to reach the target by the end of the cycle? 0–10"),
    )
    comment = forms.CharField(
        label=capfirst(_("comment")),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class CloseForm(BoundedInputs, forms.Form):
    """One group of fields per objective: learnings, post-mortem, carry forward."""

    def __init__(self, *args, objectives: list[Objective], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.groups = []
        for objective in objectives:
            pk = objective.pk
            self.fields[f"learnings_{pk}"] = forms.CharField(
                label=capfirst(_("learnings")),
                required=False,
                initial=objective.learnings,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            needed = objective.needs_postmortem(objective.info.score)
            if needed:
                self.fields[f"postmortem_{pk}"] = forms.CharField(
                    label=capfirst(_("post-mortem")),
                    required=True,
                    initial=objective.postmortem,
                    help_text=_("Committed and below 1.0: what got in the way?"),
                    widget=forms.Textarea(attrs={"rows": 2}),
                )
            if objective.may_carry_forward:
                self.fields[f"carry_{pk}"] = forms.BooleanField(
                    label=capfirst(_("carry forward into the next cycle")), required=False
                )
            self.groups.append(
                (
                    objective,
                    self[f"learnings_{pk}"],
                    self[f"postmortem_{pk}"] if needed else None,
                    self[f"carry_{pk}"] if f"carry_{pk}" in self.fields else None,
                )
            )

    def close_data(self) -> dict:
        data = self.cleaned_data
        ids = [objective.pk for objective, *_rest in self.groups]
        return {
            "learnings": {pk: data.get(f"learnings_{pk}", "") for pk in ids},
            "postmortems": {pk: data.get(f"postmortem_{pk}", "") for pk in ids},
            "carry_forward": [pk for pk in ids if data.get(f"carry_{pk}")],
        }


class ReviewForm(BoundedInputs, EditForm, forms.Form):
    """An objective's learnings and post-mortem, built with ``loaded=objective``."""

    edit_fields = ["learnings", "postmortem"]
    learnings = forms.CharField(
        label=capfirst(_("learnings")), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    postmortem = forms.CharField(
        label=capfirst(_("post-mortem")), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class ReminderForm(BoundedInputs, forms.Form):
    weekly_email = forms.BooleanField(
        label=capfirst(_("Send me a weekly e-mail with my due check-ins")), required=False
    )
