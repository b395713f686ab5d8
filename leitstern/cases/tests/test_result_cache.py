"""The result page keeps its named inputs and rendered charts per kept result and language:
what it shows must still follow the reader's language and the assumptions' names."""

from __future__ import annotations

import pytest
from django.test import Client

from leitstern.cases import services
from leitstern.cases.models import CaseLine
from leitstern.cases.tests.factory import computed_case

pytestmark = pytest.mark.django_db


def _page(world, user, case) -> str:
    client = Client()
    client.force_login(user)
    return client.get(f"/w/{world.workspace.slug}/cases/{case.pk}/").content.decode()


def test_a_page_read_in_english_first_is_german_for_a_german_reader(world):
    case = computed_case(world)
    english = _page(world, world.owner, case)
    assert "What knowing each input exactly would be worth (EVPI)" in english
    world.viewer.language = "de"
    world.viewer.save()
    german = _page(world, world.viewer, case)
    assert "Was es wert wäre, jede Eingabe genau zu kennen (EVPI)" in german
    assert "Die Zahlen als Tabelle" in german
    assert "The numbers as a table" not in german
    # And the English reader still reads English.
    assert "The numbers as a table" in _page(world, world.owner, case)


def test_a_renamed_line_is_named_anew_beside_the_kept_result(world):
    case = computed_case(world)
    keys = set(case.lines.values_list("key", flat=True))
    of_lines = [row for row in case.result["sensitivity"] if row["key"].split(".")[0] in keys]
    top = max(of_lines, key=lambda row: row["evpi"])
    line = CaseLine.objects.get(case=case, key=top["key"].split(".")[0])
    old = line.name
    assert f"{old}: " in _page(world, world.owner, case)
    services.line_update(actor=world.owner, line=line, name="Renamed line", why="clearer")
    case.refresh_from_db()
    html = _page(world, world.owner, case)
    # The kept result belongs to the earlier assumptions; its inputs carry today's names.
    assert "Renamed line: " in html
    assert f"{old}: " not in html
