"""Configuration: every environment variable the code reads is documented."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
READS = re.compile(
    r"""(?:env_(?:str|bool|int|list)\(|os\.environ\.get\(|os\.getenv\(|os\.environ\[|"""
    r"""os\.environ\.setdefault\()\s*["']([A-Z][A-Z0-9_]+)["']"""
)


def _variables_read() -> dict[str, str]:
    found = {}
    for path in (ROOT / "leitstern").rglob("*.py"):
        if "tests" in path.parts:
            continue
        for name in READS.findall(path.read_text()):
            found.setdefault(name, str(path.relative_to(ROOT)))
    return found


def test_the_scan_finds_the_settings_it_must():
    found = _variables_read()
    assert {"DATABASE_URL", "SECRET_KEY", "LEITSTERN_PRODUCTION", "EMAIL_HOST"} <= set(found)


def test_every_variable_read_is_documented():
    docs = (ROOT / "docs" / "configuration.md").read_text()
    undocumented = {
        name: where for name, where in _variables_read().items() if f"`{name}`" not in docs
    }
    assert undocumented == {}, f"Document these in docs/configuration.md: {undocumented}"


def test_production_refuses_to_start_without_a_secret_key(monkeypatch):
    import subprocess
    import sys

    env = {"LEITSTERN_PRODUCTION": "1", "PATH": "/usr/bin:/bin", "LEITSTERN_DATA_DIR": "/tmp"}
    result = subprocess.run(
        [sys.executable, "-c", "import leitstern.config.settings"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


@pytest.mark.parametrize("raw,expected", [("1", True), ("yes", True), ("off", False), ("", False)])
def test_boolean_variables_are_read_strictly(monkeypatch, raw, expected):
    from leitstern.config.env import env_bool

    monkeypatch.setenv("LEITSTERN_X", raw)
    assert env_bool("LEITSTERN_X") is expected


def test_a_misspelt_boolean_is_an_error(monkeypatch):
    from leitstern.config.env import ConfigurationError, env_bool

    monkeypatch.setenv("LEITSTERN_X", "ja")
    with pytest.raises(ConfigurationError, match="LEITSTERN_X"):
        env_bool("LEITSTERN_X")


def test_production_settings_harden_cookies_and_transport():
    import subprocess
    import sys

    code = (
        "from django.conf import settings as s; import django; django.setup();"
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS > 0,"
        " s.PASSWORD_HASHERS[0].endswith('Argon2PasswordHasher'), s.DEBUG)"
    )
    env = {
        "LEITSTERN_PRODUCTION": "true",
        "SECRET_KEY": "x" * 50,
        "ALLOWED_HOSTS": "leitstern.example.com",
        "DJANGO_SETTINGS_MODULE": "leitstern.config.settings",
        "LEITSTERN_DATA_DIR": "/tmp/leitstern-prod-check",
        "PATH": "/usr/bin:/bin",
    }
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    ).stdout.split()
    assert out == ["True", "True", "True", "True", "False"]


@pytest.mark.parametrize("raw", ["0", "-3"])
def test_a_sign_in_limit_below_one_refuses_to_start(raw):
    """0 would lock every account out at the first attempt, a negative limit would never lock."""
    import subprocess
    import sys

    env = {
        "PATH": "/usr/bin:/bin",
        "LEITSTERN_DATA_DIR": "/tmp",
        "LEITSTERN_LOGIN_LIMIT_PER_ACCOUNT": raw,
    }
    result = subprocess.run(
        [sys.executable, "-c", "import leitstern.config.settings"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert f"LEITSTERN_LOGIN_LIMIT_PER_ACCOUNT must be at least 1, not {raw}" in result.stderr


def test_a_whole_number_at_its_minimum_is_accepted(monkeypatch):
    from leitstern.config.env import env_int

    monkeypatch.setenv("LEITSTERN_X", "1")
    assert env_int("LEITSTERN_X", 5, minimum=1) == 1
