from __future__ import annotations

import shutil

import pytest

from leitstern.core.management.commands.check_translations import translation_problems


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="needs GNU gettext (xgettext)")
def test_every_string_is_translated_to_german():
    assert translation_problems("de") == []
