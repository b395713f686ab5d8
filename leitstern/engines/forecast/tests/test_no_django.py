from __future__ import annotations

import subprocess
import sys


def test_it_imports_no_django():
    code = (
        "import sys, leitstern.engines.forecast, leitstern.engines.forecast.cli,"
        " leitstern.engines.forecast.flow;"
        "bad = sorted(m for m in sys.modules if m == 'django' or m.startswith('django.'));"
        "print(','.join(bad))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert out.stdout.strip() == ""


def test_the_command_line_imports_no_scipy():
    # scipy takes longer to import than a forecast takes to run (docs/benchmarks.md).
    code = (
        "import sys, leitstern.cli, leitstern.engines.forecast.cli;"
        "bad = sorted(m for m in sys.modules if m == 'scipy' or m.startswith('scipy.'));"
        "print(','.join(bad))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert out.stdout.strip() == ""
