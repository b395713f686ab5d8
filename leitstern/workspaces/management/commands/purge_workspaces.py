"""``leitstern purge_workspaces``: remove workspaces whose deletion grace period ended.
Run it daily from cron or a systemd timer (see docs/operations.md)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from leitstern.workspaces.lifecycle import due_for_purge, workspace_purge


class Command(BaseCommand):
    help = (
        "Remove for good the workspaces whose deletion was requested more than "
        "LEITSTERN_WORKSPACE_GRACE_DAYS days ago. Run daily."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="Only list what would be removed."
        )

    def handle(self, *args, dry_run: bool, **options) -> None:
        due = list(due_for_purge())
        for workspace in due:
            if dry_run:
                self.stdout.write(f"would remove {workspace.slug} ({workspace.name})")
                continue
            workspace_purge(workspace=workspace)
            self.stdout.write(f"removed {workspace.slug} ({workspace.name})")
        verb = "would be removed" if dry_run else "removed"
        self.stdout.write(f"{len(due)} workspace(s) {verb}.")
