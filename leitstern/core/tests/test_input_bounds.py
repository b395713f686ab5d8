"""The shared rules for names and texts, and the bounds every form applies: invisible and
direction-control names, dates outside 1970–2100, absurd numbers, bodies over the limit."""

from __future__ import annotations

import importlib
import importlib.util
import inspect
from datetime import date

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.test import Client

from leitstern.core import limits
from leitstern.core.forms import BoundedInputs
from leitstern.core.text import clean_line, clean_text
from leitstern.forecasts.tests.factory import sample_team
from leitstern.products.models import Product
from leitstern.strategy.tests.factory import make_cycle, make_metric, make_okr
from leitstern.testing import World

# --- the shared validator ------------------------------------------------------------------


@pytest.mark.parametrize(
    "value,expected",
    [
        ("  Storefront ", "Storefront"),
        ("\u200bCheckout\u200d", "Checkout"),
        ("Zoë & Søren", "Zoë & Søren"),
        ("👩\u200d💻 Dev", "👩\u200d💻 Dev"),  # a joiner inside an emoji stays
        ("שלום", "שלום"),  # right-to-left text itself is fine
    ],
)
def test_a_name_keeps_what_is_visible(value, expected):
    assert clean_line(value) == expected


@pytest.mark.parametrize(
    "value,code",
    [
        ("", "invisible"),
        ("   ", "invisible"),
        ("\u200b", "invisible"),
        ("\u200b\u200c\u200d\u2060\ufeff", "invisible"),
        ("\u3164\u2800", "invisible"),
        ("\u0301", "invisible"),  # a combining accent on nothing
        ("Invoice\u202egpj.exe", "bidi"),
        ("\u202aA", "bidi"),
        ("A\u2069", "bidi"),
        ("Store\x00front", "nul"),
        ("front\x00", "nul"),
        ("Two\nlines", "control"),
        ("x\ud800", "surrogate"),
    ],
)
def test_a_name_that_cannot_be_read_or_stored_is_refused(value, code):
    with pytest.raises(ValidationError) as refused:
        clean_line(value)
    assert refused.value.code == code


def test_an_optional_line_of_only_invisible_characters_is_empty():
    assert clean_line("\u200b ", required=False) == ""
    with pytest.raises(ValidationError):
        clean_line("\u202e", required=False)


def test_free_text_keeps_lines_but_not_nul():
    assert clean_text("Line one\nLine two\u202e") == "Line one\nLine two\u202e"
    with pytest.raises(ValidationError):
        clean_text("a\x00b")


# --- every form uses the bounds ------------------------------------------------------------


def _form_classes():
    """Every form class defined in a ``forms`` module of Leitstern's apps."""
    from django.apps import apps

    for config in apps.get_app_configs():
        if not config.name.startswith("leitstern.") or not importlib.util.find_spec(
            f"{config.name}.forms"
        ):
            continue
        module = importlib.import_module(f"{config.name}.forms")
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ == module.__name__ and issubclass(cls, forms.BaseForm):
                yield cls


def test_every_form_applies_the_shared_bounds():
    classes = list(_form_classes())
    assert len(classes) > 20
    unbounded = [
        f"{cls.__module__}.{cls.__name__}"
        for cls in classes
        if not issubclass(cls, BoundedInputs) and cls.__name__ != "NoteMixin"
    ]
    assert unbounded == [], f"forms without BoundedInputs (core.forms): {unbounded}"


class _Sample(BoundedInputs, forms.Form):
    name = forms.CharField(max_length=50)
    note = forms.CharField(required=False)
    text = forms.CharField(widget=forms.Textarea, required=False)
    day = forms.DateField(required=False)
    count = forms.IntegerField(required=False)
    amount = forms.FloatField(required=False)
    password = forms.CharField(widget=forms.PasswordInput, required=False, strip=False)


@pytest.mark.parametrize(
    "data,field",
    [
        ({"name": "\u200b"}, "name"),
        ({"name": "Evil\u202etxt"}, "name"),
        ({"name": "ok", "day": "0001-01-01"}, "day"),
        ({"name": "ok", "day": "2101-01-01"}, "day"),
        ({"name": "ok", "count": str(2**64)}, "count"),
        ({"name": "ok", "count": "9" * 5000}, "count"),
        ({"name": "ok", "amount": "1e300"}, "amount"),
        ({"name": "ok", "amount": "nan"}, "amount"),
        ({"name": "ok", "amount": "inf"}, "amount"),
        ({"name": "ok", "note": "x" * (limits.MAX_LINE_CHARS + 1)}, "note"),
        ({"name": "ok", "text": "x" * (limits.MAX_TEXT_CHARS + 1)}, "text"),
        ({"name": "ok", "text": "a\x00b"}, "text"),
    ],
)
def test_a_bounded_form_refuses_absurd_values_by_field(data, field):
    form = _Sample(data)
    assert not form.is_valid()
    assert list(form.errors) == [field]


def test_a_bounded_form_strips_names_and_leaves_passwords_alone():
    form = _Sample({"name": " \u200bAnna ", "note": "\u200b", "password": " \u200bpw "})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["name"] == "Anna"
    assert form.cleaned_data["note"] == ""
    assert form.cleaned_data["password"] == " \u200bpw "


def test_date_inputs_carry_the_range_for_the_browser():
    html = str(_Sample()["day"])
    assert 'min="1970-01-01"' in html or "min" not in html  # a plain text date input
    form = _Sample()
    assert form.fields["day"].widget.attrs["max"] == limits.MAX_DATE.isoformat()


# --- the forms of the product ------------------------------------------------------------


@pytest.fixture
def owner_client(world: World) -> Client:
    client = Client()
    client.force_login(world.owner)
    return client


@pytest.mark.parametrize("name", ["\u200b\u200b", "Store\u202efront"])
def test_product_form_refuses_unreadable_names(owner_client, world, name):
    url = f"/w/{world.workspace.slug}/products/new/"
    response = owner_client.post(url, {"name": name})
    assert response.status_code == 200
    assert response.context["form"].errors["name"]
    assert not Product.objects.filter(name=name).exists()


def test_team_form_refuses_direction_controls(owner_client, world):
    response = owner_client.post(
        f"/w/{world.workspace.slug}/teams/new/", {"name": "Checkout\u2066squad"}
    )
    assert response.status_code == 200
    assert "name" in response.context["form"].errors


def test_workspace_and_token_names_are_checked_too(owner_client, world):
    response = owner_client.post("/w/new/", {"name": "\u200b"})
    assert response.status_code == 200
    assert "name" in response.context["form"].errors
    response = owner_client.post(
        "/accounts/tokens/", {"name": "CI\u202e", "workspace": world.workspace.slug}
    )
    assert response.status_code == 200
    assert "name" in response.context["form"].errors
    response = owner_client.post("/accounts/profile/", {"name": "\u3164", "language": "en"})
    assert response.status_code == 200
    assert "name" in response.context["form"].errors


def test_cycle_form_refuses_a_start_in_year_one(owner_client, world):
    cycle = make_cycle(world.workspace, world.owner)
    url = f"/w/{world.workspace.slug}/strategy/cycles/{cycle.pk}/edit/"
    data = {"name": cycle.name, "starts_on": "0001-01-01", "ends_on": "2026-03-31"}
    response = owner_client.post(url, data)
    assert response.status_code == 200
    assert "starts_on" in response.context["form"].errors
    cycle.refresh_from_db()
    assert cycle.starts_on != date(1, 1, 1)


def test_key_result_form_refuses_absurd_numbers(owner_client, world):
    kr = make_okr(world)
    url = f"/w/{world.workspace.slug}/strategy/key-results/{kr.pk}/edit/"
    response = owner_client.post(url, {"title": kr.title, "target": "1e300", "direction": "higher"})
    assert response.status_code == 200
    assert "target" in response.context["form"].errors


def test_metric_value_form_refuses_a_date_past_2100(owner_client, world):
    metric = make_metric(world.product, world.owner)
    url = f"/w/{world.workspace.slug}/strategy/metrics/{metric.pk}/values/"
    response = owner_client.post(url, {"day": "2200-01-01", "value": "3"})
    assert not metric.values.exists()
    assert response.status_code in (200, 302)


def test_forecast_form_refuses_holidays_outside_the_range(owner_client, world):
    from leitstern.forecasts.forms import ForecastForm

    data = {**ForecastForm.defaults(), "holidays": "0001-01-01"}
    form = ForecastForm(data)
    assert not form.is_valid()
    assert "holidays" in form.errors
    form = ForecastForm({**ForecastForm.defaults(), "adjustments": "2026-06-01 nan"})
    assert not form.is_valid()
    assert "adjustments" in form.errors
    assert sample_team(world)  # the page itself is covered by the forecast tests


# --- bodies over the limit -----------------------------------------------------------------


def test_a_form_post_over_the_limit_is_a_413_page_not_a_crash(owner_client, world):
    url = f"/w/{world.workspace.slug}/products/new/"
    response = owner_client.post(url, {"name": "Big", "vision": "v" * limits.MAX_BODY_BYTES})
    assert response.status_code == 413
    assert response["Content-Type"].startswith("text/html")
    assert b"2 MiB" in response.content
    assert not Product.objects.filter(name="Big").exists()


def test_a_form_post_over_the_limit_is_explained_in_german(world):
    world.owner.language = "de"
    world.owner.save()
    client = Client()
    client.force_login(world.owner)
    url = f"/w/{world.workspace.slug}/products/new/"
    response = client.post(url, {"name": "Big", "vision": "v" * limits.MAX_BODY_BYTES})
    assert response.status_code == 413
    assert "Zu viel auf einmal" in response.content.decode()


def test_the_limit_matches_djangos_own_check():
    from django.conf import settings

    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE == limits.MAX_BODY_BYTES


def test_a_choice_of_an_id_beyond_64_bits_is_a_form_error(owner_client, world):
    response = owner_client.post(
        f"/w/{world.workspace.slug}/teams/new/",
        {"name": "Squad", "products": [str(2**70)], "members": [str(2**64)]},
    )
    assert response.status_code == 200
    assert {"products", "members"} <= set(response.context["form"].errors)
