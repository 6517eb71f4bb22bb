"""Reads of zone records."""

from collections.abc import Iterable

from .models import ZoneDataVersion


def data_versions(zone_ids: Iterable[int]) -> tuple[tuple[int, int], ...]:
    """(zone_id, version) of these zones, by zone id; a zone never written to is at 0. One query."""
    ids = sorted(set(zone_ids))
    stored = dict(ZoneDataVersion.objects.filter(zone_id__in=ids).values_list("zone_id", "version"))
    return tuple((zone_id, stored.get(zone_id, 0)) for zone_id in ids)


def loaded_data_versions(zones) -> tuple[tuple[int, int], ...]:
    """data_versions() of zones read with Zone.objects.with_data_version(), without a query."""
    return tuple(sorted({(zone.pk, zone.data_version_number) for zone in zones}))
