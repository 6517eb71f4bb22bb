"""python manage.py send_reminders

Sends today's reminders, leaders' digests and the emails still to send (notifications/reminders.py)
inline; the scheduler (or the app itself) runs the same every morning. Safe to rerun: nothing is
sent twice.
"""

from django.core.management.base import BaseCommand

from core import clock
from notifications.reminders import reminder_message, run_reminders


class Command(BaseCommand):
    help = "发送报送截止提醒"

    def handle(self, **options):
        self.stdout.write(reminder_message(run_reminders(clock.today())))
