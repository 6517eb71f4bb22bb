"""Reads of zone records."""


def data_versions(zones) -> tuple[tuple[int, int], ...]:
    """(zone_id, version) of zones read with Zone.objects.with_data_version(), by zone id; a zone
    never written to is at 0."""
    return tuple(sorted({(zone.pk, zone.data_version_number) for zone in zones}))
