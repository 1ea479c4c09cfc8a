"""WSGI entry point, served by gunicorn (`cruscotto serve`)."""

from __future__ import annotations

import os

from django.core.wsgi import get_wsgi_application

from cruscotto.runtime import tune_garbage_collector

tune_garbage_collector()
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cruscotto.settings")
application = get_wsgi_application()
