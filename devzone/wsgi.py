import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "devzone.settings")
application = get_wsgi_application()

# Scheduled work from the app itself when no Celery beat runs it (settings.PERIODIC_WORK_IN_APP).
from jobs.periodic import start_in_app  # noqa: E402 - needs the app loaded above

start_in_app()

# Import every view now, and openpyxl, matplotlib and python-docx with them, while gunicorn boots
# the worker: else the first request a new worker serves waits about 0.6 s for them (after a
# deploy, and each time --max-requests recycles a worker).
get_resolver().url_patterns

