from __future__ import annotations

import pytest
from django.test import Client


@pytest.fixture
def client_for(django_capture_on_commit_callbacks):
    """A signed-in client whose requests run their on-commit work (tasks, activity entries)
    before answering, as they would outside the test transaction."""

    class CommitClient(Client):
        def request(self, **request):
            with django_capture_on_commit_callbacks(execute=True):
                return super().request(**request)

    def make(user) -> Client:
        client = CommitClient()
        client.force_login(user)
        return client

    return make


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Computed charts and forecasts are cached; every test starts without them."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
