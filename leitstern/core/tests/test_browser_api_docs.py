"""The API documentation page works offline and under the Content-Security-Policy."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_api_docs_render_from_local_files(page, live_server):
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(f"{live_server.url}/api/v1/docs")
    # Swagger UI parses and resolves the whole OpenAPI 3.1 document (200+ operations, about
    # half a megabyte) before it draws anything; on a busy two-core runner that alone takes
    # 8-15 s, so the first wait gets more than the 10 s default. What is checked is unchanged.
    page.get_by_text("Leitstern API").first.wait_for(timeout=45_000)
    expect(page.get_by_text("/api/v1/workspaces/{slug}/products").first).to_be_visible()
    outside = [url for url in requests if not url.startswith(live_server.url)]
    assert outside == [], f"The docs page fetched from elsewhere: {outside}"
