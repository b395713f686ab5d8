"""The crawl guard: every page reachable from the workspace home, for every role, in
English and German, answers without a server error, renders every template variable it
names, offers only links and forms the same person may use, and keeps form inputs
machine-readable (ISO dates, plain decimal numbers). Reading pages changes nothing.

No page is listed here: a new module is covered as soon as a page links to it."""

from __future__ import annotations

import pytest
from django.test import Client

from leitstern.core.tests.crawler import (
    crawl,
    database_state,
    state_differences,
    template_settings_with_trap,
)
from leitstern.workspaces.models import ROLE_LEVEL, Membership

ROLES = ["owner", "editor", "contributor", "viewer"]


def _member(workspace, role: str) -> Membership:
    """The demo member of ``role`` who owns the most (so their pages offer the most)."""
    from leitstern.activity.models import ActivityEntry

    members = list(Membership.objects.filter(workspace=workspace, role=role).select_related("user"))
    return max(
        members,
        key=lambda m: (ActivityEntry.objects.filter(actor=m.user).count(), m.user.email),
    )


@pytest.mark.parametrize("language", ["en", "de"])
@pytest.mark.parametrize("role", ROLES)
def test_every_reachable_page_works_for_the_role(demo, db, settings, role, language):
    settings.TEMPLATES = template_settings_with_trap(settings.TEMPLATES)
    member = _member(demo, role)
    member.user.language = language
    member.user.save(update_fields=["language"])
    client = Client()
    client.force_login(member.user)
    before = database_state()

    result = crawl(client, f"/w/{demo.slug}/", level=ROLE_LEVEL[role])

    assert not result.problems, result.report()
    assert state_differences(before, database_state()) == [], "reading pages changed data"
    # The crawl reached the depth of the product, not only the navigation.
    routes = result.routes()
    assert len(routes) >= 20, routes
