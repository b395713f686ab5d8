"""A case as CSV (its lines with their estimates, then the result's numbers) and as a
Markdown one-pager, through the kernel's writers: every cell spreadsheet-safe."""

from __future__ import annotations

from collections.abc import Iterator

from django.http import HttpResponse, StreamingHttpResponse
from django.utils.translation import gettext as _

from leitstern.cases import estimates, selectors
from leitstern.cases.forms import FIELD_LABELS
from leitstern.cases.models import BusinessCase, Category, Driver, LineKind
from leitstern.core import exports as kernel
from leitstern.core import markdown as md
from leitstern.core.http import WorkspaceRequest


def _estimates(line) -> str:
    return "; ".join(
        f"{FIELD_LABELS.get(name, name)} {estimates.as_text(kept)}"
        for name, kept in (line.values or {}).items()
    )


def rows(case: BusinessCase) -> Iterator[list[object]]:
    yield [
        _("section"),
        _("name"),
        _("category"),
        _("how it is priced"),
        _("phase"),
        _("estimates"),
        _("note"),
    ]
    for line in case.lines.all():
        yield [
            str(LineKind(line.kind).label),
            line.name,
            str(Category(line.category).label),
            str(Driver(line.driver).label),
            line.phase,
            _estimates(line),
            line.note,
        ]
    result = case.result
    if not result:
        return
    npv = result["npv"]
    yield [_("result"), _("expected net present value"), "", "", "", npv["mean"], ""]
    for level, value in npv["percentiles"].items():
        yield [
            _("result"),
            _("net present value, %(level)sth percentile") % {"level": level},
            "",
            "",
            "",
            value,
            "",
        ]
    yield [_("result"), _("probability of a loss"), "", "", "", result["probability_of_loss"], ""]
    yield [
        _("result"),
        _("people share of the cost"),
        "",
        "",
        "",
        result["costs"].get("people_share"),
        "",
    ]
    for row in selectors.inputs(case, result):
        yield [_("value of information"), row.label, "", "", "", row.evpi, ""]


def case_csv(request: WorkspaceRequest, case: BusinessCase) -> StreamingHttpResponse:
    return kernel.csv_response(rows(case), filename=case.name, dialect=kernel.dialect_for(request))


def markdown(case: BusinessCase) -> str:
    lines = [md.heading(case.name), ""]
    if case.question:
        lines += [md.text(case.question), ""]
    result = case.result
    if result:
        lines += [md.heading(_("What the simulation says"), level=2), ""]
        lines += [f"- {md.text(sentence)}" for sentence in selectors.summary(case, result)]
        if not case.result_is_current:
            changed = _("The assumptions changed after this run.")
            lines.append(f"- {md.text(changed)}")
        lines += ["", md.heading(_("What to measure next"), level=2), ""]
        lines.append(
            md.table(
                [_("input"), _("worth knowing up to"), _("swing of the NPV")],
                [
                    (row.label, md.number(round(row.evpi)), md.number(round(row.swing)))
                    for row in sorted(selectors.inputs(case, result), key=lambda r: -r.evpi)[:10]
                ],
                align=["left", "right", "right"],
            )
        )
        lines.append("")
    lines += [md.heading(_("Assumptions"), level=2), ""]
    lines.append(
        md.table(
            [_("name"), _("category"), _("estimates")],
            [
                (line.name, str(Category(line.category).label), _estimates(line))
                for line in case.lines.all()
            ],
        )
    )
    return md.document(lines)


def case_markdown(request: WorkspaceRequest, case: BusinessCase) -> HttpResponse:
    return kernel.markdown_response(markdown(case), filename=case.name)
