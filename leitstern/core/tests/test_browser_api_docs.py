"""The API documentation page works offline and under the Content-Security-Policy."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_api_docs_render_from_local_files(page, live_server):
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    # The process's first request imports every module's URLs and views, Swagger UI's
    # bundle (1.4 MB of script) runs before the page counts as loaded, and the part it shows
    # is resolved before it is drawn: on a busy two-core runner each can take longer than
    # the default waits, so the test waits for what it checks instead.
    page.goto(f"{live_server.url}/api/v1/docs", wait_until="commit", timeout=60_000)
    parts = page.get_by_role("navigation", name="Parts of the API")
    parts.get_by_role("link", name="products", exact=True).click(timeout=30_000)
    expect(page.get_by_text("/api/v1/workspaces/{slug}/products").first).to_be_visible(
        timeout=30_000
    )
    expect(parts.get_by_role("link", name="products", exact=True)).to_have_attribute(
        "aria-current", "page", timeout=30_000
    )
    outside = [url for url in requests if not url.startswith(live_server.url)]
    assert outside == [], f"The docs page fetched from elsewhere: {outside}"
