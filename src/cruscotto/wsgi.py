"""WSGI entry point, served by gunicorn (`cruscotto serve`)."""

from __future__ import annotations

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cruscotto.settings")
application = get_wsgi_application()
