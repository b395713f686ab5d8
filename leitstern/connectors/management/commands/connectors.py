"""Connectors from the command line: list, create, test, sync, status; ``due`` for cron
(queues the syncs the schedules ask for); ``rotate-key`` after adding a new connector key.

    leitstern connectors create --workspace nordwind --team 3 --kind jira \\
        --name "Nordwind Jira" --url https://nordwind.atlassian.net \\
        --scope "project = CHK" --username me@nordwind.example   # asks for the token
    leitstern connectors test 7
    leitstern connectors sync 7 [--full] [--wait]
    leitstern connectors status [7]
    */15 * * * * leitstern connectors due

The token is read from the terminal without echo, or from the environment variable
``LEITSTERN_CONNECTOR_TOKEN`` (for scripts), never from the command line, where other
users of the machine and the shell history would see it."""

from __future__ import annotations

import getpass
import os

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from leitstern.connectors import selectors, services
from leitstern.connectors.messages import problem_text
from leitstern.connectors.models import Connector, Kind
from leitstern.teams.models import Team

TOKEN_VARIABLE = "LEITSTERN_CONNECTOR_TOKEN"  # noqa: S105 - the variable's name


class Command(BaseCommand):
    help = "Live connectors to trackers: list, create, test, sync, status, due, rotate-key."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("list", help="Every connector with its health.")
        create = sub.add_parser("create", help="Connect a tracker to a team.")
        create.add_argument("--workspace", required=True, help="The workspace's slug.")
        create.add_argument("--team", required=True, type=int, help="The team's id.")
        create.add_argument("--kind", required=True, choices=[k.value for k in Kind])
        create.add_argument("--name", required=True)
        create.add_argument("--scope", required=True, help="JQL, owner/repo, team key, project.")
        create.add_argument("--url", default="")
        create.add_argument("--username", default="")
        create.add_argument("--labels", default="")
        create.add_argument("--milestone", default="")
        create.add_argument("--github-items", default="issues", choices=["issues", "pulls"])
        create.add_argument("--jira-done", default="resolution", choices=["resolution", "status"])
        create.add_argument("--interval", type=int, default=6, choices=[0, 1, 6, 24])
        for name, text in (("test", "Reach the tracker."), ("status", "The health line.")):
            one = sub.add_parser(name, help=text)
            one.add_argument("connector", type=int, nargs="?" if name == "status" else None)
        sync = sub.add_parser("sync", help="Sync now.")
        sync.add_argument("connector", type=int)
        sync.add_argument("--full", action="store_true", help="Read everything again.")
        sync.add_argument(
            "--wait", action="store_true", help="Run here and now instead of queueing."
        )
        sub.add_parser("due", help="Queue the syncs whose schedule is due (for cron).")
        sub.add_parser("rotate-key", help="Encrypt every credential with the newest key.")

    def handle(self, *args, action: str, **options) -> None:
        handler = getattr(self, "do_" + action.replace("-", "_"))
        try:
            handler(**options)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None

    def _connector(self, pk: int) -> Connector:
        connector = Connector.objects.select_related("team").filter(pk=pk).first()
        if connector is None:
            raise CommandError(f"There is no connector {pk}.")
        return connector

    def _line(self, connector: Connector) -> str:
        health = selectors.health(connector)
        if health.running:
            state = f"syncing, {health.progress} items read"
        elif health.last_success_at:
            when = timezone.localtime(health.last_success_at).strftime("%Y-%m-%d %H:%M")
            state = f"last synced {when}, {health.items} items"
        else:
            state = "not synced yet"
        if health.problem:
            state += f"; problem: {health.problem_text}"
            if health.detail:
                state += f" ({health.detail})"
        if not health.has_credentials:
            state += "; no credentials"
        where = f"{connector.team.name} / {connector.name}"
        return f"{connector.pk:>5}  {connector.kind:<7} {where}: {state}"

    def do_list(self, **options) -> None:
        for connector in Connector.objects.select_related("team").order_by("pk"):
            self.stdout.write(self._line(connector))

    def do_status(self, connector: int | None = None, **options) -> None:
        if connector is None:
            self.do_list()
            return
        self.stdout.write(self._line(self._connector(connector)))

    def do_create(self, **options) -> None:
        team = Team.objects.filter(pk=options["team"], workspace__slug=options["workspace"]).first()
        if team is None:
            raise CommandError("No such team in that workspace.")
        secret = os.environ.get(TOKEN_VARIABLE) or getpass.getpass("Token or password: ")
        connector = services.connector_create(
            actor=None,
            team=team,
            kind=options["kind"],
            name=options["name"],
            scope=options["scope"],
            secret=secret,
            url=options["url"],
            username=options["username"],
            labels=options["labels"],
            milestone=options["milestone"],
            github_items=options["github_items"],
            jira_done=options["jira_done"],
            interval=options["interval"],
        )
        self.stdout.write(f"Created connector {connector.pk}.")

    def do_test(self, connector: int, **options) -> None:
        checked = services.connection_test(connector=self._connector(connector))
        if not checked.ok:
            detail = f" ({checked.detail})" if checked.detail else ""
            raise CommandError(f"{problem_text(checked.problem)}{detail}")
        found = f"; the query finds {checked.items} items" if checked.items is not None else ""
        self.stdout.write(f"Connected as {checked.account}{found}.")

    def do_sync(self, connector: int, full: bool = False, wait: bool = False, **options) -> None:
        target = self._connector(connector)
        if wait:
            result = services.sync_run(connector_id=target.pk, full=full)
            if result is None:
                raise CommandError("Another sync of this connector is running.")
        elif not services.sync_request(actor=None, connector=target, full=full):
            raise CommandError("A sync of this connector is queued or running already.")
        target.refresh_from_db()
        self.stdout.write(self._line(target))
        if wait and target.problem:
            raise CommandError("The sync failed.")

    def do_due(self, **options) -> None:
        queued = sum(
            services.sync_request(actor=None, connector=c) for c in services.connectors_due()
        )
        self.stdout.write(f"Queued {queued} syncs.")

    def do_rotate_key(self, **options) -> None:
        self.stdout.write(f"Re-encrypted {services.rotate_keys()} credentials.")
