from __future__ import annotations

import logging

import pytest

from leitstern.core.logging import RedactSecrets, redact


@pytest.mark.parametrize(
    "line,expected",
    [
        ('"GET /invite/AbC_123-x/ HTTP/1.1" 200', '"GET /invite/[redacted]/ HTTP/1.1" 200'),
        ("Not Found: /s/tok3n/", "Not Found: /s/[redacted]/"),
        (
            "GET /accounts/password/reset/MQ/cbx1-abcdef0123/ 302",
            "GET /accounts/password/reset/MQ/[redacted]/ 302",
        ),
        ("GET /accounts/password/reset/sent/ 200", "GET /accounts/password/reset/sent/ 200"),
        ("GET /w/demo/strategy/ 200", "GET /w/demo/strategy/ 200"),
    ],
)
def test_secret_path_segments_are_redacted(line, expected):
    assert redact(line) == expected


def test_a_public_links_token_is_redacted_wherever_it_appears():
    from leitstern.core.tokens import new_token

    for _ in range(50):
        token = new_token()
        for line in (
            f"GET /c/{token}/ HTTP/1.1",
            f"Not Found: /w/demo/consent/{token}",
            f"GET /x/?token={token}&next=/ 200",
        ):
            assert token not in redact(line)
            assert "[redacted]" in redact(line)


@pytest.mark.parametrize(
    "line",
    [
        "GET /w/nordwind-commerce-and-friends-gmbh-2026/strategy/ 200",
        "GET /static/leitstern/app.4f3a2b1c9d8e7f6a5b4c3d2e1f0a9b8c.css 200",
        "GET /api/v1/workspaces/demo/metrics/12345678901234567890123456789012/values 200",
        "Task id=AbCdEfGhIjKlMnOpQrStUvWxYz012345 path=leitstern.forecasts.tasks.x",
    ],
)
def test_slugs_hashed_file_names_and_ids_are_not_mistaken_for_tokens(line):
    assert redact(line) == line


def test_the_handler_filter_redacts_formatted_messages():
    record = logging.LogRecord(
        "django.request", logging.WARNING, __file__, 1, "Not Found: %s", ("/invite/secret/",), None
    )
    assert RedactSecrets().filter(record) is True
    assert record.getMessage() == "Not Found: /invite/[redacted]/"
    assert "secret" not in record.getMessage()


def test_logging_settings_attach_the_filter_to_the_console():
    from django.conf import settings

    assert "redact_secrets" in settings.LOGGING["handlers"]["console"]["filters"]


def test_every_handler_a_request_warning_reaches_redacts_it():
    """Django's default logging adds a console for DEBUG that has no redaction; the
    "Not Found: /s/<token>/" warning must reach only handlers that redact."""
    reached, logger = [], logging.getLogger("django.request")
    while logger is not None:
        reached += logger.handlers
        logger = logger.parent if logger.propagate else None
    reached = [h for h in reached if not type(h).__module__.startswith("_pytest")]
    assert reached
    for handler in reached:
        assert any(isinstance(f, RedactSecrets) for f in handler.filters), handler


def test_gunicorn_access_lines_are_redacted():
    from types import SimpleNamespace

    from gunicorn.config import Config

    from leitstern.core.logging import AccessLogger

    logger = AccessLogger(Config())
    request = SimpleNamespace(
        method="GET",
        path="/invite/s3cr3t/",
        query="",
        uri="/invite/s3cr3t/",
        version=(1, 1),
        headers=[],
    )
    response = SimpleNamespace(status="200 OK", response_length=10, sent=10, headers=[])
    environ = {
        "REMOTE_ADDR": "127.0.0.1",
        "REQUEST_METHOD": "GET",
        "RAW_URI": "/invite/s3cr3t/",
        "PATH_INFO": "/invite/s3cr3t/",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_REFERER": "http://127.0.0.1/s/an0ther/",
    }
    from datetime import timedelta

    atoms = logger.atoms(response, request, environ, timedelta(seconds=0.01))
    assert atoms["r"] == "GET /invite/[redacted]/ HTTP/1.1"
    assert atoms["U"] == "/invite/[redacted]/"
    assert "an0ther" not in atoms["f"]
