"""The module registry: every domain app is registered once, has the same shape, and is
found where the navigation, the URLs, the API and the demo expect it."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.apps import apps
from django.urls import reverse

from leitstern.site.layers import LAYERS, PLATFORM, SHELL
from leitstern.site.modules import MODULES, MODULES_BY_KEY, Nav, in_layer_order, in_nav

DOMAIN_APPS = [
    config
    for config in apps.get_app_configs()
    if config.name.startswith("leitstern.") and PLATFORM < LAYERS.get(config.label, 0) < SHELL
]

# Every domain app has the same files, so any of them is easy to find one's way around.
SHAPE = [
    ("models.py", "models"),
    ("services.py", "services"),
    ("selectors.py", "selectors"),
    ("access.py",),
    ("forms.py",),
    ("views.py", "views"),
    ("urls.py",),
    ("api.py", "api"),
    ("portable.py",),
    ("demo.py",),
    ("README.md",),
    ("tests/factory.py",),
]


def test_there_are_domain_apps_to_check():
    assert {"products", "teams", "strategy", "forecasts"} <= {c.label for c in DOMAIN_APPS}


@pytest.mark.parametrize("config", DOMAIN_APPS, ids=lambda config: config.label)
def test_a_domain_app_has_the_same_files_as_every_other(config):
    root = Path(config.path)
    missing = [" or ".join(names) for names in SHAPE if not any((root / n).exists() for n in names)]
    if not (root / "templates" / config.label).is_dir():
        missing.append(f"templates/{config.label}/")
    assert missing == [], f"{config.label} lacks {missing}"


@pytest.mark.parametrize("config", DOMAIN_APPS, ids=lambda config: config.label)
def test_a_domain_app_is_registered_with_the_shell(config):
    module = MODULES_BY_KEY.get(config.label)
    assert module is not None, f"add a Module entry for {config.label} to site/modules.py"
    assert module.urls is not None and module.router is not None and module.demo is not None
    assert module.urls.app_name == module.key


def test_every_module_has_a_layer_and_a_unique_key():
    assert len(MODULES_BY_KEY) == len(MODULES)
    assert [m.key for m in MODULES if m.key not in LAYERS] == []


def test_the_demo_seeds_lower_layers_first():
    order = [module.key for module in in_layer_order()]
    assert order.index("products") < order.index("teams") < order.index("strategy")
    assert order.index("teams") < order.index("forecasts")
    layers = [LAYERS[key] for key in order]
    assert layers == sorted(layers)


def test_the_navigation_keeps_its_order():
    assert [m.key for m in in_nav(Nav.MODULES)] == [
        "strategy",
        "roadmap",
        "discovery",
        "research",
        "stakeholders",
        "requests",
        "forecasts",
        "cases",
    ]
    assert [m.key for m in in_nav(Nav.MAIN)] == ["products"]
    assert [m.key for m in in_nav(Nav.WORKSPACE)] == ["teams"]


@pytest.mark.django_db
def test_every_navigation_entry_opens_a_page(world, client):
    client.force_login(world.viewer)
    viewer = world.viewer.memberships.get(workspace=world.workspace)
    for module in MODULES:
        if module.nav is None:
            continue
        if not module.reachable_by(viewer):
            # A module beyond the viewer's role (the stakeholder map): no entry, no page.
            assert module not in in_nav(module.nav, viewer)
            url = reverse(module.url_name, kwargs={"slug": world.workspace.slug})
            assert client.get(url).status_code == 404, module.key
            continue
        url = reverse(module.url_name, kwargs={"slug": world.workspace.slug})
        assert client.get(url).status_code == 200, module.key
