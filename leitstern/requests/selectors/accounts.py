"""The accounts each person looks after, stored (``PersonAccount``): the organisations
whose requests they submitted or heard, and those they own a commitment to.

Derived rows, kept like the revenue roll-ups: the request services recompute the pairs
of person and organisation that a change touches (``person_accounts_refresh``), in the
change's transaction; a merge of organisations is heard through
``customers.signals.organisations_changed`` (``organisations_merged``); the daily run and
a workspace import rebuild a whole workspace (``person_accounts_rebuild``).

A read trusts the stored rows, without a freshness check. Every way the sources change
goes through the request services (creating, triaging, merging requests, adding
accounts, proposing commitments) or deletes the stored rows with them (a deleted person,
organisation or workspace cascades); what is left are rows written around the services
(by hand in the database), which the daily rebuild corrects within a day. A check of its
own would cost every view a query over the sources as large as the one the rows save, and
what a stale row changes is which items "for my accounts" lists, not who may see what
(every member may read the sales roadmap of any account)."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.db.models import Q

from leitstern.requests.models import Commitment, PersonAccount, RequestAccount
from leitstern.workspaces.models import Workspace

BATCH = 1000  # stored rows written at a time


def _sources(
    workspace: Workspace, *, users: list[int] | None, organisations: list[int] | None
) -> set[tuple[int, int]]:
    """The pairs (person, organisation) as the sources give them now, for ``users`` and
    ``organisations`` (None: all of them). Two queries."""
    asked = RequestAccount.objects.filter(request__workspace=workspace)
    promised = Commitment.objects.filter(workspace=workspace, sales_owner__isnull=False)
    if organisations is not None:
        asked = asked.filter(organisation_id__in=organisations)
        promised = promised.filter(organisation_id__in=organisations)
    if users is not None:
        asked = asked.filter(Q(request__created_by__in=users) | Q(request__heard_by__in=users))
        promised = promised.filter(sales_owner__in=users)
    wanted = None if users is None else set(users)
    found: set[tuple[int, int]] = set()
    rows = asked.values_list("request__created_by", "request__heard_by", "organisation_id")
    for created_by, heard_by, organisation in rows.distinct().order_by():
        for user in (created_by, heard_by):
            if user is not None and (wanted is None or user in wanted):
                found.add((user, organisation))
    owners = promised.values_list("sales_owner", "organisation_id").distinct().order_by()
    found.update(owners)
    return found


def person_accounts_sources(workspace: Workspace) -> set[tuple[int, int]]:
    """Every pair (person, organisation) of the workspace as the sources give them now:
    what the stored rows must be (the tests, ``large.verify``)."""
    return _sources(workspace, users=None, organisations=None)


def _write(workspace: Workspace, pairs: Iterable[tuple[int, int]]) -> int:
    rows = [
        PersonAccount(workspace=workspace, user_id=user, organisation_id=organisation)
        for user, organisation in sorted(pairs)
    ]
    # A pair another change stored meanwhile is the same row: never an error.
    PersonAccount.objects.bulk_create(rows, batch_size=BATCH, ignore_conflicts=True)
    return len(rows)


@transaction.atomic
def person_accounts_refresh(
    workspace: Workspace,
    *,
    users: Iterable[int | None] | None,
    organisations: Iterable[int | None],
) -> int:
    """Store anew the pairs of ``users`` (None: every person) and ``organisations`` from
    the requests and commitments as they are now: deleted and inserted again, in the
    caller's transaction. The request services call it with the people and organisations
    a change touches. The number of pairs stored."""
    orgs = sorted({o for o in organisations if o is not None})
    people = None if users is None else sorted({u for u in users if u is not None})
    if not orgs or people == []:
        return 0
    stored = PersonAccount.objects.filter(organisation_id__in=orgs)
    if people is not None:
        stored = stored.filter(user_id__in=people)
    stored.delete()
    return _write(workspace, _sources(workspace, users=people, organisations=orgs))


@transaction.atomic
def person_accounts_rebuild(workspace: Workspace) -> int:
    """Every stored account of the workspace anew (the daily run, the large workspace,
    after a workspace import)."""
    PersonAccount.objects.filter(workspace=workspace).delete()
    return _write(workspace, _sources(workspace, users=None, organisations=None))


def organisations_merged(*, workspace: Workspace, ids: list[int], fields: set[str] | None) -> None:
    """The customers' services changed organisations ``ids``; ``fields`` None: their rows
    moved (a merge: the duplicate's requests and commitments now name the kept one, the
    duplicate's stored rows went with it). The kept organisation's pairs are computed anew
    for every person; a change of fields leaves them as they are."""
    if fields is None:
        person_accounts_refresh(workspace, users=None, organisations=ids)
