"""Dates in ``<input type="date">`` are ISO in every language; German is for display."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django import forms
from django.test import Client
from django.utils import translation

from leitstern.core.forms import DateInput
from leitstern.strategy.tests.factory import make_cycle


class _Form(forms.Form):
    ours = forms.DateField(widget=DateInput())
    plain = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))


@pytest.mark.parametrize("language", ["en", "de"])
def test_every_date_widget_renders_iso(language):
    with translation.override(language):
        html = str(_Form(initial={"ours": date(2026, 10, 1), "plain": date(2026, 12, 31)}))
    assert 'value="2026-10-01"' in html and 'value="2026-12-31"' in html
    assert 'min="1970-01-01"' in html and 'max="2100-12-31"' in html


def test_german_dates_typed_as_text_are_still_understood():
    with translation.override("de"):
        form = _Form({"ours": "01.10.2026", "plain": "2026-10-01"})
        assert form.is_valid(), form.errors
    assert form.cleaned_data == {"ours": date(2026, 10, 1), "plain": date(2026, 10, 1)}


@pytest.mark.django_db
def test_a_german_editor_sees_and_keeps_the_cycle_dates(world):
    cycle = make_cycle(world.workspace, world.owner, starts_on=date(2026, 10, 1))
    world.owner.language = "de"
    world.owner.save()
    client = Client()
    client.force_login(world.owner)
    url = f"/w/{world.workspace.slug}/strategy/cycles/{cycle.pk}/edit/"
    page = client.get(url).text
    values = dict(re.findall(r'type="date" name="(\w+)" value="([^"]*)"', page))
    assert values["starts_on"] == "2026-10-01"
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", values["ends_on"])
