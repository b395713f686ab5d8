"""A person's own data as JSON (the profile's "Download your data").

Three parts: the ``sections`` apps add with ``register_personal`` (the account, API token
metadata, invitations addressed to the person …); and ``records``: every row of every
registered model that names the person in one of its user fields (activity they authored,
memberships, check-ins, objectives they own, teams they are in …), in the same row form as
the workspace export, with the workspace's address. A new module's models are included as
soon as they are registered. Secrets (token hashes, passwords) are never part of it.
"""

from __future__ import annotations

import json
from typing import Any

from django.db.models import Q
from django.utils import timezone

from leitstern.core.portability import (
    PERSONAL_FORMAT,
    PERSONAL_FORMAT_VERSION,
    personal_sections,
    registered,
)
from leitstern.core.portability.codec import encode_row
from leitstern.core.portability.exporting import UserBook, leitstern_version


def personal_data(user) -> dict[str, Any]:
    users = UserBook()
    records: dict[str, list[dict[str, Any]]] = {}
    for entry in registered():
        names = [f.name for f in entry.user_fields()] + [f.name for f in entry.user_m2m()]
        if not names:
            continue
        condition = Q()
        for name in names:
            condition |= Q(**{name: user})
        queryset = (
            entry.model._base_manager.filter(condition)
            .distinct()
            .order_by("pk")
            .prefetch_related(*[f.name for f in entry.model._meta.many_to_many])
        )
        slugs = dict(queryset.values_list("pk", f"{entry.workspace}__slug"))
        rows = []
        for obj in queryset:
            rows.append({"workspace": slugs[obj.pk], **encode_row(entry, obj, users.email_of)})
        if rows:
            records[entry.label] = rows
    return {
        "format": PERSONAL_FORMAT,
        "version": PERSONAL_FORMAT_VERSION,
        "leitstern_version": leitstern_version(),
        "exported_at": timezone.now().isoformat(),
        "sections": {name: collect(user) for name, collect in personal_sections().items()},
        "records": records,
    }


def personal_data_json(user) -> str:
    return json.dumps(personal_data(user), ensure_ascii=False, indent=1, allow_nan=False)
