"""Forms of the discovery pages. They parse and offer choices within the product; the
services (and the models' ``clean``) decide what is valid."""

from __future__ import annotations

from django import forms
from django.db.models import Q
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from leitstern.core.forms import BoundedInputs, DateInput, EditForm
from leitstern.discovery import prioritisation
from leitstern.discovery.models import (
    COUNT_FIELDS,
    INPUT_FIELDS,
    LEARNING_FIELDS,
    MEAN_FIELDS,
    DiscoverySettings,
    Experiment,
    Hypothesis,
    MetricKind,
    Opportunity,
    Outcome,
    Score,
    ScoringMethod,
    ScoringSession,
    Solution,
)
from leitstern.products.models import Product
from leitstern.research import selectors as research_selectors
from leitstern.strategy.models import KeyResult, Metric


def _number(label, *, required: bool = False, help_text="") -> forms.FloatField:
    """A number field that takes "12,5" in German and "12.5" in English."""
    return forms.FloatField(
        label=capfirst(label),
        required=required,
        localize=True,
        help_text=help_text,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )


def _whole(label, *, help_text="") -> forms.IntegerField:
    return forms.IntegerField(
        label=capfirst(label),
        required=False,
        localize=True,
        help_text=help_text,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )


def key_results_for(product: Product, current: KeyResult | None = None):
    """Key results of the product's workspace in open cycles (and the one chosen now)."""
    keep = Q(objective__cycle__closed_at__isnull=True)
    if current is not None:
        keep |= Q(pk=current.pk)
    return (
        KeyResult.objects.filter(keep, objective__cycle__workspace_id=product.workspace_id)
        .select_related("objective__cycle")
        .order_by("-objective__cycle__starts_on", "objective_id", "id")
    )


def _kr_label(kr: KeyResult) -> str:
    return f"{kr.objective.cycle.name} · {kr.title}"


def metrics_for(product: Product):
    return (
        Metric.objects.filter(product__workspace_id=product.workspace_id)
        .select_related("product")
        .order_by("product__name", "name")
    )


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


# --- settings and outcomes -------------------------------------------------------------


class SettingsForm(BoundedInputs, EditForm, forms.ModelForm):
    """Built with ``loaded=`` the product's settings (saved or the unsaved defaults)."""

    edit_fields = DiscoverySettings.EDITABLE_FIELDS

    class Meta:
        model = DiscoverySettings
        fields = DiscoverySettings.EDITABLE_FIELDS
        widgets = {"scoring_method": forms.RadioSelect}


class OutcomeForm(BoundedInputs, EditForm, NoteMixin, forms.ModelForm):
    edit_fields = Outcome.EDITABLE_FIELDS

    class Meta:
        model = Outcome
        fields = Outcome.EDITABLE_FIELDS
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, product: Product, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        current = self.loaded.key_result if self.loaded is not None else None
        self.fields["key_result"].queryset = key_results_for(product, current)
        self.fields["key_result"].label_from_instance = _kr_label
        self.fields["key_result"].empty_label = _("— none —")
        self.fields["metric"].queryset = metrics_for(product).filter(product=product)
        self.fields["metric"].empty_label = _("— none —")
        self.fields["title"].required = False
        self.fields["title"].help_text = _("Empty: the key result's (or metric's) name.")

    def outcome_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in Outcome.EDITABLE_FIELDS}


# --- opportunities and solutions -------------------------------------------------------


class OpportunityForm(BoundedInputs, EditForm, NoteMixin, forms.ModelForm):
    """New and edit form. For a contributor's proposal ``propose=True`` leaves out the
    stage (an editor decides)."""

    edit_fields = Opportunity.EDITABLE_FIELDS

    class Meta:
        model = Opportunity
        fields = Opportunity.EDITABLE_FIELDS
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, product: Product, propose: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["outcome"].queryset = Outcome.objects.filter(product=product)
        self.fields["outcome"].empty_label = _("— not placed yet —")
        parents = Opportunity.objects.in_tree().filter(product=product)
        if self.loaded is not None:
            parents = parents.exclude(pk=self.loaded.pk)
        self.fields["parent"].queryset = parents.select_related("outcome")
        self.fields["parent"].empty_label = _("— top level —")
        if propose:
            del self.fields["stage"]
        elif self.loaded is None:
            # A new opportunity may grow out of a research insight, which it then cites.
            self.fields["insight"] = forms.ModelChoiceField(
                label=capfirst(_("from the insight")),
                queryset=research_selectors.insights_to_cite(product.workspace, product=product),
                required=False,
                help_text=_("The opportunity cites it as evidence."),
                empty_label=_("— no insight —"),
            )

    def opportunity_data(self) -> dict:
        return {
            name: self.cleaned_data[name] for name in self.edit_fields if name in self.cleaned_data
        }


class StageForm(BoundedInputs, forms.Form):
    stage = forms.ChoiceField(
        label=capfirst(_("stage")), choices=Opportunity._meta.get_field("stage").choices
    )


class EvidenceForm(BoundedInputs, forms.Form):
    """Cite research evidence on an opportunity: an insight (editors) or a quote. For a
    contributor only quotes of second-hand feedback are offered; their link is a proposal."""

    insight = forms.ModelChoiceField(label=capfirst(_("insight")), queryset=None, required=False)
    quote = forms.ModelChoiceField(label=capfirst(_("quote")), queryset=None, required=False)

    def __init__(self, *args, opportunity: Opportunity, user, propose: bool, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        product = opportunity.product
        self.propose = propose
        if propose:
            del self.fields["insight"]
        else:
            insights = research_selectors.insights_to_cite(product.workspace, product=product)
            self.fields["insight"].queryset = insights
            self.fields["insight"].empty_label = _("— no insight —")
        quotes = research_selectors.quotes_to_cite(
            user, product.workspace, second_hand_only=propose
        )
        self.fields["quote"].queryset = quotes
        self.fields["quote"].label_from_instance = _quote_label
        self.fields["quote"].empty_label = _("— no quote —")
        if propose:
            self.fields["quote"].required = True
            self.fields["quote"].help_text = _(
                "Second-hand feedback (from sales, support …); an editor decides whether it counts."
            )

    def clean(self) -> dict:
        data = super().clean()
        if not self.propose and bool(data.get("insight")) == bool(data.get("quote")):
            raise forms.ValidationError(_("Choose one insight or one quote."))
        return data


def _quote_label(quote) -> str:
    text = " ".join(quote.text.split())
    return f"“{text[:90]}{'…' if len(text) > 90 else ''}” — {quote.conversation}"


class SolutionForm(BoundedInputs, EditForm, NoteMixin, forms.ModelForm):
    edit_fields = Solution.EDITABLE_FIELDS

    class Meta:
        model = Solution
        fields = Solution.EDITABLE_FIELDS
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, product: Product, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["opportunity"].queryset = Opportunity.objects.in_tree().filter(product=product)

    def solution_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in Solution.EDITABLE_FIELDS}


class MergeForm(BoundedInputs, forms.Form):
    target = forms.ModelChoiceField(
        label=capfirst(_("merge into")), queryset=Solution.objects.none()
    )
    note = forms.CharField(
        label=capfirst(_("Why merge?")), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, choices, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["target"].queryset = choices


# --- hypotheses ------------------------------------------------------------------------


class HypothesisForm(BoundedInputs, EditForm, NoteMixin, forms.ModelForm):
    """New and edit form; once the decision rule is fixed its fields are shown, not
    editable."""

    edit_fields = Hypothesis.EDITABLE_FIELDS
    baseline = _number(
        _("from (baseline)"), help_text=_("Where the metric stands now; a rate in %.")
    )
    target = _number(_("to (target)"), help_text=_("Where we believe the change takes it."))
    minimum_effect = _number(
        _("minimum detectable effect"),
        help_text=_(
            "The smallest change worth having: in points (a rate) or units, or in % of the "
            "baseline. Empty: the distance from baseline to target."
        ),
    )
    alpha = _number(
        _("significance level α"),
        required=True,
        # xgettext:no-python-format
        help_text=_("Usually 0.05 (95% intervals)."),
    )
    power = _number(
        _("power"),
        required=True,
        # xgettext:no-python-format
        help_text=_("Usually 0.8: an 80% chance to find the minimum effect."),
    )
    sd = _number(
        _("standard deviation per unit"),
        help_text=_("For an average: how much it varies from unit to unit (from past data)."),
    )
    weekly_traffic = _number(
        _("units per week"),
        help_text=_("Visitors or users entering the test per week, both groups together."),
    )
    importance = forms.TypedChoiceField(
        label=capfirst(_("importance")),
        coerce=int,
        choices=[(n, str(n)) for n in range(1, 6)],
        help_text=_("1 = the bet survives if it is wrong, 5 = everything depends on it."),
    )
    evidence = forms.TypedChoiceField(
        label=capfirst(_("evidence so far")),
        coerce=int,
        choices=[(n, str(n)) for n in range(1, 6)],
        help_text=_("1 = none, 5 = strong evidence that it holds."),
    )

    class Meta:
        model = Hypothesis
        fields = Hypothesis.EDITABLE_FIELDS
        widgets = {
            "statement": forms.Textarea(attrs={"rows": 3}),
            "rule_text": forms.Textarea(attrs={"rows": 2}),
            "target_date": DateInput(),
        }

    def __init__(self, *args, product: Product, hints_url: str = "", **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["solution"].queryset = Solution.objects.filter(product=product)
        self.fields["solution"].empty_label = _("— none (a bet of its own) —")
        current = self.loaded.key_result if self.loaded is not None else None
        self.fields["key_result"].queryset = key_results_for(product, current)
        self.fields["key_result"].label_from_instance = _kr_label
        self.fields["key_result"].empty_label = _("— none —")
        self.fields["metric"].queryset = metrics_for(product)
        self.fields["metric"].label_from_instance = lambda m: f"{m.product} · {m}"
        self.fields["metric"].empty_label = _("— none —")
        if hints_url:
            live = {
                "hx-get": hints_url,
                "hx-trigger": "input changed delay:400ms, change",
                "hx-target": "#hypothesis-hints",
                "hx-swap": "innerHTML",
                "hx-include": "closest form",
            }
            for name in ("statement", "metric", "key_result", "baseline", "target", "target_date",
                         "minimum_effect", "effect_scale", "metric_kind", "sd", "alpha", "power",
                         "weekly_traffic", "direction"):  # fmt: skip
                self.fields[name].widget.attrs.update(live)
        if self.loaded is not None and self.loaded.rule_is_fixed:
            for name in Hypothesis.RULE_FIELDS:
                self.fields[name].disabled = True
                self.fields[name].help_text = _("Fixed when the first experiment started.")

    def hypothesis_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in Hypothesis.EDITABLE_FIELDS}


class SampleSizeForm(BoundedInputs, forms.Form):
    """The calculator: two proportions or two means, per group, with the weeks it takes."""

    metric_kind = forms.ChoiceField(
        label=capfirst(_("the metric is")),
        choices=MetricKind.choices,
        initial=MetricKind.RATE,
        required=False,
    )
    baseline = _number(_("baseline"), help_text=_("A rate in %, or the current average."))
    target = _number(_("target"))
    minimum_effect = _number(_("or the minimum detectable effect"))
    effect_scale = forms.ChoiceField(
        label=capfirst(_("the minimum effect is")),
        choices=Hypothesis._meta.get_field("effect_scale").choices,
        initial="absolute",
        required=False,
    )
    sd = _number(_("standard deviation per unit"), help_text=_("Only for an average."))
    alpha = _number(_("significance level α"), required=True)
    power = _number(_("power"), required=True)
    weekly_traffic = _number(_("units per week"))

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["alpha"].initial = 0.05
        self.fields["power"].initial = 0.8


# --- experiments -----------------------------------------------------------------------


class ExperimentForm(BoundedInputs, EditForm, NoteMixin, forms.ModelForm):
    """The plan: what it tests, how, when."""

    edit_fields = Experiment.PLAN_FIELDS

    class Meta:
        model = Experiment
        fields = Experiment.PLAN_FIELDS
        widgets = {
            "starts_on": DateInput(),
            "ends_on": DateInput(),
            "description": forms.Textarea(attrs={"rows": 3}),
            "hypotheses": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, product: Product, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["hypotheses"].queryset = Hypothesis.objects.filter(product=product)
        if self.loaded is not None and self.loaded.status != "planned":
            self.fields["hypotheses"].disabled = True
            self.fields["hypotheses"].help_text = _("Fixed since the experiment started.")

    def experiment_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in Experiment.PLAN_FIELDS}


RESULT_FORM_FIELDS = [
    "result_kind",
    "share_b",
    *COUNT_FIELDS,
    *MEAN_FIELDS,
    "result_metric",
    "before_from",
    "change_on",
    "after_to",
    "judgement",
]


class ResultsForm(BoundedInputs, EditForm, NoteMixin, forms.ModelForm):
    """The results, in one of the ways of ``ResultKind``; counts must be whole numbers."""

    edit_fields = RESULT_FORM_FIELDS
    share_b = _number(
        _("share of units in B (%)"),
        required=True,
        help_text=_("The planned split; the sample-ratio check compares the groups' sizes to it."),
    )
    conversions_a = _whole(_("conversions in A (control)"))
    visitors_a = _whole(_("visitors in A (control)"))
    conversions_b = _whole(_("conversions in B (change)"))
    visitors_b = _whole(_("visitors in B (change)"))
    mean_a = _number(_("mean in A (control)"))
    sd_a = _number(_("standard deviation in A"))
    n_a = _whole(_("n in A"))
    mean_b = _number(_("mean in B (change)"))
    sd_b = _number(_("standard deviation in B"))
    n_b = _whole(_("n in B"))

    class Meta:
        model = Experiment
        fields = RESULT_FORM_FIELDS
        widgets = {
            "before_from": DateInput(),
            "change_on": DateInput(),
            "after_to": DateInput(),
            "result_kind": forms.RadioSelect,
        }

    def __init__(self, *args, product: Product, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["result_metric"].queryset = metrics_for(product)
        self.fields["result_metric"].label_from_instance = lambda m: f"{m.product} · {m}"
        self.fields["result_metric"].empty_label = _("— none —")
        self.fields["judgement"].choices = [
            ("", _("— not judged yet —")),
            *self.fields["judgement"].choices[1:],
        ]

    def results_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in RESULT_FORM_FIELDS}


class CloseForm(BoundedInputs, forms.Form):
    """The learning card."""

    believed = forms.CharField(
        label=capfirst(_("we believed")), widget=forms.Textarea(attrs={"rows": 2})
    )
    observed = forms.CharField(
        label=capfirst(_("we observed")), widget=forms.Textarea(attrs={"rows": 2})
    )
    learned = forms.CharField(
        label=capfirst(_("we learned")), widget=forms.Textarea(attrs={"rows": 2})
    )
    next_step = forms.CharField(
        label=capfirst(_("therefore we will")), widget=forms.Textarea(attrs={"rows": 2})
    )

    def card(self) -> dict:
        return {name: self.cleaned_data[name] for name in LEARNING_FIELDS}


# --- scores ----------------------------------------------------------------------------


def _input_fields(form: forms.Form, method: str) -> None:
    """Keep only the inputs ``method`` reads; the others are removed from the form."""
    keep = set(prioritisation.INPUTS[method])
    for name in INPUT_FIELDS:
        if name not in keep and name in form.fields:
            del form.fields[name]
    if "confidence" not in keep and "confidence_reason" in form.fields:
        del form.fields["confidence_reason"]


class ScoreForm(BoundedInputs, EditForm, NoteMixin, forms.ModelForm):
    """An item's score by the product's method, built with ``loaded=`` its score (or an
    unsaved empty one). Leaving confidence empty takes it from the evidence."""

    edit_fields = Score.EDITABLE_FIELDS

    reach = _number(_("reach"), help_text=_("People or events per quarter."))
    impact = _number(
        _("impact"), help_text=_("3 massive, 2 high, 1 medium, 0.5 low, 0.25 minimal.")
    )
    confidence = _number(
        _("confidence (%)"), help_text=_("Empty: what the evidence gives (shown above).")
    )
    effort = _number(_("effort"), help_text=_("Person-months (or any one unit for all items)."))
    ease = _number(_("ease"), help_text=_("1 (very hard) to 10 (very easy)."))
    business_value = _number(
        _("business value"), help_text=_("Relative to the others, e.g. 1, 2, 3, 5, 8, 13, 20.")
    )
    time_criticality = _number(_("time criticality"))
    risk_reduction = _number(_("risk reduction / opportunity enablement"))
    job_size = _number(_("job size"))
    value = _number(_("value"))

    class Meta:
        model = Score
        fields = Score.EDITABLE_FIELDS

    def __init__(self, *args, method: str, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        _input_fields(self, method)
        self.edit_fields = [name for name in Score.EDITABLE_FIELDS if name in self.fields]

    def score_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.edit_fields}


class SessionForm(BoundedInputs, EditForm, forms.ModelForm):
    edit_fields = ScoringSession.EDITABLE_FIELDS

    class Meta:
        model = ScoringSession
        fields = ["title", "method", "solutions"]
        widgets = {"solutions": forms.CheckboxSelectMultiple, "method": forms.RadioSelect}

    def __init__(self, *args, product: Product, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["solutions"].queryset = Solution.objects.filter(product=product).exclude(
            status__in=["shipped", "dropped"]
        )
        if self.loaded is not None:
            del self.fields["method"]
        else:
            self.fields["method"].choices = ScoringMethod.choices

    def session_data(self) -> dict:
        return {
            name: self.cleaned_data[name]
            for name in ("title", "method", "solutions")
            if name in self.cleaned_data
        }


class VoteForm(BoundedInputs, forms.Form):
    """One person's numbers for one solution in a session."""

    reach = _number(_("reach"))
    impact = _number(_("impact"))
    confidence = _number(_("confidence (%)"), help_text=_("Empty: what the evidence gives."))
    confidence_reason = forms.CharField(
        label=capfirst(_("why this confidence")), required=False, max_length=300
    )
    effort = _number(_("effort"))
    ease = _number(_("ease"))
    business_value = _number(_("business value"))
    time_criticality = _number(_("time criticality"))
    risk_reduction = _number(_("risk reduction / opportunity enablement"))
    job_size = _number(_("job size"))
    value = _number(_("value"))

    def __init__(self, *args, method: str, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        _input_fields(self, method)

    def vote_data(self) -> dict:
        return dict(self.cleaned_data)

    def is_empty(self) -> bool:
        return all(value in (None, "") for value in self.cleaned_data.values())
