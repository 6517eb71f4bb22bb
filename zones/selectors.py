"""Reads of zone records."""

from .models import Action, Zone


def zones_with_data_versions(user, action: str = Action.VIEW) -> list[Zone]:
    """The zones `user` may perform `action` on, each with its data version, in one query."""
    return list(Zone.objects.for_user(user, action).with_data_version())


def data_versions(zones) -> tuple[tuple[int, int], ...]:
    """(zone_id, version) of zones read with Zone.objects.with_data_version(), by zone id; a zone
    never written to is at 0."""
    return tuple(sorted({(zone.pk, zone.data_version_number) for zone in zones}))
