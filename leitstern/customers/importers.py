"""Organisations and contacts from a CSV file (or pasted rows), on the kernel's import
flow (docs/imports.md): German Excel (``;``, decimal comma, Windows-1252) works as it is.

Organisations: name, and optionally segment, size, country, plan, ARR, CRM id, notes. A
row means the organisation of its CRM id, else of its name; that one is updated, others
are added. Contacts: name, and optionally organisation (its name or CRM id), role, email,
phone, notes; a row with the email address of a contact updates that contact. Segments
and organisations the workspace does not have yet are created (the preview names them).
Two rows with one CRM id are a row error (the later one, naming the first). Any row error
blocks the whole file; applying writes every row or none."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any, NamedTuple

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from leitstern.accounts.models import User
from leitstern.core.imports import (
    CellError,
    Column,
    Counts,
    Example,
    Importer,
    RowError,
    RowRejected,
    register,
)
from leitstern.core.imports.models import ImportJob
from leitstern.customers import services
from leitstern.customers.models import Organisation, OrganisationSize, Person, Segment
from leitstern.workspaces.models import Workspace

MAX_ROWS = 20_000
MAX_BYTES = 5_000_000
MAX_ARR = Decimal("999999999999.99")  # Organisation.arr: 14 digits, 2 decimals

# Sizes as a file may write them: the band itself, or a number of employees.
SIZES = {size.value: size.value for size in OrganisationSize}
SIZES |= {value.replace("-", "–"): value for value in list(SIZES)}
SIZES |= {"1000": "1000+", "1.000+": "1000+", "1,000+": "1000+", "> 1000": "1000+"}


def size_of(text: str) -> str | None:
    """The size band ``text`` names (a band like ``50-249`` or a head count), or None."""
    cleaned = text.strip().replace(" ", "")
    if not cleaned:
        return ""
    if cleaned in SIZES:
        return SIZES[cleaned]
    digits = cleaned.replace(".", "").replace(",", "")
    if digits.isdigit():
        count = int(digits)
        for band, low in (("1000+", 1000), ("250-999", 250), ("50-249", 50), ("10-49", 10)):
            if count >= low:
                return band
        return "1-9" if count >= 1 else None
    return None


MESSAGES = {
    "size": _(
        "“%(value)s” is not a size: write a head count or one of 1-9, 10-49, 50-249, "
        "250-999, 1000+."
    ),
    "arr": _("The annual recurring revenue %(value)s is not an amount from 0 to %(max)s."),
    "email": _("“%(value)s” is not an email address."),
    "row_problem": _("Row %(row)s cannot be saved: %(reason)s"),
    "crm_id_repeated": _(
        "The CRM id “%(crm_id)s” is on row %(first)s already (“%(first_name)s”); here it is "
        "“%(name)s”. One CRM id is one organisation: correct the id or the name, or keep one "
        "of the rows."
    ),
}


# --- organisations ------------------------------------------------------------------------


class OrganisationRow(NamedTuple):
    name: str
    segment: str = ""
    size: str = ""
    country: str = ""
    plan: str = ""
    arr: float | None = None
    crm_id: str = ""
    notes: str = ""


def validate_organisation(row: OrganisationRow) -> None:
    if size_of(row.size) is None:
        raise CellError("size", "Not a size.", value=row.size, column_name=str(_("size")))
    if row.arr is not None and not 0 <= row.arr <= float(MAX_ARR):
        raise CellError(
            "arr",
            "ARR out of range.",
            value=f"{row.arr:g}",
            max=f"{MAX_ARR:,.0f}",
            column_name=str(_("annual recurring revenue")),
        )


def check_organisations(rows: list[tuple[int, OrganisationRow]]) -> list[RowError]:
    """A CRM id on more than one row: each later row is an error naming the first row and
    both names (the rows would otherwise update one organisation, the last name winning)."""
    first: dict[str, tuple[int, str]] = {}
    problems = []
    for number, row in rows:
        crm_id = row.crm_id.strip()
        if not crm_id:
            continue
        if crm_id not in first:
            first[crm_id] = (number, row.name.strip())
            continue
        earlier, earlier_name = first[crm_id]
        problems.append(
            RowError(
                number,
                "crm_id_repeated",
                f"The CRM id {crm_id} is on row {earlier} already.",
                {
                    "crm_id": crm_id,
                    "first": earlier,
                    "first_name": earlier_name,
                    "name": row.name.strip(),
                },
                str(_("CRM id")),
            )
        )
    return problems


def _rejected(error: services.RowProblem) -> RowRejected:
    return RowRejected(error.row, " ".join(error.messages))


def apply_organisations(
    *,
    actor: User | None,
    target: Workspace,
    rows: list[tuple[int, OrganisationRow]],
    job: ImportJob,
    progress: Callable[[int], object],
) -> Counts:
    typed = [
        (
            number,
            services.ImportedOrganisation(
                name=row.name.strip(),
                segment=row.segment.strip(),
                size=size_of(row.size) or "",
                country=row.country.strip(),
                plan=row.plan.strip(),
                arr=None if row.arr is None else Decimal(f"{row.arr:.2f}"),
                crm_id=row.crm_id.strip(),
                notes=row.notes,
            ),
        )
        for number, row in rows
    ]
    try:
        created, updated = services.organisations_import(actor=actor, workspace=target, rows=typed)
    except services.RowProblem as error:
        raise _rejected(error) from error
    progress(len(rows))
    return Counts(created=created, updated=updated, unchanged=len(rows) - created - updated)


def summarize_organisations(
    workspace: Workspace, rows: list[tuple[int, OrganisationRow]]
) -> dict[str, Any]:
    """How many rows update an organisation already there, and which segments are new."""
    active = Organisation.objects.filter(workspace=workspace).active()
    names = {name.casefold() for name in active.values_list("name", flat=True)}
    crm_ids = set(active.exclude(crm_id="").values_list("crm_id", flat=True))
    segments = {
        name.casefold()
        for name in Segment.objects.filter(workspace=workspace)
        .active()
        .values_list("name", flat=True)
    }
    existing = sum(
        1
        for _number, row in rows
        if (row.crm_id and row.crm_id.strip() in crm_ids) or row.name.strip().casefold() in names
    )
    new_segments = sorted(
        {row.segment.strip() for _n, row in rows if row.segment.strip()}
        - {s for _n, row in rows for s in [row.segment.strip()] if s.casefold() in segments},
        key=str.casefold,
    )
    return {"existing": existing, "new_names": new_segments[:50], "new_count": len(new_segments)}


ORGANISATIONS = register(
    Importer(
        name="customers.organisations",
        label=_("organisations"),
        target=Workspace,
        workspace_of=lambda workspace: workspace,
        row=OrganisationRow,
        columns=(
            Column(
                "name",
                _("name"),
                names=(
                    "organisation",
                    "organization",
                    "company",
                    "account",
                    "account name",
                    "firma",
                    "unternehmen",
                ),
                max_chars=200,
            ),
            Column("segment", _("segment"), required=False, max_chars=120),
            Column(
                "size",
                _("size"),
                required=False,
                names=("größe", "mitarbeiter", "employees", "company size"),
                max_chars=20,
            ),
            Column("country", _("country"), required=False, names=("land",), max_chars=60),
            Column("plan", _("plan"), required=False, names=("tarif",), max_chars=60),
            Column(
                "arr",
                _("annual recurring revenue"),
                kind="number",
                required=False,
                names=("arr", "jahresumsatz", "umsatz", "annual revenue"),
            ),
            Column(
                "crm_id",
                _("CRM id"),
                required=False,
                names=("crm", "crm-id", "crm-kennung", "kundennummer", "account id"),
                max_chars=100,
            ),
            Column(
                "notes",
                _("notes"),
                required=False,
                names=("notizen", "notiz", "bemerkung"),
                max_chars=5000,
            ),
        ),
        unique=("name",),
        validate=validate_organisation,
        check=check_organisations,
        apply=apply_organisations,
        summarize=summarize_organisations,
        summary_template="customers/_import_summary.html",
        max_rows=MAX_ROWS,
        max_bytes=MAX_BYTES,
        messages=MESSAGES,
        example=Example(
            text=(
                "Firma;Segment;Größe;Land;Tarif;ARR;CRM-ID\n"
                "Müller Mode GmbH;Fachhandel;50-249;Deutschland;Growth;12.500,50;A-1\n"
                "Bäckerei Öztürk;Lebensmittel;12;Österreich;Basic;1.200;A-2\n"
            ),
            rows=2,
            target="leitstern.customers.tests.factory.import_target",
        ),
    )
)


# --- contacts -----------------------------------------------------------------------------


class PersonRow(NamedTuple):
    name: str
    organisation: str = ""
    role: str = ""
    email: str = ""
    phone: str = ""
    notes: str = ""


def validate_person(row: PersonRow) -> None:
    if row.email.strip():
        try:
            validate_email(row.email.strip())
        except ValidationError:
            raise CellError(
                "email", "Not an email address.", value=row.email, column_name=str(_("email"))
            ) from None


def apply_people(
    *,
    actor: User | None,
    target: Workspace,
    rows: list[tuple[int, PersonRow]],
    job: ImportJob,
    progress: Callable[[int], object],
) -> Counts:
    typed = [
        (
            number,
            services.ImportedPerson(
                name=row.name.strip(),
                organisation=row.organisation.strip(),
                role=row.role.strip(),
                email=row.email.strip(),
                phone=row.phone.strip(),
                notes=row.notes,
            ),
        )
        for number, row in rows
    ]
    try:
        created, updated = services.people_import(actor=actor, workspace=target, rows=typed)
    except services.RowProblem as error:
        raise _rejected(error) from error
    progress(len(rows))
    return Counts(created=created, updated=updated, unchanged=len(rows) - created - updated)


def summarize_people(workspace: Workspace, rows: list[tuple[int, PersonRow]]) -> dict[str, Any]:
    """How many rows update a contact already there, and which organisations are new."""
    emails = {
        e.casefold()
        for e in Person.objects.filter(workspace=workspace)
        .active()
        .exclude(email="")
        .values_list("email", flat=True)
    }
    active = Organisation.objects.filter(workspace=workspace).active()
    known = {n.casefold() for n in active.values_list("name", flat=True)} | {
        c.casefold() for c in active.exclude(crm_id="").values_list("crm_id", flat=True)
    }
    existing = sum(1 for _n, row in rows if row.email.strip().casefold() in emails)
    new = sorted(
        {row.organisation.strip() for _n, row in rows if row.organisation.strip()}
        - {
            row.organisation.strip()
            for _n, row in rows
            if row.organisation.strip().casefold() in known
        },
        key=str.casefold,
    )
    return {"existing": existing, "new_names": new[:50], "new_count": len(new)}


PEOPLE = register(
    Importer(
        name="customers.people",
        label=_("contacts"),
        target=Workspace,
        workspace_of=lambda workspace: workspace,
        row=PersonRow,
        columns=(
            Column(
                "name",
                _("name"),
                names=("full name", "contact", "person", "vollständiger name", "kontakt"),
                max_chars=200,
            ),
            Column(
                "organisation",
                _("organisation"),
                required=False,
                names=("organization", "company", "account", "firma", "unternehmen"),
                max_chars=200,
            ),
            Column(
                "role",
                pgettext_lazy("job", "role"),
                required=False,
                names=("job title", "title", "position", "funktion", "rolle"),
                max_chars=120,
            ),
            Column(
                "email",
                _("email address"),
                required=False,
                names=("email", "e-mail", "e-mail-adresse", "mail"),
                max_chars=254,
            ),
            Column(
                "phone",
                _("phone"),
                required=False,
                names=("telefon", "telefonnummer", "phone number", "mobile"),
                max_chars=40,
            ),
            Column(
                "notes",
                _("notes"),
                required=False,
                names=("notizen", "notiz", "bemerkung"),
                max_chars=5000,
            ),
        ),
        validate=validate_person,
        apply=apply_people,
        summarize=summarize_people,
        summary_template="customers/_import_summary.html",
        max_rows=MAX_ROWS,
        max_bytes=MAX_BYTES,
        messages=MESSAGES,
        example=Example(
            text=(
                "Name;Firma;Funktion;E-Mail;Telefon\n"
                "Jürgen Weiß;Müller Mode GmbH;Leiter E-Commerce;jw@example.com;+49 30 1234\n"
                "Zoë Brandt;Bäckerei Öztürk;Inhaberin;zb@example.com;\n"
            ),
            rows=2,
            target="leitstern.customers.tests.factory.import_target",
        ),
    )
)
