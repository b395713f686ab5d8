"""Template filters of discovery: verdicts, effects, evidence, hints and formulas in the
reader's language."""

from __future__ import annotations

from django import template
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from leitstern.discovery import prioritisation, verdicts, wording
from leitstern.discovery.hints import Hint

register = template.Library()


@register.filter
def verdict_lines(data: dict | None, unit: str = "") -> list[wording.Line]:
    return wording.verdict_lines(data or {}, unit=unit or "")


@register.filter
def verdict_reason(data: dict | None) -> str:
    """The verdict's first line: whether the decision rule was met, and why."""
    lines = wording.verdict_lines(data or {}, first=1)
    return lines[0].text if lines else ""


@register.filter
def outcome_label(outcome: str) -> str:
    return wording.outcome_label(outcome or "")


@register.filter
def outcome_tone(outcome: str) -> str:
    """A CSS tone for a verdict's or a status' badge."""
    return {
        "met": "good",
        "judged_validated": "good",
        "validated": "good",
        "refuted": "bad",
        "judged_invalidated": "bad",
        "invalidated": "bad",
        "invalid": "warn",
    }.get(outcome or "", "neutral")


@register.filter
def pct(fraction) -> str:
    return wording.percent(fraction)


@register.filter
def pct0(fraction) -> str:
    return wording.percent(fraction, 0)


@register.filter
def percent_number(value) -> str:
    """A number that already is a percentage (80 → "80%")."""
    return "—" if value is None else wording.percent(value / 100, 0)


@register.filter
def number(value) -> str:
    return wording.number(value)


@register.filter
def count(value) -> str:
    if value is None:
        return "—"
    from django.utils import formats

    return formats.number_format(int(value), 0, use_l10n=True, force_grouping=True)


HINTS = {
    Hint.NO_METRIC: gettext_lazy(
        "Which metric will move? Without one, nobody can say afterwards whether you were right."
    ),
    Hint.OUTPUT_PHRASING: gettext_lazy(
        "This reads like something you will build (output). Say what it changes for "
        "customers or the business, and how you will see it."
    ),
    Hint.NO_BASELINE: gettext_lazy("Where does the metric stand today? Give a baseline."),
    Hint.NO_TARGET: gettext_lazy(
        "Where do you believe it will go? Give a target or a minimum effect."
    ),
    Hint.TARGET_WITHOUT_DATE: gettext_lazy("By when? A target without a date cannot be missed."),
    Hint.NO_RULE: gettext_lazy(
        "Without a target or a minimum effect there is no decision rule to judge by."
    ),
}


@register.filter
def hint_text(hint: str) -> str:
    return str(HINTS.get(hint, hint))


BASIS = {
    prioritisation.Basis.NONE: gettext_lazy("no evidence yet"),
    prioritisation.Basis.SECOND_HAND: gettext_lazy("second-hand evidence only"),
    prioritisation.Basis.DIRECT: gettext_lazy("direct conversations"),
    prioritisation.Basis.DIRECT_SEGMENTS: gettext_lazy(
        "direct conversations in two or more segments"
    ),
    prioritisation.Basis.VALIDATED: gettext_lazy("a hypothesis validated by an experiment"),
}


@register.filter
def basis_label(basis: str) -> str:
    return str(BASIS.get(basis, basis))


@register.filter
def evidence_text(evidence: prioritisation.Evidence | None) -> str:
    """ "4 direct, 1 second-hand quotes · 3 organisations · segments: Retail, B2B" — what
    an opportunity rests on."""
    if evidence is None or (evidence.total == 0 and not evidence.validated):
        return _("no evidence linked yet")
    parts = []
    if evidence.total:
        parts.append(
            _("%(direct)s direct, %(second)s second-hand quotes")
            % {"direct": evidence.direct, "second": evidence.second_hand}
        )
        parts.append(
            ngettext("%(n)s organisation", "%(n)s organisations", evidence.organisations)
            % {"n": evidence.organisations}
        )
        if evidence.segment_names:
            parts.append(_("segments: %(names)s") % {"names": ", ".join(evidence.segment_names)})
        if evidence.withdrawn:
            parts.append(
                ngettext(
                    "%(n)s withdrawn (still counted)",
                    "%(n)s withdrawn (still counted)",
                    evidence.withdrawn,
                )
                % {"n": evidence.withdrawn}
            )
    if evidence.validated:
        parts.append(_("validated by an experiment"))
    return " · ".join(parts)


TERMS = {
    "reach": gettext_lazy("reach"),
    "impact": gettext_lazy("impact"),
    "confidence": gettext_lazy("confidence"),
    "effort": gettext_lazy("effort"),
    "ease": gettext_lazy("ease"),
    "business_value": gettext_lazy("business value"),
    "time_criticality": gettext_lazy("time criticality"),
    "risk_reduction": gettext_lazy("risk reduction"),
    "job_size": gettext_lazy("job size"),
    "value": gettext_lazy("value"),
}


@register.filter
def term_label(name: str) -> str:
    return str(TERMS.get(name, name))


class _Numbers:
    """``wording.number`` and ``wording.percent`` for one page: a list of a thousand rows
    repeats the same few numbers, so each distinct one is formatted once."""

    def __init__(self) -> None:
        self._seen: dict[tuple, str] = {}
        self._rice: str | None = None

    @property
    def rice(self) -> str:
        if self._rice is None:
            self._rice = _("%(reach)s × %(impact)s × %(confidence)s ÷ %(effort)s")
        return self._rice

    def number(self, value: float, digits: int = 3) -> str:
        key = ("n", type(value), value, digits)
        text = self._seen.get(key)
        if text is None:
            text = self._seen[key] = wording.number(value, digits)
        return text

    def percent(self, fraction: float, decimals: int = 1) -> str:
        key = ("p", type(fraction), fraction, decimals)
        text = self._seen.get(key)
        if text is None:
            text = self._seen[key] = wording.percent(fraction, decimals)
        return text


@register.filter
def formula(result: prioritisation.Result) -> str:
    """The score's formula with the numbers put in, e.g. "2,000 × 2 × 80% ÷ 3 = 1,067"."""
    return _formula(result, _Numbers())


def _formula(result: prioritisation.Result, numbers: _Numbers) -> str:
    t = dict(result.terms)

    def n(name: str) -> str:
        value = t.get(name)
        return "?" if value is None else numbers.number(value, 4)

    if result.method == prioritisation.Method.RICE:
        text = numbers.rice % {
            "reach": n("reach"),
            "impact": n("impact"),
            "confidence": numbers.percent((t.get("confidence") or 0) / 100, 0),
            "effort": n("effort"),
        }
    elif result.method == prioritisation.Method.ICE:
        text = f"{n('impact')} × {n('confidence')} × {n('ease')}"
    elif result.method == prioritisation.Method.WSJF:
        cost = f"{n('business_value')} + {n('time_criticality')} + {n('risk_reduction')}"
        text = f"({cost}) ÷ {n('job_size')}"
    else:
        text = f"{n('value')} ÷ {n('effort')}"
    if result.value is None:
        return text
    return f"{text} = {numbers.number(result.value, 4)}"


@register.simple_tag(takes_context=True)
def ranked_rows(context: template.Context, rows, kind: str, method: str) -> str:
    """The rows of the ranked list, built in Python like ``tree_list``: a thousand rows
    through template tags and filters cost a second; the same markup from here costs a
    fraction of it. Every text is escaped."""
    from html import escape

    from django.conf import settings
    from django.utils import formats
    from django.utils.safestring import mark_safe
    from django.utils.translation import pgettext

    def esc(text: object) -> str:
        return escape(str(text), quote=True)

    slug = context["workspace"].slug
    # Paths from ``reverse`` of a slug and a number: nothing in them to escape.
    item_url = _path_of(f"discovery:{kind}", slug)
    score_url = _path_of(f"discovery:{kind}_score_edit", slug)
    with_confidence = method in (prioritisation.Method.RICE, prioritisation.Method.ICE)
    can_edit = context["member"].can_edit
    numbers = _Numbers()
    # A rank as the template would write it: grouped only where the settings group numbers.
    rank = formats.localize if settings.USE_THOUSAND_SEPARATOR else str
    missing_label, overridden = esc(_("missing")), esc(_("overridden"))
    evidence_gives, score_verb = esc(_("evidence gives")), esc(pgettext("verb", "Score"))
    terms = {name: esc(term_label(name)) for name in TERMS}
    bases = {basis: esc(basis_label(basis)) for basis in prioritisation.Basis}
    out = []
    for counter, row in enumerate(rows, start=1):
        result, value = row.result, row.result.value
        if value is not None:
            shown = esc(numbers.number(value))
        else:
            names = ", ".join(terms.get(name) or esc(name) for name in result.missing)
            shown = f'<small class="muted">{missing_label}: {names}</small>'
        out.append(
            "<tr>\n"
            f'    <td class="num">{esc(rank(counter)) if value is not None else "—"}'
            "</td>\n"
            f'    <td><a href="{item_url(row.item.pk)}">{esc(row.item)}</a></td>\n'
            f'    <td class="formula">{esc(_formula(result, numbers))}</td>\n'
            f'    <td class="num">{shown}</td>\n    '
        )
        if with_confidence:
            confidence = row.confidence
            if confidence.overridden:
                given = esc(numbers.percent(confidence.from_evidence / 100, 0))
                out.append(
                    f"<td>{overridden}: {esc(row.score.confidence_reason)} "
                    f'<small class="muted">({evidence_gives} {given})</small></td>'
                )
            else:
                out.append(f"<td>{bases.get(confidence.basis) or esc(confidence.basis)}</td>")
        out.append("\n    ")
        if can_edit:
            out.append(f'<td><a href="{score_url(row.item.pk)}">{score_verb}</a></td>')
        out.append("\n  </tr>")
    return mark_safe("".join(out))  # noqa: S308 - every text above went through html.escape


@register.filter
def formula_legend(method: str) -> str:
    return {
        "rice": _("reach × impact × confidence ÷ effort"),
        "ice": _("impact × confidence (0–10) × ease"),
        "wsjf": _("(business value + time criticality + risk reduction) ÷ job size"),
        "value_effort": _("value ÷ effort"),
    }.get(method, method)


@register.filter
def rule_sentence(hypothesis) -> str:
    """The decision rule in plain words."""
    effect, scale = verdicts.minimum_effect(hypothesis)
    if effect is None:
        return _("No decision rule yet: give a baseline and a target, or a minimum effect.")
    signed = effect if hypothesis.direction == "higher" else -effect
    if scale == "relative":
        size = wording.signed(wording.percent(effect / 100), signed)
    elif hypothesis.metric_kind == "rate":
        size = wording.signed(_("%(value)s points") % {"value": wording.number(effect)}, signed)
    else:
        unit = hypothesis.metric.unit if hypothesis.metric_id else ""
        size = wording.signed(wording.number(effect) + (f" {unit}" if unit else ""), signed)
    level = wording.percent(1 - hypothesis.alpha, 0)
    side = _("above") if hypothesis.direction == "higher" else _("below")
    criterion = {
        "interval_excludes_zero": _(
            "We are right if the %(level)s interval of the change lies entirely %(side)s zero."
        ),
        "estimate_reaches_minimum": _(
            "We are right if the %(level)s interval of the change lies entirely %(side)s zero "
            "and the estimate reaches %(size)s."
        ),
        "lower_bound_reaches_minimum": _(
            "We are right if the whole %(level)s interval of the change lies at or beyond %(size)s."
        ),
    }[hypothesis.criterion] % {"level": level, "side": side, "size": size}
    refuted = _(
        "We are wrong if the interval rules out a change as large as %(size)s (the smallest "
        "change worth having); the test is sized to find it with %(power)s power."
    ) % {"size": size, "power": wording.percent(hypothesis.power, 0)}
    return f"{criterion} {refuted}"


def _path_of(name: str, slug: str):
    """``pk -> URL`` of the route ``name`` with one ``pk``, reversed once, not per node."""
    from django.urls import reverse

    marker = 999_999_999
    prefix, _marker, suffix = reverse(name, args=[slug, marker]).partition(str(marker))
    return lambda pk: f"{prefix}{pk}{suffix}"


STAGE_TONE = {"validated": " good", "invalidated": " bad", "now": " now"}


@register.simple_tag(takes_context=True)
def tree_list(context: template.Context, tree) -> str:
    """The opportunity solution tree as nested lists (collapsible ``<details>``), built in
    Python: a tree of thousands of nodes renders in milliseconds, not seconds. Same markup
    as a template would give; every text is escaped."""
    from html import escape

    from django.utils.safestring import mark_safe
    from django.utils.translation import ngettext

    from leitstern.discovery.models import Hypothesis, Opportunity, Solution

    def esc(text: object) -> str:
        return escape(str(text), quote=True)

    slug = context["workspace"].slug
    # Paths from ``reverse`` of a slug and a number: nothing in them to escape.
    url = {
        "opportunity": _path_of("discovery:opportunity", slug),
        "solution": _path_of("discovery:solution", slug),
        "hypothesis": _path_of("discovery:hypothesis", slug),
    }
    label = {
        "stage": {k: str(v) for k, v in Opportunity._meta.get_field("stage").flatchoices},
        "solution": {k: str(v) for k, v in Solution._meta.get_field("status").flatchoices},
        "hypothesis": {k: str(v) for k, v in Hypothesis._meta.get_field("status").flatchoices},
    }
    kinds = {
        "opportunity": _("Opportunity"),
        "solution": _("Solution"),
        "hypothesis": _("Hypothesis"),
    }
    proposed, second_hand = _("proposed"), _("second-hand evidence only")
    # Many opportunities rest on the same evidence (often none): each text built once.
    evidence_texts: dict[object, str] = {}

    def evidence_of(evidence) -> str:
        if evidence not in evidence_texts:
            evidence_texts[evidence] = esc(evidence_text(evidence))
        return evidence_texts[evidence]

    status_tags: dict[tuple[str, str | None], str] = {}
    stage_tags = {
        stage: f'<span class="tag{STAGE_TONE.get(stage, "")}">{esc(text)}</span>'
        for stage, text in label["stage"].items()
    }
    solution_tags = {
        status: f'<span class="tag">{esc(text)}</span>'
        for status, text in label["solution"].items()
    }
    kind_tags = {k: f'<span class="kind">{esc(v)}</span> ' for k, v in kinds.items()}
    proposed_tag = f' <span class="tag warn">{esc(proposed)}</span>'
    flag = f' <span class="flag">⚠ {esc(second_hand)}</span>'
    experiments: dict[int, str] = {}

    # Every title escaped in one call: thousands of short escapes cost more than the rest.
    nodes: list = []
    walk = list(reversed(tree.roots))
    while walk:
        node = walk.pop()
        nodes.append(node)
        walk.extend(reversed(node.children))
    raw = [str(n.obj) if n.kind == "hypothesis" else n.obj.title for n in nodes]
    titles = escape("\x00".join(raw), quote=True).split("\x00")
    if len(titles) != len(raw):  # a title held the separator: escape one by one
        titles = [esc(text) for text in raw]
    # ``render`` visits the nodes in the order of this walk (depth first, in order): each
    # takes the next title
    next_title = iter(titles).__next__

    tree_name = _("Opportunity solution tree")
    out = [f'<ul class="ost" aria-label="{esc(tree_name)}">']

    def render(n) -> None:
        o = n.obj
        out.append("\n<li><details open><summary>" if n.children else "\n<li>")
        link = f'<a href="{url[n.kind](o.id)}">{next_title()}</a>'
        kind = kind_tags[n.kind]
        if n.kind == "opportunity":
            is_proposal = o.review == "proposed"
            out.append(
                f'<span class="node opportunity{" proposed" if is_proposal else ""}">{kind}{link} '
                + (stage_tags.get(o.stage) or f'<span class="tag">{esc(o.stage)}</span>')
                + (proposed_tag if is_proposal else "")
                + f' <span class="meta">{evidence_of(n.evidence)}</span>'
                + (flag if n.evidence is not None and n.evidence.only_second_hand else "")
                + "</span>"
            )
        elif n.kind == "solution":
            tag = solution_tags.get(o.status) or f'<span class="tag">{esc(o.status)}</span>'
            out.append(f'<span class="node solution">{kind}{link} {tag}</span>')
        else:
            key = (o.status, n.verdict.outcome if n.verdict is not None else None)
            tag = status_tags.get(key)
            if tag is None:
                status = esc(label["hypothesis"].get(o.status, o.status))
                if n.verdict is not None:
                    tag = (
                        f'<span class="tag {outcome_tone(n.verdict.outcome)}" '
                        f'title="{esc(outcome_label(n.verdict.outcome))}">{status}</span>'
                    )
                else:
                    tag = f'<span class="tag {outcome_tone(o.status)}">{status}</span>'
                status_tags[key] = tag
            count = ""
            if n.experiments:
                count = experiments.get(n.experiments, "")
                if not count:
                    text = ngettext(
                        "%(counter)s experiment", "%(counter)s experiments", n.experiments
                    ) % {"counter": n.experiments}
                    count = experiments[n.experiments] = f' <span class="meta">{esc(text)}</span>'
            out.append(f'<span class="node hypothesis">{kind}{link} {tag}{count}</span>')
        if n.children:
            out.append("</summary><ul>")
            for child in n.children:
                render(child)
            out.append("</ul></details></li>")
        else:
            out.append("</li>")

    for root in tree.roots:
        render(root)
    if len(out) == 1:
        out.append('\n<li class="empty">{}</li>'.format(esc(_("No opportunities yet."))))
    out.append("</ul>")
    return mark_safe("".join(out))  # noqa: S308 - every text above went through html.escape
