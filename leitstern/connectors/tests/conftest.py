from __future__ import annotations

from collections.abc import Iterator

import pytest

from leitstern.connectors.tests.stub import Stub


@pytest.fixture
def stub() -> Iterator[Stub]:
    with Stub() as server:
        yield server


@pytest.fixture
def team(world):
    from leitstern.forecasts.tests.factory import make_team

    return make_team(world, "Checkout squad")


@pytest.fixture
def client_for(django_capture_on_commit_callbacks):
    """A signed-in client whose requests run their on-commit work (the sync task) before
    answering, as the worker would run it."""
    from django.test import Client

    class CommitClient(Client):
        def request(self, **request):
            with django_capture_on_commit_callbacks(execute=True):
                return super().request(**request)

    def make(user) -> Client:
        client = CommitClient()
        client.force_login(user)
        return client

    return make
