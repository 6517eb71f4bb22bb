import gc
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

# What the worker holds once booted (modules, views, templates: about 150,000 objects) lives as
# long as the worker. Python's cycle collector would scan it all again on each of its full
# collections, 90 ms every twenty or so requests that allocate much (measured on the zone
# comparison); frozen, a full collection scans only what requests created since. Cycles among
# those are still collected.
gc.freeze()
