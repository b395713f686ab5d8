"""An operator in a real Chromium: signs in through Leitstern's page, finds an API token in
the admin and revokes it. The admin works under the Content-Security-Policy (the ``page``
fixture fails on any violation)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from leitstern.accounts.models import ApiToken, User
from leitstern.accounts.services import api_token_create
from leitstern.testing import PASSWORD, make_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_operator_revokes_a_token_in_the_admin(page, live_server):
    world = make_world()
    User.objects.filter(pk=world.owner.pk).update(is_staff=True)
    token, _raw = api_token_create(actor=world.editor, workspace=world.workspace, name="Old CI")

    page.goto(f"{live_server.url}/admin/")
    page.wait_for_url(re.compile(r"/accounts/login/\?next=/admin/"))
    page.get_by_label("Email address").fill(world.owner.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r"/admin/$"))
    assert page.get_by_role("heading", name="Installation").is_visible()

    # Each step loads a new page: expect() waits for it, is_visible() would not.
    page.get_by_role("link", name="API tokens").click()
    row = page.get_by_role("row").filter(has_text="Old CI")
    expect(row.get_by_text(token.hint, exact=True)).to_be_visible()
    row.get_by_role("checkbox").check()
    page.get_by_role("combobox", name="Action").select_option(label="Revoke the selected tokens")
    page.get_by_role("button", name="Run").click()
    expect(page.get_by_text("1 token revoked.")).to_be_visible()
    token.refresh_from_db()
    assert token.revoked_at is not None

    page.get_by_role("link", name="Old CI").click()
    page.wait_for_url(re.compile(rf"/admin/accounts/apitoken/{token.pk}/change/$"))
    expect(page.get_by_text(token.hint, exact=True)).to_be_visible()
    assert ApiToken.objects.get(pk=token.pk).token_hash not in page.content()
