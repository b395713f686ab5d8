"""A server worker imports the URL modules while it boots, not on a visitor's first request."""

from __future__ import annotations

import json
import os
import subprocess
import sys

SCRIPT = """
import json, sys
import django
django.setup()
from leitstern.site.management.commands.serve import warm_up
before = sorted(m for m in sys.modules if m.endswith(('.api', '.urls', '.views')))
warm_up()
after = sorted(m for m in sys.modules if m.endswith(('.api', '.urls', '.views')))
from django.urls import get_resolver
print(json.dumps({"before": before, "after": after, "populated": get_resolver()._populated}))
"""


def test_warm_up_imports_every_url_module_before_the_first_request():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "leitstern.config.settings"}
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT], env=env, capture_output=True, text=True, check=True
    )
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert "leitstern.config.urls" not in seen["before"]
    for module in ("leitstern.config.urls", "leitstern.discovery.api", "leitstern.roadmap.views"):
        assert module in seen["after"], (module, seen["after"])
    assert seen["populated"] is True
