"""The job queue: Celery with Redis (REDIS_URL) as broker.

Without REDIS_URL (the embedded `make run`, the tests) settings.CELERY_TASK_ALWAYS_EAGER runs each
task inline in the process that queues it, so the application works with nothing else installed.
Worker and scheduler: `celery -A devzone worker` and `celery -A devzone beat` (docs/operations.md).
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "devzone.settings")

app = Celery("devzone")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
