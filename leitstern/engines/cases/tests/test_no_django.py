from __future__ import annotations

import subprocess
import sys


def test_it_imports_no_django():
    code = (
        "import sys, leitstern.engines.cases, leitstern.engines.cases.templates;"
        "bad = sorted(m for m in sys.modules if m == 'django' or m.startswith('django.'));"
        "print(','.join(bad))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert out.stdout.strip() == ""
