"""The register from a CSV file (or pasted rows), on the kernel's import flow.

Columns, named in English or German: name (required), role or title, department,
organisation, e-mail, notes, power and interest (0–10, both or neither), current and desired
engagement (unaware, resistant, neutral, supportive, leading — or the German words), reports
to (a name in the file or in the register). A row whose e-mail address — or, without one,
whose name — matches exactly one stakeholder the importing person sees updates that
stakeholder; any other row adds one. Positions and engagement given are assessed as of the
day of the import and join the trail. All rows in one transaction: a row that cannot be
written after all (a reporting line to nobody known) writes nothing."""

from __future__ import annotations

from typing import Any, NamedTuple

from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from leitstern.core import text
from leitstern.core.imports import (
    CellError,
    Column,
    Counts,
    Example,
    Importer,
    RowRejected,
    register,
)
from leitstern.stakeholders import analyses, services
from leitstern.stakeholders.models import Engagement, Stakeholder
from leitstern.stakeholders.services._common import REGISTER_IMPORTER
from leitstern.workspaces.models import Membership, Workspace

MAX_ROWS = 5_000


class StakeholderRow(NamedTuple):
    name: str
    title: str = ""
    department: str = ""
    organisation: str = ""
    email: str = ""
    notes: str = ""
    power: float | None = None
    interest: float | None = None
    engagement: str = ""
    desired_engagement: str = ""
    reports_to: str = ""


def _engagement_words() -> dict[str, str]:
    """Every way a level may be written (its code, its English and German label) → code."""
    words = {}
    for value, label in Engagement.choices:
        words[value] = value
        for language in ("en", "de"):
            with translation.override(language):
                words[str(label).casefold()] = value
    return words


def validate(row: StakeholderRow) -> None:
    """Rules across cells and the register's own: a visible name, a plausible address, a
    position on the axes (both coordinates or neither), a known engagement level."""
    problem = text.line_problem(text.strip_line(row.name))
    if problem:
        raise CellError("name", problem, reason=str(text.MESSAGES[problem]),
                        column_name=str(_("name")))  # fmt: skip
    if row.email and ("@" not in row.email or " " in row.email.strip()):
        raise CellError("email", "not an e-mail address", value=row.email,
                        column_name=str(_("e-mail")))  # fmt: skip
    if (row.power is None) != (row.interest is None):
        raise CellError("half_position", "power and interest go together",
                        column_name=str(_("power")))  # fmt: skip
    for name, value in (("power", row.power), ("interest", row.interest)):
        if value is not None and not analyses.on_axis(value):
            raise CellError("axis", "off the axis", value=value, column_name=name)
    words = _engagement_words()
    for name, value in (("engagement", row.engagement), ("desired", row.desired_engagement)):
        if value and value.strip().casefold() not in words:
            raise CellError("engagement", "unknown level", value=value, column_name=name)


def _members(actor: Any, workspace: Workspace) -> Membership:
    return Membership.objects.select_related("workspace", "user").get(
        workspace=workspace, user=actor
    )


def _match(seen: list[Stakeholder], row: StakeholderRow) -> Stakeholder | None:
    """The one visible stakeholder this row means: by e-mail address, else by name."""
    if row.email:
        found = [s for s in seen if s.email and s.email.casefold() == row.email.casefold()]
    else:
        found = [s for s in seen if s.name.casefold() == row.name.strip().casefold()]
    return found[0] if len(found) == 1 else None


def summarize(workspace: Workspace, rows: list[tuple[int, StakeholderRow]]) -> dict[str, Any]:
    """How many rows name someone already in the register (by e-mail or name, among the
    people nobody keeps private), and reporting lines to a name the file does not hold."""
    names = {row.name.strip().casefold() for _n, row in rows}
    known = set(
        name.casefold()
        for name in Stakeholder.objects.filter(
            workspace=workspace, private_to__isnull=True
        ).values_list("name", flat=True)
    )
    unknown = sorted(
        {row.reports_to for _n, row in rows if row.reports_to}
        - {r.reports_to for _n, r in rows if r.reports_to.strip().casefold() in names | known}
    )
    return {"reports_to_unknown": unknown[:20]}


def apply_rows(*, actor: Any, target: Workspace, rows: list, job: Any, progress) -> Counts:
    member = _members(actor, target)
    seen = list(Stakeholder.objects.visible_to(member))
    words = _engagement_words()
    created = updated = unchanged = 0
    done: list[tuple[int, StakeholderRow, Stakeholder]] = []
    for index, (number, row) in enumerate(rows, start=1):
        details = {
            "title": row.title,
            "department": row.department,
            "organisation": row.organisation,
            "email": row.email.strip(),
            "notes": row.notes,
        }
        try:
            person = _match(seen, row)
            new, changed = person is None, False
            if person is None:
                person = services.stakeholder_create(
                    actor=actor, workspace=target, name=row.name, **details
                )
                seen.append(person)
            else:
                given = {k: v for k, v in details.items() if v}
                version = person.version
                services.stakeholder_update(actor=actor, stakeholder=person, **given)
                changed = person.version != version
            if row.power is not None and (
                (person.power, person.interest) != (round(row.power, 1), round(row.interest, 1))
            ):
                services.grid_place(
                    actor=actor, stakeholder=person, power=row.power, interest=row.interest
                )
                changed = True
            current = words.get(row.engagement.strip().casefold(), "")
            desired = words.get(row.desired_engagement.strip().casefold(), "")
            if (current or desired) and (current, desired) != (
                person.engagement,
                person.desired_engagement,
            ):
                services.engagement_assess(
                    actor=actor, stakeholder=person, current=current, desired=desired
                )
                changed = True
        except ValidationError as error:
            raise RowRejected(number, "; ".join(error.messages)) from None
        if new:
            created += 1
        elif changed:
            updated += 1
        else:
            unchanged += 1
        done.append((number, row, person))
        progress(index)
    for number, row, person in done:
        if not row.reports_to:
            continue
        boss = _match(seen, StakeholderRow(name=row.reports_to))
        if boss is None:
            raise RowRejected(
                number,
                str(_("“%(name)s” (reports to) is neither in the file nor in the register."))
                % {"name": row.reports_to},
            )
        try:
            if person.reports_to_id != boss.pk:
                services.stakeholder_update(actor=actor, stakeholder=person, reports_to=boss)
        except ValidationError as error:
            raise RowRejected(number, "; ".join(error.messages)) from None
    return Counts(created=created, updated=updated, unchanged=unchanged)


STAKEHOLDERS = register(
    Importer(
        name=REGISTER_IMPORTER,
        label=_("stakeholders"),
        target=Workspace,
        workspace_of=lambda workspace: workspace,
        row=StakeholderRow,
        columns=(
            Column("name", _("name"), names=("name", "person", "stakeholder")),
            Column(
                "title",
                _("role or title"),
                required=False,
                names=("role", "title", "rolle", "funktion", "position"),
                max_chars=160,
            ),
            Column(
                "department",
                _("department"),
                required=False,
                names=("abteilung", "bereich", "team"),
                max_chars=120,
            ),
            Column(
                "organisation",
                _("organisation"),
                required=False,
                names=("organization", "company", "firma", "unternehmen"),
                max_chars=160,
            ),
            Column(
                "email",
                _("e-mail"),
                required=False,
                names=("email", "mail", "e-mail-adresse"),
                max_chars=254,
            ),
            Column(
                "notes",
                _("notes"),
                required=False,
                names=("notizen", "notiz", "note", "bemerkung"),
                max_chars=20_000,
            ),
            Column("power", _("power"), kind="number", required=False, names=("macht", "einfluss")),
            Column("interest", _("interest"), kind="number", required=False, names=("interesse",)),
            Column(
                "engagement",
                _("current engagement"),
                required=False,
                names=("engagement", "aktuelles engagement"),
                max_chars=40,
            ),
            Column(
                "desired_engagement",
                _("desired engagement"),
                required=False,
                names=("desired", "angestrebtes engagement", "ziel-engagement"),
                max_chars=40,
            ),
            Column(
                "reports_to",
                _("reports to"),
                required=False,
                names=("manager", "berichtet an", "vorgesetzt"),
                max_chars=160,
            ),
        ),
        validate=validate,
        apply=apply_rows,
        summarize=summarize,
        max_rows=MAX_ROWS,
        max_bytes=2_000_000,
        summary_template="stakeholders/_import_summary.html",
        messages={
            "name": _("The name cannot be used: %(reason)s"),
            "email": _("“%(value)s” is not an e-mail address."),
            "half_position": _("Give power and interest together, or neither."),
            "axis": _("%(value)s lies outside the grid's axis, which runs from 0 to 10."),
            "engagement": _(
                "“%(value)s” is no engagement level; use unaware, resistant, neutral, "
                "supportive or leading."
            ),
        },
        example=Example(
            text=(
                "Name;Rolle;Abteilung;Organisation;E-Mail;Macht;Interesse;Engagement;"
                "Angestrebtes Engagement;Berichtet an\n"
                "Dr. Jürgen Klein;CFO;Finanzen;;j.klein@example.com;9;4;ablehnend;"
                "unterstützend;\n"
                "Selin Özdemir;Leiterin Controlling;Finanzen;;s.oezdemir@example.com;6,5;8;"
                "unterstützend;führend;Dr. Jürgen Klein\n"
            ),
            rows=2,
            target="leitstern.stakeholders.tests.factory.import_workspace",
        ),
    )
)
