"""Settings for the test suite: the real settings, with a fast password hasher (Argon2 is
deliberately slow) and tasks run immediately."""

import os

os.environ.setdefault("SECRET_KEY", "only-for-tests-never-in-production")

from leitstern.config.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
