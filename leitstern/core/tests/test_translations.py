from __future__ import annotations

import shutil

import pytest

from leitstern.core.management.commands.check_translations import translation_problems


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="needs GNU gettext (xgettext)")
def test_every_string_is_translated_to_german():
    assert translation_problems("de") == []


@pytest.mark.django_db
def test_an_empty_select_choice_speaks_the_readers_language():
    """Django's own blank-choice label has no German; the one every select shows does."""
    from django import forms
    from django.contrib.auth import get_user_model
    from django.utils import translation

    field = forms.ModelChoiceField(queryset=get_user_model().objects.none())
    with translation.override("de"):
        assert str(next(iter(field.choices))[1]) == "— bitte wählen —"
    with translation.override("en"):
        assert str(next(iter(field.choices))[1]) == "— please choose —"


def test_no_translated_string_hides_in_an_f_string():
    """``makemessages`` does not look inside f-strings: ``f"{_('Amount')} ({currency})"``
    is never extracted, so it stays English for every German reader while the catalogue
    looks complete."""
    import ast
    from pathlib import Path

    names = {"_", "gettext", "gettext_lazy", "pgettext", "ngettext", "npgettext"}
    root = Path(__file__).resolve().parents[2]
    hidden = []
    for path in sorted(root.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.JoinedStr):
                for inner in ast.walk(node):
                    if (
                        isinstance(inner, ast.Call)
                        and isinstance(inner.func, ast.Name)
                        and inner.func.id in names
                    ):
                        hidden.append(f"{path.relative_to(root)}:{inner.lineno}")
    assert hidden == []
