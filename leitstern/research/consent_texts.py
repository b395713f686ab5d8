"""The texts a person reads before consenting, per purpose and language.

A workspace may publish its own versions (``ConsentText``); until it does, Leitstern's
texts below are version 1. They are kept here verbatim rather than in the translation
catalogs: a consent must record the exact words shown, and a later change to a catalog
must not change what someone agreed to."""

from __future__ import annotations

from leitstern.research.models import ConsentText, Purpose

DEFAULT_VERSION = 1

DEFAULTS: dict[str, dict[str, str]] = {
    Purpose.INTERVIEW: {
        "en": (
            "I agree that {workspace} may talk with me in research interviews about how I "
            "use its products and what I need, and may keep notes of what I say for the "
            "purpose of improving its products. I can withdraw this consent at any time "
            "through the link I receive, without giving a reason."
        ),
        "de": (
            "Ich willige ein, dass {workspace} mit mir Research-Interviews darüber führt, "
            "wie ich die Produkte nutze und was ich brauche, und Notizen über meine Aussagen "
            "aufbewahrt, um die Produkte zu verbessern. Ich kann diese Einwilligung jederzeit "
            "ohne Angabe von Gründen über den Link widerrufen, den ich erhalte."
        ),
    },
    Purpose.RECORDING: {
        "en": (
            "I agree that {workspace} may record our conversations (audio or video) and "
            "keep a written transcript of them for the purpose of analysing them. "
            "Recordings and transcripts are deleted when I withdraw this consent."
        ),
        "de": (
            "Ich willige ein, dass {workspace} unsere Gespräche (Audio oder Video) aufzeichnet "
            "und eine schriftliche Abschrift zur Auswertung aufbewahrt. Aufzeichnungen und "
            "Abschriften werden gelöscht, wenn ich diese Einwilligung widerrufe."
        ),
    },
    Purpose.RECONTACT: {
        "en": (
            "I agree that {workspace} may contact me again by email or phone to invite me "
            "to future studies. I can say no to each invitation."
        ),
        "de": (
            "Ich willige ein, dass {workspace} mich per E-Mail oder Telefon erneut kontaktiert, "
            "um mich zu künftigen Studien einzuladen. Ich kann jede Einladung ablehnen."
        ),
    },
    Purpose.QUOTING: {
        "en": (
            "I agree that {workspace} may quote what I said, under my name, in internal "
            "reports and presentations of its team. Quotes are not published outside "
            "{workspace}."
        ),
        "de": (
            "Ich willige ein, dass {workspace} meine Aussagen unter meinem Namen in internen "
            "Berichten und Präsentationen des Teams zitiert. Zitate werden nicht außerhalb "
            "von {workspace} veröffentlicht."
        ),
    },
}


def current_texts(workspace, language: str) -> dict[str, tuple[str, int]]:
    """``{purpose: (text, version)}`` as a person reading in ``language`` sees them now."""
    texts = {
        purpose: (DEFAULTS[purpose][language].format(workspace=workspace.name), DEFAULT_VERSION)
        for purpose in Purpose.values
    }
    published = ConsentText.objects.filter(workspace=workspace, language=language).order_by(
        "purpose", "-version"
    )
    seen: set[str] = set()
    for text in published:
        if text.purpose not in seen:
            texts[text.purpose] = (text.text, text.version)
            seen.add(text.purpose)
    return texts
