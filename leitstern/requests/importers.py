"""Requests and deals from a CSV file (a Salesforce or HubSpot export, or German Excel), on
the kernel's import flow: preview with row errors, then every row at once or none.

One row is one organisation asking: the request's title (the opportunity's or deal's name
in a CRM export), the organisation (matched by name without regard to case, or by CRM id;
a new one is added), the revenue at stake, and optionally the problem, deal stage, deal
amount, expected close date, source and currency. Rows with the same title become one
request with all their organisations (each once)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import NamedTuple

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from leitstern.accounts.models import User
from leitstern.core.imports import Column, Counts, Example, Importer, register
from leitstern.core.imports.models import ImportJob
from leitstern.core.imports.problems import CellError
from leitstern.customers import services as customers
from leitstern.customers.models import Organisation
from leitstern.requests import services
from leitstern.requests.models import MAX_AMOUNT, Currency, Source, Stage
from leitstern.workspaces.models import Workspace


class RequestRow(NamedTuple):
    title: str
    organisation: str
    arr: float
    problem: str = ""
    stage: str = ""
    amount: float | None = None
    close_date: date | None = None
    source: str = ""
    currency: str = ""


# What CRMs call their stages, by the words in them (lower case), first match wins.
STAGE_WORDS = [
    ("lost", Stage.LOST),
    ("verloren", Stage.LOST),
    ("won", Stage.WON),
    ("gewonnen", Stage.WON),
    ("renew", Stage.RENEWAL),
    ("verlängerung", Stage.RENEWAL),
    ("negotiat", Stage.NEGOTIATION),
    ("contract", Stage.NEGOTIATION),
    ("verhandlung", Stage.NEGOTIATION),
    ("decisionmaker", Stage.NEGOTIATION),
    ("proposal", Stage.PROPOSAL),
    ("quote", Stage.PROPOSAL),
    ("angebot", Stage.PROPOSAL),
    ("presentation", Stage.PROPOSAL),
    ("qualif", Stage.QUALIFIED),
    ("needs", Stage.QUALIFIED),
    ("appointment", Stage.QUALIFIED),
    ("prospect", Stage.LEAD),
    ("lead", Stage.LEAD),
]
SOURCE_WORDS = [
    ("support", Source.SUPPORT),
    ("ticket", Source.SUPPORT),
    ("qbr", Source.QBR),
    ("review", Source.QBR),
    ("lost", Source.LOST_DEAL),
    ("verloren", Source.LOST_DEAL),
    ("sales", Source.SALES_CALL),
    ("call", Source.SALES_CALL),
    ("vertrieb", Source.SALES_CALL),
]


def _match(text: str, words) -> str:
    value = text.strip().lower().replace(" ", "").replace("-", "")
    return next((found for word, found in words if word in value), "")


COLUMNS = (
    Column(
        "title", _("title"), names=("opportunity name", "deal name", "titel", "anfrage", "request")
    ),
    Column(
        "organisation",
        _("organisation"),
        names=(
            "account name",
            "company name",
            "associated company",
            "company",
            "organisation",
            "organization",
            "kunde",
            "firma",
            "account",
        ),
    ),
    Column(
        "arr",
        _("revenue at stake (ARR)"),
        kind="number",
        names=("arr", "annual recurring revenue", "jahresumsatz", "umsatz", "mrr x 12"),
    ),
    Column(
        "problem",
        _("problem"),
        required=False,
        max_chars=10_000,
        names=("description", "beschreibung", "problem", "notes", "notizen"),
    ),
    Column(
        "stage", _("stage"), required=False, names=("deal stage", "phase", "stufe", "verkaufsphase")
    ),
    Column(
        "amount",
        _("deal amount"),
        kind="number",
        required=False,
        names=("amount", "betrag", "deal amount", "volumen"),
    ),
    Column(
        "close_date",
        _("expected close date"),
        kind="date",
        required=False,
        names=("close date", "abschlussdatum", "expected close date", "abschluss"),
    ),
    Column("source", _("source"), required=False, names=("lead source", "quelle")),
    Column(
        "currency",
        _("currency"),
        required=False,
        names=("currency", "währung", "opportunity currency", "deal currency"),
    ),
)

MESSAGES = {
    "negative": _("%(column_name)s cannot be negative: %(value)s."),
    "too_large": _("%(column_name)s is too large: %(value)s."),
    "stage": _("Unknown deal stage “%(value)s”."),
    "currency": _("Unknown currency “%(value)s”; use one of %(known)s."),
    "close_past": _("The expected close date %(value)s lies before today."),
}


def validate(row: RequestRow) -> None:
    for name, label, value in (
        ("arr", _("revenue at stake (ARR)"), row.arr),
        ("amount", _("deal amount"), row.amount),
    ):
        if value is None:
            continue
        if value < 0:
            raise CellError(
                "negative", f"{name} is negative", value=f"{value:g}", column_name=str(label)
            )
        if value > MAX_AMOUNT:
            raise CellError(
                "too_large", f"{name} is too large", value=f"{value:g}", column_name=str(label)
            )
    if row.stage and not _match(row.stage, STAGE_WORDS):
        raise CellError("stage", "unknown stage", value=row.stage, column_name=str(_("stage")))
    if row.currency and row.currency.strip().upper() not in Currency.values:
        raise CellError(
            "currency",
            "unknown currency",
            value=row.currency,
            known=", ".join(Currency.values),
            column_name=str(_("currency")),
        )
    if row.close_date is not None and row.close_date < timezone.localdate():
        raise CellError(
            "close_past",
            "close date in the past",
            value=row.close_date.isoformat(),
            column_name=str(_("expected close date")),
        )


def _money(value: float | None) -> Decimal | None:
    return None if value is None else Decimal(str(value)).quantize(Decimal("0.01"))


def apply_rows(
    *,
    actor: User,
    target: Workspace,
    rows: list[tuple[int, RequestRow]],
    job: ImportJob,
    progress: Callable[[int], object],
) -> Counts:
    """One request per title, with its organisations; organisations not known yet are
    added. Runs in the flow's one transaction: a refusal of any row writes nothing."""
    for _number, row in rows:
        services.check_currency(target, row.currency, field="currency")
    known = {o.name.lower(): o for o in Organisation.objects.filter(workspace=target).active()}
    known.update({o.crm_id.lower(): o for o in known.values() if o.crm_id})
    grouped: dict[str, list[RequestRow]] = {}
    for _number, row in rows:
        grouped.setdefault(row.title.strip(), []).append(row)
    created = joined = 0
    for title, group in grouped.items():
        accounts: dict[int, services.AccountInput] = {}
        for row in group:
            key = row.organisation.strip().lower()
            organisation = known.get(key)
            if organisation is None:
                organisation = customers.organisation_create(
                    actor=actor, workspace=target, name=row.organisation.strip()
                )
                known[key] = organisation
            arr = _money(row.arr) or Decimal(0)
            previous = accounts.get(organisation.pk)
            if previous is not None and previous.arr >= arr:
                continue  # the same organisation twice: once, with its larger revenue
            accounts[organisation.pk] = services.AccountInput(
                organisation=organisation,
                arr=arr,
                deal=title[:200],
                stage=_match(row.stage, STAGE_WORDS) if row.stage else "",
                amount=_money(row.amount),
                close_date=row.close_date,
            )
        first = group[0]
        services.request_create(
            actor=actor,
            workspace=target,
            title=title[:200],
            problem=next((r.problem for r in group if r.problem), "") or title,
            source=_match(first.source, SOURCE_WORDS) or Source.SALES_CALL,
            accounts=list(accounts.values()),
        )
        created += 1
        joined += len(group) - 1
        progress(created + joined)
    # Each row counts once: the first of a title creates its request, the others add their
    # organisation to it.
    return Counts(created=created, updated=joined)


REQUESTS = register(
    Importer(
        name="requests.requests",
        label=_("requests"),
        target=Workspace,
        workspace_of=lambda workspace: workspace,
        row=RequestRow,
        columns=COLUMNS,
        validate=validate,
        apply=apply_rows,
        messages=MESSAGES,
        example=Example(
            text=(
                "Titel;Organisation;ARR;Phase;Betrag;Beschreibung\n"
                "Rechnungskauf;Modehaus Albrecht;23.880;Verhandlung;47.760;Kauf auf Rechnung\n"
                "Rechnungskauf;Gartenwelt Schulze;9.576;Angebot;;"
                "Kauf auf Rechnung für Stammkunden\n"
                "Export ins ERP;Lumen Leuchten;23.880;;;Bestellungen ins ERP übertragen\n"
            ),
            rows=3,
            target="leitstern.requests.tests.factory.import_target",
        ),
    )
)
