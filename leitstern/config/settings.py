"""Leitstern's settings. Everything that differs between installations comes from the
environment (see ``docs/configuration.md``)."""

from __future__ import annotations

import base64
import secrets
from pathlib import Path

import dj_database_url
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from leitstern.config.env import ConfigurationError, env_bool, env_int, env_list, env_str
from leitstern.core.limits import MAX_BODY_BYTES

PACKAGE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(env_str("LEITSTERN_DATA_DIR", str(Path.cwd() / "data"))).resolve()

PRODUCTION = env_bool("LEITSTERN_PRODUCTION", False)
DEBUG = env_bool("LEITSTERN_DEBUG", False) and not PRODUCTION


def _secret_key() -> str:
    """Production demands SECRET_KEY from the environment; a local installation keeps a
    generated one in its data folder so sessions survive restarts."""
    key = env_str("SECRET_KEY")
    if key:
        return key
    if PRODUCTION:
        raise ConfigurationError("SECRET_KEY must be set when LEITSTERN_PRODUCTION is on.")
    key_file = DATA_DIR / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(50)
    key_file.write_text(key)
    key_file.chmod(0o600)
    return key


SECRET_KEY = _secret_key()


def _connector_keys() -> list[str]:
    """Fernet keys that encrypt the credentials of live connectors (``connectors.crypto``):
    the first encrypts, every one decrypts, so a key can be rotated. Production takes them
    from the environment only (``leitstern preflight`` fails without one); a local
    installation keeps a generated one in its data folder."""
    keys = env_list("LEITSTERN_CONNECTOR_KEY", [])
    if keys or PRODUCTION:
        return keys
    key_file = DATA_DIR / "connector_key"
    if key_file.exists():
        return [key_file.read_text().strip()]
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    key = base64.urlsafe_b64encode(secrets.token_bytes(32)).decode()  # a Fernet key
    key_file.write_text(key)
    key_file.chmod(0o600)
    return [key]


CONNECTOR_KEYS = _connector_keys()
# Hosts connectors may reach (exact names, or ".example.com" for a domain and its
# subdomains); empty: any host. Keeps a connector from being pointed at internal services.
CONNECTOR_HOSTS = env_list("LEITSTERN_CONNECTOR_HOSTS", [])
# Longest wait for a tracker's Retry-After before a sync gives up and says when to retry.
CONNECTOR_MAX_WAIT_SECONDS = env_int("LEITSTERN_CONNECTOR_MAX_WAIT", 60, minimum=0)
ALLOWED_HOSTS = env_list(
    "ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost", "[::1]", "testserver"]
)
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
BASE_URL = env_str("LEITSTERN_BASE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "leitstern.core",
    "leitstern.accounts",
    "leitstern.workspaces",
    "leitstern.activity",
    "leitstern.products",
    "leitstern.teams",
    "leitstern.forecasts",
    "leitstern.strategy",
    "leitstern.customers",
    "leitstern.research",
    "leitstern.roadmap",
    "leitstern.connectors",
    "leitstern.discovery",
    "leitstern.stakeholders",
    "leitstern.cases",
    "leitstern.requests",
    "leitstern.api",
    "leitstern.site",
    # The operators' admin (/admin/): Django's admin with Leitstern's site.
    "leitstern.workspaces.apps.OperatorAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "ninja",
    "django_htmx",
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "leitstern.api.middleware.ApiErrorsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "leitstern.accounts.middleware.UserLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "leitstern.accounts.middleware.ActivateUserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "leitstern.core.middleware.BodyLimitMiddleware",
    # After the size check: it reads form bodies, which must be within the limit first.
    "leitstern.core.middleware.FormLineBreaksMiddleware",
]

ROOT_URLCONF = "leitstern.config.urls"
WSGI_APPLICATION = "leitstern.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "leitstern.site.context_processors.workspace_nav",
            ],
        },
    },
]

DATA_DIR_DB = DATA_DIR / "leitstern.sqlite3"
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{DATA_DIR_DB}"),
        conn_max_age=env_int("LEITSTERN_DB_CONN_MAX_AGE", 60, minimum=0),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    # WAL lets readers read while one writer writes. Every transaction takes the write
    # lock when it begins (BEGIN IMMEDIATE), and a writer that finds it taken waits up to
    # 20 s for it (the busy timeout) instead of failing with "database is locked"; a bulk
    # push of 20,000 values holds it for about a second.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "init_command": "PRAGMA journal_mode=WAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    )
    DATABASES["default"]["CONN_MAX_AGE"] = 0
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # No JIT compilation: PostgreSQL compiles every plan whose estimated cost passes
    # 100,000, which for a page's few-millisecond queries costs more than it saves (the
    # sales roadmap's items: 16 ms compiled, 11 ms not). ``?options=...`` in DATABASE_URL
    # sets other server options instead.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["django.contrib.auth.backends.ModelBackend"]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "site:index"
LOGOUT_REDIRECT_URL = "accounts:login"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24

# Failed logins: how many within the window before further attempts are refused.
LOGIN_THROTTLE_PER_ACCOUNT = env_int("LEITSTERN_LOGIN_LIMIT_PER_ACCOUNT", 5, minimum=1)
LOGIN_THROTTLE_PER_ADDRESS = env_int("LEITSTERN_LOGIN_LIMIT_PER_ADDRESS", 20, minimum=1)
LOGIN_THROTTLE_WINDOW_SECONDS = env_int("LEITSTERN_LOGIN_WINDOW_SECONDS", 15 * 60, minimum=1)
# Reverse proxies in front of Leitstern that append the client's address to X-Forwarded-For;
# the client address (e.g. for sign-in throttling) is read that many entries from the right.
TRUSTED_PROXY_COUNT = env_int("LEITSTERN_TRUSTED_PROXIES", 0, minimum=0)
if TRUSTED_PROXY_COUNT < 0:
    raise ConfigurationError("LEITSTERN_TRUSTED_PROXIES must be 0 or more.")

LANGUAGE_CODE = env_str("LEITSTERN_LANGUAGE", "en")
LANGUAGES = [("en", _("English")), ("de", _("German"))]
if LANGUAGE_CODE not in dict(LANGUAGES):
    raise ConfigurationError("LEITSTERN_LANGUAGE must be 'en' or 'de'.")
TIME_ZONE = env_str("LEITSTERN_TIME_ZONE", "Europe/Berlin")
USE_I18N = True
# Date inputs stay ISO in every language (leitstern/core/formats); pages show local formats.
FORMAT_MODULE_PATH = ["leitstern.core.formats"]
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = not PRODUCTION
MEDIA_ROOT = DATA_DIR / "media"

EMAIL_HOST = env_str("EMAIL_HOST")
if EMAIL_HOST:
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": EMAIL_HOST,
                "port": env_int("EMAIL_PORT", 587, minimum=1),
                "username": env_str("EMAIL_HOST_USER"),
                "password": env_str("EMAIL_HOST_PASSWORD"),
                "use_tls": env_bool("EMAIL_USE_TLS", True),
                "use_ssl": env_bool("EMAIL_USE_SSL", False),
                "timeout": 30,
            },
        }
    }
else:
    # Local use: emails are printed where Leitstern runs.
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
del EMAIL_HOST
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Leitstern <leitstern@localhost>")

# Background work: the database-backed queue in production (run ``leitstern worker``),
# immediate execution for local use and tests.
_tasks_backend = env_str("LEITSTERN_TASKS", "database" if PRODUCTION else "immediate")
TASKS = {
    "default": {
        "BACKEND": {
            "database": "django_tasks_db.DatabaseBackend",
            "immediate": "django.tasks.backends.immediate.ImmediateBackend",
        }.get(_tasks_backend, "")
        or "unknown"
    }
}
if TASKS["default"]["BACKEND"] == "unknown":
    raise ConfigurationError("LEITSTERN_TASKS must be 'database' or 'immediate'.")
# An import that has not moved for this many minutes (its worker died, or none runs) is
# marked stalled, when its page is viewed and by ``leitstern import_jobs_check``.
IMPORT_STALL_MINUTES = env_int("LEITSTERN_IMPORT_STALL_MINUTES", 15, minimum=1)
if IMPORT_STALL_MINUTES < 1:
    raise ConfigurationError("LEITSTERN_IMPORT_STALL_MINUTES must be at least 1.")

# A deleted workspace stays restorable for this many days before ``purge_workspaces``
# removes it; the worker writes a heartbeat every minute, and ``preflight`` expects one
# younger than the maximum age.
WORKSPACE_DELETION_GRACE_DAYS = env_int("LEITSTERN_WORKSPACE_GRACE_DAYS", 14, minimum=0)
WORKER_HEARTBEAT_SECONDS = 60
WORKER_HEARTBEAT_MAX_AGE_SECONDS = env_int("LEITSTERN_WORKER_HEARTBEAT_MAX_AGE", 300, minimum=1)

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
SESSION_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("LEITSTERN_HSTS_SECONDS", 60 * 60 * 24 * 365, minimum=0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_SSL_REDIRECT = env_bool("LEITSTERN_SSL_REDIRECT", True)
    if env_bool("LEITSTERN_BEHIND_PROXY", False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "connect-src": [CSP.SELF],
    "font-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "filters": {"redact_secrets": {"()": "leitstern.core.logging.RedactSecrets"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["redact_secrets"],
        }
    },
    "root": {"handlers": ["console"], "level": env_str("LEITSTERN_LOG_LEVEL", "INFO")},
    "loggers": {
        # Replaces Django's own "django" logger, whose debug-only console would print
        # request warnings ("Not Found: /s/<token>/") a second time, unredacted.
        "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "django.db.backends": {"level": "WARNING"},
        # The development server's request lines go through the same redaction.
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}

NINJA_PAGINATION_PER_PAGE = 50

# Bodies over the documented limit are refused with 413 by BodyLimitMiddleware; Django's own
# check (a 400) is the same number, for a body that reaches it some other way.
DATA_UPLOAD_MAX_MEMORY_SIZE = MAX_BODY_BYTES
