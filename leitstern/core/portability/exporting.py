"""Writing a workspace to the versioned JSON format (see ``docs/operations.md``)."""

from __future__ import annotations

import json
from importlib.metadata import PackageNotFoundError, version
from typing import Any, TextIO

from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.utils import timezone

from leitstern.core.portability import FORMAT, FORMAT_VERSION, registered
from leitstern.core.portability.codec import encode_row, encode_value

CHUNK = 2000


def leitstern_version() -> str:
    try:
        return version("leitstern")
    except PackageNotFoundError:  # running from a source tree that is not installed
        return "unknown"


class UserBook:
    """Email addresses of the users an export refers to, looked up once each."""

    def __init__(self) -> None:
        self.users: dict[int, dict[str, str]] = {}

    def email_of(self, pk: int | None) -> str | None:
        if pk is None:
            return None
        if pk not in self.users:
            user = get_user_model()._base_manager.filter(pk=pk).first()
            if user is None:
                return None
            self.users[pk] = {"email": user.email, "name": user.name, "language": user.language}
        return self.users[pk]["email"]

    def listing(self) -> list[dict[str, str]]:
        return sorted(self.users.values(), key=lambda u: u["email"])


def _dump(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, allow_nan=False, separators=(",", ":"))


def export_workspace(workspace, out: TextIO) -> dict[str, int]:
    """Write every registered model's rows of ``workspace`` to ``out`` as one JSON document,
    read in one transaction so the parts agree with each other. Returns the row count per
    model."""
    counts: dict[str, int] = {}
    users = UserBook()
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if connection.vendor == "postgresql" and outermost:
            # One snapshot for every query of the export (inside a caller's transaction,
            # that transaction's isolation applies).
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        header = {
            "format": FORMAT,
            "version": FORMAT_VERSION,
            "leitstern_version": leitstern_version(),
            "exported_at": encode_value(workspace._meta.get_field("created_at"), timezone.now()),
            "workspace": {
                "name": workspace.name,
                "slug": workspace.slug,
                "created_at": encode_value(
                    workspace._meta.get_field("created_at"), workspace.created_at
                ),
            },
        }
        out.write(_dump(header)[:-1])
        out.write(',"models":{')
        for position, entry in enumerate(registered()):
            model = entry.model
            queryset = (
                model._base_manager.filter(**{entry.workspace: workspace})
                .order_by("pk")
                .prefetch_related(*[f.name for f in model._meta.many_to_many])
            )
            out.write(("," if position else "") + _dump(entry.label) + ":[")
            n = 0
            for obj in queryset.iterator(chunk_size=CHUNK):
                out.write(("," if n else "") + "\n" + _dump(encode_row(entry, obj, users.email_of)))
                n += 1
            out.write("]")
            counts[entry.label] = n
        out.write('},"users":' + _dump(users.listing()) + "}\n")
    return counts
