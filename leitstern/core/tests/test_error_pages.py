"""Error pages are Leitstern's own, in the reader's language; the 500 page needs nothing
that could be the reason for the error (no database, no context processors, no user)."""

from __future__ import annotations

import pytest
from django.test import Client, RequestFactory
from django.utils import translation
from django.views import defaults

from leitstern.testing import make_user


@pytest.mark.django_db
@pytest.mark.parametrize(
    "language,heading",
    [
        ("en", "This page does not exist, or it is not yours to see"),
        ("de", "Diese Seite gibt es nicht, oder sie ist nicht für Sie sichtbar"),
    ],
)
def test_a_missing_page_is_branded_and_in_the_readers_language(world, language, heading):
    world.viewer.language = language
    world.viewer.save()
    client = Client()
    client.force_login(world.viewer)
    for url in ("/no-such-page/", f"/w/{world.other_workspace.slug}/"):
        response = client.get(url)
        assert response.status_code == 404
        assert f'<html lang="{language}">' in response.text
        assert "✦</span> Leitstern" in response.text and "leitstern/app.css" in response.text
        assert heading in response.text


@pytest.mark.django_db
def test_an_anonymous_visitor_gets_the_browser_language():
    response = Client().get("/no-such-page/", headers={"Accept-Language": "de"})
    assert response.status_code == 404 and '<html lang="de">' in response.text


@pytest.mark.parametrize(
    "language,heading",
    [("en", "Something went wrong on our side"), ("de", "Bei uns ist etwas schiefgelaufen")],
)
def test_the_server_error_page_renders_without_database_or_request_context(language, heading):
    """No ``db`` mark: any query here would fail the test."""
    request = RequestFactory().get("/w/demo/")
    with translation.override(language):
        response = defaults.server_error(request)
    text = response.content.decode()
    assert response.status_code == 500
    assert "✦</span> Leitstern" in text and heading in text


@pytest.mark.django_db
def test_a_failing_page_answers_the_branded_500(world, settings):
    """End to end: a view that raises gets the branded page, not Django's bare one."""
    settings.ROOT_URLCONF = "leitstern.core.tests.failing_urls"
    client = Client(raise_request_exception=False)
    client.force_login(make_user(language="de"))
    response = client.get("/fails/")
    assert response.status_code == 500
    assert "Bei uns ist etwas schiefgelaufen" in response.text
