"""Reads of the report narrative for the editing pages."""

from .models import NarrativeItem, NarrativeSection


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
