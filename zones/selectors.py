"""Reads of zone records."""

from django.db.models import Count, Q

from .models import Action, PeerGroup, Zone


def zones_with_data_versions(user, action: str = Action.VIEW) -> list[Zone]:
    """The zones `user` may perform `action` on, each with its data version, in one query."""
    return list(Zone.objects.for_user(user, action).with_data_version())


def data_versions(zones) -> tuple[tuple[int, int], ...]:
    """(zone_id, version) of zones read with Zone.objects.with_data_version(), by zone id; a zone
    never written to is at 0."""
    return tuple(sorted({(zone.pk, zone.data_version_number) for zone in zones}))


def group_formed_by(zones) -> PeerGroup | None:
    """The rank group whose members are exactly `zones`, if any, in one query: the comparison
    names it, as its ranks are then those the drafts state."""
    ids = [zone.pk for zone in zones]
    return PeerGroup.objects.annotate(
        size=Count("members", distinct=True), inside=Count("members", filter=Q(members__in=ids), distinct=True),
    ).filter(size=len(ids), inside=len(ids)).first()
