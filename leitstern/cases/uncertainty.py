"""Writes of a case's yes/no events and of the correlations between its inputs.

The same rules as every other change of an assumption (``services.py``): the case's row is
locked, an outdated form (``revision``) is refused, the engine checks the whole case with
the change before anything is saved, its problems come back by field, and the revision is
raised in the same transaction as the change and its activity entry (with the why)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TypedDict, Unpack

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from leitstern.accounts.models import User
from leitstern.activity.services import activity_record
from leitstern.cases import kinds, mapping
from leitstern.cases.models import BusinessCase, CaseCorrelation, CaseEvent
from leitstern.cases.selectors import input_label, names_of
from leitstern.cases.services import _check_revision, _locked, _touch
from leitstern.engines import cases as engine

MAX_EVENTS = 50
MAX_CORRELATIONS = 200


def _engine_check(case: BusinessCase, **rows: object) -> tuple[engine.Problem, ...]:
    try:
        engine.validate_case(mapping.engine_case(case, **rows))  # type: ignore[arg-type]  # rows by name
    except engine.CaseInputError as error:
        return error.problems
    return ()


def _message(problem: engine.Problem, label: Callable[[str], str]) -> str:
    """The problem in the reader's language, naming inputs as the page names them."""
    params = dict(problem.params)
    if "input" in params:
        params["input"] = label(str(params["input"]).strip("'"))
    if problem.code == "out_of_range" and problem.field.endswith(".rank"):
        return mapping.problem_message(
            engine.Problem(problem.field, "invalid_correlation", problem.message)
        )
    return mapping.problem_message(
        engine.Problem(problem.field, problem.code, problem.message, params)
    )


def _raise(
    problems: tuple[engine.Problem, ...],
    prefix: str,
    fields: set[str],
    label: Callable[[str], str] = str,
) -> None:
    """Problems of the row at ``prefix`` by their form field; everything else (another row
    the change breaks, the correlations as a whole) for the form as a whole."""
    errors: dict[str, list[str]] = {}
    for problem in problems:
        name = "__all__"
        if problem.field.startswith(prefix + "."):
            part = problem.field[len(prefix) + 1 :].split(".")[0]
            name = part if part in fields else "__all__"
        errors.setdefault(name, []).append(_message(problem, label))
    raise ValidationError(errors)


def _record(case: BusinessCase, actor: User, kind: str, changes: dict, why: str) -> None:
    _touch(case)
    activity_record(
        workspace=case.workspace,
        actor=actor,
        kind=kind,
        target=case,
        changes=changes,
        note=why.strip(),
    )


# --- yes/no events -------------------------------------------------------------------------


class EventData(TypedDict, total=False):
    name: str
    probability: float
    note: str


def _event_key(case: BusinessCase, name: str) -> str:
    base = re.sub(r"[^a-z0-9_]", "_", slugify(name).replace("-", "_"))[:30] or "event"
    taken = set(case.events.values_list("key", flat=True))
    key, n = base, 1
    while key in taken:
        n += 1
        key = f"{base}_{n}"
    return key


def _check_event(case: BusinessCase, event: CaseEvent, others: list[CaseEvent]) -> None:
    events = [*others, event]
    problems = _engine_check(case, events=events)
    if problems:
        _raise(problems, f"events[{len(others)}]", {"name", "probability", "note"})


@transaction.atomic
def event_create(
    *,
    actor: User,
    case: BusinessCase,
    name: str,
    probability: float,
    note: str = "",
    why: str = "",
    revision: int | None = None,
) -> CaseEvent:
    """Add a yes/no event (lines can then hang on it)."""
    case = _locked(case)
    _check_revision(case, revision)
    if case.events.count() >= MAX_EVENTS:
        raise ValidationError(_("A case holds at most %(max)d events.") % {"max": MAX_EVENTS})
    event = CaseEvent(
        case=case, key=_event_key(case, name), name=name, probability=probability, note=note
    )
    event.full_clean(exclude=["case"])
    _check_event(case, event, list(case.events.all()))
    event.save()
    _record(case, actor, kinds.EVENT_CHANGED, {"event": ["", name]}, why)
    return event


@transaction.atomic
def event_update(
    *,
    actor: User,
    event: CaseEvent,
    why: str = "",
    revision: int | None = None,
    **data: Unpack[EventData],
) -> CaseEvent:
    """Change an event's name, chance or note; saved unchanged, nothing happens. A chance of
    0 or 1 is refused while a correlation names the event (it would no longer be
    uncertain)."""
    case = _locked(event.case)
    _check_revision(case, revision)
    changed = {name: value for name, value in data.items() if getattr(event, name) != value}
    if not changed:
        return event
    before = {name: str(getattr(event, name)) for name in changed}
    for name, value in changed.items():
        setattr(event, name, value)
    event.full_clean(exclude=["case"])
    _check_event(case, event, [e for e in case.events.all() if e.pk != event.pk])
    event.save(update_fields=list(changed))
    changes = {f"{event.name}: {k}": [before[k], str(v)] for k, v in changed.items()}
    _record(case, actor, kinds.EVENT_CHANGED, changes, why)
    return event


@transaction.atomic
def event_delete(*, actor: User, event: CaseEvent, why: str = "") -> None:
    """Remove an event, with the correlations naming it; refused while a line hangs on it
    (that line would silently start counting in every future)."""
    case = _locked(event.case)
    names = list(case.lines.filter(event=event.key).values_list("name", flat=True))
    if names:
        raise ValidationError(
            _("These lines hang on this event: %(lines)s. Change them first.")
            % {"lines": ", ".join(names)}
        )
    case.correlations.filter(first=event.input_key).delete()
    case.correlations.filter(second=event.input_key).delete()
    name = event.name
    event.delete()
    _record(case, actor, kinds.EVENT_CHANGED, {"event": [name, ""]}, why)


# --- correlations --------------------------------------------------------------------------


class CorrelationData(TypedDict, total=False):
    first: str
    second: str
    rank: float
    note: str


def _check_correlation(
    case: BusinessCase, correlation: CaseCorrelation, others: list[CaseCorrelation]
) -> None:
    problems = _engine_check(case, correlations=[*others, correlation])
    if problems:
        names = names_of(case)
        _raise(
            problems,
            f"correlations[{len(others)}]",
            {"first", "second", "rank"},
            lambda key: input_label(case, key, names),
        )


@transaction.atomic
def correlation_create(
    *,
    actor: User,
    case: BusinessCase,
    first: str,
    second: str,
    rank: float,
    note: str = "",
    why: str = "",
    revision: int | None = None,
) -> CaseCorrelation:
    """Say that two uncertain inputs move together. The engine refuses an input that does
    not exist or is known exactly, an input with itself, a pair given twice, a rank outside
    -1 to 1 and correlations that cannot all hold at once; nothing is saved then."""
    case = _locked(case)
    _check_revision(case, revision)
    if case.correlations.count() >= MAX_CORRELATIONS:
        raise ValidationError(
            _("A case holds at most %(max)d correlations.") % {"max": MAX_CORRELATIONS}
        )
    correlation = CaseCorrelation(case=case, first=first, second=second, rank=rank, note=note)
    correlation.full_clean(exclude=["case"])
    _check_correlation(case, correlation, list(case.correlations.all()))
    correlation.save()
    _record(case, actor, kinds.CORRELATION_CHANGED, {"correlation": ["", str(correlation)]}, why)
    return correlation


@transaction.atomic
def correlation_update(
    *,
    actor: User,
    correlation: CaseCorrelation,
    why: str = "",
    revision: int | None = None,
    **data: Unpack[CorrelationData],
) -> CaseCorrelation:
    case = _locked(correlation.case)
    _check_revision(case, revision)
    changed = {k: v for k, v in data.items() if getattr(correlation, k) != v}
    if not changed:
        return correlation
    before = {k: str(getattr(correlation, k)) for k in changed}
    for name, value in changed.items():
        setattr(correlation, name, value)
    correlation.full_clean(exclude=["case"])
    others = [c for c in case.correlations.all() if c.pk != correlation.pk]
    _check_correlation(case, correlation, others)
    correlation.save(update_fields=list(changed))
    changes = {f"{correlation}: {k}": [before[k], str(v)] for k, v in changed.items()}
    _record(case, actor, kinds.CORRELATION_CHANGED, changes, why)
    return correlation


@transaction.atomic
def correlation_delete(*, actor: User, correlation: CaseCorrelation, why: str = "") -> None:
    case = _locked(correlation.case)
    text = str(correlation)
    correlation.delete()
    _record(case, actor, kinds.CORRELATION_CHANGED, {"correlation": [text, ""]}, why)
