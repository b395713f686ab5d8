"""The power / interest grid in a real Chromium: a person moved by dragging their dot and
by the arrow keys (the keyboard alternative) lands where it was put, in the database and
in their trail; and crowded people stay readable at desktop and phone width, in English
and German (names on the grid never overlap; people at one place share a dot with a
count and are listed by name)."""

from __future__ import annotations

import os

import pytest
from playwright.sync_api import expect

from leitstern.stakeholders import services
from leitstern.stakeholders.models import PositionRecord
from leitstern.stakeholders.tests.factory import make_stakeholder
from leitstern.testing import browser_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def page(page):
    """The shared browser page, with time for a first page of a live server on a machine
    shared with other work."""
    page.set_default_timeout(30_000)
    return page


PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def _placed(world, name: str, power: float, interest: float, **data):
    person = make_stakeholder(world.workspace, world.owner, name, **data)
    services.grid_place(actor=world.owner, stakeholder=person, power=power, interest=interest)
    return person


def _grid_records(person):
    return list(
        PositionRecord.objects.filter(stakeholder=person, analysis="grid")
        .order_by("pk")
        .values_list("power", "interest")
    )


def test_a_person_is_moved_on_the_grid_by_dragging_their_dot(page, live_server, world):
    klein = _placed(world, "Dr. Klein", 2, 2)
    browser_login(page, live_server, world.editor)
    page.set_viewport_size(DESKTOP)
    page.goto(f"{live_server.url}/w/{world.workspace.slug}/stakeholders/grid/")
    dot = page.locator(f'.sh-dot[data-id="{klein.pk}"] circle')
    grid = page.locator("#grid").bounding_box()
    start = dot.bounding_box()
    # Power 8 (up), interest 7 (right): the grid is 10 units a side.
    target_x = grid["x"] + grid["width"] * 0.7
    target_y = grid["y"] + grid["height"] * (1 - 0.8)
    page.mouse.move(start["x"] + start["width"] / 2, start["y"] + start["height"] / 2)
    page.mouse.down()
    page.mouse.move(target_x, target_y, steps=12)
    page.mouse.up()
    expect(page.locator("#grid-status")).to_contain_text("Dr. Klein: power 8")
    expect(page.locator("#grid-status")).to_contain_text("saved")
    klein.refresh_from_db()
    assert klein.power == pytest.approx(8, abs=0.2)
    assert klein.interest == pytest.approx(7, abs=0.2)
    assert klein.quadrant == "manage_closely"
    trail = _grid_records(klein)
    assert trail[0] == (2, 2)
    assert len(trail) == 2 and trail[-1] == (klein.power, klein.interest)
    # The drag opened no page: still on the grid.
    assert page.url.endswith("/stakeholders/grid/")
    assert not page.csp_errors


def test_a_person_is_moved_on_the_grid_with_the_arrow_keys(page, live_server, world):
    yilmaz = _placed(world, "Selin Yilmaz", 4, 6)
    browser_login(page, live_server, world.editor)
    page.goto(f"{live_server.url}/w/{world.workspace.slug}/stakeholders/grid/")
    dot = page.locator(f'.sh-dot[data-id="{yilmaz.pk}"]')
    # Reached with the Tab key like any link, named for screen readers by where it stands.
    expect(dot).to_have_attribute("aria-label", "Selin Yilmaz: power 4.0, interest 6.0")
    dot.focus()
    page.keyboard.press("ArrowUp")  # power + 0.5
    page.keyboard.press("ArrowUp")  # power + 0.5
    page.keyboard.press("Shift+ArrowRight")  # interest + 1
    page.keyboard.press("ArrowLeft")  # interest − 0.5
    expect(page.locator("#grid-status")).to_contain_text("saved")
    yilmaz.refresh_from_db()
    assert (yilmaz.power, yilmaz.interest) == (5, 6.5)
    assert yilmaz.quadrant == "manage_closely"
    # One move, one trail entry (the keys within a moment are one move).
    assert _grid_records(yilmaz) == [(4, 6), (5, 6.5)]
    expect(dot).to_have_attribute("aria-label", "Selin Yilmaz: power 5.0, interest 6.5")
    # A step past the edge stops at the edge and is saved there.
    page.keyboard.press("Shift+ArrowDown")
    for _ in range(5):
        page.keyboard.press("Shift+ArrowDown")
    expect(page.locator("#grid-status")).to_contain_text("power 0.0")
    expect(page.locator("#grid-status")).to_contain_text("saved")
    yilmaz.refresh_from_db()
    assert yilmaz.power == 0
    assert _grid_records(yilmaz)[-1] == (0, 6.5)


CROWD = [
    # Three at exactly one place, two near each other, long names side by side.
    ("Dr. Jürgen Klein", 8, 8),
    ("Selin Yilmaz", 8, 8),
    ("Thomas Berger", 8, 8),
    ("Anna Schmidt-Wagenknecht", 7.1, 3.0),
    ("Bernd Oberhuber", 7.0, 3.1),
    ("Claudia Fernández López", 6.5, 3.4),
    ("Dieter Müller", 2, 9.6),
    ("Eva Nguyen", 2.2, 9.4),
    ("Friedrich von Hohenstein", 5, 5),
    ("Gül Aydın", 5.3, 5.3),
    ("Hanna Larsen", 1, 1),
    ("Ingo Weiß", 1.2, 1.1),
]


def _label_boxes(page) -> list[dict]:
    return page.evaluate(
        """() => [...document.querySelectorAll('#grid .sh-label')]
            .filter((el) => getComputedStyle(el).visibility !== 'hidden')
            .map((el) => {
              const r = el.getBoundingClientRect();
              return {text: el.textContent, x: r.x, y: r.y, w: r.width, h: r.height};
            })"""
    )


def _overlapping(boxes: list[dict]) -> list[tuple[str, str]]:
    found = []
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            if (
                a["x"] < b["x"] + b["w"] - 0.5
                and b["x"] < a["x"] + a["w"] - 0.5
                and a["y"] < b["y"] + b["h"] - 0.5
                and b["y"] < a["y"] + a["h"] - 0.5
            ):
                found.append((a["text"], b["text"]))
    return found


@pytest.mark.parametrize("language", ["en", "de"])
@pytest.mark.parametrize("size", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_crowded_people_stay_readable_on_the_grid(page, live_server, world, size, language):
    people = {name: _placed(world, name, p, i) for name, p, i in CROWD}
    world.editor.language = language
    world.editor.save(update_fields=["language"])
    browser_login(page, live_server, world.editor)
    page.set_viewport_size(size)
    page.goto(f"{live_server.url}/w/{world.workspace.slug}/stakeholders/grid/")
    boxes = _label_boxes(page)
    assert boxes, "no names on the grid"
    assert _overlapping(boxes) == []
    # The three at one place share one dot that says 3 and lists them; the two pairs
    # less than a dot apart share a dot each.
    counts = page.locator("#grid .sh-spot .sh-count").all_text_contents()
    assert sorted(counts) == ["2", "2", "3"]
    listed = page.locator(".sh-shared").inner_text()
    for name in ("Dr. Jürgen Klein", "Selin Yilmaz", "Thomas Berger", "Hanna Larsen",
                 "Ingo Weiß", "Anna Schmidt-Wagenknecht", "Bernd Oberhuber"):  # fmt: skip
        assert name in listed
    # Every other person has their own dot.
    for name in ("Claudia Fernández López", "Dieter Müller", "Eva Nguyen",
                 "Friedrich von Hohenstein", "Gül Aydın"):  # fmt: skip
        expect(page.locator(f'.sh-dot[data-id="{people[name].pk}"]')).to_have_count(1)
    # Nothing pushes the page sideways on a phone.
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    folder = os.environ.get("LEITSTERN_SCREENSHOTS")
    if folder:
        page.locator(".sh-two").first.screenshot(
            path=f"{folder}/grid-{language}-{size['width']}.png"
        )
    assert not page.csp_errors
