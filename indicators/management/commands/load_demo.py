import importlib
import importlib.util
import os

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from indicators import demo
from zones.models import Park, User, Zone

ZONES = {
    "XB": ("西部经济技术开发区", ["南园", "西园"]),
    "LJ": ("临江经济开发区", ["总部经济商务区", "联东U谷智能制造产业园", "江南医谷"]),
}
USERS = [
    # username, role, zones, extra
    ("admin", User.Role.ADMIN, [], {"is_staff": True, "is_superuser": True}),
    ("staff", User.Role.STAFF, ["XB", "LJ"], {}),
    ("reviewer", User.Role.REVIEWER, ["XB", "LJ"], {}),
    ("leader", User.Role.LEADER, [], {"sees_all_zones": True}),
]
# Apps that add their own demo records through a `demo.load(zones, year)` function.
DEMO_APPS = ["projects", "reports", "dashboard"]


class Command(BaseCommand):
    help = "Load demo zones, users and figures modelled on the seed reports (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="run even when DEBUG is off")

    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError("load_demo refuses to run with DEBUG off (a production database?); use --force.")
        password = os.environ.get("DEMO_PASSWORD", "demo12345")
        year = demo.demo_year()
        with transaction.atomic():
            zones = {}
            for code, (name, parks) in ZONES.items():
                zones[code], _ = Zone.objects.get_or_create(code=code, defaults={"name": name})
                for park in parks:
                    Park.objects.get_or_create(zone=zones[code], name=park)
            for username, role, zone_codes, extra in USERS:
                user, created = User.objects.get_or_create(username=username, defaults={"role": role, **extra})
                if created:
                    user.set_password(password)
                    user.save(update_fields=["password"])
                    user.zones.set([zones[c] for c in zone_codes])
            demo.load(zones, year)
            for app in DEMO_APPS:
                if importlib.util.find_spec(f"{app}.demo") is not None:
                    importlib.import_module(f"{app}.demo").load(zones, year)
        self.stdout.write(self.style.SUCCESS(f"Demo data loaded for {year}: zones {', '.join(zones)}; users {', '.join(u[0] for u in USERS)}."))
