"""The demo data set: two zones modelled on the seed reports, a user of each role, their figures,
records and narrative. `manage.py load_demo` and the tests that read demo data load it alike."""

from django.db import transaction

from reports.models import ReportStyle
from zones.models import Park, PeerGroup, User, Zone

from . import figures, grading, narrative, records, reporting_calendar

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


def demo_zones() -> dict[str, Zone]:
    zones = {}
    for code, (name, parks) in ZONES.items():
        zones[code], _ = Zone.objects.get_or_create(code=code, defaults={"name": name})
        for park in parks:
            Park.objects.get_or_create(zone=zones[code], name=park)
    return zones


def rank_group(zones: dict[str, Zone]) -> None:
    """Both demo zones rank in one group, 全市: their drafts say 增速居全市第N位 (idempotent)."""
    group, _ = PeerGroup.objects.get_or_create(name="全市开发区", defaults={"scope": PeerGroup.Scope.CITY})
    group.members.add(*zones.values())
    for zone in zones.values():
        ReportStyle.objects.update_or_create(zone=zone, defaults={"rank_group": group})


def load_data(zones: dict[str, Zone], year: int) -> None:
    """Figures, records and narrative of `year` for the demo zones (idempotent)."""
    figures.load(zones, year)
    records.load(zones, year)
    grading.load(zones, year)
    narrative.load(zones, year)
    reporting_calendar.load(zones, year)


@transaction.atomic
def load_demo(password: str) -> tuple[dict[str, Zone], int]:
    zones = demo_zones()
    rank_group(zones)
    for username, role, zone_codes, extra in USERS:
        user, created = User.objects.get_or_create(username=username, defaults={"role": role, **extra})
        if created:
            user.set_password(password)
            user.save(update_fields=["password"])
            user.zones.set([zones[c] for c in zone_codes])
    year = figures.demo_year()
    load_data(zones, year)
    return zones, year
