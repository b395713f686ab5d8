"""The crawl guard: every page reachable from the workspace home, for every role, in
English and German, answers without a server error, renders every template variable it
names, offers only links and forms the same person may use, and keeps form inputs
machine-readable (ISO dates, plain decimal numbers). Reading pages changes nothing.

The round-trip guard runs on the owner's crawl: every edit form it found, opened and saved
without touching anything, saves without a complaint and changes nothing (no row, no
version, no activity entry); an edit route the crawl never reached fails it too.

No page is listed here: a new module is covered as soon as a page links to it."""

from __future__ import annotations

import pytest
from django.test import Client

from leitstern.core.tests.crawler import (
    CrawlResult,
    StateWatch,
    crawl,
    html_only,
    template_settings_with_trap,
)
from leitstern.core.tests.round_trip import edit_pages, edit_routes, round_trip, view_name
from leitstern.workspaces.models import ROLE_LEVEL, Membership

ROLES = ["owner", "editor", "contributor", "viewer"]


def _member(workspace, role: str) -> Membership:
    """The demo member of ``role`` who owns the most (so their pages offer the most)."""
    from leitstern.activity.models import ActivityEntry

    members = list(Membership.objects.filter(workspace=workspace, role=role).select_related("user"))
    return max(
        members,
        key=lambda m: (ActivityEntry.objects.filter(actor=m.user).count(), m.user.email),
    )


@pytest.fixture(scope="class")
def crawled() -> dict[str, tuple[CrawlResult, list[str]]]:
    """Each role's crawl in the class's language with what it changed, done once: the
    owner's serves the crawl guard and the round trip. Every test still runs in its own
    savepoint of the same demo, so the crawled pages are the ones it sees."""
    return {}


def _crawl_as(
    crawled: dict, demo, role: str, language: str
) -> tuple[Membership, CrawlResult, list[str]]:
    """The member of ``role`` set to ``language``, their crawl (once per class) and the
    rows that crawl changed."""
    member = _member(demo, role)
    member.user.language = language
    member.user.save(update_fields=["language"])
    if role not in crawled:
        client = Client()
        client.force_login(member.user)
        watch = StateWatch()
        result = crawl(client, f"/w/{demo.slug}/", level=ROLE_LEVEL[role])
        crawled[role] = (result, watch.differences())
    return member, *crawled[role]


@pytest.mark.long
class Crawls:
    """Every crawl in one language. English and German are two classes so that parallel
    test workers (``-n``, whole classes to a worker) can take one each."""

    language = "en"

    @pytest.mark.parametrize("role", ROLES)
    def test_every_reachable_page_works_for_the_role(self, demo, db, settings, crawled, role):
        settings.TEMPLATES = template_settings_with_trap(settings.TEMPLATES)

        _, result, changed = _crawl_as(crawled, demo, role, self.language)

        assert not result.problems, result.report()
        assert changed == [], "reading pages changed data"
        # The crawl reached the depth of the product, not only the navigation.
        routes = result.routes()
        assert len(routes) >= 20, routes

    def test_every_edit_form_saves_unchanged_without_changing_anything(
        self, demo, db, settings, crawled
    ):
        settings.TEMPLATES = template_settings_with_trap(settings.TEMPLATES)
        owner, found, _ = _crawl_as(crawled, demo, "owner", self.language)
        client = Client()
        client.force_login(owner.user)

        pages = edit_pages(found)
        reached = {view_name(page) for page in pages}
        assert reached == edit_routes(), "edit routes the crawl never reached (link them?)"

        watch = StateWatch()
        with html_only():
            problems = [problem for page in pages for problem in round_trip(client, page, watch)]
        assert not problems, "\n".join(problems)

    def test_a_brand_new_workspace_works_too(self, db, settings):
        """The first visit: no products, teams, cycles or metrics yet, every empty state."""
        from leitstern.testing import make_user, make_workspace

        settings.TEMPLATES = template_settings_with_trap(settings.TEMPLATES)
        owner = make_user("Nina New", language=self.language)
        workspace = make_workspace(owner, "Fresh Start")
        client = Client()
        client.force_login(owner)

        result = crawl(client, f"/w/{workspace.slug}/", level=ROLE_LEVEL["owner"])

        assert not result.problems, result.report()
        assert len(result.routes()) >= 15, result.routes()

    def test_share_links_work_for_anyone(self, demo, db, settings):
        """Share links are opened signed out; their raw token is shown only once, so the
        crawl cannot find them on a page and starts from fresh ones."""
        from leitstern.forecasts.models import SavedForecast, TrackingForecast
        from leitstern.forecasts.services import share_create

        language = self.language
        settings.TEMPLATES = template_settings_with_trap(settings.TEMPLATES)
        owner = Membership.objects.filter(workspace=demo, role="owner").first().user
        tokens = [
            share_create(
                actor=owner, forecast=SavedForecast.objects.filter(team__workspace=demo)[0]
            )[1],
            share_create(
                actor=owner, tracking=TrackingForecast.objects.filter(team__workspace=demo)[0]
            )[1],
        ]
        for token in tokens:
            anonymous = Client(headers={"Accept-Language": language})
            result = crawl(anonymous, f"/s/{token}/", level=0, anonymous=anonymous)
            assert not result.problems, result.report()
            first = anonymous.get(f"/s/{token}/")
            assert first.status_code == 200 and f'<html lang="{language}">' in first.text


class TestInEnglish(Crawls):
    language = "en"


class TestInGerman(Crawls):
    language = "de"
