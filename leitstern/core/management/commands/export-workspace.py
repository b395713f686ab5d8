"""``leitstern export-workspace SLUG > file``: a workspace as one versioned JSON document."""

from __future__ import annotations

import sys

from django.core.management.base import BaseCommand, CommandError

from leitstern.core.portability.codec import PortabilityError
from leitstern.core.portability.exporting import export_workspace
from leitstern.workspaces.models import Workspace


class Command(BaseCommand):
    help = (
        "Write a workspace with everything in it (all modules, activity, files) as JSON to "
        "standard output or --output FILE. Read it back with import-workspace."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("slug", help="The workspace's address (/w/<slug>/).")
        parser.add_argument("--output", "-o", help="Write to this file instead of stdout.")

    def handle(self, *args, slug: str, output: str | None, **options) -> None:
        workspace = Workspace.objects.filter(slug=slug).first()
        if workspace is None:
            raise CommandError(f"No workspace with the address {slug!r}.")
        try:
            if output:
                with open(output, "w", encoding="utf-8") as handle:
                    counts = export_workspace(workspace, handle)
            else:
                counts = export_workspace(workspace, sys.stdout)
                sys.stdout.flush()
        except PortabilityError as error:
            raise CommandError(str(error)) from None
        total = sum(counts.values())
        # The summary goes to stderr: stdout is the export itself.
        self.stderr.write(f"Exported “{workspace.name}” ({slug}): {total} records.")
