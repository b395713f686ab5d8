"""Every main page, htmx fragment and list operation answers within a budget of queries
that does not grow with the data: two workspaces built by the large-workspace generators,
one twice the other, need exactly the same number of queries page by page. (How long the
pages take at full size is measured in ``benchmarks/large_pages.py``, not here.)"""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from leitstern.accounts.services import api_token_create
from leitstern.core.tests.large import DOUBLE, SMALL, build
from leitstern.core.tests.pages import API, HTMX, main_pages

pytestmark = pytest.mark.django_db

BUDGET = 20


def _clients(workspace) -> dict[str, tuple[Client, dict]]:
    owner = workspace.memberships.filter(role="owner").order_by("pk").first().user
    client = Client()
    client.force_login(owner)
    _token, raw = api_token_create(actor=owner, workspace=workspace, name="budget")
    return {
        "page": (client, {}),
        HTMX: (client, {"HX-Request": "true"}),
        API: (Client(), {"Authorization": f"Bearer {raw}"}),
    }


def _counts(workspace) -> dict[str, int]:
    clients, found = _clients(workspace), {}
    for label, url, how in main_pages(workspace):
        client, headers = clients[how]
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url, headers=headers)
        assert response.status_code == 200, (label, response.status_code)
        found[label] = len(queries)
    return found


def test_pages_need_the_same_queries_for_twice_the_data(django_assert_max_num_queries):
    small = build(slug="small", scale=SMALL, seed=3).workspace
    double = build(slug="double", scale=DOUBLE, seed=4).workspace
    expected = _counts(small)
    clients = _clients(double)
    for label, url, how in main_pages(double):
        client, headers = clients[how]
        with django_assert_max_num_queries(min(expected[label], BUDGET)) as queries:
            assert client.get(url, headers=headers).status_code == 200, label
        assert len(queries) == expected[label], label
