"""The foundation's main flow in a real Chromium: sign up, create a product, invite a
colleague, accept as the colleague in a second browser, switch to German."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from leitstern.accounts.models import User
from leitstern.products.models import Product
from leitstern.workspaces.models import Membership

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_signup_product_invite_accept_and_german(page, browser, live_server):
    # Sign up: the first sign-up creates a workspace.
    page.goto(f"{live_server.url}/accounts/signup/")
    page.get_by_label("Your name").fill("Paula Product")
    page.get_by_label("Email address").fill("paula@example.com")
    page.get_by_label("Password").fill("a-long-enough-passphrase")
    page.get_by_label("Workspace name").fill("Paula's Shop")
    page.get_by_role("button", name="Create account").click()
    page.wait_for_url(re.compile(r"/w/paulas-shop/$"))
    expect(page.get_by_role("heading", name="Paula's Shop")).to_be_visible()

    # A product, with a field error first: nothing is saved until the name is given.
    page.get_by_role("link", name="Products", exact=True).click()
    page.get_by_role("link", name="New product").click()
    page.get_by_role("button", name="Create product").click()
    expect(page.get_by_text("This field is required.")).to_be_visible()
    assert Product.objects.count() == 0
    page.get_by_label("Name").first.fill("Checkout")
    page.get_by_label("Vision statement").fill("Paying is the easiest step of shopping.")
    page.get_by_role("button", name="Create product").click()
    expect(page.get_by_role("heading", name="Checkout")).to_be_visible()
    expect(page.get_by_text("created a product")).to_be_visible()

    # Invite a colleague as editor.
    page.get_by_role("link", name="Members").click()
    page.get_by_label("Email address").fill("carl@example.com")
    page.get_by_label("Role").last.select_option("editor")
    page.get_by_role("button", name="Send invitation").click()
    expect(page.get_by_text("Invitation sent to carl@example.com.")).to_be_visible()
    link = re.search(r"https?://\S+/invite/\S+/", mail.outbox[-1].body).group(0)
    path = link.split("/invite/", 1)[1]

    # The colleague accepts in a browser of their own, creating an account on the way.
    colleague = browser.new_context(locale="de-DE")
    other = colleague.new_page()
    other.goto(f"{live_server.url}/invite/{path}")
    other.get_by_role("link", name="Konto anlegen").click()
    other.get_by_label("Ihr Name").fill("Carl Kollege")
    assert other.get_by_label("E-Mail-Adresse").input_value() == "carl@example.com"
    other.get_by_label("Passwort").fill("another-long-passphrase")
    other.get_by_role("button", name="Konto anlegen").click()
    other.get_by_role("button", name="Einladung annehmen").click()
    other.wait_for_url(re.compile(r"/w/paulas-shop/$"))
    expect(other.get_by_text("Willkommen bei Paula's Shop.")).to_be_visible()
    carl = User.objects.get(email="carl@example.com")
    assert Membership.objects.get(user=carl).role == "editor"
    colleague.close()

    # Paula switches her profile to German and sees the German interface.
    page.goto(f"{live_server.url}/accounts/profile/")
    page.get_by_label("Language").select_option("de")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Profil gespeichert.")).to_be_visible()
    page.goto(f"{live_server.url}/w/paulas-shop/")
    page.get_by_role("link", name="Produkte", exact=True).click()
    expect(page.get_by_role("heading", name="Produkte")).to_be_visible()
    assert page.locator("html").get_attribute("lang") == "de"
