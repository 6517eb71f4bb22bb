import os

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from demo.loading import USERS, load_demo


class Command(BaseCommand):
    help = "Load demo zones, users and figures modelled on the seed reports (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="run even when DEBUG is off")

    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError("load_demo refuses to run with DEBUG off (a production database?); use --force.")
        zones, year = load_demo(os.environ.get("DEMO_PASSWORD", "demo12345"))
        self.stdout.write(self.style.SUCCESS(f"Demo data loaded for {year}: zones {', '.join(zones)}; users {', '.join(u[0] for u in USERS)}."))
