"""Settings for the Faskel registry, read from the environment only.

Every variable is documented in README.md and .env.example. A local `.env`
file (created by `make run` / `make test`) is read when present; real
environment variables win over it.
"""

from datetime import timedelta
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env")

DEBUG = env.bool("DEBUG", default=False)

SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set it in the environment (or .env); "
            "only DEBUG=on runs with a development key."
        )
    SECRET_KEY = "django-insecure-development-only-key"  # noqa: S105

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "import_export",
    "simple_history",
    "axes",
    # Before django_tasks_db: its `db_worker` command is the one that waits for the
    # database (jobs/management/commands/db_worker.py).
    "jobs",
    "django_tasks",
    "django_tasks_db",
    "accounts",
    "outbox",
    "registry",
    "assignments",
    "briefings",
    "reports",
    "activities",
    "contracts",
    "home",
    "audit",
    "imports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Permissions-Policy, Cross-Origin-Resource-Policy, and no-store on our pages.
    "home.middleware.SecurityHeadersMiddleware",
    # 400 for a NUL byte in the path, query or form, before anything reads the database.
    "home.middleware.NulByteMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Django's, except that it leaves the session alone when the database is down.
    "home.middleware.SessionMiddleware",
    "home.middleware.IndonesianFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Every page needs a signed-in user unless its view says otherwise.
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    # Every history row records the signed-in user who made the change.
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes asks: it turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "faskel.urls"
WSGI_APPLICATION = "faskel.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "accounts.context_processors.role",
                "registry.context_processors.area",
            ],
        },
    },
]

# SQLite is the embedded default; PostgreSQL comes from DATABASE_URL.
# An empty DATABASE_URL (as .env.example leaves it) is the default too.
DATABASES = {
    "default": env.db_url_config(
        env.str("DATABASE_URL", default="") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}"
    ),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            # Take the write lock at BEGIN, so concurrent writers wait instead of failing.
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    # A kept connection is checked before the first query of each request, so a
    # connection broken by a database restart is replaced instead of failing that
    # request with the 503 page. Its cost is measured in docs/performance.md.
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = env.bool("CONN_HEALTH_CHECKS", default=True)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTHENTICATION_BACKENDS = [
    # Refuses sign-in attempts from a locked-out username or address first.
    "axes.backends.AxesStandaloneBackend",
    # Django's ModelBackend, reading a user's permissions in one query.
    "accounts.backends.PermissionBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home:index"
LOGOUT_REDIRECT_URL = "login"

# The cache: each process's own memory by default (one server), Redis from
# CACHE_URL for several app servers. What is kept there is keyed by the version of
# the data it shows (and the day where it depends on the day), so processes and
# servers side by side never disagree.
CACHES = {"default": env.cache_url_config(env.str("CACHE_URL", default="") or "locmemcache://")}
# django-environ lower-cases ?key_prefix=, ?timeout= for Redis; Django reads capitals.
CACHES["default"] = {key.upper(): value for key, value in CACHES["default"].items()}
if "redis" in CACHES["default"]["BACKEND"].lower():
    # Django's own Redis cache (the `redis` package), keeping its client objects.
    CACHES["default"]["BACKEND"] = "home.cache.RedisCache"
SHARED_CACHE = CACHES["default"]["BACKEND"] not in {
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
}
# The navigation of the page frame, the same for every page of a role, a language and
# a current page, rendered once per process ({% cache %} in includes/nav.html): it
# depends on the code alone, so each process keeps its own.
CACHES["template_fragments"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "template-fragments",
}
# Sessions are kept in the database and, with a shared cache, read through it. A
# per-process cache must not hold them: a session ended in one process (sign-out,
# password change) would live on in the others.
SESSION_ENGINE = (
    "django.contrib.sessions.backends.cached_db"
    if SHARED_CACHE
    else "django.contrib.sessions.backends.db"
)

LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Indonesian")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
# An empty value (as .env.example leaves them) means the default: django-environ
# would otherwise make both the project folder, which Django refuses.
STATIC_ROOT = Path(env.str("STATIC_ROOT", default="") or BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
# Files browsers and robots ask for at the site's root: /favicon.ico, /robots.txt.
WHITENOISE_ROOT = BASE_DIR / "static" / "root"
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default="") or BASE_DIR / "media")
# Where `manage.py backup` writes its archives when not told (docs/operations.md).
BACKUP_DIR = Path(env.str("BACKUP_DIR", default="") or BASE_DIR / "backups")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# History is read, never restored: a restored posting would skip the posting rules.
SIMPLE_HISTORY_REVERT_DISABLED = True

# Imports write all rows or none: one transaction, rolled back on any error.
IMPORT_EXPORT_USE_TRANSACTIONS = True
# Uploads wait for confirmation in the database, never on one server's disk.
IMPORT_EXPORT_TMP_STORAGE_CLASS = "imports.storage.DatabaseStorage"

# Background jobs (jobs/README.md): django-tasks with its database backend, run by
# `manage.py db_worker` processes on any server that reaches the database.
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}
# A running job silent this long (seconds) has lost its worker and is queued again.
JOBS_STALE_AFTER = env.int("JOBS_STALE_AFTER", default=600)

# How long a report may be in each form, in cells (rows × columns), counted before it
# is built (reports/formats.py). Up to INLINE the request makes it (a few seconds at
# most); up to MAX a background job does; beyond MAX it is refused with a way to
# narrow it. The printable page has no background form: beyond its MAX it asks for a
# file or a narrower filter. Measured defaults: docs/performance.md.
REPORT_PAGE_MAX_CELLS = env.int("REPORT_PAGE_MAX_CELLS", default=100_000)
REPORT_PDF_INLINE_CELLS = env.int("REPORT_PDF_INLINE_CELLS", default=1_500)
REPORT_PDF_MAX_CELLS = env.int("REPORT_PDF_MAX_CELLS", default=80_000)
REPORT_XLSX_INLINE_CELLS = env.int("REPORT_XLSX_INLINE_CELLS", default=200_000)
REPORT_XLSX_MAX_CELLS = env.int("REPORT_XLSX_MAX_CELLS", default=10_000_000)
REPORT_CSV_INLINE_CELLS = env.int("REPORT_CSV_INLINE_CELLS", default=2_000_000)
REPORT_CSV_MAX_CELLS = env.int("REPORT_CSV_MAX_CELLS", default=10_000_000)

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="faskel@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The site's address as people reach it, for the links in mail (reminders): the
# requests that would tell it are not there when cron sends them.
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")

# Behind a TLS-terminating proxy, set SECURE_PROXY_SSL_HEADER=HTTP_X_FORWARDED_PROTO.
if env.str("SECURE_PROXY_SSL_HEADER", default=""):
    SECURE_PROXY_SSL_HEADER = (env.str("SECURE_PROXY_SSL_HEADER"), "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
# The container's health check asks over plain HTTP from inside; a redirect to
# https://localhost/ would keep the service unhealthy for ever.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
# An idle timeout: home.middleware.SessionMiddleware saves a signed-in session
# again, with a fresh expiry, once it is SESSION_REFRESH_SECONDS old, instead of
# writing it on every request. A session thus ends after between
# SESSION_COOKIE_AGE - SESSION_REFRESH_SECONDS and SESSION_COOKIE_AGE of inactivity.
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=8 * 60 * 60)
SESSION_SAVE_EVERY_REQUEST = False
SESSION_REFRESH_SECONDS = 5 * 60

# Content-Security-Policy: only the application's own scripts, styles and images.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    },
}

# Sign-in throttling (django-axes): repeated failures for one username lock that
# username for a while; staff unlock in the admin (Access attempts).
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
# Counted per account, and per account and address together; never per address
# alone: an office signs in from one shared address (or through a proxy), and five
# invented usernames from it locked every colleague out for the cool-off.
AXES_LOCKOUT_PARAMETERS = ["username", ["username", "ip_address"]]
# A success clears only its own username's failures (accounts/throttling.py): axes'
# own reset would also clear every failure from the same address, a victim's too.
AXES_RESET_ON_SUCCESS = False
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# Attempts are kept in the database (admin: Access attempts), not written to the logs.
AXES_VERBOSE = False
# Behind a proxy that sets X-Forwarded-For, the number of proxies in front of the app.
AXES_IPWARE_PROXY_COUNT = env.int("AXES_PROXY_COUNT", default=0) or None
if AXES_IPWARE_PROXY_COUNT:
    AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    # WeasyPrint and fontTools report every step of every PDF at INFO.
    "loggers": {
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# Django's widget templates in their Jinja2 edition: a form of a hundred fields renders
# in half the time (registry/rendering.py).
FORM_RENDERER = "registry.rendering.FormRenderer"
