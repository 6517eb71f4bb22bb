"""python manage.py send_reminders

Sends today's reminders (notifications/reminders.py) inline; the scheduler runs the same through
the job queue every morning. Safe to rerun: nothing is sent twice.
"""

from django.core.management.base import BaseCommand

from core import clock
from notifications.reminders import send_reminders


class Command(BaseCommand):
    help = "发送报送截止提醒"

    def handle(self, **options):
        self.stdout.write(f"新发送{send_reminders(clock.today())}条提醒。")
