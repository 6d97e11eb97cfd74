"""WSGI entry point (gunicorn takbai_ita.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "takbai_ita.settings")
application = get_wsgi_application()
