from __future__ import annotations

import math
from datetime import date, timedelta
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from leitstern.core import limits
from leitstern.core.forms import BoundedInputs, DateInput, EditForm
from leitstern.forecasts.answers import LEVELS, Spec
from leitstern.forecasts.models import Question, TrackingForecast, WipLimit
from leitstern.forecasts.selectors import today
from leitstern.forecasts.services.tracking import ScenarioOptions

MAX_UPLOAD = 50 * 1024 * 1024

FORMAT_CHOICES = [
    ("auto", _("Detect")),
    ("jira", "Jira (CSV)"),
    ("linear", "Linear (CSV)"),
    ("azure", "Azure DevOps (CSV)"),
    ("github", "GitHub (JSON)"),
    ("generic", _("Other CSV/TSV")),
]
DATE_ORDER_CHOICES = [
    ("", _("Detect")),
    ("dmy", _("Day first (31/03/2026)")),
    ("mdy", _("Month first (03/31/2026)")),
]
WINDOW_CHOICES = [
    (30, _("30 days")),
    (60, _("60 days")),
    (90, _("90 days")),
    (180, _("180 days")),
    (365, _("365 days")),
    (730, _("2 years")),
]
UNIT_CHOICES = [("day", _("Daily")), ("week", _("Weekly"))]
ENGINE_CHOICES = [("exact", _("Exact")), ("montecarlo", _("Monte Carlo"))]
CALIBRATION_CHOICES = [
    ("auto", _("Automatic (own past, else public histories)")),
    ("own", _("This team's past forecasts")),
    ("reference", _("Public open-source histories")),
    ("widen", _("Fixed conservative widening")),
    ("none", _("None")),
]
CONFIDENCE_CHOICES = [(c, f"{c}%") for c in (50, 60, 70, 80, 85, 90, 95)]


class UploadForm(BoundedInputs, forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_(
            "A Jira, Linear or Azure DevOps CSV export, any CSV/TSV with a done date, "
            "or GitHub JSON."
        ),
    )
    format = forms.ChoiceField(label=_("Format"), choices=FORMAT_CHOICES, initial="auto")
    date_order = forms.ChoiceField(
        label=_("Date order"), choices=DATE_ORDER_CHOICES, required=False
    )
    done_column = forms.CharField(label=_("Done date column"), required=False, max_length=200)
    started_column = forms.CharField(label=_("Start date column"), required=False, max_length=200)
    created_column = forms.CharField(label=_("Created date column"), required=False, max_length=200)
    key_column = forms.CharField(label=_("Key column"), required=False, max_length=200)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD:
            raise ValidationError(_("The file is larger than 50 MB."))
        return upload

    def options(self) -> dict[str, str]:
        """How to read the file (``importers.OPTIONS``): the choices made, empty ones left
        to detection."""
        return {k: v for k, v in self.cleaned_data.items() if k != "file" and v}


class ItemFilterForm(BoundedInputs, forms.Form):
    q = forms.CharField(label=_("Key or title"), required=False)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All")), ("finished", _("Finished")), ("open", _("Open"))],
    )
    done_from = forms.DateField(label=_("Done from"), required=False, widget=DateInput())
    done_to = forms.DateField(label=_("Done until"), required=False, widget=DateInput())


def _date(text: str) -> date:
    """One ISO date within the dates Leitstern accepts."""
    try:
        day = date.fromisoformat(text.strip())
    except ValueError:
        raise ValidationError(
            _("“%(value)s” is not a date (YYYY-MM-DD).") % {"value": text}
        ) from None
    if not limits.date_in_range(day):
        raise ValidationError(
            _("%(value)s lies outside %(low)s to %(high)s.")
            % {"value": text, "low": limits.MIN_DATE, "high": limits.MAX_DATE}
        )
    return day


def _dates(text: str) -> tuple[date, ...]:
    found = tuple(_date(part) for part in text.replace(",", "\n").split())
    if len(found) > limits.MAX_LIST_ITEMS:
        raise ValidationError(_("At most %(count)d dates.") % {"count": limits.MAX_LIST_ITEMS})
    return found


def _adjustments(text: str) -> tuple[tuple[date, float], ...]:
    found = []
    for line in text.splitlines():
        if not line.strip():
            continue
        parts = line.replace(",", " ").split()
        try:
            factor = float(parts[1])
        except (ValueError, IndexError):
            factor = math.nan
        if len(parts) < 2 or not math.isfinite(factor) or abs(factor) > limits.MAX_MAGNITUDE:
            raise ValidationError(
                _("Write one change per line: a date and a factor, e.g. “2026-06-01 0.8”.")
            )
        found.append((_date(parts[0]), factor))
    if len(found) > limits.MAX_LIST_ITEMS:
        raise ValidationError(_("At most %(count)d changes.") % {"count": limits.MAX_LIST_ITEMS})
    return tuple(found)


def quarter_end(day: date) -> date:
    """The last day of ``day``'s calendar quarter."""
    month = (day.month - 1) // 3 * 3 + 3
    following = date(day.year + (month == 12), month % 12 + 1, 1)
    return following - timedelta(days=1)


def shortcut_dates(day: date) -> list[tuple[str, date]]:
    """The dates of the forecast page's shortcuts, as of ``day`` (today): in 30 days, and
    the end of the quarter (of the next one on a quarter's last day, so that the forecast
    always looks at least a day ahead)."""
    end = quarter_end(day)
    if end <= day:
        end = quarter_end(day + timedelta(days=1))
    return [(_("In 30 days"), day + timedelta(days=30)), (_("By end of quarter"), end)]


class ForecastForm(BoundedInputs, forms.Form):
    question = forms.ChoiceField(
        label=_("Question"), choices=Question.choices, widget=forms.RadioSelect
    )
    items = forms.IntegerField(label=_("Items"), min_value=1, max_value=1_000_000, required=False)
    done = forms.IntegerField(
        label=_("Of these already done"), min_value=0, required=False,
        help_text=_("Counted off before forecasting what is left."),
    )  # fmt: skip
    by = forms.DateField(label=_("By date"), required=False, widget=DateInput())
    window = forms.TypedChoiceField(
        label=_("History window"), choices=WINDOW_CHOICES, coerce=int, initial=180,
        help_text=_("The past chosen should resemble the expected future."),
    )  # fmt: skip
    window_start = forms.DateField(
        label=_("…or starting on"), required=False, widget=DateInput(),
        help_text=_("For example the day the team last changed."),
    )  # fmt: skip
    as_of = forms.DateField(
        label=_("As of"), required=False, widget=DateInput(),
        help_text=_("Default: yesterday, the last complete day."),
    )  # fmt: skip
    unit = forms.ChoiceField(label=_("Sampling"), choices=UNIT_CHOICES, initial="day")
    working_days = forms.BooleanField(label=_("Working days only"), required=False)
    holidays = forms.CharField(
        label=_("Holidays"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Dates (YYYY-MM-DD) without work, separated by spaces or lines."),
    )  # fmt: skip
    adjustments = forms.CharField(
        label=_("Throughput changes"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "From a date on, throughput times a factor: “2026-06-01 0.8” (one person of "
            "five fewer)."
        ),
    )  # fmt: skip
    growth = forms.BooleanField(
        label=_("New work keeps arriving"), required=False,
        help_text=_("Items arrive as they did in the window (needs creation dates)."),
    )  # fmt: skip
    split_low = forms.DecimalField(
        label=_("Each item becomes at least"),
        required=False,
        min_value=Decimal("0.1"),
        max_value=100,
    )
    split_high = forms.DecimalField(
        label=_("…and at most (items)"), required=False, min_value=Decimal("0.1"), max_value=100
    )
    max_days = forms.IntegerField(
        label=_("Look ahead at most (days)"), min_value=1, max_value=36500, initial=3650
    )
    engine = forms.ChoiceField(label=_("Engine"), choices=ENGINE_CHOICES, initial="exact")
    trials = forms.IntegerField(
        label=_("Trials (Monte Carlo)"), min_value=1000, max_value=200_000, initial=20_000
    )
    seed = forms.IntegerField(label=_("Random seed (Monte Carlo)"), min_value=0, initial=1)
    calibration = forms.ChoiceField(
        label=_("Calibration"), choices=CALIBRATION_CHOICES, initial="auto"
    )
    confidences = forms.TypedMultipleChoiceField(
        label=_("Confidence levels"), choices=CONFIDENCE_CHOICES, coerce=int,
        initial=list(LEVELS), widget=forms.CheckboxSelectMultiple, required=False,
    )  # fmt: skip

    def clean_holidays(self):
        return _dates(self.cleaned_data["holidays"] or "")

    def clean_adjustments(self):
        return _adjustments(self.cleaned_data["adjustments"] or "")

    def clean(self):
        data = super().clean()
        question = data.get("question")
        if question in (Question.WHEN, Question.CHANCE) and not data.get("items"):
            self.add_error("items", _("How many items?"))
        if question in (Question.HOW_MANY, Question.CHANCE) and not data.get("by"):
            self.add_error("by", _("By which date?"))
        low, high = data.get("split_low"), data.get("split_high")
        if (low is None) != (high is None):
            self.add_error("split_high", _("Give both ends of the range, or neither."))
        elif low is not None and low > high:
            self.add_error("split_high", _("The upper end must not be below the lower end."))
        return data

    def spec(self) -> Spec:
        d = self.cleaned_data
        split = (float(d["split_low"]), float(d["split_high"])) if d.get("split_low") else None
        return Spec(
            question=d["question"],
            as_of=d.get("as_of"),
            by=d.get("by"),
            items=d.get("items"),
            done=d.get("done") or 0,
            window=d["window"],
            window_start=d.get("window_start"),
            unit=d["unit"],
            working_days=d["working_days"],
            holidays=d["holidays"],
            adjustments=d["adjustments"],
            growth=d["growth"],
            split=split,
            max_days=d["max_days"],
            engine=d["engine"],
            trials=d["trials"],
            seed=d["seed"],
            calibration=d["calibration"],
            confidences=tuple(d["confidences"] or LEVELS),
        )

    @classmethod
    def defaults(cls) -> dict:
        return {
            "question": Question.HOW_MANY,
            "by": (today() + timedelta(days=30)).isoformat(),
            "window": 180,
            "unit": "day",
            "max_days": 3650,
            "engine": "exact",
            "trials": 20000,
            "seed": 1,
            "calibration": "auto",
            "confidences": [str(c) for c in LEVELS],
            "done": 0,
        }


class SaveForecastForm(BoundedInputs, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)


class ShareForm(BoundedInputs, forms.Form):
    days = forms.IntegerField(label=_("Valid for (days)"), min_value=1, max_value=365, initial=30)


class TrackingForm(BoundedInputs, forms.ModelForm):
    window = forms.TypedChoiceField(
        label=_("History window"), choices=WINDOW_CHOICES, coerce=int, initial=180
    )
    calibration = forms.ChoiceField(
        label=_("Calibration"), choices=CALIBRATION_CHOICES, initial="auto"
    )
    growth = forms.BooleanField(label=_("New work keeps arriving"), required=False)

    class Meta:
        model = TrackingForecast
        fields = ["name", "items", "start", "alert_days"]
        widgets = {"start": DateInput()}
        help_texts = {
            "name": _("For example “Release 2.0”."),
            "start": _("Items the team finished from this day on count as done."),
        }

    def options(self) -> ScenarioOptions:
        d = self.cleaned_data
        return {"window": d["window"], "calibration": d["calibration"], "growth": d["growth"]}


class WipLimitForm(BoundedInputs, EditForm, forms.ModelForm):
    """The team's WIP limit; built with ``loaded=`` its stored (or unsaved empty) limit."""

    edit_fields = ["limit"]

    class Meta:
        model = WipLimit
        fields = ["limit"]
