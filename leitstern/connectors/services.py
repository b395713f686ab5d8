"""Writes for connectors: create, edit, replace or revoke the credential, delete, test, and
the sync itself (``sync_run``, called by the background task in ``tasks.py``).

A sync reads the tracker page by page and merges every page into the team's items by key
through the forecasts module's ``items_merge``, as an upload does: running it twice changes
nothing the second time. Each page is committed on its own, so the progress shows and a
failure keeps what was read before it (true items, merged by key); the updated-since mark
moves only when a sync finishes, so the next one reads the same stretch again."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.tasks import task
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from leitstern.accounts.models import User
from leitstern.activity import kinds
from leitstern.activity.services import activity_record
from leitstern.connectors import crypto
from leitstern.connectors.models import Connector, Interval, Kind, Problem, State, SyncedKey
from leitstern.connectors.sources import Item, Settings, SourceError, source_for
from leitstern.core.versioning import unique_race_as_error, update_versioned
from leitstern.forecasts.selectors import today
from leitstern.forecasts.services.history import ItemData, items_delete, items_merge, row_check
from leitstern.teams.models import Team

log = logging.getLogger(__name__)

CONNECTOR_CREATED = kinds.register("connectors.created", gettext_lazy("connected a tracker"))
CONNECTOR_UPDATED = kinds.register("connectors.updated", gettext_lazy("changed a connector"))
CONNECTOR_REVOKED = kinds.register(
    "connectors.revoked", gettext_lazy("revoked a connector's credentials")
)
CONNECTOR_DELETED = kinds.register("connectors.deleted", gettext_lazy("removed a connector"))
CONNECTOR_SYNCED = kinds.register("connectors.synced", gettext_lazy("synced items from a tracker"))

STALE_RUN = timedelta(minutes=15)  # a running sync silent this long has died
FULL_EVERY = timedelta(hours=24)  # a full read (which finds deleted items) at least this often
DEFAULT_URLS = {
    Kind.GITHUB: "https://api.github.com",
    Kind.LINEAR: "https://api.linear.app/graphql",
}
SETTINGS = ("kind", "name", "url", "scope", "labels", "milestone", "github_items", "jira_done",
            "username", "interval")  # fmt: skip
# Changing any of these makes the next sync read everything again.
SOURCE_FIELDS = {"kind", "url", "scope", "labels", "milestone", "github_items", "jira_done"}
_REPO = re.compile(r"^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$")
_MILESTONE = re.compile(r"^(\d+|\*|none)$")


def _check(data: dict[str, Any]) -> dict[str, Any]:
    """The settings made consistent, or ``ValidationError`` naming the field and why."""
    kind = data["kind"]
    data["url"] = (data.get("url") or DEFAULT_URLS.get(kind, "")).strip().rstrip("/")
    data["scope"] = (data.get("scope") or "").strip()
    parts = urlsplit(data["url"])
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValidationError(
            {"url": _("Enter the tracker's address, starting with https:// (or http://).")}
        )
    if not data["scope"]:
        raise ValidationError({"scope": _("Say which items to read.")})
    if kind == Kind.GITHUB and not _REPO.match(data["scope"]):
        raise ValidationError(
            {"scope": _("Enter the repository as owner/name, for example nordwind/shop.")}
        )
    if kind == Kind.GITHUB and data.get("milestone") and not _MILESTONE.match(data["milestone"]):
        raise ValidationError(
            {"milestone": _("Enter the milestone's number (from its address), * or none.")}
        )
    if kind != Kind.GITHUB:
        data["milestone"] = ""
    return data


def _settings(data: dict[str, Any]) -> dict[str, Any]:
    return {name: data[name] for name in SETTINGS if name in data}


def _require_key() -> None:
    problem = crypto.key_problem()
    if problem:
        raise ValidationError(
            {
                "secret": _(
                    "Credentials cannot be stored: the administrator has not set a valid "
                    "LEITSTERN_CONNECTOR_KEY."
                )
            }
        )


@transaction.atomic
def connector_create(
    *,
    actor: User | None,
    team: Team,
    kind: str,
    name: str,
    scope: str,
    secret: str,
    url: str = "",
    labels: str = "",
    milestone: str = "",
    github_items: str = "issues",
    jira_done: str = "resolution",
    username: str = "",
    interval: int = Interval.SIX_HOURS,
) -> Connector:
    """A new connector with its credential encrypted. Nothing is read from the tracker yet:
    test the connection or start a sync."""
    data = _check(
        {
            "kind": kind, "name": name.strip(), "url": url, "scope": scope, "labels": labels,
            "milestone": milestone, "github_items": github_items, "jira_done": jira_done,
            "username": username.strip(), "interval": interval,
        }
    )  # fmt: skip
    if not secret.strip():
        raise ValidationError({"secret": _("Enter the token or password.")})
    _require_key()
    connector = Connector(
        team=team,
        created_by=actor,
        secret=crypto.encrypt(secret.strip()),
        secret_set_at=timezone.now(),
        **_settings(data),
    )
    connector.full_clean()
    with unique_race_as_error(connector):
        connector.save()
    activity_record(
        workspace=team.workspace,
        actor=actor,
        kind=CONNECTOR_CREATED,
        target=connector,
        changes={"tracker": ["", connector.get_kind_display()], "name": ["", connector.name]},
    )
    return connector


@transaction.atomic
def connector_update(
    *,
    actor: User | None,
    connector: Connector,
    version: int | None = None,
    secret: str = "",
    **values: Any,
) -> Connector:
    """Change the settings given (``SETTINGS``); a non-empty ``secret`` replaces the
    credential (and ends a revocation). A change of what is read makes the next sync read
    everything again. ``EditConflict`` when a field changed by someone else since
    ``version``."""
    unknown = set(values) - set(SETTINGS)
    if unknown:
        raise TypeError(f"unknown connector settings: {sorted(unknown)}")
    merged = {name: getattr(connector, name) for name in SETTINGS}
    merged.update({k: v for k, v in values.items() if v is not None})
    data = _settings(_check(merged))
    changes = update_versioned(connector, data, version=version)
    if SOURCE_FIELDS & set(changes):
        Connector.objects.filter(pk=connector.pk).update(synced_through=None, last_full_at=None)
    if secret.strip():
        _require_key()
        now = timezone.now()
        Connector.objects.filter(pk=connector.pk).update(
            secret=crypto.encrypt(secret.strip()), secret_set_at=now, revoked_at=None
        )
        changes["credentials"] = ["", _("replaced")]
    connector.refresh_from_db()
    if changes:
        activity_record(
            workspace=connector.team.workspace,
            actor=actor,
            kind=CONNECTOR_UPDATED,
            target=connector,
            changes=changes,
        )
    return connector


@transaction.atomic
def connector_revoke(*, actor: User | None, connector: Connector) -> Connector:
    """Erase the stored credential: no sync runs until a new one is entered. (Revoke the
    token at the tracker too; Leitstern cannot.)"""
    Connector.objects.filter(pk=connector.pk).update(
        secret="", revoked_at=timezone.now(), retry_after=None
    )
    activity_record(
        workspace=connector.team.workspace, actor=actor, kind=CONNECTOR_REVOKED, target=connector
    )
    connector.refresh_from_db()
    return connector


@transaction.atomic
def connector_delete(*, actor: User | None, connector: Connector) -> None:
    """Remove the connector and its credential. The items it brought in stay: they are the
    team's history now, like an upload's."""
    activity_record(
        workspace=connector.team.workspace,
        actor=actor,
        kind=CONNECTOR_DELETED,
        target=connector.team,
        changes={"name": [connector.name, ""]},
    )
    connector.delete()


@transaction.atomic
def keys_adopt(*, connector: Connector, keys: Iterable[str]) -> int:
    """Count the team's existing items among ``keys`` as brought in by this connector (a
    history uploaded from the same tracker before it was connected; the demo), so a full
    sync removes them when the tracker deletes them. How many were adopted."""
    from leitstern.forecasts.models import WorkItem

    found = list(
        WorkItem.objects.filter(team=connector.team, key__in=list(keys)).values_list(
            "key", flat=True
        )
    )
    SyncedKey.objects.bulk_create(
        [SyncedKey(connector=connector, key=key) for key in found],
        ignore_conflicts=True,
        batch_size=1000,
    )
    Connector.objects.filter(pk=connector.pk).update(
        items=SyncedKey.objects.filter(connector=connector).count()
    )
    return len(found)


def rotate_keys() -> int:
    """Encrypt every stored credential with the newest connector key (after adding one in
    front of ``LEITSTERN_CONNECTOR_KEY``); how many were rewritten."""
    count = 0
    for pk, stored in Connector.objects.exclude(secret="").values_list("pk", "secret"):
        Connector.objects.filter(pk=pk, secret=stored).update(secret=crypto.reencrypt(stored))
        count += 1
    return count


# --- testing the connection ------------------------------------------------------------


@dataclass(frozen=True)
class Checked:
    """A connection test's answer: who the tracker says we are and how many items the
    query finds (when the tracker tells), or the problem."""

    ok: bool
    account: str = ""
    items: int | None = None
    problem: str = ""
    detail: str = ""


def _source(connector: Connector) -> Any:
    if not connector.has_credentials:
        raise SourceError(Problem.NO_CREDENTIALS)
    try:
        secret = crypto.decrypt(connector.secret)
    except crypto.KeyMissing as error:
        raise SourceError(Problem.NO_KEY, str(error)) from None
    return source_for(
        connector.kind,
        Settings(
            url=connector.url,
            scope=connector.scope,
            secret=secret,
            username=connector.username,
            labels=connector.labels,
            milestone=connector.milestone,
            github_items=connector.github_items,
            jira_done=connector.jira_done,
        ),
    )


def connection_test(*, connector: Connector) -> Checked:
    """Reach the tracker with the stored credential and the connector's scope. Writes
    nothing."""
    try:
        account, items = _source(connector).check()
    except SourceError as error:
        return Checked(ok=False, problem=error.code, detail=error.detail)
    return Checked(ok=True, account=account, items=items)


# --- syncing ---------------------------------------------------------------------------


@transaction.atomic
def sync_request(*, actor: User | None, connector: Connector, full: bool = False) -> bool:
    """Queue a sync of ``connector`` (run by the worker once this transaction commits).
    ``False`` when one is queued or running already."""
    if not connector.has_credentials:
        raise ValidationError(
            {"secret": _("This connector has no credentials: enter a token first.")}
        )
    stale = timezone.now() - STALE_RUN
    queued = (
        Connector.objects.filter(pk=connector.pk)
        .filter(Q(state=State.IDLE) | Q(heartbeat_at__lt=stale) | Q(heartbeat_at__isnull=True))
        .update(state=State.QUEUED, heartbeat_at=timezone.now(), progress=0)
    )
    if not queued:
        return False
    actor_id = actor.pk if actor is not None else None
    transaction.on_commit(
        lambda: sync_connector.enqueue(connector_id=connector.pk, full=full, actor_id=actor_id)
    )
    return True


def connectors_due(now: datetime | None = None) -> list[Connector]:
    """Connectors whose schedule says a sync is due: not only-on-demand, with credentials,
    idle, past their interval and past any rate limit, in a workspace not being deleted."""
    now = now or timezone.now()
    candidates = (
        Connector.objects.filter(
            interval__gt=0,
            state=State.IDLE,
            revoked_at__isnull=True,
            team__workspace__deletion_requested_at__isnull=True,
        )
        .exclude(secret="")
        .filter(Q(retry_after__isnull=True) | Q(retry_after__lte=now))
        .select_related("team__workspace")
    )
    return [
        c
        for c in candidates
        if c.last_run_at is None or c.last_run_at + timedelta(hours=c.interval) <= now
    ]


@dataclass
class Counts:
    read: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0
    skipped: int = 0
    skipped_reason: str = ""

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def _claim(connector_id: int, now: datetime) -> bool:
    """Mark the connector running, unless another sync of it runs (and is alive)."""
    stale = now - STALE_RUN
    return bool(
        Connector.objects.filter(pk=connector_id)
        .filter(
            Q(state__in=[State.IDLE, State.QUEUED])
            | Q(heartbeat_at__lt=stale)
            | Q(heartbeat_at__isnull=True)
        )
        .update(state=State.RUNNING, progress=0, heartbeat_at=now, last_run_at=now)
    )


def sync_run(
    *, connector_id: int, full: bool = False, actor: User | None = None
) -> dict[str, Any] | None:
    """Read the tracker and merge what it has into the team's items. Incremental (changed
    since the last finished sync) unless ``full``, the settings changed, or the last full
    read is a day old; a full read also removes the items this connector brought in that
    the tracker no longer has. Answers the counts, or ``None`` when another sync of the
    connector is running. Problems end up on the connector's health line, never raised."""
    started = timezone.now()
    if not _claim(connector_id, started):
        return None
    connector = Connector.objects.select_related("team__workspace").get(pk=connector_id)
    full = (
        full
        or connector.synced_through is None
        or connector.last_full_at is None
        or connector.last_full_at < started - FULL_EVERY
    )
    since = None if full else connector.synced_through
    counts = Counts()
    seen: set[str] = set()
    try:
        for page in _source(connector).pages(since):
            _apply_page(connector, page, seen, counts)
            Connector.objects.filter(pk=connector.pk).update(
                progress=counts.read, heartbeat_at=timezone.now()
            )
        if full:
            _remove_missing(connector, seen, counts)
    except SourceError as error:
        _fail(connector, error, counts)
        return {"problem": error.code, **counts.as_dict()}
    except Exception:  # a defect must not leave the connector "running" for good
        log.exception("connector %s sync stopped", connector.pk)
        _fail(connector, SourceError(Problem.BAD_ANSWER, "the sync stopped on an error"), counts)
        return {"problem": Problem.BAD_ANSWER, **counts.as_dict()}
    _succeed(connector, actor=actor, started=started, full=full, counts=counts)
    return counts.as_dict()


def _merge_data(item: Item, latest: Any, counts: Counts) -> ItemData | None:
    """The item as ``items_merge`` takes it, or ``None`` (counted as skipped, with the
    first reason) when the forecasts module would refuse it."""
    started = (
        item.started if not (item.started and item.done and item.started > item.done) else None
    )
    try:
        row_check(item.key, item.title, item.created, started, item.done, latest)
    except ValidationError as error:
        counts.skipped += 1
        if not counts.skipped_reason:
            counts.skipped_reason = "; ".join(error.messages)[:300]
        return None
    return {
        "key": item.key,
        "title": item.title,
        "created": item.created,
        "started": started,
        "done": item.done,
    }


def _apply_page(connector: Connector, page: list[Item], seen: set[str], counts: Counts) -> None:
    latest = today()
    counts.read += len(page)
    keep = [i for i in page if not i.gone]
    gone = {i.key for i in page if i.gone}
    seen.update(i.key for i in keep)
    data = [d for item in keep if (d := _merge_data(item, latest, counts)) is not None]
    with transaction.atomic():
        merged = items_merge(actor=None, team=connector.team, items=data, record=False)
        counts.created += merged.created
        counts.updated += merged.updated
        counts.unchanged += merged.unchanged
        SyncedKey.objects.bulk_create(
            [SyncedKey(connector=connector, key=d["key"]) for d in data],
            ignore_conflicts=True,
            batch_size=1000,
        )
        if gone:
            _remove(connector, gone, counts)


def _remove(connector: Connector, keys: Iterable[str], counts: Counts) -> None:
    """Remove from the team the items among ``keys`` that this connector brought in."""
    owned = SyncedKey.objects.filter(connector=connector, key__in=list(keys))
    mine = list(owned.values_list("key", flat=True))
    if not mine:
        return
    counts.removed += items_delete(
        actor=None,
        team=connector.team,
        items=mine,
        description=_("no longer in %(name)s") % {"name": connector.name},
    )
    owned.delete()


def _remove_missing(connector: Connector, seen: set[str], counts: Counts) -> None:
    owned = set(SyncedKey.objects.filter(connector=connector).values_list("key", flat=True))
    missing = owned - seen
    if not missing:
        return
    if not seen:
        # A tracker that suddenly finds nothing (a permission taken away, a query that no
        # longer matches) must not empty the team's history.
        raise SourceError(
            Problem.NOTHING_FOUND,
            f"the query found no items, but {len(owned)} came from it before; nothing removed",
        )
    with transaction.atomic():
        for first in range(0, len(missing), 1000):
            _remove(connector, sorted(missing)[first : first + 1000], counts)


def _fail(connector: Connector, error: SourceError, counts: Counts) -> None:
    log.warning(
        "connector %s (team %s) sync failed: %s", connector.pk, connector.team_id, error.code
    )
    Connector.objects.filter(pk=connector.pk).update(
        state=State.IDLE,
        problem=error.code,
        problem_detail=error.detail,
        retry_after=error.retry_at,
        last_counts=counts.as_dict(),
        items=SyncedKey.objects.filter(connector=connector).count(),
    )


@transaction.atomic
def _succeed(
    connector: Connector, *, actor: User | None, started: datetime, full: bool, counts: Counts
) -> None:
    values: dict[str, Any] = {
        "state": State.IDLE,
        "problem": "",
        "problem_detail": "",
        "retry_after": None,
        "last_success_at": timezone.now(),
        "synced_through": started,
        "last_counts": counts.as_dict(),
        "items": SyncedKey.objects.filter(connector=connector).count(),
    }
    if full:
        values["last_full_at"] = started
    Connector.objects.filter(pk=connector.pk).update(**values)
    if counts.created or counts.updated or counts.removed:
        activity_record(
            workspace=connector.team.workspace,
            actor=actor,
            kind=CONNECTOR_SYNCED,
            target=connector,
            changes={
                "items": [
                    "",
                    _("%(created)s new, %(updated)s updated, %(removed)s removed")
                    % {
                        "created": counts.created,
                        "updated": counts.updated,
                        "removed": counts.removed,
                    },
                ]
            },
        )
    log.info(
        "connector %s synced: %d read, %d new, %d updated, %d removed",
        connector.pk, counts.read, counts.created, counts.updated, counts.removed,
    )  # fmt: skip


@task()
def sync_connector(
    *, connector_id: int, full: bool = False, actor_id: int | None = None
) -> dict[str, Any] | None:
    """The sync as a background task (queued by ``sync_request``); its progress and outcome
    are on the connector's health line."""
    actor = User.objects.filter(pk=actor_id).first() if actor_id else None
    return sync_run(connector_id=connector_id, full=full, actor=actor)
