"""Django settings for Cruscotto.

The embedded default is a SQLite file under `var/`; set DATABASE_URL
(postgres://user:pass@host:port/name) to use PostgreSQL.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url

PACKAGE_DIR = Path(__file__).resolve().parent
# var/ sits beside src/ in a checkout; CRUSCOTTO_HOME moves it elsewhere.
HOME_DIR = Path(os.environ.get("CRUSCOTTO_HOME", PACKAGE_DIR.parent.parent)).resolve()
VAR_DIR = HOME_DIR / "var"

SECRET_KEY = os.environ.get("CRUSCOTTO_SECRET_KEY", "cruscotto-development-only-key")
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
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "cruscotto.web.middleware.RefuseNulInQueryMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "cruscotto.urls"
WSGI_APPLICATION = "cruscotto.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
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


# Bootstrap Italia comes from npm (package.json); `bin/setup` installs it.
STATICFILES_DIRS = [("bootstrap-italia", HOME_DIR / "node_modules" / "bootstrap-italia" / "dist")]
LOGIN_URL = "/accesso/"
LOGIN_REDIRECT_URL = "/riservata/"
LOGOUT_REDIRECT_URL = "/"

# Admin and page assets are served by WhiteNoise straight from the installed
# apps, so `cruscotto serve` needs no collectstatic step.
WHITENOISE_USE_FINDERS = True

# A user's Django permissions come from their Cruscotto roles (accounts.admin_site).
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "cruscotto.accounts.admin_site.AmministratoreBackend",
]

# Campaign reminders (`cruscotto campaign remind`): printed on the console unless a
# deployment names a real backend (e.g. django.core.mail.backends.smtp.EmailBackend).
EMAIL_BACKEND = os.environ.get(
    "CRUSCOTTO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = os.environ.get("CRUSCOTTO_FROM_EMAIL", "cruscotto@localhost")
