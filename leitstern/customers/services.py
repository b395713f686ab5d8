"""Writes for customers: segments, personas, organisations and people, their merges, and
the erasure of a person. Views, the API, the importers and the demo all call these."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any, TypedDict, Unpack

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from leitstern.accounts.models import User
from leitstern.activity import kinds
from leitstern.activity.services import activity_record
from leitstern.core.versioning import unique_race_as_error, update_versioned
from leitstern.customers import erasure, signals
from leitstern.customers.models import Organisation, Person, Persona, Segment
from leitstern.workspaces.models import Workspace

SEGMENT_CREATED = kinds.register("customers.segment.created", gettext_lazy("created a segment"))
SEGMENT_UPDATED = kinds.register("customers.segment.updated", gettext_lazy("changed a segment"))
SEGMENT_ARCHIVED = kinds.register("customers.segment.archived", gettext_lazy("archived a segment"))
PERSONA_CREATED = kinds.register("customers.persona.created", gettext_lazy("created a persona"))
PERSONA_UPDATED = kinds.register("customers.persona.updated", gettext_lazy("changed a persona"))
PERSONA_ARCHIVED = kinds.register("customers.persona.archived", gettext_lazy("archived a persona"))
ORGANISATION_CREATED = kinds.register(
    "customers.organisation.created", gettext_lazy("added an organisation")
)
ORGANISATION_UPDATED = kinds.register(
    "customers.organisation.updated", gettext_lazy("changed an organisation")
)
ORGANISATION_ARCHIVED = kinds.register(
    "customers.organisation.archived", gettext_lazy("archived an organisation")
)
ORGANISATION_RESTORED = kinds.register(
    "customers.organisation.restored", gettext_lazy("restored an organisation")
)
ORGANISATION_MERGED = kinds.register(
    "customers.organisation.merged", gettext_lazy("merged duplicate organisations")
)
PERSON_CREATED = kinds.register("customers.person.created", gettext_lazy("added a contact"))
PERSON_UPDATED = kinds.register("customers.person.updated", gettext_lazy("changed a contact"))
PERSON_ARCHIVED = kinds.register("customers.person.archived", gettext_lazy("archived a contact"))
PERSON_MERGED = kinds.register("customers.person.merged", gettext_lazy("merged duplicate contacts"))
PERSON_ERASED = kinds.register("customers.person.erased", gettext_lazy("erased a contact"))
IMPORTED = kinds.register("customers.imported", gettext_lazy("imported customers"))

MASKED = "•••"


def masked(changes: Mapping[str, list[str]], personal: frozenset[str]) -> dict[str, list[str]]:
    """``changes`` for the activity log, which every member reads: personal fields say
    only that they changed, never their values."""
    return {
        field: ([MASKED if old else "", MASKED if new else ""] if field in personal else [old, new])
        for field, (old, new) in changes.items()
    }


# --- segments and personas ----------------------------------------------------------------

GROUPINGS: dict[type, tuple[str, str, str]] = {
    Segment: (SEGMENT_CREATED, SEGMENT_UPDATED, SEGMENT_ARCHIVED),
    Persona: (PERSONA_CREATED, PERSONA_UPDATED, PERSONA_ARCHIVED),
}


class GroupingChanges(TypedDict, total=False):
    name: str
    description: str
    goal_per_quarter: int


def _grouping_create[G: (Segment, Persona)](
    model: type[G],
    *,
    actor: User,
    workspace: Workspace,
    name: str,
    description: str = "",
    goal_per_quarter: int = 0,
) -> G:
    grouping = model(
        workspace=workspace, name=name, description=description, goal_per_quarter=goal_per_quarter
    )
    grouping.full_clean()
    with unique_race_as_error(grouping):
        grouping.save()
    activity_record(workspace=workspace, actor=actor, kind=GROUPINGS[model][0], target=grouping)
    return grouping


def _grouping_update[G: (Segment, Persona)](
    grouping: G, *, actor: User, version: int | None, fields: GroupingChanges
) -> G:
    changes = update_versioned(grouping, fields, version=version)
    if changes:
        activity_record(
            workspace=grouping.workspace,
            actor=actor,
            kind=GROUPINGS[type(grouping)][1],
            target=grouping,
            changes=changes,
        )
    return grouping


def _grouping_archive[G: (Segment, Persona)](grouping: G, *, actor: User) -> G:
    if grouping.is_archived:
        return grouping
    update_versioned(grouping, {"archived_at": timezone.now()}, clean=False)
    activity_record(
        workspace=grouping.workspace,
        actor=actor,
        kind=GROUPINGS[type(grouping)][2],
        target=grouping,
    )
    return grouping


@transaction.atomic
def segment_create(
    *,
    actor: User,
    workspace: Workspace,
    name: str,
    description: str = "",
    goal_per_quarter: int = 0,
) -> Segment:
    return _grouping_create(
        Segment,
        actor=actor,
        workspace=workspace,
        name=name,
        description=description,
        goal_per_quarter=goal_per_quarter,
    )


@transaction.atomic
def segment_update(
    *, actor: User, segment: Segment, version: int | None = None, **fields: Unpack[GroupingChanges]
) -> Segment:
    """Change the given fields, and only those; with ``version``, a field someone else
    changed since raises ``EditConflict``."""
    return _grouping_update(segment, actor=actor, version=version, fields=fields)


@transaction.atomic
def segment_archive(*, actor: User, segment: Segment) -> Segment:
    """An archived segment is offered no more; organisations and past conversations keep
    it."""
    return _grouping_archive(segment, actor=actor)


@transaction.atomic
def persona_create(
    *,
    actor: User,
    workspace: Workspace,
    name: str,
    description: str = "",
    goal_per_quarter: int = 0,
) -> Persona:
    return _grouping_create(
        Persona,
        actor=actor,
        workspace=workspace,
        name=name,
        description=description,
        goal_per_quarter=goal_per_quarter,
    )


@transaction.atomic
def persona_update(
    *, actor: User, persona: Persona, version: int | None = None, **fields: Unpack[GroupingChanges]
) -> Persona:
    return _grouping_update(persona, actor=actor, version=version, fields=fields)


@transaction.atomic
def persona_archive(*, actor: User, persona: Persona) -> Persona:
    return _grouping_archive(persona, actor=actor)


# --- organisations --------------------------------------------------------------------------


class OrganisationDetails(TypedDict, total=False):
    """An organisation's optional fields (empty when left out)."""

    segment: Segment | None
    size: str
    country: str
    plan: str
    arr: Decimal | None
    crm_id: str
    notes: str


class OrganisationChanges(OrganisationDetails, total=False):
    name: str


@transaction.atomic
def organisation_create(
    *, actor: User, workspace: Workspace, name: str, **details: Unpack[OrganisationDetails]
) -> Organisation:
    organisation = Organisation(workspace=workspace, name=name, **details)
    organisation.full_clean()
    with unique_race_as_error(organisation):
        organisation.save()
    activity_record(
        workspace=workspace, actor=actor, kind=ORGANISATION_CREATED, target=organisation
    )
    return organisation


@transaction.atomic
def organisation_update(
    *,
    actor: User,
    organisation: Organisation,
    version: int | None = None,
    **fields: Unpack[OrganisationChanges],
) -> Organisation:
    """Change the given fields, and only those; with ``version``, a field someone else
    changed since raises ``EditConflict``."""
    changes = update_versioned(organisation, fields, version=version)
    if changes:
        _organisations_changed(organisation.workspace, [organisation.pk], set(changes))
        activity_record(
            workspace=organisation.workspace,
            actor=actor,
            kind=ORGANISATION_UPDATED,
            target=organisation,
            changes=changes,
        )
    return organisation


def _organisations_changed(workspace: Workspace, ids: list[int], fields: set[str] | None) -> None:
    """Tell the modules that keep numbers about organisations (the requests' revenue
    roll-ups count them by segment): ``ids`` changed ``fields`` (None: their rows moved,
    as in a merge), in this transaction."""
    signals.organisations_changed.send(
        sender=Organisation, workspace=workspace, ids=ids, fields=fields
    )


@transaction.atomic
def organisation_archive(*, actor: User, organisation: Organisation) -> Organisation:
    """An archived organisation leaves the lists; what refers to it keeps referring."""
    if organisation.is_archived:
        return organisation
    update_versioned(organisation, {"archived_at": timezone.now()}, clean=False)
    activity_record(
        workspace=organisation.workspace,
        actor=actor,
        kind=ORGANISATION_ARCHIVED,
        target=organisation,
    )
    return organisation


@transaction.atomic
def organisation_restore(*, actor: User, organisation: Organisation) -> Organisation:
    """Back into the lists; refused (on ``name``) when an active one has its name now."""
    if not organisation.is_archived:
        return organisation
    update_versioned(organisation, {"archived_at": None})
    activity_record(
        workspace=organisation.workspace,
        actor=actor,
        kind=ORGANISATION_RESTORED,
        target=organisation,
    )
    return organisation


def _repoint(model: type[models.Model], keep: models.Model, duplicate: models.Model) -> int:
    """Point everything that refers to ``duplicate`` at ``keep`` instead: foreign keys
    and many-to-many rows of every app, including apps built later (sales requests,
    research participants), without knowing them. Returns how many rows moved. A
    one-to-one link both already have cannot be moved and is refused."""
    moved = 0
    for relation in model._meta.related_objects:
        field = relation.field
        if relation.many_to_many:
            assert isinstance(field, models.ManyToManyField)
            through = field.remote_field.through
            own = field.m2m_reverse_field_name()
            other = field.m2m_field_name()
            kept = set(through.objects.filter(**{own: keep}).values_list(f"{other}_id", flat=True))
            rows = through.objects.filter(**{own: duplicate})
            rows.filter(**{f"{other}_id__in": kept}).delete()
            moved += rows.update(**{own: keep})
            continue
        related = relation.related_model._base_manager.filter(**{field.name: duplicate})
        if (
            relation.one_to_one
            and relation.related_model._base_manager.filter(**{field.name: keep}).exists()
        ):
            if related.exists():
                raise ValidationError(
                    _("Both are linked to a %(thing)s; they cannot be merged.")
                    % {"thing": relation.related_model._meta.verbose_name}
                )
            continue
        moved += related.update(**{field.name: keep})
    return moved


def _fill_blanks(keep: models.Model, duplicate: models.Model, fields: list[str]) -> dict:
    """The duplicate's values for the fields ``keep`` leaves empty."""
    filled = {}
    for name in fields:
        field = keep._meta.get_field(name)
        if field.many_to_many:
            continue
        mine, theirs = getattr(keep, name), getattr(duplicate, name)
        if mine in (None, "") and theirs not in (None, ""):
            filled[name] = theirs
    return filled


def _lock_pair[M: (Organisation, Person)](keep: M, duplicate: M) -> tuple[M, M]:
    """Both read again under a lock (in id order, so two merges never deadlock); a
    duplicate merged or removed meanwhile is refused."""
    model = type(keep)
    rows = {
        o.pk: o
        for o in model.objects.select_for_update()
        .filter(pk__in=[keep.pk, duplicate.pk])
        .order_by("pk")
    }
    if keep.pk not in rows or duplicate.pk not in rows:
        raise ValidationError(
            {"duplicate": _("This duplicate was merged or removed meanwhile; nothing was changed.")}
        )
    return rows[keep.pk], rows[duplicate.pk]


@transaction.atomic
def organisation_merge(*, actor: User, keep: Organisation, duplicate: Organisation) -> Organisation:
    """Merge ``duplicate`` into ``keep``: its people, participants, conversations, sales
    requests and anything else pointing at it move to ``keep``; fields ``keep`` leaves
    empty take the duplicate's values (notes are joined); then the duplicate is deleted.
    The activity entry names both."""
    if keep.pk == duplicate.pk:
        raise ValidationError({"duplicate": _("Choose another organisation to merge.")})
    if keep.workspace_id != duplicate.workspace_id:
        raise ValidationError({"duplicate": _("Choose an organisation of this workspace.")})
    keep, duplicate = _lock_pair(keep, duplicate)
    filled = _fill_blanks(keep, duplicate, [f for f in Organisation.EDITABLE_FIELDS if f != "name"])
    if duplicate.notes and keep.notes and duplicate.notes not in keep.notes:
        filled["notes"] = f"{keep.notes}\n\n{duplicate.notes}"
    name = duplicate.name
    moved = _repoint(Organisation, keep, duplicate)
    # The duplicate goes first: its CRM id, taken over by ``keep``, must be free by then.
    duplicate.delete()
    if filled:
        update_versioned(keep, filled)
    _organisations_changed(keep.workspace, [keep.pk], None)
    activity_record(
        workspace=keep.workspace,
        actor=actor,
        kind=ORGANISATION_MERGED,
        target=keep,
        changes={"merged": [name, str(keep)], "moved": ["", str(moved)]},
    )
    return keep


# --- people -----------------------------------------------------------------------------


class PersonDetails(TypedDict, total=False):
    organisation: Organisation | None
    role: str
    email: str
    phone: str
    notes: str


class PersonChanges(PersonDetails, total=False):
    name: str


@transaction.atomic
def person_create(
    *, actor: User, workspace: Workspace, name: str, **details: Unpack[PersonDetails]
) -> Person:
    person = Person(workspace=workspace, name=name, **details)
    person.full_clean()
    person.save()
    activity_record(workspace=workspace, actor=actor, kind=PERSON_CREATED, target=person)
    return person


@transaction.atomic
def person_update(
    *, actor: User, person: Person, version: int | None = None, **fields: Unpack[PersonChanges]
) -> Person:
    """Change the given fields, and only those. The activity entry says that an email
    address or phone number changed, never what it is."""
    changes = update_versioned(person, fields, version=version)
    if changes:
        activity_record(
            workspace=person.workspace,
            actor=actor,
            kind=PERSON_UPDATED,
            target=person,
            changes=masked(changes, Person.PERSONAL_FIELDS),
        )
    return person


@transaction.atomic
def person_archive(*, actor: User, person: Person) -> Person:
    if person.is_archived:
        return person
    update_versioned(person, {"archived_at": timezone.now()}, clean=False)
    activity_record(workspace=person.workspace, actor=actor, kind=PERSON_ARCHIVED, target=person)
    return person


@transaction.atomic
def person_merge(*, actor: User, keep: Person, duplicate: Person) -> Person:
    """Merge ``duplicate`` into ``keep`` (see ``organisation_merge``)."""
    if keep.pk == duplicate.pk:
        raise ValidationError({"duplicate": _("Choose another contact to merge.")})
    if keep.workspace_id != duplicate.workspace_id:
        raise ValidationError({"duplicate": _("Choose a contact of this workspace.")})
    keep, duplicate = _lock_pair(keep, duplicate)
    filled = _fill_blanks(keep, duplicate, [f for f in Person.EDITABLE_FIELDS if f != "name"])
    if duplicate.notes and keep.notes and duplicate.notes not in keep.notes:
        filled["notes"] = f"{keep.notes}\n\n{duplicate.notes}"
    moved = _repoint(Person, keep, duplicate)
    duplicate.delete()
    if filled:
        update_versioned(keep, filled)
    activity_record(
        workspace=keep.workspace,
        actor=actor,
        kind=PERSON_MERGED,
        target=keep,
        changes={"moved": ["", str(moved)]},
    )
    return keep


@transaction.atomic
def person_erase(*, actor: User | None, person: Person) -> None:
    """Erase a contact (GDPR Art. 17): the row goes, references to it are cleared, the
    activity entries about it (this erasure's included) keep no name, email address or
    phone number, and copies in customer files the import flow still keeps are removed."""
    workspace = person.workspace
    traces = erasure.traces_of(person.name, person.email, person.phone)
    activity_record(workspace=workspace, actor=actor, kind=PERSON_ERASED, target=person)
    pk = person.pk
    person.delete()
    erasure.forget_in_activity(
        workspace=workspace,
        targets={"customers.person": {pk: _("Erased contact #%(id)s") % {"id": pk}}},
        traces=traces,
    )
    erasure.forget_in_imports(workspace=workspace, prefix="customers.", traces=traces)


def as_details(data: Mapping[str, Any], allowed: list[str]) -> dict[str, Any]:
    """The entries of ``data`` named in ``allowed`` (a form's cleaned data for a service)."""
    return {name: data[name] for name in allowed if name in data}


# --- imports ------------------------------------------------------------------------------


class ImportedOrganisation(TypedDict):
    """One organisation row of a CSV import (see ``importers``)."""

    name: str
    segment: str
    size: str
    country: str
    plan: str
    arr: Decimal | None
    crm_id: str
    notes: str


class ImportedPerson(TypedDict):
    """One contact row of a CSV import (see ``importers``)."""

    name: str
    organisation: str
    role: str
    email: str
    phone: str
    notes: str


class RowProblem(ValidationError):
    """A row that cannot be written after all (the data changed since the preview): the
    import's transaction rolls back and the job names the row."""

    def __init__(self, row: int, message: str) -> None:
        super().__init__(message)
        self.row = row


def _by_name(queryset: models.QuerySet) -> dict[str, Any]:
    return {obj.name.casefold(): obj for obj in queryset}


def organisation_match(workspace: Workspace, name: str, crm_id: str) -> Organisation | None:
    """The active organisation a row of a file means: the one with its CRM id, else the
    one of its name (without regard to case)."""
    found = Organisation.objects.filter(workspace=workspace).active()
    if crm_id:
        by_crm = found.filter(crm_id=crm_id).first()
        if by_crm is not None:
            return by_crm
    return found.filter(name__iexact=name).first()


@transaction.atomic
def organisations_import(
    *, actor: User | None, workspace: Workspace, rows: list[tuple[int, ImportedOrganisation]]
) -> tuple[int, int]:
    """Create or update organisations from a file's rows; returns (created, updated).

    A row means the active organisation of its CRM id, else of its name; that one gets the
    row's non-empty cells. Segments the workspace does not have yet are created. One
    activity entry for the whole import; a row that cannot be saved raises ``RowProblem``
    and, the caller's transaction being this one, nothing is written."""
    segments = _by_name(Segment.objects.filter(workspace=workspace).active())
    active = list(Organisation.objects.filter(workspace=workspace).active())
    by_crm = {o.crm_id: o for o in active if o.crm_id}
    by_name = {o.name.casefold(): o for o in active}
    created = updated = 0
    changed: list[int] = []
    for number, row in rows:
        segment = None
        if row["segment"]:
            segment = segments.get(row["segment"].casefold())
            if segment is None:
                segment = Segment(workspace=workspace, name=row["segment"])
                _save_row(number, segment)
                segments[row["segment"].casefold()] = segment
        found = (by_crm.get(row["crm_id"]) if row["crm_id"] else None) or by_name.get(
            row["name"].casefold()
        )
        values: dict[str, Any] = {
            key: value for key, value in row.items() if key != "segment" and value not in ("", None)
        }
        if segment is not None:
            values["segment"] = segment
        if found is None:
            organisation = Organisation(workspace=workspace, **values)
            _save_row(number, organisation)
            created += 1
        else:
            organisation = found
            if _update_row(number, organisation, values):
                updated += 1
                changed.append(organisation.pk)
        by_name[organisation.name.casefold()] = organisation
        if organisation.crm_id:
            by_crm[organisation.crm_id] = organisation
    activity_record(
        workspace=workspace,
        actor=actor,
        kind=IMPORTED,
        target=workspace,
        changes={"organisations": ["", f"+{created} / ~{updated}"]},
    )
    if changed:
        _organisations_changed(workspace, changed, None)
    return created, updated


@transaction.atomic
def people_import(
    *, actor: User | None, workspace: Workspace, rows: list[tuple[int, ImportedPerson]]
) -> tuple[int, int]:
    """Create or update contacts from a file's rows; returns (created, updated).

    A row with an email address means the active contact of that address (without regard
    to case), if there is one, and gives it the row's non-empty cells; else a contact is
    added. The organisation is named by its name or CRM id; one the workspace does not
    have yet is created. One activity entry for the whole import, naming no person."""
    active = list(Organisation.objects.filter(workspace=workspace).active())
    organisations = {o.name.casefold(): o for o in active} | {
        o.crm_id.casefold(): o for o in active if o.crm_id
    }
    by_email = {
        p.email.casefold(): p
        for p in Person.objects.filter(workspace=workspace).active().exclude(email="")
    }
    created = updated = 0
    for number, row in rows:
        organisation = None
        if row["organisation"]:
            organisation = organisations.get(row["organisation"].casefold())
            if organisation is None:
                organisation = Organisation(workspace=workspace, name=row["organisation"])
                _save_row(number, organisation)
                organisations[row["organisation"].casefold()] = organisation
        values: dict[str, Any] = {
            key: value for key, value in row.items() if key != "organisation" and value
        }
        if organisation is not None:
            values["organisation"] = organisation
        found = by_email.get(row["email"].casefold()) if row["email"] else None
        if found is None:
            person = Person(workspace=workspace, **values)
            _save_row(number, person)
            created += 1
        else:
            person = found
            if _update_row(number, person, values):
                updated += 1
        if person.email:
            by_email[person.email.casefold()] = person
    activity_record(
        workspace=workspace,
        actor=actor,
        kind=IMPORTED,
        target=workspace,
        changes={"contacts": ["", f"+{created} / ~{updated}"]},
    )
    return created, updated


def _update_row(number: int, obj: Organisation | Person, values: dict[str, Any]) -> bool:
    """Give a stored object a row's values; whether anything changed. Problems name the row."""
    try:
        with transaction.atomic():
            return bool(update_versioned(obj, values))
    except ValidationError as error:
        raise RowProblem(number, " ".join(_messages(error))) from error
    except IntegrityError as error:
        raise RowProblem(
            number, _("Another import or edit saved the same thing at once.")
        ) from error


def _messages(error: ValidationError) -> list[str]:
    if hasattr(error, "error_dict"):
        return [str(m) for ms in error.message_dict.values() for m in ms]
    return [str(m) for m in error.messages]


def _save_row(number: int, obj: models.Model) -> None:
    """Check and save one row's object; any problem names the row."""
    try:
        obj.full_clean()
        with transaction.atomic():
            obj.save()
    except ValidationError as error:
        messages = (
            [m for ms in error.message_dict.values() for m in ms]
            if hasattr(error, "error_dict")
            else error.messages
        )
        raise RowProblem(number, " ".join(str(m) for m in messages)) from error
    except IntegrityError as error:
        raise RowProblem(
            number, _("Another import or edit saved the same thing at once.")
        ) from error
