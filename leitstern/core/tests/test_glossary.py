"""German speaks formally (Sie) and uses one term per thing, as docs/glossary.md lists."""

from __future__ import annotations

import re
from pathlib import Path

import polib
import pytest
from django.conf import settings

GLOSSARY = Path(settings.PACKAGE_DIR).parent / "docs" / "glossary.md"
CATALOGS = sorted(Path(settings.PACKAGE_DIR).glob("*/locale/de/LC_MESSAGES/django.po"))
# Informal address. "ihr" is left out: it is also "her" and "their".
INFORMAL = re.compile(r"\b(du|dich|dir|dein\w*|euch|euer|eure\w*)\b", re.IGNORECASE)
# An instruction at the start of a sentence without "Sie" ("Wähle eine Datei").
IMPERATIVE = re.compile(
    r"(^|[.:;!?]\s+)(Wähle|Gib|Lass|Trag|Schick|Schreib|Beschreibe|Füge|Halte|Nutze|Prüfe|"
    r"Lade|Teile|Ändere|Korrigiere|Checke|Setz|Setzt|Konzentriere|Speichere|Öffne|Klicke|"
    r"Gehe|Geh|Versuche|Sieh|Lies|Melde)\b(?! Sie\b)",
    re.IGNORECASE,
)


def _avoided_terms() -> list[str]:
    """The words of the glossary's "Not" column."""
    terms = []
    for line in GLOSSARY.read_text().splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) == 4 and cells[0] not in ("English", "") and not cells[0].startswith("-"):
            terms += [term.strip() for term in cells[2].split(",") if term.strip()]
    return terms


def _german_texts() -> list[tuple[str, str, str]]:
    texts = []
    for path in CATALOGS:
        for entry in polib.pofile(str(path)):
            if entry.obsolete:
                continue
            for text in [entry.msgstr, *entry.msgstr_plural.values()]:
                if text:
                    texts.append((path.parts[-5], entry.msgid, text))
    return texts


def test_the_glossary_names_words_to_avoid():
    assert "Workspace" in _avoided_terms()
    assert len(CATALOGS) >= 8


def test_german_never_says_du_or_ihr():
    informal = [
        (app, text)
        for app, _id, text in _german_texts()
        if INFORMAL.search(text) or IMPERATIVE.search(text)
    ]
    assert informal == []


@pytest.mark.parametrize("term", _avoided_terms())
def test_german_keeps_to_the_glossary(term):
    pattern = re.compile(rf"\b{re.escape(term)}\b")
    found = [(app, text) for app, _id, text in _german_texts() if pattern.search(text)]
    assert found == [], f"“{term}” is not the glossary's word; see docs/glossary.md"


def test_one_text_has_one_german_translation_in_every_app():
    """Django merges the apps' catalogs and the first app wins: the same text translated
    differently in two apps shows one app's words on the other's pages (the check-ins'
    "Zuversicht" came out as the forecasts' "Konfidenz"). Different meanings need a
    context (``{% translate "Confidence" context "forecast level" %}``)."""
    seen: dict[tuple, dict[str, str]] = {}
    for path in CATALOGS:
        for entry in polib.pofile(str(path)):
            if entry.obsolete:
                continue
            german = entry.msgstr or " | ".join(v for _k, v in sorted(entry.msgstr_plural.items()))
            key = (entry.msgctxt, entry.msgid, entry.msgid_plural)
            seen.setdefault(key, {})[path.parts[-5]] = german
    clashes = {key[1]: apps for key, apps in seen.items() if len(set(apps.values())) > 1}
    assert clashes == {}
