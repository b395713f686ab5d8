"""Share links of audience views are the kernel's public links (``core.tokens``): shown
once, only a hash stored, no-store and noindex, and a link that no longer works says why.
Exports come from the kernel's writers: formula-safe CSV (Excel, German Excel, plain) and
escaped Markdown, with nothing the audience may not see."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from leitstern.activity.models import ActivityEntry
from leitstern.roadmap import kinds, services
from leitstern.roadmap.models import Audience, AudienceLink, Horizon
from leitstern.roadmap.tests.factory import make_item, make_link

pytestmark = pytest.mark.django_db


def _customers(world) -> Audience:
    return Audience.objects.get(workspace=world.workspace, name="Customers")


def _signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _csv(response) -> str:
    return b"".join(response.streaming_content).decode("utf-8")


# --- share links ---------------------------------------------------------------------------


def test_a_share_link_opens_signed_out_without_internal_items_and_is_never_stored(world, filled):
    link, raw = make_link(world, _customers(world))
    assert link.token_hash == hashlib.sha256(raw.encode()).hexdigest()
    assert raw not in {link.token_hash, link.label}

    response = Client().get(reverse("roadmap_share:view", args=[raw]))

    assert response.status_code == 200
    page = response.content.decode()
    assert "Size advisor in checkout" in page  # public, in Now
    assert "Own payment app" not in page  # internal and not doing
    assert "Merchant insights" not in page  # internal
    assert "no-store" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex"
    assert response["Referrer-Policy"] == "no-referrer"
    assert '<meta name="robots" content="noindex">' in page
    printable = Client().get(reverse("roadmap_share:print", args=[raw]))
    assert printable.status_code == 200
    assert printable["X-Robots-Tag"] == "noindex"
    assert "no-store" in printable["Cache-Control"]


def test_a_revoked_link_says_so_and_shows_nothing_of_the_roadmap(world, filled):
    link, raw = make_link(world, _customers(world))
    services.link_revoke(actor=world.owner, link=link)
    services.link_revoke(actor=world.owner, link=link)

    response = Client().get(reverse("roadmap_share:view", args=[raw]))

    assert response.status_code == 404
    page = response.content.decode()
    assert "This link has been revoked" in page
    assert "Size advisor in checkout" not in page
    assert response["X-Robots-Tag"] == "noindex"
    assert "no-store" in response["Cache-Control"]
    assert ActivityEntry.objects.filter(kind=kinds.LINK_REVOKED).count() == 1


def test_an_expired_link_says_so_in_the_readers_language(world, filled):
    link, raw = make_link(world, _customers(world))
    AudienceLink.objects.filter(pk=link.pk).update(expires_at=timezone.now())

    english = Client().get(reverse("roadmap_share:print", args=[raw]))
    german = Client(headers={"accept-language": "de"}).get(
        reverse("roadmap_share:view", args=[raw])
    )

    assert english.status_code == german.status_code == 404
    assert "This link has expired" in english.content.decode()
    assert "Dieser Link ist abgelaufen" in german.content.decode()
    assert "Size advisor in checkout" not in english.content.decode()


@pytest.mark.parametrize("token", ["x" * 43, "short", "not a token at all " * 3])
def test_an_unknown_token_is_not_available(world, filled, token):
    make_link(world, _customers(world))
    response = Client().get(reverse("roadmap_share:view", args=[token]))
    assert response.status_code == 404
    assert "This link is not available" in response.content.decode()
    assert response["X-Robots-Tag"] == "noindex"


@pytest.mark.parametrize("days", [0, 366])
def test_a_link_lasts_one_to_365_days_and_a_bad_lifetime_saves_nothing(world, filled, days):
    with pytest.raises(ValidationError) as refused:
        services.link_create(actor=world.owner, audience=_customers(world), days=days)
    assert "days" in refused.value.message_dict
    assert not AudienceLink.objects.exists()
    assert not ActivityEntry.objects.filter(kind=kinds.LINK_CREATED).exists()


def test_a_new_link_expires_after_its_days_and_is_recorded(world, filled):
    before = timezone.now()
    link, _raw = services.link_create(
        actor=world.owner, audience=_customers(world), days=7, label=" Newsletter "
    )
    assert link.label == "Newsletter"
    assert before + timedelta(days=7) <= link.expires_at <= timezone.now() + timedelta(days=7)
    assert link.is_active and not link.single_use
    entry = ActivityEntry.objects.get(kind=kinds.LINK_CREATED)
    assert entry.changes == {"expires_at": ["", link.expires_at.date().isoformat()]}


# --- exports -------------------------------------------------------------------------------


def test_the_roadmap_csv_is_for_excel_by_default_and_formula_safe(world, filled):
    make_item(filled.roadmap, world.owner, '=HYPERLINK("http://x")', horizon=Horizon.NOW)
    url = reverse("roadmap:roadmap_csv", args=[world.workspace.slug, filled.roadmap.pk])

    response = _signed_in(world.viewer).get(url)

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    assert ".csv" in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]
    text = _csv(response)
    assert text.startswith("\ufeffroadmap,horizon,title,")
    assert "'=HYPERLINK" in text
    assert ",=HYPERLINK" not in text
    assert "Own payment app" in text  # the team's own export has every item
    assert text.endswith("\r\n")


def test_the_roadmap_csv_for_german_excel_and_plain(world, filled):
    url = reverse("roadmap:roadmap_csv", args=[world.workspace.slug, filled.roadmap.pk])
    client = _signed_in(world.viewer)

    german = _csv(client.get(url + "?dialect=excel-de"))
    plain = _csv(client.get(url + "?dialect=plain"))

    assert german.startswith("\ufeffroadmap;horizon;title;")
    assert "Size advisor in checkout;" in german
    assert plain.startswith("roadmap,horizon,title,")
    assert german.count("\r\n") == plain.count("\r\n") == 1 + 5  # header and five items


def test_an_audience_csv_shows_only_what_the_audience_may_see(world, filled):
    audience = _customers(world)
    url = reverse("roadmap:audience_csv", args=[world.workspace.slug, audience.pk])

    text = _csv(_signed_in(world.viewer).get(url + "?dialect=plain"))

    header, *lines = text.strip().split("\r\n")
    assert header == "roadmap,horizon,title,outcome or problem,status"
    assert len(lines) == 1
    assert "Size advisor in checkout" in lines[0]
    assert "Fewer returns for first-time buyers" in lines[0]


def test_the_markdown_export_escapes_user_text(world, filled):
    make_item(filled.roadmap, world.owner, "# Big | *bold* [x](y)", horizon=Horizon.LATER)
    make_item(filled.roadmap, world.owner, "-1 problem", horizon=Horizon.LATER)
    url = reverse("roadmap:roadmap_markdown", args=[world.workspace.slug, filled.roadmap.pk])

    response = _signed_in(world.viewer).get(url)

    assert response.status_code == 200
    assert response["Content-Type"] == "text/markdown; charset=utf-8"
    assert ".md" in response["Content-Disposition"]
    text = response.content.decode()
    assert text.startswith("# ")
    assert "- **\\# Big \\| \\*bold\\* \\[x\\](y)**" in text
    assert "- **'-1 problem**" in text
    assert "## " in text and "### Now" in text
    assert text.endswith("\n") and not text.endswith("\n\n")
