"""python manage.py clear_expired_uploads

Removes the uploads previewed in the browser but neither confirmed nor cancelled within
IMPORT_PENDING_HOURS. Run it daily from cron.
"""

from django.core.management.base import BaseCommand

from dataio.services import clear_expired_uploads


class Command(BaseCommand):
    help = "删除过期未确认的导入文件"

    def handle(self, **options):
        self.stdout.write(f"已删除{clear_expired_uploads()}个过期的待确认导入。")
