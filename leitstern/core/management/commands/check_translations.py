from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import polib
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError


def translation_problems(language: str = "de") -> list[str]:
    """Every problem with the ``language`` catalogs of Leitstern's apps: strings in the code
    that no catalog has, untranslated or fuzzy entries, and compiled files out of date."""
    problems: list[str] = []
    for config in apps.get_app_configs():
        if not config.name.startswith("leitstern."):
            continue
        app_dir = Path(config.path)
        po_path = app_dir / "locale" / language / "LC_MESSAGES" / "django.po"
        with tempfile.TemporaryDirectory() as tmp:
            copy = Path(tmp) / app_dir.name
            shutil.copytree(app_dir, copy, ignore=shutil.ignore_patterns("__pycache__", "tests"))
            (copy / "locale").mkdir(exist_ok=True)
            here = os.getcwd()
            try:
                os.chdir(copy)
                call_command("makemessages", locale=[language], no_obsolete=True, verbosity=0)
            finally:
                os.chdir(here)
            fresh_path = copy / "locale" / language / "LC_MESSAGES" / "django.po"
            if not fresh_path.exists():
                continue  # no translatable strings in this app
            fresh = polib.pofile(str(fresh_path))
        if not po_path.exists():
            problems.append(f"{config.label}: {len(fresh)} strings but no {language} catalog")
            continue
        committed = {entry.msgid: entry for entry in polib.pofile(str(po_path))}
        for entry in fresh:
            known = committed.get(entry.msgid)
            if known is None:
                problems.append(f"{config.label}: not in the catalog: {entry.msgid!r}")
            elif "fuzzy" in known.flags or not (known.msgstr or all(known.msgstr_plural.values())):
                problems.append(f"{config.label}: untranslated: {entry.msgid!r}")
        mo_path = po_path.with_suffix(".mo")
        compiled = (
            {e.msgid: e.msgstr for e in polib.mofile(str(mo_path))} if mo_path.exists() else {}
        )
        for entry in committed.values():
            if entry.msgstr and not entry.obsolete and compiled.get(entry.msgid) != entry.msgstr:
                problems.append(f"{config.label}: django.mo is out of date (run compilemessages)")
                break
    return problems


class Command(BaseCommand):
    help = "Check that every user-facing string is translated to German and compiled."

    def handle(self, *args, **options) -> None:
        problems = translation_problems()
        for problem in problems:
            self.stderr.write(problem)
        if problems:
            raise CommandError(f"{len(problems)} translation problem(s).")
        self.stdout.write(self.style.SUCCESS("All strings are translated to German."))
