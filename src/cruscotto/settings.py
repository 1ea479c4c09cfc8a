"""Django settings for Cruscotto.

The embedded default is a SQLite file under `var/`; set DATABASE_URL
(postgres://user:pass@host:port/name) to use PostgreSQL.
"""

from __future__ import annotations

import importlib.util
import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF, UNSAFE_INLINE
from django.core.exceptions import ImproperlyConfigured

PACKAGE_DIR = Path(__file__).resolve().parent
# var/ sits beside src/ in a checkout; CRUSCOTTO_HOME moves it elsewhere.
HOME_DIR = Path(os.environ.get("CRUSCOTTO_HOME", PACKAGE_DIR.parent.parent)).resolve()
# The database, the built documents and the caches; a benchmark points it at a folder of its own.
VAR_DIR = Path(os.environ.get("CRUSCOTTO_VAR", HOME_DIR / "var")).resolve()

# Public, so anyone could forge sessions with it: `cruscotto serve` refuses it on any
# address but the loopback, and production mode refuses it always.
DEVELOPMENT_SECRET_KEY = "cruscotto-development-only-key"
SECRET_KEY = os.environ.get("CRUSCOTTO_SECRET_KEY", DEVELOPMENT_SECRET_KEY)
DEBUG = os.environ.get("CRUSCOTTO_DEBUG", "") == "1"
ALLOWED_HOSTS = os.environ.get("CRUSCOTTO_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(
    ","
)

INSTALLED_APPS = [
    # The admin of the amministratori of every ente (accounts.admin_site).
    "cruscotto.accounts.admin_config.CruscottoAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "cruscotto.core",
    "cruscotto.accounts",
    "cruscotto.campaigns",
    "cruscotto.plans",
    "cruscotto.indicators",
    "cruscotto.performance",
    "cruscotto.monitoring",
    "cruscotto.council",
    "cruscotto.traceability",
    "cruscotto.search",
    "cruscotto.reports",
    "cruscotto.web",
    "axes",
    "csp",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "cruscotto.web.middleware.RefuseNulInQueryMiddleware",
    # Before the CSRF middleware: a page that sets the CSRF cookie is seen and not shared.
    "cruscotto.web.page_cache.PublicPageCacheMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lock-out page.
    "axes.middleware.AxesMiddleware",
]

# The public pages rendered for the current version of the data (web.page_cache), in each
# worker's memory: a page changes only on a write, so a worker renders it once per write.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "pages": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "cruscotto-pages",
        "TIMEOUT": None,  # the key holds the data's version: an old page is never asked again
        "OPTIONS": {"MAX_ENTRIES": 500},
    },
}

# The tests of the pages turn it off to count the queries a page renders with, and the
# benchmarks (CRUSCOTTO_PAGE_CACHE=0) to time the rendering rather than the cache.
CRUSCOTTO_PAGE_CACHE = os.environ.get("CRUSCOTTO_PAGE_CACHE", "1") != "0"

ROOT_URLCONF = "cruscotto.urls"
WSGI_APPLICATION = "cruscotto.wsgi.application"

# The API's documentation page (/api/v1/docs) is django-ninja's Swagger UI, served from
# ninja's own template and static files, not a CDN. Its directories are listed here rather
# than "ninja" in INSTALLED_APPS: an installed app is imported as Django starts, and
# importing `ninja` (pydantic with it) cost every process, each command line among them,
# 0.25 s of CPU; only the API needs it, and imports it with the URLs.
_ninja_spec = importlib.util.find_spec("ninja")  # found, not imported
if _ninja_spec is None or _ninja_spec.origin is None:
    raise ImproperlyConfigured("django-ninja is not installed: run bin/setup")
NINJA_PACKAGE = Path(_ninja_spec.origin).parent

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [NINJA_PACKAGE / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "cruscotto.accounts.identity.identity_login",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'cruscotto.sqlite3'}",
        conn_max_age=60,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Concurrent commands on one SQLite file: a transaction takes the write lock
    # when it begins, not at its first write, so two imports queue instead of one
    # failing with "database is locked" half-way; a command waits up to 30 s for it.
    DATABASES["default"]["OPTIONS"] = {
        **DATABASES["default"].get("OPTIONS", {}),
        "transaction_mode": "IMMEDIATE",
        "timeout": 30,
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

LANGUAGE_CODE = "it"
LANGUAGES = [("it", "Italiano"), ("en", "English")]
TIME_ZONE = "Europe/Rome"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
# No collectstatic step: WhiteNoise serves from the apps (below); set a root to collect.
STATIC_ROOT = os.environ.get("CRUSCOTTO_STATIC_ROOT") or None


# Bootstrap Italia and Chart.js come from npm (package.json); `bin/setup` installs them.
STATICFILES_DIRS = [
    ("bootstrap-italia", HOME_DIR / "node_modules" / "bootstrap-italia" / "dist"),
    ("chart.js", HOME_DIR / "node_modules" / "chart.js" / "dist"),
    NINJA_PACKAGE / "static",
]
LOGIN_URL = "/accesso/"
LOGIN_REDIRECT_URL = "/riservata/"
LOGOUT_REDIRECT_URL = "/"

# Admin and page assets are served by WhiteNoise straight from the installed
# apps, so `cruscotto serve` needs no collectstatic step.
WHITENOISE_USE_FINDERS = True

# A user's Django permissions come from their Cruscotto roles (accounts.admin_site).
AUTHENTICATION_BACKENDS = [
    # First: refuses a login from a locked-out account or address before any password check.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "cruscotto.accounts.admin_site.AmministratoreBackend",
]

# Campaign reminders (`cruscotto campaign remind`): printed on the console unless a
# deployment names a real backend (e.g. django.core.mail.backends.smtp.EmailBackend).
EMAIL_BACKEND = os.environ.get(
    "CRUSCOTTO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = os.environ.get("CRUSCOTTO_FROM_EMAIL", "cruscotto@localhost")

# Failed logins (every login form: /accesso/, /admin/login/): after AXES_FAILURE_LIMIT
# failures an account is locked, and so is an address, whichever comes first (a
# guesser trying one password on many accounts is stopped too), for the cool-off
# time; `cruscotto manage axes_reset` lifts every lock. Each lock-out is logged
# (logger "axes") and kept as an AccessFailureLog in the admin.
AXES_FAILURE_LIMIT = int(os.environ.get("CRUSCOTTO_LOGIN_FAILURES", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("CRUSCOTTO_LOGIN_LOCKOUT_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_LOCKOUT_CALLABLE = "cruscotto.web.views.lockout.lockout_response"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = True
# Behind a reverse proxy every request comes from the proxy's address: the proxy puts the
# client's in a header of its own (nginx: `proxy_set_header X-Real-IP $remote_addr`), named
# by CRUSCOTTO_CLIENT_IP_HEADER, so that the address locked out is the client's. A header
# the proxy overwrites, not X-Forwarded-For, which a client can fill with any address.
CLIENT_IP_HEADER = os.environ.get("CRUSCOTTO_CLIENT_IP_HEADER", "")
AXES_CLIENT_IP_CALLABLE = "cruscotto.accounts.services.lockouts.client_address"

# Production mode (CRUSCOTTO_HTTPS=1), behind a reverse proxy that terminates HTTPS and
# says so with X-Forwarded-Proto: cookies only over HTTPS, HTTP redirected, HSTS.
# `cruscotto manage check --deploy` is then clean.
HTTPS = os.environ.get("CRUSCOTTO_HTTPS", "") == "1"
if HTTPS:
    if SECRET_KEY == DEVELOPMENT_SECRET_KEY or len(SECRET_KEY) < 50:
        raise ImproperlyConfigured(
            "CRUSCOTTO_HTTPS=1 richiede CRUSCOTTO_SECRET_KEY: una chiave segreta propria di "
            "almeno 50 caratteri (ad es. python3 -c 'import secrets; "
            "print(secrets.token_urlsafe(50))')"
        )
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = os.environ.get("CRUSCOTTO_SSL_REDIRECT", "1") == "1"
    SECURE_HSTS_SECONDS = int(os.environ.get("CRUSCOTTO_HSTS_SECONDS", str(365 * 24 * 3600)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = os.environ.get("CRUSCOTTO_HSTS_SUBDOMAINS", "1") == "1"
    SECURE_HSTS_PRELOAD = os.environ.get("CRUSCOTTO_HSTS_PRELOAD", "1") == "1"
    CSRF_TRUSTED_ORIGINS = [f"https://{host}" for host in ALLOWED_HOSTS if host]
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"

# Login with a digital identity (SPID/CIE through an OpenID Connect gateway): off unless
# CRUSCOTTO_OIDC_CLIENT_ID and the provider's endpoints are set (docs/deployment.md).
from cruscotto.accounts.identity_config import IDENTITY_BACKEND, identity_settings  # noqa: E402

IDENTITY_SETTINGS = identity_settings(os.environ)
globals().update(IDENTITY_SETTINGS)
OIDC_ENABLED = bool(IDENTITY_SETTINGS["OIDC_ENABLED"])
OIDC_LOGIN_LABEL = str(IDENTITY_SETTINGS.get("OIDC_LOGIN_LABEL", ""))
OIDC_USERNAME_CLAIM = str(IDENTITY_SETTINGS.get("OIDC_USERNAME_CLAIM", "fiscal_number"))
if OIDC_ENABLED:
    AUTHENTICATION_BACKENDS.append(IDENTITY_BACKEND)

# Content-Security-Policy on every page: scripts only from this site, never inline (charts
# carry their data as JSON, drawn by static scripts), no framing, nothing from another
# site. Styles may be applied inline: Bootstrap Italia's script sets them as it opens
# menus and collapses, and the published documents carry their stylesheet inside. The
# browser tests fail on anything the policy refuses. Bootstrap Italia's CSS embeds
# its icons and one font as data: URIs.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
