"""The ``leitstern`` command.

``leitstern forecast ...`` runs the forecast engine on a file and needs no web app, no
database and no settings. Every other sub-command is a Django management command
(``demo``, ``serve``, ``worker``, ``migrate`` ...), run with Leitstern's settings.
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args[:1] == ["forecast"]:
        from leitstern.engines.forecast.cli import main as forecast_main

        return forecast_main(args[1:])

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "leitstern.config.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["leitstern", *args])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
