from __future__ import annotations

import re

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from leitstern.products.models import Product
from leitstern.site.demo import DEMO_SLUG, seed_demo
from leitstern.site.modules import Module
from leitstern.workspaces.models import Membership, Role, Workspace

pytestmark = pytest.mark.django_db


def test_pages_carry_a_nonce_based_content_security_policy(world):
    client = Client()
    client.force_login(world.viewer)
    response = client.get(f"/w/{world.workspace.slug}/")
    policy = response["Content-Security-Policy"]
    nonce = re.search(r"'nonce-([^']+)'", policy).group(1)
    assert "script-src 'self' 'nonce-" in policy and "unsafe-inline" not in policy
    scripts = re.findall(r"<script[^>]*>", response.text)
    assert scripts and all(f'nonce="{nonce}"' in tag for tag in scripts)


def test_every_module_has_its_pages():
    with pytest.raises(ValueError, match="needs its pages"):
        Module(key="search", label="Search", summary="One search across every module.")


def test_the_demo_command_seeds_a_company_with_every_role_once_and_says_how_to_sign_in(capsys):
    """One test, so the demo is seeded twice (the command, then ``reset``) and not three
    times: each seeding costs seconds."""
    call_command("demo", no_serve=True)
    out = capsys.readouterr().out
    assert "http://127.0.0.1:8000/w/demo/" in out
    assert "anna.berger@nordwind.example" in out and "Owner" in out
    assert "nordwind-demo-2026" in out

    people = seed_demo(log=lambda _msg: None)
    workspace = Workspace.objects.get(slug=DEMO_SLUG)
    roles = set(Membership.objects.filter(workspace=workspace).values_list("role", flat=True))
    assert roles == set(Role.values)
    assert sum(1 for _email, role in people if role == "Editor") >= 2
    assert Product.objects.filter(workspace=workspace).active().count() >= 3
    assert Workspace.objects.filter(slug=DEMO_SLUG).count() == 1
    seed_demo(reset=True, log=lambda _msg: None)
    assert Workspace.objects.filter(slug=DEMO_SLUG).count() == 1


def test_worker_explains_when_tasks_run_immediately():
    with pytest.raises(CommandError, match="no worker"):
        call_command("worker")


def test_dashboard_query_count_is_flat(world, django_assert_max_num_queries):
    from leitstern.products.tests.factory import make_product

    for n in range(20):
        make_product(world.workspace, world.owner, f"P{n}")
    client = Client()
    client.force_login(world.viewer)
    with django_assert_max_num_queries(10):
        assert client.get(f"/w/{world.workspace.slug}/").status_code == 200
