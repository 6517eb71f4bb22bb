"""Reads of zone records."""

from devzone.compiled import CompiledQuery

from .models import Action, Zone, ZoneScope, zone_scope

# Read on every dashboard request, cached or not: its SQL is written once per process.
_zones_with_data_versions = {
    scope: CompiledQuery(lambda user_id, scope=scope: Zone.objects.in_scope(scope, user_id).with_data_version())
    for scope in (ZoneScope.ALL, ZoneScope.MEMBERS)
}


def zones_with_data_versions(user, action: str = Action.VIEW) -> list[Zone]:
    """`list(Zone.objects.for_user(user, action).with_data_version())`, in one query that Django
    does not compile again each time."""
    scope = zone_scope(user, action)
    if scope is ZoneScope.NONE:
        return []
    return _zones_with_data_versions[scope](user.pk)


def data_versions(zones) -> tuple[tuple[int, int], ...]:
    """(zone_id, version) of zones read with Zone.objects.with_data_version(), by zone id; a zone
    never written to is at 0."""
    return tuple(sorted({(zone.pk, zone.data_version_number) for zone in zones}))
