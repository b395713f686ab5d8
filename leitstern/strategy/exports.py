"""What strategy exports: a metric's values and a cycle's OKRs as rows for the kernel's CSV
writer, and a cycle as a Markdown document (``core.exports``, ``core.markdown``)."""

from __future__ import annotations

from collections.abc import Iterator

from django.utils.translation import gettext as _

from leitstern.core import markdown as md
from leitstern.strategy import scoring
from leitstern.strategy.models import Cycle, Metric, Objective


def metric_header() -> list[str]:
    return [_("date"), _("value"), _("note"), _("source")]


def metric_rows(metric: Metric) -> Iterator[list[object]]:
    """One row per value, oldest first, read in chunks while the download is sent."""
    for value in metric.values.order_by("day").iterator(chunk_size=2000):
        yield [value.day, value.value, value.note, value.get_source_display()]


def _rounded(value: float | None, digits: int = 2) -> float | None:
    return None if value is None else round(value, digits)


def _shown(value: float | None) -> md.Number:
    """A score as the pages show it (0.0 to 1.0, one decimal)."""
    return md.number(None if value is None else scoring.shown(value), places=1)


def cycle_header() -> list[str]:
    return [
        _("cycle"),
        _("level"),
        _("objective"),
        _("type"),
        _("owner"),
        _("objective score"),
        _("key result"),
        _("baseline"),
        _("target"),
        _("current value"),
        _("unit"),
        _("score"),
        _("confidence"),
        _("learnings"),
        _("post-mortem"),
    ]


def cycle_rows(cycle: Cycle, objectives: list[Objective]) -> Iterator[list[object]]:
    """One row per key result (an objective without any gets one row of its own)."""
    for objective in objectives:
        head = [
            cycle.name,
            objective.level_label,
            objective.title,
            objective.get_kind_display(),
            str(objective.owner),
            _rounded(objective.info.score),
        ]
        tail = [objective.learnings, objective.postmortem]
        if not objective.krs:
            yield [*head, None, None, None, None, None, None, None, *tail]
        for kr in objective.krs:
            latest = kr.info.latest
            yield [
                *head,
                kr.title,
                kr.baseline,
                kr.target,
                kr.current_value,
                kr.unit,
                _rounded(kr.info.score),
                latest.confidence if latest else None,
                *tail,
            ]


def cycle_markdown(cycle: Cycle, objectives: list[Objective]) -> str:
    lines = [md.heading("{} {}".format(_("OKRs"), cycle.name)), ""]
    lines.append(f"{cycle.starts_on:%Y-%m-%d} – {cycle.ends_on:%Y-%m-%d}")
    if cycle.is_closed:
        lines.append(_("Closed on %(day)s.") % {"day": f"{cycle.closed_at:%Y-%m-%d}"})
    lines.append("")
    for objective in objectives:
        lines.append(md.heading(objective.title, level=2))
        lines.append("")
        score = _shown(objective.info.score) or "—"
        lines.append(
            f"{md.text(objective.level_label)} · {md.text(objective.get_kind_display())} · "
            f"{md.text(objective.owner)} · "
            + _("score %(score)s (expected %(expected)s)")
            % {"score": score, "expected": objective.expected_score}
        )
        lines.append("")
        if objective.krs:
            header = [
                _("key result"),
                _("baseline"),
                _("target"),
                _("current value"),
                _("score"),
                _("confidence"),
            ]
            rows = [
                (
                    kr.title,
                    md.number(_rounded(kr.baseline)),
                    md.number(_rounded(kr.target)),
                    md.number(_rounded(kr.current_value)),
                    _shown(kr.info.score),
                    md.number(kr.info.latest.confidence if kr.info.latest else None),
                )
                for kr in objective.krs
            ]
            lines.extend([md.table(header, rows, align=["left"] + ["right"] * 5), ""])
        for label, text in (
            (_("Learnings"), objective.learnings),
            (_("Post-mortem"), objective.postmortem),
        ):
            if text:
                lines.extend([f"**{md.text(label)}:** {md.text(text)}", ""])
    return md.document(lines)
