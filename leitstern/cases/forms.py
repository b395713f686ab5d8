"""Forms of the business-case pages. Estimates are typed as text (``estimates.py``); the
services and the engine decide what is valid."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from leitstern.cases import estimates
from leitstern.cases.models import (
    COST_CATEGORIES,
    DRIVER_FIELDS,
    BusinessCase,
    CaseCorrelation,
    CaseEvent,
    CaseLine,
    CasePhase,
    Category,
    IfMissed,
    LineKind,
    Template,
)
from leitstern.core.forms import BoundedInputs, EditForm
from leitstern.discovery.models import Hypothesis, Opportunity
from leitstern.roadmap.models import RoadmapItem
from leitstern.workspaces.models import Workspace

ESTIMATE_HELP = _(
    "A number (12), a calibrated 90-percent range (8..20: you would bet nine to one the true value "
    "lies inside) or three points (8/12/20: lowest plausible/most likely/highest plausible)."
)

FIELD_LABELS: dict[str, Any] = {
    "fte": _("FTE"),
    "monthly_cost": _("loaded monthly cost per FTE"),
    "amount": _("amount"),
    "volume": _("volume in the first month"),
    "unit_price": _("price per unit"),
    "growth": _("growth of the volume per month"),
    "users": _("users reached per month"),
    "conversion": _("share who pay"),
    "price": _("price per paying user and month"),
    "hours": _("hours saved per month at full use"),
    "rate": _("loaded cost per hour"),
    "adoption": _("share who actually use it"),
    "probability": _("fall in the yearly chance of the incident"),
    "impact": _("cost of one incident"),
    "lag_months": _("time to impact (months)"),
    "ramp_months": _("ramp-up (months)"),
}
FIELD_HELP: dict[str, Any] = {
    "monthly_cost": _("Gross salary × about 1.21 employer social insurance × 1.15–1.35 overhead."),
    "growth": _("As a fraction per month: 0.05 is 5% a month, compounded."),
    "conversion": _("As a fraction: 0.03 is 3%."),
    "adoption": _("As a fraction: 0.6 is 60%."),
    "probability": _("As a fraction: 0.1 is ten percentage points a year."),
}


def _links(form: forms.ModelForm, workspace: Workspace) -> None:
    fields = form.fields
    fields["roadmap_item"].queryset = RoadmapItem.objects.filter(
        roadmap__workspace=workspace, removed_at=None
    ).order_by("title")
    fields["opportunity"].queryset = Opportunity.objects.filter(
        product__workspace=workspace
    ).order_by("title")
    fields["hypothesis"].queryset = Hypothesis.objects.filter(
        product__workspace=workspace
    ).order_by("pk")


class CaseForm(BoundedInputs, EditForm, forms.ModelForm):
    edit_fields = BusinessCase.EDITABLE_FIELDS
    why = forms.CharField(
        label=_("Why the change"),
        required=False,
        help_text=_("Kept with the change in the case's history."),
    )

    class Meta:
        model = BusinessCase
        fields = BusinessCase.EDITABLE_FIELDS
        widgets = {"question": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, workspace: Workspace, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _links(self, workspace)


class CaseNewForm(BoundedInputs, forms.ModelForm):
    template = forms.ChoiceField(
        label=_("Start from"),
        choices=Template.choices,
        initial=Template.AI,
        help_text=_(
            "The AI initiative brings its phases and the usual cost lines, each "
            "with its sources; change every number to yours."
        ),
    )

    class Meta:
        model = BusinessCase
        fields = ["name", "question", "roadmap_item", "opportunity", "hypothesis"]
        widgets = {"question": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, workspace: Workspace, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _links(self, workspace)


class EstimateField(forms.CharField):
    """An estimate typed as text; cleaned to its kept form (``estimates.parse``)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", estimates.MAX_TEXT)
        kwargs.setdefault("help_text", ESTIMATE_HELP)
        super().__init__(**kwargs)

    def clean(self, value: Any) -> Any:
        text = super().clean(value)
        if not text and not self.required:
            return None
        return estimates.parse(text)


def step_ups_text(step_ups: list[dict]) -> str:
    return "; ".join(f"{s['phase']}={estimates.as_text(s['factor'])}" for s in step_ups)


class StepUpsField(forms.CharField):
    def clean(self, value: Any) -> list[dict]:
        text = super().clean(value)
        found: list[dict] = []
        for part in filter(None, (p.strip() for p in (text or "").split(";"))):
            phase, sep, factor = part.partition("=")
            if not sep or not phase.strip():
                raise forms.ValidationError(
                    _("Write each step-up as phase=factor, for example production=1.5..3.")
                )
            found.append({"phase": phase.strip(), "factor": estimates.parse(factor)})
        return found


class LineForm(BoundedInputs, forms.Form):
    """A cost or benefit line, with the estimates of its driver only."""

    name = forms.CharField(label=_("name"), max_length=120)
    category = forms.ChoiceField(label=_("category"))
    phase = forms.ChoiceField(label=_("from the phase"), required=False)
    until = forms.ChoiceField(label=_("until the end of"), required=False)
    start_month = forms.IntegerField(
        label=_("first month"),
        required=False,
        min_value=1,
        max_value=600,
        help_text=_("Empty: from the start of its phase."),
    )
    end_month = forms.IntegerField(
        label=_("last month"),
        required=False,
        min_value=1,
        max_value=600,
        help_text=_("Empty: to the end of its phase (or of “until”)."),
    )
    event = forms.ChoiceField(
        label=_("only if the event happens"),
        required=False,
        help_text=_("The line counts only in the simulated futures where this event happens."),
    )
    note = forms.CharField(
        label=_("note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Where the numbers come from."),
    )
    why = forms.CharField(label=_("Why the change"), required=False)
    revision = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)

    def __init__(
        self, *args: Any, case: BusinessCase, kind: str, driver: str, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.kind, self.driver = kind, driver
        phases = [("", _("— the whole case —"))] + [(p.key, p.name) for p in case.phases.all()]
        self.fields["phase"].choices = phases
        self.fields["until"].choices = [("", _("— as the phase —")), *phases[1:]]
        self.fields["event"].choices = [("", _("— in every future —"))] + [
            (e.key, e.name) for e in case.events.all()
        ]
        if kind == LineKind.COST:
            self.fields["category"].choices = [(c.value, c.label) for c in COST_CATEGORIES]
        else:
            self.fields["category"].choices = [
                (c.value, c.label)
                for c in (Category.REVENUE, Category.SAVINGS, Category.RISK, Category.OTHER)
            ]
        for name in DRIVER_FIELDS[driver]:
            self.fields[name] = EstimateField(
                label=FIELD_LABELS[name], help_text=FIELD_HELP.get(name, ESTIMATE_HELP)
            )
        if kind == LineKind.COST:
            self.fields["recurring"] = forms.BooleanField(
                label=_("every month (unticked: once, at the start)"),
                required=False,
                initial=True,
            )
        else:
            for name in ("lag_months", "ramp_months"):
                self.fields[name] = EstimateField(
                    label=FIELD_LABELS[name],
                    required=False,
                    help_text=_("Months until the benefit begins / months until it is full."),
                )
        self.fields["step_ups"] = StepUpsField(
            label=_("step-ups"),
            required=False,
            help_text=_(
                "From a phase on, the amount is multiplied: production=1.5..3; "
                "scale=2. The step from pilot to production, made explicit."
            ),
        )

    @classmethod
    def initial_for(cls, line: CaseLine, revision: int) -> dict[str, Any]:
        initial: dict[str, Any] = {
            "name": line.name,
            "category": line.category,
            "phase": line.phase,
            "until": line.until,
            "start_month": line.start_month,
            "end_month": line.end_month,
            "event": line.event,
            "note": line.note,
            "revision": revision,
            "recurring": line.recurring,
            "step_ups": step_ups_text(line.step_ups),
            "lag_months": estimates.as_text(line.lag_months),
            "ramp_months": estimates.as_text(line.ramp_months),
        }
        for name in DRIVER_FIELDS[line.driver]:
            initial[name] = estimates.as_text(line.values.get(name))
        return initial

    def line_data(self) -> dict[str, Any]:
        data = self.cleaned_data
        found: dict[str, Any] = {
            "name": data["name"],
            "category": data["category"],
            "phase": data["phase"],
            "until": data["until"],
            "start_month": data["start_month"],
            "end_month": data["end_month"],
            "event": data["event"],
            "note": data["note"],
            "step_ups": data["step_ups"],
            "values": {name: data[name] for name in DRIVER_FIELDS[self.driver]},
        }
        if self.kind == LineKind.COST:
            found["recurring"] = data["recurring"]
        else:
            found["lag_months"] = data["lag_months"]
            found["ramp_months"] = data["ramp_months"]
        return found


class PhaseForm(BoundedInputs, forms.ModelForm):
    why = forms.CharField(label=_("Why the change"), required=False)
    revision = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)

    class Meta:
        model = CasePhase
        fields = ["name", "start_month", "end_month", "probability", "if_missed", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 2}), "if_missed": forms.RadioSelect}

    def phase_data(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


IF_MISSED = IfMissed


class EventForm(BoundedInputs, forms.ModelForm):
    """A yes/no event; the engine says whether its chance is possible."""

    why = forms.CharField(label=_("Why the change"), required=False)
    revision = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)

    class Meta:
        model = CaseEvent
        fields = ["name", "probability", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}

    def event_data(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class CorrelationForm(BoundedInputs, forms.ModelForm):
    """Two of the case's uncertain inputs and how strongly they move together."""

    why = forms.CharField(label=_("Why the change"), required=False)
    revision = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)

    class Meta:
        model = CaseCorrelation
        fields = ["first", "second", "rank", "note"]

    def __init__(self, *args: Any, inputs: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", "—"), *inputs]
        for name in ("first", "second"):
            label = self.fields[name].label
            self.fields[name] = forms.ChoiceField(label=label, choices=choices)
        # The engine says why a rank is impossible (outside -1 to 1, or together with the
        # others not a correlation matrix); the form keeps only a generous bound.
        self.fields["rank"].widget.attrs["step"] = "any"

    def correlation_data(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class ActualForm(BoundedInputs, forms.Form):
    """One month's actuals; the cost either as one number, split by category, or both (the
    split must then add up to it)."""

    month = forms.IntegerField(label=_("month of the case"), min_value=1, max_value=600)
    cost = forms.FloatField(
        label=_("actual cost"),
        min_value=0,
        max_value=1e12,
        required=False,
        help_text=_("Empty: the sum of the costs by category below."),
    )
    benefit = forms.FloatField(label=_("actual benefit"), min_value=0, max_value=1e12)
    note = forms.CharField(label=_("note"), required=False, max_length=300)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for category in COST_CATEGORIES:
            self.fields[f"cost_{category.value}"] = forms.FloatField(
                label=_("of it: %(category)s") % {"category": category.label},
                min_value=0,
                max_value=1e12,
                required=False,
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        split = self.split()
        if data.get("cost") is None and not split and "cost" not in self.errors:
            self.add_error("cost", _("Give the cost, or the cost by category."))
        return data

    def split(self) -> dict[str, float]:
        data = getattr(self, "cleaned_data", {})
        return {
            c.value: data[f"cost_{c.value}"]
            for c in COST_CATEGORIES
            if data.get(f"cost_{c.value}") is not None
        }

    def actual_data(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "month": data["month"],
            "cost": data["cost"],
            "benefit": data["benefit"],
            "note": data["note"],
            "cost_by_category": self.split(),
        }


class WhyForm(BoundedInputs, forms.Form):
    why = forms.CharField(label=_("Why"), required=False)


class VerdictForm(BoundedInputs, forms.Form):
    """Take a verdict's measured value into a benefit input, or leave the case as it is."""

    verdict = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    target = forms.ChoiceField(label=_("benefit input to update"), required=False)
    lower = forms.FloatField(label=_("new lower bound (90% range)"), required=False)
    upper = forms.FloatField(label=_("new upper bound (90% range)"), required=False)
    why = forms.CharField(label=_("Why the change"), required=False)

    def __init__(self, *args: Any, inputs: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["target"].choices = [("", "—"), *inputs]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.data.get("decision") == "apply":
            for name in ("target", "lower", "upper"):
                if data.get(name) in (None, "") and name not in self.errors:
                    self.add_error(name, _("This field is required."))
        return data


class CompareForm(BoundedInputs, forms.Form):
    """Which cases to put side by side: read from the address to show what is kept, posted
    to start the joint run."""

    case = forms.TypedMultipleChoiceField(
        label=_("Cases to compare"),
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Two to six cases in one currency: build against buy, or a cautious, a likely and "
            "a hopeful version of one initiative."
        ),
    )

    def __init__(self, *args: Any, workspace: Workspace, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["case"].choices = list(
            BusinessCase.objects.filter(workspace=workspace).values_list("pk", "name")
        )
