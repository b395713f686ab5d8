"""Creating a workspace anew from an export, in one transaction.

People are matched by email address: an existing account is referenced as it is; for an
address this installation does not know, an inactive placeholder account is created
(``accounts.placeholders``), which its owner claims by resetting the password. Ids are new;
every foreign key is remapped. Secrets (invitation and share-link token hashes) get fresh
random values, so links issued by the old installation do not work here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext_lazy

from leitstern.activity import kinds
from leitstern.activity.services import activity_record
from leitstern.core.portability import (
    FORMAT,
    FORMAT_VERSION,
    Portable,
    after_import_rebuilds,
    concrete_relations,
    get,
    is_user_model,
    is_workspace_model,
    registered,
)
from leitstern.core.portability.codec import PortabilityError, decode_value

WORKSPACE_IMPORTED = kinds.register(
    "workspace.imported", gettext_lazy("imported the workspace from an export")
)
BATCH = 500


@dataclass
class ImportResult:
    workspace: Any
    counts: dict[str, int] = field(default_factory=dict)
    placeholders: list[str] = field(default_factory=list)
    linked: list[str] = field(default_factory=list)


def check_header(data: Any) -> None:
    """Refuse anything that is not a workspace export this version can read."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise PortabilityError(f"This is not a Leitstern workspace export (format {FORMAT!r}).")
    file_version = data.get("version")
    if not isinstance(file_version, int) or file_version < 1:
        raise PortabilityError("The export has no valid format version.")
    if file_version > FORMAT_VERSION:
        raise PortabilityError(
            f"The export has format version {file_version}, written by Leitstern "
            f"{data.get('leitstern_version', '?')}; this installation reads up to version "
            f"{FORMAT_VERSION}. Upgrade Leitstern first."
        )
    for key, kind in (("workspace", dict), ("models", dict), ("users", list)):
        if not isinstance(data.get(key), kind):
            raise PortabilityError(f"The export has no {key!r} section.")
    unknown = sorted(set(data["models"]) - {e.label for e in registered()})
    if unknown:
        raise PortabilityError(
            "The export holds data of modules this installation does not have: "
            + ", ".join(unknown)
            + ". Upgrade Leitstern first."
        )


def import_workspace(data: dict, *, slug: str = "", name: str = "") -> ImportResult:
    """Create the workspace in ``data`` (see ``check_header``) under ``slug`` (default: the
    exported one) and return what was created. All or nothing: any error rolls back."""
    check_header(data)
    try:
        with transaction.atomic():
            return _Importer(data).run(slug=slug, name=name)
    except IntegrityError as error:
        raise PortabilityError(f"The export contradicts itself: {error}") from None


class _Importer:
    def __init__(self, data: dict) -> None:
        self.data = data
        self.maps: dict[str, dict[Any, Any]] = {}
        self.users: dict[str, Any] = {}
        self.generic_pending: list[tuple[models.Model, Portable, dict]] = []

    def run(self, *, slug: str, name: str) -> ImportResult:
        from leitstern.workspaces.models import Workspace

        header = self.data["workspace"]
        slug = slug or str(header.get("slug", ""))
        if Workspace.objects.filter(slug=slug).exists():
            raise PortabilityError(
                f"A workspace with the address {slug!r} exists already; "
                "import under another address with --as NEWSLUG."
            )
        workspace = Workspace(name=name or str(header.get("name", "")), slug=slug)
        try:
            workspace.full_clean()
        except ValidationError as error:
            raise PortabilityError(f"Workspace: {_messages(error)}") from None
        workspace.save()
        created_at = decode_value(Workspace._meta.get_field("created_at"), header.get("created_at"))
        if created_at:
            Workspace.objects.filter(pk=workspace.pk).update(created_at=created_at)
            workspace.created_at = created_at
        self.workspace = workspace
        result = ImportResult(workspace=workspace)
        self._map_users(result)
        for entry in registered():
            rows = self.data["models"].get(entry.label, [])
            if not isinstance(rows, list):
                raise PortabilityError(f"{entry.label}: expected a list of rows.")
            self._insert(entry, rows)
            result.counts[entry.label] = len(rows)
        self._fill_generic()
        for rebuild in after_import_rebuilds():
            rebuild(workspace)
        activity_record(
            workspace=workspace,
            actor=None,
            kind=WORKSPACE_IMPORTED,
            target=workspace,
            changes={
                "exported_at": ["", str(self.data.get("exported_at", ""))],
                "leitstern_version": ["", str(self.data.get("leitstern_version", ""))],
            },
        )
        return result

    # --- people ---------------------------------------------------------------------------

    def _map_users(self, result: ImportResult) -> None:
        from leitstern.accounts.placeholders import placeholder_create

        user_model = get_user_model()
        for n, person in enumerate(self.data["users"], 1):
            email = str(person.get("email", "")).strip().lower() if isinstance(person, dict) else ""
            try:
                validate_email(email)
            except ValidationError:
                raise PortabilityError(
                    f"users row {n}: {email!r} is not an email address."
                ) from None
            existing = user_model._base_manager.filter(email__iexact=email).first()
            if existing is not None:
                self.users[email] = existing
                result.linked.append(email)
                continue
            try:
                self.users[email] = placeholder_create(
                    email=email,
                    name=str(person.get("name", "")),
                    language=str(person.get("language", "")),
                )
            except ValidationError as error:
                raise PortabilityError(f"users row {n} ({email}): {_messages(error)}") from None
            result.placeholders.append(email)

    def _user_pk(self, value: Any, where: str) -> Any:
        if value is None:
            return None
        user = self.users.get(str(value).lower())
        if user is None:
            raise PortabilityError(f"{where}: {value!r} is not in the export's users.")
        return user.pk

    # --- rows -----------------------------------------------------------------------------

    def _insert(self, entry: Portable, rows: list) -> None:
        model = entry.model
        meta = model._meta
        relations = {f.name: f for f in concrete_relations(model)}
        auto_times = [
            f
            for f in meta.concrete_fields
            if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
        ]
        objects: list[models.Model] = []
        sources: list[Any] = []
        self_refs: list[tuple[models.Model, models.Field, Any, str]] = []
        times: list[dict[str, Any]] = []
        m2m: list[dict[str, list]] = []
        for n, row in enumerate(rows, 1):
            where = f"{entry.label} row {n}"
            if not isinstance(row, dict):
                raise PortabilityError(f"{where}: expected an object.")
            obj = model()
            for f in meta.concrete_fields:
                if f.primary_key and not f.is_relation:
                    continue
                if f.name in entry.secrets:
                    setattr(obj, f.attname, entry.secrets[f.name]())
                elif f.name in relations:
                    target = f.related_model
                    if is_workspace_model(target):
                        setattr(obj, f.attname, self.workspace.pk)
                        continue
                    value = row.get(f.name)
                    if value is None:
                        setattr(obj, f.attname, None)
                    elif is_user_model(target):
                        setattr(obj, f.attname, self._user_pk(value, f"{where}, {f.name}"))
                    elif target is model:
                        self_refs.append((obj, f, value, where))
                    else:
                        assert target is not None  # a foreign key's model
                        setattr(obj, f.attname, self._mapped(target, value, f"{where}, {f.name}"))
                elif f.name in entry.generic:
                    continue  # filled once every model's rows exist
                elif f.name in row:
                    try:
                        setattr(obj, f.attname, decode_value(f, row[f.name]))
                    except (ValidationError, ValueError, TypeError, KeyError) as error:
                        raise PortabilityError(f"{where}, {f.name}: {_messages(error)}") from None
            # Relations are checked by remapping; an empty value the column allows is kept as
            # it was stored, even where a form would have asked for it.
            exclude = [*relations, *entry.generic, *entry.secrets]
            exclude += [
                f.name for f in meta.concrete_fields if f.null and getattr(obj, f.attname) is None
            ]
            try:
                obj.clean_fields(exclude=exclude)
            except ValidationError as error:
                raise PortabilityError(f"{where}: {_messages(error)}") from None
            objects.append(obj)
            sources.append(row.get("id") if not meta.pk.is_relation else row.get(meta.pk.name))
            times.append({f.attname: getattr(obj, f.attname) for f in auto_times})
            m2m.append({f.name: row.get(f.name) or [] for f in meta.many_to_many})
            if entry.generic:
                self.generic_pending.append((obj, entry, row))
        model._base_manager.bulk_create(objects, batch_size=BATCH)
        mapping = self.maps.setdefault(entry.label, {})
        for source, obj in zip(sources, objects, strict=True):
            if source in mapping:
                raise PortabilityError(f"{entry.label}: the id {source!r} appears twice.")
            mapping[source] = obj.pk
        if auto_times:
            for obj, values in zip(objects, times, strict=True):
                for attname, value in values.items():
                    setattr(obj, attname, value)
            model._base_manager.bulk_update(objects, [f.name for f in auto_times], batch_size=BATCH)
        if self_refs:
            for obj, f, value, where in self_refs:
                setattr(obj, f.attname, self._mapped(model, value, f"{where}, {f.name}"))
            names = sorted({f.name for _o, f, _v, _w in self_refs})
            model._base_manager.bulk_update([o for o, *_ in self_refs], names, batch_size=BATCH)
        self._link_many(entry, objects, m2m)

    def _mapped(self, target: type[models.Model], value: Any, where: str) -> Any:
        label = target._meta.label_lower
        mapped = self.maps.get(label, {}).get(value)
        if mapped is None:
            raise PortabilityError(
                f"{where}: refers to {label} {value!r}, which is not in the export."
            )
        return mapped

    def _link_many(self, entry: Portable, objects: list, values: list[dict[str, list]]) -> None:
        for f in entry.model._meta.many_to_many:
            through = getattr(entry.model, f.name).through
            source, target = f.m2m_field_name(), f.m2m_reverse_field_name()
            links = []
            for obj, row in zip(objects, values, strict=True):
                for value in row[f.name]:
                    where = f"{entry.label} {f.name}"
                    pk = (
                        self._user_pk(value, where)
                        if is_user_model(f.related_model)
                        else self._mapped(f.related_model, value, where)
                    )
                    links.append(through(**{f"{source}_id": obj.pk, f"{target}_id": pk}))
            through._base_manager.bulk_create(links, batch_size=BATCH)

    def _fill_generic(self) -> None:
        """Generic references (the activity log's targets) point at rows of any model, so
        they are filled once everything exists. A target outside the export (a deleted
        object, an API token) is cleared: its id would mean another object here."""
        from django.contrib.auth import get_user_model

        user_label = get_user_model()._meta.label_lower
        changed: dict[str, tuple[Portable, list[models.Model]]] = {}
        for obj, entry, row in self.generic_pending:
            for id_field, type_field in entry.generic.items():
                kind, value = getattr(obj, type_field), row.get(id_field)
                if value is None:
                    new = None
                elif kind == user_label:
                    user = self.users.get(str(value).lower())
                    new = user.pk if user else None
                elif kind == "workspaces.workspace":
                    new = self.workspace.pk
                elif get(kind) is not None:
                    new = self.maps.get(kind, {}).get(value)
                else:
                    new = None
                id_model_field = entry.model._meta.get_field(id_field)
                assert isinstance(id_model_field, models.Field)  # a column of the model
                setattr(obj, id_model_field.attname, new)
            changed.setdefault(entry.label, (entry, []))[1].append(obj)
        for entry, objects in changed.values():
            entry.model._base_manager.bulk_update(objects, list(entry.generic), batch_size=BATCH)


def _messages(error: Exception) -> str:
    if isinstance(error, ValidationError):
        if hasattr(error, "error_dict"):
            return "; ".join(
                f"{name}: {' '.join(messages)}" for name, messages in error.message_dict.items()
            )
        return " ".join(error.messages)
    return str(error)
