"""The large workspace: what every module's ``large.generate(context)`` receives to add its
share of one workspace at benchmark scale, and a fast writer for many rows.

The generators write rows directly (``COPY`` on PostgreSQL, one prepared statement on
SQLite), not through the services row by row: 500,000 items or 200,000 activity entries
through the services would take hours. The rows must still be exactly what the services
would have written (versions, kept daily counts, stored scores, activity entries of the
services' shapes), so each module builds them with its own helpers and checks itself
(``verify``) where it keeps numbers derived from other rows.

A module adds ``<app>/large.py`` with ``generate(context)`` and names it as ``large`` in
its entry of the shell's registry (``site/modules.py``); ``benchmarks/large_workspace.py``
runs them in layer order."""

from __future__ import annotations

import json
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from django.core.management.color import no_style
from django.db import connection, models

if TYPE_CHECKING:  # the kernel names these types only; it imports no app
    from leitstern.accounts.models import User
    from leitstern.workspaces.models import Workspace

# Rows per statement on SQLite (and per progress step of a COPY).
BATCH = 10_000


@dataclass(frozen=True)
class Scale:
    """How large the workspace is. ``FULL`` is the size the platform is measured at; tests
    build ``FULL.times(0.001)`` and its double."""

    products: int = 10
    members: int = 200
    teams: int = 20
    items: int = 500_000  # finished work items, over all teams
    item_years: int = 3
    cycles: int = 8  # the last one runs today, the others are closed
    objectives: int = 100  # per cycle
    key_results: int = 4  # per objective
    metrics: int = 60
    metric_years: int = 10  # weekly values
    activity: int = 200_000  # entries in the activity log, all modules together
    roadmap_items: int = 5_000  # on the first product's roadmap
    roadmap_changes: int = 100_000  # that roadmap's history (each also an activity entry)
    discovery_opportunities: int = 500  # in the first product's tree
    discovery_solutions: int = 2_000
    stakeholders: int = 500  # on the stakeholder map
    influences: int = 5_000  # who listens to whom among them
    sales_requests: int = 100_000  # requests from sales (the requests module)
    accounts: int = 10_000  # customer organisations (the customers module), asking for them
    participants: int = 10_000  # research participants at those organisations
    conversations: int = 20_000  # learning conversations and second-hand feedback
    quotes: int = 200_000  # highlighted in them
    insights: int = 2_000  # each grouping some of the quotes

    def times(self, factor: float) -> Scale:
        """Every count multiplied by ``factor`` (at least 1, members at least 5 and two
        cycles, so every role and a closed cycle exist); years and key results per
        objective stay."""

        def n(value: int, least: int = 1) -> int:
            return max(least, round(value * factor))

        return replace(
            self,
            products=n(self.products),
            members=n(self.members, 5),
            teams=n(self.teams),
            items=n(self.items, 50),
            cycles=n(self.cycles, 2),
            objectives=n(self.objectives, 2),
            metrics=n(self.metrics, 2),
            activity=n(self.activity, 50),
            roadmap_items=n(self.roadmap_items, 30),
            roadmap_changes=n(self.roadmap_changes, 300),
            discovery_opportunities=n(self.discovery_opportunities, 10),
            discovery_solutions=n(self.discovery_solutions, 20),
            stakeholders=n(self.stakeholders, 20),
            influences=n(self.influences, 60),
            sales_requests=n(self.sales_requests, 100),
            accounts=n(self.accounts, 10),
            participants=n(self.participants, 20),
            conversations=n(self.conversations, 40),
            quotes=n(self.quotes, 200),
            insights=n(self.insights, 5),
        )


FULL = Scale()


@dataclass
class LargeContext:
    """What the generators share. Each fills in what later ones need (the workspace and
    its members, products, teams) and appends the activity entries of what it made to
    ``activity``; the activity generator writes them last."""

    scale: Scale
    today: date
    rng: random.Random
    slug: str = "large"  # the workspace's address; its people's emails end in @<slug>.example
    workspace: Workspace | None = None
    owner: User | None = None
    members: list[User] = field(default_factory=list)  # everyone, the owner first
    roles: dict[int, str] = field(default_factory=dict)  # user id → role
    # Products and teams (layer 1 models; the kernel names no higher layer's types).
    products: list[models.Model] = field(default_factory=list)
    teams: list[models.Model] = field(default_factory=list)
    activity: list[dict[str, Any]] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)  # what was written, for the report

    def writers(self) -> list[User]:
        """Members who may write (contributor and up): the people who check in and edit."""
        return [user for user in self.members if self.roles[user.pk] != "viewer"]

    def editors(self) -> list[User]:
        return [user for user in self.members if self.roles[user.pk] in ("owner", "editor")]

    def next_ids(self, model: type[models.Model], count: int) -> range:
        """``count`` primary keys above every existing one, for rows inserted with ``insert``
        (whose children need their parents' ids before anything is written)."""
        with connection.cursor() as cursor:
            table = connection.ops.quote_name(model._meta.db_table)
            pk_field = model._meta.pk
            assert pk_field is not None and pk_field.column is not None
            pk = connection.ops.quote_name(pk_field.column)
            cursor.execute(f"SELECT MAX({pk}) FROM {table}")  # noqa: S608
            (highest,) = cursor.fetchone()
        start = (highest or 0) + 1
        return range(start, start + count)

    def insert(
        self, model: type[models.Model], fields: Sequence[str], rows: Iterable[Sequence[Any]]
    ) -> int:
        """Write ``rows`` (values in the order of ``fields``, as the model holds them: dates,
        aware datetimes, dicts for JSON) into ``model``'s table without model instances.
        With ``id`` among the fields, the table's id sequence is moved past them."""
        written = bulk_insert(model, fields, rows)
        self.counts[model._meta.label] = self.counts.get(model._meta.label, 0) + written
        if "id" in fields and connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                for statement in connection.ops.sequence_reset_sql(no_style(), [model]):
                    cursor.execute(statement)
        return written


def _converter(field: models.Field):
    """How one column's Python value becomes what the database driver takes."""
    sqlite = connection.vendor == "sqlite"
    if isinstance(field, models.JSONField):
        return lambda value: json.dumps(value, ensure_ascii=False)
    if isinstance(field, models.DateTimeField):
        if sqlite:
            adapt = connection.ops.adapt_datetimefield_value
            return lambda value: None if value is None else adapt(value)
        return None
    if isinstance(field, models.DateField) and sqlite:
        return lambda value: None if value is None else value.isoformat()
    if isinstance(field, models.BooleanField) and sqlite:
        return lambda value: None if value is None else int(value)
    return None


def _concrete(field: Any) -> models.Field:
    """A column the generator writes: a concrete field, never a reverse relation."""
    if not isinstance(field, models.Field) or field.column is None:
        raise TypeError(f"{field!r} is not a column")
    return field


def bulk_insert(
    model: type[models.Model], fields: Sequence[str], rows: Iterable[Sequence[Any]]
) -> int:
    """Insert rows with ``COPY`` (PostgreSQL) or one prepared statement per 10,000 rows
    (SQLite). Returns how many."""
    meta = model._meta
    columns = [_concrete(meta.get_field(name)) for name in fields]
    converters = [_converter(column) for column in columns]
    quote = connection.ops.quote_name
    table = quote(meta.db_table)
    names = ", ".join(quote(str(column.column)) for column in columns)

    def converted(row: Sequence[Any]) -> tuple:
        return tuple(
            value if convert is None else convert(value)
            for value, convert in zip(row, converters, strict=True)
        )

    written = 0
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(converted(row))
                    written += 1
            return written
        statement = f"INSERT INTO {table} ({names}) VALUES ({', '.join(['%s'] * len(columns))})"  # noqa: S608
        batch: list[tuple] = []
        for row in rows:
            batch.append(converted(row))
            if len(batch) == BATCH:
                cursor.executemany(statement, batch)
                written += len(batch)
                batch = []
        if batch:
            cursor.executemany(statement, batch)
            written += len(batch)
    return written


def spread(start: datetime, end: datetime, rng: random.Random) -> datetime:
    """A moment between ``start`` and ``end``."""
    return start + (end - start) * rng.random()
