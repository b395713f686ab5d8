"""Workspace export and import: the registry covers every model, a round trip of the demo
workspace gives an identical workspace, and a bad file imports nothing."""

from __future__ import annotations

import base64
import io
import json
from collections import Counter
from collections.abc import Iterator

import pytest
from django.apps import apps
from django.core import serializers
from django.core.files.storage import FileSystemStorage
from django.core.management import CommandError, call_command
from django.db import models

from leitstern.accounts.models import User
from leitstern.accounts.placeholders import is_placeholder
from leitstern.activity.models import ActivityEntry
from leitstern.core import portability
from leitstern.core.portability.codec import PortabilityError, decode_value, encode_value
from leitstern.core.portability.exporting import export_workspace
from leitstern.core.portability.importing import WORKSPACE_IMPORTED, import_workspace
from leitstern.core.tests.demo_snapshot import seeded_demo
from leitstern.forecasts.models import ShareLink
from leitstern.workspaces.models import Invitation, Workspace


def _export(workspace: Workspace) -> dict:
    out = io.StringIO()
    export_workspace(workspace, out)
    return json.loads(out.getvalue())


def _canonical(workspace: Workspace, *, skip_kinds: tuple[str, ...] = ()) -> dict:
    """Every registered row of ``workspace`` through Django's own serializer, with ids
    replaced by each row's position in its model (ordered by id) and users by email, so two
    workspaces with the same content compare equal whatever their ids."""
    dumps, positions = {}, {}
    for entry in portability.registered():
        queryset = entry.model._base_manager.filter(**{entry.workspace: workspace}).order_by("pk")
        if entry.model is ActivityEntry and skip_kinds:
            queryset = queryset.exclude(kind__in=skip_kinds)
        rows = serializers.serialize("python", queryset)
        positions[entry.label] = {row["pk"]: n for n, row in enumerate(rows)}
        dumps[entry.label] = rows
    emails = dict(User._base_manager.values_list("pk", "email"))

    def ref(model, value):
        if value is None:
            return None
        if portability.is_user_model(model):
            return emails[value]
        if portability.is_workspace_model(model):
            return "this workspace"
        return positions[model._meta.label_lower][value]

    result = {}
    for entry in portability.registered():
        out = []
        for row in dumps[entry.label]:
            fields = dict(row["fields"])
            for name in entry.secrets:
                fields.pop(name)
            for f in entry.model._meta.concrete_fields:
                if f.is_relation and f.name in fields:
                    fields[f.name] = ref(f.related_model, fields[f.name])
            for f in entry.model._meta.many_to_many:
                fields[f.name] = sorted(ref(f.related_model, v) for v in fields[f.name])
            for id_field, type_field in entry.generic.items():
                kind, value = fields[type_field], fields[id_field]
                model = apps.get_model(kind) if kind else None
                known = model is not None and (
                    portability.is_user_model(model)
                    or portability.is_workspace_model(model)
                    or kind in positions
                )
                try:
                    fields[id_field] = ref(model, value) if known else None
                except KeyError:  # the target was deleted: the import clears it
                    fields[id_field] = None
            if entry.model._meta.pk.is_relation:
                fields["pk"] = ref(entry.model._meta.pk.related_model, row["pk"])
            out.append(fields)
        result[entry.label] = out
    return result


@pytest.fixture
def demo(db) -> Iterator[Workspace]:
    """The demo for one test (the module's other tests want an empty database), seeded the
    first time in the process and copied after that (demo_snapshot.py)."""
    from django.contrib.contenttypes.models import ContentType

    yield seeded_demo()
    ContentType.objects.clear_cache()


def test_every_model_of_leitstern_is_registered_or_skipped_with_a_reason():
    labels = {
        model._meta.label_lower
        for model in apps.get_models()
        if model.__module__.startswith("leitstern.")
    }
    declared = {e.label for e in portability.registered()} | set(portability.skipped())
    assert labels - declared == set(), "register these models in the app's portable.py"
    assert portability.check_registry() == []
    assert all(reason.strip() for reason in portability.skipped().values())


def test_models_are_ordered_so_that_parents_come_first():
    order = [e.label for e in portability.registered()]
    assert order.index("teams.team") < order.index("forecasts.workitem")
    assert order.index("strategy.cycle") < order.index("strategy.objective")
    assert order.index("strategy.metric") < order.index("strategy.keyresult")
    assert order.index("products.product") < order.index("activity.activityentry")


def test_round_trip_of_the_demo_workspace_gives_an_identical_workspace(demo):
    data = _export(demo)
    result = import_workspace(data, slug="nordwind-copy")
    copy = result.workspace

    assert copy.name == demo.name and copy.created_at == demo.created_at
    original, imported = _canonical(demo), _canonical(copy, skip_kinds=(WORKSPACE_IMPORTED,))
    for label in original:
        assert imported[label] == original[label], label
    # A rich workspace: the comparison covers every module's data, not empty lists.
    counts = Counter({label: len(rows) for label, rows in original.items()})
    for label in [
        "workspaces.membership",
        "products.product",
        "activity.activityentry",
        "teams.team",
        "forecasts.workitem",
        "forecasts.savedforecast",
        "forecasts.trackingforecast",
        "strategy.metricvalue",
        "strategy.objective",
        "strategy.keyresult",
        "strategy.checkin",
    ]:
        assert counts[label] > 0, label
    assert result.placeholders == [] and len(result.linked) == counts["workspaces.membership"]
    # The import itself is recorded in the new workspace, and only there.
    assert ActivityEntry.objects.filter(workspace=copy, kind=WORKSPACE_IMPORTED).count() == 1
    assert not ActivityEntry.objects.filter(workspace=demo, kind=WORKSPACE_IMPORTED).exists()
    # A second export of the copy carries the same rows as the first export.
    again = _export(copy)
    assert again["models"].keys() == data["models"].keys()


def test_export_names_format_version_and_leaves_secrets_out(demo):
    data = _export(demo)
    assert data["format"] == "leitstern-workspace" and data["version"] == 1
    assert data["leitstern_version"] and data["exported_at"]
    assert {"email", "name", "language"} <= set(data["users"][0])
    text = json.dumps(data)
    for invitation in Invitation.objects.filter(workspace=demo):
        assert invitation.token_hash not in text
    assert "token_hash" not in text and "password" not in text


def test_imported_secret_columns_get_fresh_values(world):
    from leitstern.forecasts.tests import factory as samples

    share, _token = samples.sample_share(world)
    copy = import_workspace(_export(world.workspace), slug="acme-copy").workspace
    copied = ShareLink.objects.get(workspace=copy)
    assert copied.token_hash != share.token_hash and len(copied.token_hash) == 64


def test_unknown_people_become_inactive_placeholders(world):
    data = _export(world.workspace)
    for person in data["users"]:
        person["email"] = "moved-" + person["email"]
    for label, rows in data["models"].items():
        entry = portability.get(label)
        for row in rows:
            for f in entry.user_fields():
                if row.get(f.name):
                    row[f.name] = "moved-" + row[f.name]
            for f in entry.user_m2m():
                row[f.name] = ["moved-" + e for e in row[f.name]]
            for id_field, type_field in entry.generic.items():
                if row.get(type_field) == "accounts.user" and row.get(id_field):
                    row[id_field] = "moved-" + row[id_field]
    result = import_workspace(data, slug="acme-moved")
    assert len(result.placeholders) == 4 and result.linked == []
    owner = User._base_manager.get(email="moved-" + world.owner.email)
    assert is_placeholder(owner) and not owner.has_usable_password()
    assert owner.name == world.owner.name
    assert result.workspace.memberships.get(user=owner).role == "owner"


def test_import_refuses_a_taken_address_and_writes_nothing(world):
    data = _export(world.workspace)
    before = (Workspace.objects.count(), User.objects.count())
    with pytest.raises(PortabilityError, match="exists already"):
        import_workspace(data)
    assert (Workspace.objects.count(), User.objects.count()) == before


def test_a_broken_row_rolls_the_whole_import_back(world):
    data = _export(world.workspace)
    data["users"].append({"email": "stranger@example.com", "name": "Stranger", "language": ""})
    data["models"]["products.product"][0]["name"] = "x" * 500
    with pytest.raises(PortabilityError, match=r"products.product row 1: name"):
        import_workspace(data, slug="broken")
    assert not Workspace.objects.filter(slug="broken").exists()
    assert not User._base_manager.filter(email="stranger@example.com").exists()


def test_a_reference_outside_the_file_is_named(world):
    data = _export(world.workspace)
    data["models"]["activity.activityentry"][0]["product"] = 987654
    with pytest.raises(
        PortabilityError, match=r"activity\.activityentry row 1, product: refers to"
    ):
        import_workspace(data, slug="dangling")
    assert not Workspace.objects.filter(slug="dangling").exists()


@pytest.mark.parametrize(
    "change,message",
    [
        ({"format": "something-else"}, "not a Leitstern workspace export"),
        ({"version": 2}, "format version 2"),
        ({"version": "1"}, "no valid format version"),
        ({"models": {"roadmap.item": []}}, "modules this installation does not have"),
        ({"users": None}, "no 'users' section"),
    ],
)
def test_import_refuses_files_it_cannot_read(world, change, message):
    data = _export(world.workspace) | change
    with pytest.raises(PortabilityError, match=message):
        import_workspace(data, slug="other")


def test_the_commands_round_trip_through_a_file(world, tmp_path, capsys):
    path = tmp_path / "acme.json"
    call_command("export-workspace", world.workspace.slug, output=str(path))
    assert json.loads(path.read_text())["workspace"]["slug"] == world.workspace.slug
    call_command("import-workspace", str(path), new_slug="acme-2", name="Acme again")
    assert "Imported “Acme again” as /w/acme-2/" in capsys.readouterr().out
    assert Workspace.objects.get(slug="acme-2").products.count() == 1
    with pytest.raises(CommandError, match="exists already"):
        call_command("import-workspace", str(path))
    with pytest.raises(CommandError, match="No workspace"):
        call_command("export-workspace", "nowhere")
    path.write_text("{not json")
    with pytest.raises(CommandError, match="not valid JSON"):
        call_command("import-workspace", str(path), new_slug="acme-3")


def test_files_travel_inside_the_export_as_base64(tmp_path):
    storage = FileSystemStorage(location=tmp_path / "media")
    field = models.FileField(storage=storage)
    field.set_attributes_from_name("attachment")
    stored = storage.save("notes/interview.txt", io.BytesIO(b"Kunde sagt: zu teuer\n"))
    value = field.attr_class(None, field, stored)

    encoded = encode_value(field, value)
    assert encoded["name"] == "notes/interview.txt"
    assert base64.b64decode(encoded["content"]) == b"Kunde sagt: zu teuer\n"
    restored = decode_value(field, encoded)
    assert storage.open(restored).read() == b"Kunde sagt: zu teuer\n"
    assert encode_value(field, field.attr_class(None, field, "")) is None
