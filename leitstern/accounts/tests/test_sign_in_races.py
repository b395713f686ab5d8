"""Sign-in throttling holds when many attempts arrive at the same moment: with a limit of 5,
at most 5 passwords are ever checked, however many guesses run in parallel. Each attempt runs
in a thread of its own with its own database connection, through the real sign-in page.

Runs on PostgreSQL only: SQLite serialises every write transaction (``BEGIN IMMEDIATE``) and
its in-memory test database cannot be shared between connections the way a server's can."""

from __future__ import annotations

import threading

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client

from leitstern.testing import PASSWORD, make_user

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        settings.DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3",
        reason="needs concurrent connections to one database (PostgreSQL)",
    ),
]

ATTEMPTS = 15
ROUNDS = 4
CHECKED = "Email address or password is not correct."
REFUSED = "Too many failed sign-ins"


def _sign_in_at_once(attempts: list[tuple[str, str, str]]) -> list[str]:
    """Post every (email, password, address) to the sign-in page at the same moment; returns
    each answer's text, or the status line when it was not a 200."""
    barrier = threading.Barrier(len(attempts))
    answers = [""] * len(attempts)

    def attempt(index: int, email: str, password: str, address: str) -> None:
        try:
            barrier.wait()
            response = Client().post(
                "/accounts/login/", {"email": email, "password": password}, REMOTE_ADDR=address
            )
            answers[index] = (
                response.text if response.status_code == 200 else f"HTTP {response.status_code}"
            )
        except Exception as error:
            answers[index] = repr(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(i, *a)) for i, a in enumerate(attempts)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return answers


def _tally(answers: list[str]) -> tuple[int, int]:
    checked = sum(CHECKED in answer for answer in answers)
    refused = sum(REFUSED in answer for answer in answers)
    assert checked + refused == len(answers), [a[:200] for a in answers]
    return checked, refused


def test_parallel_guesses_at_one_account_check_at_most_the_limit():
    limit = settings.LOGIN_THROTTLE_PER_ACCOUNT
    for _ in range(ROUNDS):
        user = make_user()
        answers = _sign_in_at_once(
            [(user.email, f"guess-{n}", f"198.51.100.{n + 1}") for n in range(ATTEMPTS)]
        )
        checked, refused = _tally(answers)
        assert checked == limit and refused == ATTEMPTS - limit
        # And the right password is refused now too.
        last = Client().post(
            "/accounts/login/", {"email": user.email, "password": PASSWORD}, REMOTE_ADDR="192.0.2.1"
        )
        assert REFUSED in last.text


def test_parallel_guesses_from_one_address_check_at_most_the_limit(settings):
    settings.LOGIN_THROTTLE_PER_ADDRESS = 5
    for round_ in range(ROUNDS):
        address = f"203.0.113.{round_ + 1}"
        answers = _sign_in_at_once(
            [(f"guess{round_}-{n}@example.com", "wrong", address) for n in range(ATTEMPTS)]
        )
        assert _tally(answers) == (5, ATTEMPTS - 5)
