"""Settings for the test suite: the real settings, with a fast password hasher (Argon2 is
deliberately slow) and tasks run immediately."""

import os

os.environ.setdefault("SECRET_KEY", "only-for-tests-never-in-production")
os.environ.setdefault("LEITSTERN_CONNECTOR_KEY", "dGVzdC1rZXktb2YtdGhlLXN1aXRlLW9ubHktMTIzNDU=")

from leitstern.config.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
# Connectors reach only the stub trackers the tests start on this machine: no network.
CONNECTOR_HOSTS = ["127.0.0.1", "localhost"]
# Every test client builds the middleware anew; WhiteNoise would list and stat every static
# file each time (an eighth of the suite's CPU). Looked up when asked for instead, as in
# development: the same files, served by the same middleware.
WHITENOISE_AUTOREFRESH = True
