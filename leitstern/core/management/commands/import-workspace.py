"""``leitstern import-workspace FILE``: create a workspace anew from an export."""

from __future__ import annotations

import json
import sys

from django.core.management.base import BaseCommand, CommandError

from leitstern.core.portability.codec import PortabilityError
from leitstern.core.portability.importing import import_workspace


class Command(BaseCommand):
    help = (
        "Create a workspace from a file written by export-workspace, in one transaction. "
        "Refuses when the address is taken, unless --as NEWSLUG gives another."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", help="The export (a path, or - for standard input).")
        parser.add_argument("--as", dest="new_slug", default="", help="Import under this address.")
        parser.add_argument("--name", default="", help="Give the workspace this name.")

    def handle(self, *args, file: str, new_slug: str, name: str, **options) -> None:
        try:
            if file == "-":
                data = json.load(sys.stdin)
            else:
                with open(file, encoding="utf-8") as handle:
                    data = json.load(handle)
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}.") from None
        except (json.JSONDecodeError, UnicodeDecodeError) as error:
            raise CommandError(f"{file} is not valid JSON: {error}.") from None
        try:
            result = import_workspace(data, slug=new_slug, name=name)
        except PortabilityError as error:
            raise CommandError(f"Nothing was imported. {error}") from None
        workspace = result.workspace
        self.stdout.write(
            f"Imported “{workspace.name}” as /w/{workspace.slug}/: "
            f"{sum(result.counts.values())} records, {len(result.linked)} existing account(s)."
        )
        if result.placeholders:
            self.stdout.write(
                f"{len(result.placeholders)} placeholder account(s) created, inactive until "
                "their owners set a password through “Forgot your password?”:"
            )
            for email in result.placeholders:
                self.stdout.write(f"  {email}")
