"""Reads of the report narrative for the editing pages."""

from zones.models import Zone

from .models import NarrativeItem, NarrativeSection


def peer_zone_ids(user) -> list[int]:
    """The zones of the reader's scope: a report ranks its growth among them (增速居全市第N位)."""
    return list(Zone.objects.for_user(user).values_list("pk", flat=True))


def narrative(zone, year: int) -> tuple[dict[str, NarrativeSection], dict[str, list[NarrativeItem]]]:
    """A zone's sections by key and its problems / plans in order, in two queries."""
    sections = {s.key: s for s in NarrativeSection.objects.filter(zone=zone, year=year)}
    items: dict[str, list[NarrativeItem]] = {kind: [] for kind in NarrativeItem.Kind}
    for item in NarrativeItem.objects.filter(zone=zone, year=year).order_by("kind", "position"):
        items[item.kind].append(item)
    return sections, items


def has_narrative(zone, year: int) -> bool:
    return (
        NarrativeSection.objects.filter(zone=zone, year=year).exists()
        or NarrativeItem.objects.filter(zone=zone, year=year).exists()
    )
