"""Exports of metric data and of a cycle's OKRs as CSV (spreadsheet-safe) and Markdown."""

from __future__ import annotations

from collections.abc import Iterable

from django.http import HttpResponse
from django.utils.translation import gettext as _

from leitstern.strategy import scoring
from leitstern.strategy.csvio import spreadsheet_safe, write_csv
from leitstern.strategy.models import Cycle, Metric, Objective


def csv_response(rows: Iterable[Iterable[object]], filename: str) -> HttpResponse:
    # A BOM makes Excel read UTF-8 (umlauts) correctly.
    response = HttpResponse("\ufeff" + write_csv(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def metric_rows(metric: Metric) -> list[list[object]]:
    rows: list[list[object]] = [[_("date"), _("value"), _("note"), _("source")]]
    for value in metric.values.order_by("day"):
        rows.append([value.day.isoformat(), value.value, value.note, value.get_source_display()])
    return rows


def _score(value: float | None) -> str:
    return "" if value is None else f"{scoring.shown(value):.1f}"


def _fmt(value: float | None, digits: int = 2) -> str:
    return "" if value is None else f"{round(value, digits):g}"


def cycle_rows(cycle: Cycle, objectives: list[Objective]) -> list[list[object]]:
    rows: list[list[object]] = [
        [
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
    ]
    for objective in objectives:
        level = objective.level_label
        head = [
            cycle.name,
            level,
            objective.title,
            objective.get_kind_display(),
            str(objective.owner),
            _fmt(objective.info.score),
        ]
        tail = [objective.learnings, objective.postmortem]
        if not objective.krs:
            rows.append([*head, "", "", "", "", "", "", "", *tail])
        for kr in objective.krs:
            latest = kr.info.latest
            rows.append(
                [
                    *head,
                    kr.title,
                    kr.baseline if kr.baseline is not None else "",
                    kr.target,
                    kr.current_value if kr.current_value is not None else "",
                    kr.unit,
                    _fmt(kr.info.score),
                    latest.confidence if latest else "",
                    *tail,
                ]
            )
    return rows


def _md(text: object) -> str:
    """Text safe inside a Markdown table cell or heading: no pipes or line breaks, and
    not a formula if the Markdown is pasted into a spreadsheet."""
    return spreadsheet_safe(str(text).replace("|", "\\|").replace("\n", " ").strip())


def cycle_markdown(cycle: Cycle, objectives: list[Objective]) -> str:
    lines = [f"# {_('OKRs')} {_md(cycle.name)}", ""]
    lines.append(f"{cycle.starts_on:%Y-%m-%d} – {cycle.ends_on:%Y-%m-%d}")
    if cycle.is_closed:
        lines.append(_("Closed on %(day)s.") % {"day": f"{cycle.closed_at:%Y-%m-%d}"})
    lines.append("")
    for objective in objectives:
        level = objective.level_label
        lines.append(f"## {_md(objective.title)}")
        lines.append("")
        lines.append(
            f"{_md(level)} · {objective.get_kind_display()} · {_md(objective.owner)} · "
            + _("score %(score)s (expected %(expected)s)")
            % {"score": _score(objective.info.score) or "—", "expected": objective.expected_score}
        )
        lines.append("")
        if objective.krs:
            lines.append(
                f"| {_('key result')} | {_('baseline')} | {_('target')} | "
                f"{_('current value')} | {_('score')} | {_('confidence')} |"
            )
            lines.append("|---|---:|---:|---:|---:|---:|")
            for kr in objective.krs:
                latest = kr.info.latest
                lines.append(
                    f"| {_md(kr.title)} | {_fmt(kr.baseline)} | {_fmt(kr.target)} | "
                    f"{_fmt(kr.current_value)} | {_score(kr.info.score)} | "
                    f"{latest.confidence if latest else ''} |"
                )
            lines.append("")
        for label, text in (
            (_("Learnings"), objective.learnings),
            (_("Post-mortem"), objective.postmortem),
        ):
            if text:
                lines.extend([f"**{label}:** {_md(text)}", ""])
    return "\n".join(lines).rstrip() + "\n"
