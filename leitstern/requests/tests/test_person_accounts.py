"""The accounts each person looks after (``PersonAccount``): stored by the services as
requests and commitments change, always what the requests and commitments give."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.apps import apps as live_apps
from django.db import connection

from leitstern.customers.models import Organisation
from leitstern.customers.services import organisation_merge
from leitstern.customers.tests.factory import make_organisation
from leitstern.requests import services
from leitstern.requests.models import Commitment, PersonAccount, Request, RequestAccount
from leitstern.requests.selectors.accounts import (
    person_accounts_rebuild,
    person_accounts_refresh,
    person_accounts_sources,
)
from leitstern.requests.tasks import refresh_accounts
from leitstern.requests.tests.factory import make_commitment, make_request

pytestmark = pytest.mark.django_db


def stored(world) -> set[tuple[int, int]]:
    rows = PersonAccount.objects.filter(workspace=world.workspace)
    return set(rows.values_list("user_id", "organisation_id"))


def assert_current(world) -> None:
    """The stored rows are exactly what the requests and commitments give now."""
    assert stored(world) == person_accounts_sources(world.workspace)


def test_a_new_request_is_its_submitter_s_and_its_listener_s(world):
    albrecht = make_organisation(world.workspace, world.owner, "Modehaus Albrecht")
    make_request(world, organisations=[albrecht], heard_by=world.editor)
    assert stored(world) == {(world.contributor.pk, albrecht.pk), (world.editor.pk, albrecht.pk)}
    assert_current(world)


def test_another_organisation_asking_is_added_to_the_request_s_people(world):
    request = make_request(world)
    schulze = make_organisation(world.workspace, world.owner, "Gartenwelt Schulze")
    services.account_add(
        actor=world.editor, request=request, account=services.AccountInput(organisation=schulze)
    )
    assert (world.contributor.pk, schulze.pk) in stored(world)
    assert (world.editor.pk, schulze.pk) not in stored(world)  # adding does not make it theirs
    assert_current(world)


def test_a_merge_moves_the_accounts_to_the_target_s_people(world):
    albrecht = make_organisation(world.workspace, world.owner, "Modehaus Albrecht")
    schulze = make_organisation(world.workspace, world.owner, "Gartenwelt Schulze")
    target = make_request(world, organisations=[schulze], actor=world.editor)
    source = make_request(world, organisations=[albrecht, schulze])
    assert (world.contributor.pk, albrecht.pk) in stored(world)

    services.request_merge(actor=world.editor, target=target, sources=[source])

    # The contributor's request asks for nothing any more: its organisations are the target's.
    assert stored(world) == {(world.editor.pk, albrecht.pk), (world.editor.pk, schulze.pk)}
    assert_current(world)


def test_a_merge_keeps_an_account_the_source_s_people_have_elsewhere(world):
    albrecht = make_organisation(world.workspace, world.owner, "Modehaus Albrecht")
    target = make_request(world, organisations=[albrecht], actor=world.editor)
    source = make_request(world, organisations=[albrecht])
    make_request(world, organisations=[albrecht])  # the contributor's other request
    services.request_merge(actor=world.editor, target=target, sources=[source])
    assert (world.contributor.pk, albrecht.pk) in stored(world)
    assert_current(world)


def test_a_commitment_makes_the_organisation_its_sales_owner_s(world):
    albrecht = make_organisation(world.workspace, world.owner, "Modehaus Albrecht")
    request = make_request(world, organisations=[albrecht], actor=world.editor)
    make_commitment(world, request)  # proposed by the contributor, its sales owner
    assert (world.contributor.pk, albrecht.pk) in stored(world)
    assert_current(world)


def test_an_import_stores_the_importer_s_accounts(world):
    from leitstern.core.imports.flow import import_confirm
    from leitstern.requests.tests.factory import make_import_job

    import_confirm(actor=world.owner, job=make_import_job(world))
    modehaus = Organisation.objects.get(workspace=world.workspace, name="Modehaus")
    assert (world.owner.pk, modehaus.pk) in stored(world)
    assert_current(world)


def test_an_organisation_merge_gives_the_kept_one_to_everyone_who_had_either(world):
    keep = make_organisation(world.workspace, world.owner, "Modehaus Albrecht")
    duplicate = make_organisation(world.workspace, world.owner, "Modehaus Albrecht GmbH")
    # The contributor has both (a stored pair would move onto an existing one), the editor
    # only the duplicate, the owner a commitment to the duplicate.
    make_request(world, organisations=[keep])
    make_request(world, organisations=[duplicate])
    make_request(world, organisations=[duplicate], actor=world.editor)
    services.commitment_propose(
        actor=world.owner,
        workspace=world.workspace,
        organisation=duplicate,
        what="Invoice by spring",
        due_on=services.today().replace(year=services.today().year + 1),
    )

    organisation_merge(actor=world.owner, keep=keep, duplicate=duplicate)

    assert stored(world) == {
        (world.contributor.pk, keep.pk),
        (world.editor.pk, keep.pk),
        (world.owner.pk, keep.pk),
    }
    assert_current(world)


def test_a_deleted_organisation_or_person_takes_their_rows_along(world):
    albrecht = make_organisation(world.workspace, world.owner, "Modehaus Albrecht")
    schulze = make_organisation(world.workspace, world.owner, "Gartenwelt Schulze")
    make_request(world, organisations=[albrecht, schulze], heard_by=world.editor)
    Organisation.objects.filter(pk=schulze.pk).delete()
    world.editor.delete()
    assert stored(world) == {(world.contributor.pk, albrecht.pk)}
    assert_current(world)


# No service changes these yet (who heard a request, an organisation taken off a request,
# a request deleted, a commitment's sales owner): a service that does recomputes the pairs
# it touches with ``person_accounts_refresh``, which must then give what the rows give.


def test_a_changed_listener_moves_the_account_when_recomputed(world):
    albrecht = make_organisation(world.workspace, world.owner, "Modehaus Albrecht")
    request = make_request(world, organisations=[albrecht], heard_by=world.editor)
    Request.objects.filter(pk=request.pk).update(heard_by=world.viewer)
    person_accounts_refresh(
        world.workspace, users=[world.editor.pk, world.viewer.pk], organisations=[albrecht.pk]
    )
    assert stored(world) == {(world.contributor.pk, albrecht.pk), (world.viewer.pk, albrecht.pk)}
    assert_current(world)


def test_an_account_taken_off_a_request_leaves_unless_asked_elsewhere(world):
    albrecht = make_organisation(world.workspace, world.owner, "Modehaus Albrecht")
    schulze = make_organisation(world.workspace, world.owner, "Gartenwelt Schulze")
    request = make_request(world, organisations=[albrecht, schulze])
    make_request(world, organisations=[schulze])
    RequestAccount.objects.filter(request=request).delete()
    person_accounts_refresh(
        world.workspace, users=[world.contributor.pk], organisations=[albrecht.pk, schulze.pk]
    )
    assert stored(world) == {(world.contributor.pk, schulze.pk)}
    assert_current(world)


def test_a_deleted_request_or_a_new_sales_owner_recomputed(world):
    albrecht = make_organisation(world.workspace, world.owner, "Modehaus Albrecht")
    request = make_request(world, organisations=[albrecht], actor=world.editor)
    commitment = make_commitment(world, request)
    Request.objects.filter(pk=request.pk).delete()
    Commitment.objects.filter(pk=commitment.pk).update(sales_owner=world.owner)
    people = [world.editor.pk, world.contributor.pk, world.owner.pk]
    person_accounts_refresh(world.workspace, users=people, organisations=[albrecht.pk])
    assert stored(world) == {(world.owner.pk, albrecht.pk)}
    assert_current(world)


def test_storing_a_pair_stored_meanwhile_is_no_error(world):
    """Two changes storing the same first pair at once: the second insert meets the first
    one's row and leaves it (the race itself: ``races.first_account_stored_twice``)."""
    albrecht = make_organisation(world.workspace, world.owner, "Modehaus Albrecht")
    make_request(world, organisations=[albrecht])
    from leitstern.requests.selectors.accounts import _write

    _write(world.workspace, [(world.contributor.pk, albrecht.pk)])
    assert PersonAccount.objects.filter(user=world.contributor, organisation=albrecht).count() == 1


def test_the_daily_run_and_the_migration_rebuild_what_drifted(world):
    albrecht = make_organisation(world.workspace, world.owner, "Modehaus Albrecht")
    schulze = make_organisation(world.workspace, world.owner, "Gartenwelt Schulze")
    make_request(world, organisations=[albrecht], heard_by=world.editor)
    make_commitment(world, make_request(world, organisations=[schulze], actor=world.owner))
    expected = stored(world)
    # Rows written around the services: one missing, one too many.
    PersonAccount.objects.filter(user=world.editor).delete()
    PersonAccount.objects.create(workspace=world.workspace, user=world.viewer, organisation=schulze)
    refresh_accounts.call()
    assert stored(world) == expected

    from importlib import import_module

    fill = import_module("leitstern.requests.migrations.0006_fill_person_accounts").fill
    PersonAccount.objects.all().delete()
    fill(live_apps, SimpleNamespace(connection=connection))
    assert stored(world) == expected
    assert person_accounts_rebuild(world.workspace) == len(expected)
    assert stored(world) == expected
