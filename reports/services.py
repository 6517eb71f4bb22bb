"""Writes of the report narrative. Each action checks the user may edit the zone, validates,
saves and writes its history rows in one transaction, whatever channel calls it."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from audit.services import change_records, save_change_records
from core.text import field_text
from indicators.models import Category
from zones.access import require_rights
from zones.models import Action

from .models import NEXT_STEPS_PREFIX, OPENING, OWN_PREFIX, PLAN_OVERVIEW, NarrativeItem, NarrativeSection

LEAD_MAX = NarrativeSection._meta.get_field("lead").max_length
TITLE_MAX = NarrativeItem._meta.get_field("title").max_length


@dataclass(frozen=True)
class SectionText:
    lead: str = ""
    text: str = ""


@dataclass(frozen=True)
class ItemText:
    title: str
    text: str = ""


class NarrativeConflict(Exception):
    """Someone saved the narrative after the form was loaded."""


def narrative_fingerprint(zone, year: int) -> str:
    """A digest of the zone's narrative for the year: a form keeps the one it was loaded with,
    and saving refuses when it no longer matches (two people editing the same report)."""
    digest = hashlib.sha256()
    # A month's 下一步 is saved on its own page: it does not make an open form of the year's stale.
    sections = NarrativeSection.objects.filter(zone=zone, year=year).exclude(key__startswith=NEXT_STEPS_PREFIX)
    for row in sections.order_by("key").values_list("key", "lead", "text"):
        digest.update(repr(row).encode())
    for row in NarrativeItem.objects.filter(zone=zone, year=year).order_by("kind", "position").values_list("kind", "position", "title", "text"):
        digest.update(repr(row).encode())
    return digest.hexdigest()[:32]


def section_keys() -> list[str]:
    """Keys the narrative form saves: the opening, every indicator category, 工作思路 (the
    sections staff add are written by reports.section_services)."""
    return [OPENING, *Category.objects.values_list("code", flat=True), PLAN_OVERVIEW]


# What the outline of a section is, for its history rows.
OUTLINE_FIELDS = ("lead", "text", "position", "inserts", "hidden")


def _values(section: NarrativeSection | None) -> dict:
    if section is None:
        return {"lead": "", "text": "", "position": None, "inserts": [], "hidden": False}
    return {field: getattr(section, field) for field in OUTLINE_FIELDS}


def _history(section: NarrativeSection, before: dict, *, user, channel) -> list:
    after = _values(section)
    return change_records(section, {f: (before[f], after[f]) for f in OUTLINE_FIELDS}, user=user, channel=channel, zone=section.zone)


def _text_errors(checks) -> list[str]:
    """The messages of the text rule (core.text: line breaks made newlines, so history compares
    like with like; control characters refused) for (model, field, text) triples."""
    messages = []
    for model, field, text in checks:
        try:
            field_text(model, field, text)
        except ValidationError as error:
            messages += error.messages
    return messages


def _validate(sections: dict[str, SectionText], items: dict[str, list[ItemText]]) -> None:
    errors = {}
    allowed = set(section_keys())
    for key, section in sections.items():
        if key not in allowed:
            errors[key] = _("未知的章节“%(key)s”") % {"key": key}
        elif messages := _text_errors([(NarrativeSection, "lead", section.lead), (NarrativeSection, "text", section.text)]):
            errors[key] = messages
        elif len(field_text(NarrativeSection, "lead", section.lead)) > LEAD_MAX:
            errors[key] = _("引导句不能超过%(max)s个字") % {"max": LEAD_MAX}
    for kind, entries in items.items():
        for index, item in enumerate(entries, start=1):
            if messages := _text_errors([(NarrativeItem, "title", item.title), (NarrativeItem, "text", item.text)]):
                errors[f"{kind}-{index}"] = messages
            elif not field_text(NarrativeItem, "title", item.title):
                errors[f"{kind}-{index}"] = _("第%(n)s条须填写标题") % {"n": index}
            elif len(field_text(NarrativeItem, "title", item.title)) > TITLE_MAX:
                errors[f"{kind}-{index}"] = _("第%(n)s条标题不能超过%(max)s个字") % {"n": index, "max": TITLE_MAX}
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def save_narrative(
    zone,
    year: int,
    *,
    sections: dict[str, SectionText] | None = None,
    problems: list[ItemText] | None = None,
    plans: list[ItemText] | None = None,
    user,
    channel: str,
    expected_fingerprint: str | None = None,
) -> int:
    """Save the given sections and, when given, the whole ordered list of problems / plans.

    Returns the number of fields changed. Raises RightsRefused when the user may not edit the
    zone, ValidationError (nothing saved) on bad input, NarrativeConflict when
    `expected_fingerprint` no longer matches what is stored.
    """
    require_rights(user, Action.EDIT, [zone.pk])
    sections = sections or {}
    items = {kind: entries for kind, entries in ((NarrativeItem.Kind.PROBLEM, problems), (NarrativeItem.Kind.PLAN, plans)) if entries is not None}
    _validate(sections, items)
    # Lock the zone's row so that two saves of one narrative run one after the other and
    # the second one sees the first one's fingerprint.
    type(zone).objects.select_for_update().filter(pk=zone.pk).first()
    if expected_fingerprint is not None and expected_fingerprint != narrative_fingerprint(zone, year):
        raise NarrativeConflict
    records = []

    existing = {s.key: s for s in NarrativeSection.objects.select_for_update().filter(zone=zone, year=year, key__in=list(sections))}
    for key, given in sections.items():
        lead, text = field_text(NarrativeSection, "lead", given.lead), field_text(NarrativeSection, "text", given.text)
        section = existing.get(key)
        if section is None:
            if not lead and not text:
                continue
            section = NarrativeSection.objects.create(zone=zone, year=year, key=key, lead=lead, text=text)
            records += change_records(section, {"lead": ("", lead), "text": ("", text)}, user=user, channel=channel, zone=zone)
            continue
        changes = {"lead": (section.lead, lead), "text": (section.text, text)}
        changed = [field for field, (old, new) in changes.items() if old != new]
        if changed:
            section.lead, section.text = lead, text
            section.save(update_fields=[*changed, "updated_at"])
            records += change_records(section, changes, user=user, channel=channel, zone=zone)

    for kind, entries in items.items():
        records += _replace_items(zone, year, kind, entries, user=user, channel=channel)

    save_change_records(records)
    return len(records)


def _replace_items(zone, year, kind, entries: list[ItemText], *, user, channel) -> list:
    records = []
    current = list(NarrativeItem.objects.select_for_update().filter(zone=zone, year=year, kind=kind).order_by("position"))
    for position, given in enumerate(entries, start=1):
        title, text = field_text(NarrativeItem, "title", given.title), field_text(NarrativeItem, "text", given.text)
        if position <= len(current):
            item = current[position - 1]
            changes = {"title": (item.title, title), "text": (item.text, text)}
            changed = [field for field, (old, new) in changes.items() if old != new]
            if changed:
                item.title, item.text = title, text
                item.save(update_fields=[*changed, "updated_at"])
                records += change_records(item, changes, user=user, channel=channel, zone=zone)
        else:
            item = NarrativeItem.objects.create(zone=zone, year=year, kind=kind, position=position, title=title, text=text)
            records += change_records(item, {"title": ("", title), "text": ("", text)}, user=user, channel=channel, zone=zone)
    for item in current[len(entries):]:
        # The history row keeps the deleted text; it is written before the row goes.
        records += change_records(item, {"title": (item.title, ""), "text": (item.text, "")}, user=user, channel=channel, zone=zone)
        item.delete()
    return records


@transaction.atomic
def save_next_steps(zone, year: int, month: int, text: str, *, user, channel: str) -> int:
    """Save the 下一步 of the month's 月报 (its paragraphs, one a line) with its history row.
    Returns the number of fields changed (0 or 1). Raises RightsRefused when the user may not
    edit the zone, ValidationError (nothing saved) on text the rule refuses."""
    require_rights(user, Action.EDIT, [zone.pk])
    if messages := _text_errors([(NarrativeSection, "text", text)]):
        raise ValidationError({"text": messages})
    text = field_text(NarrativeSection, "text", text)
    key = f"{NEXT_STEPS_PREFIX}{month}"
    section = NarrativeSection.objects.select_for_update().filter(zone=zone, year=year, key=key).first()
    before = section.text if section else ""
    if before == text:
        return 0
    if section is None:
        section = NarrativeSection.objects.create(zone=zone, year=year, key=key, text=text)
    else:
        section.text = text
        section.save(update_fields=["text", "updated_at"])
    save_change_records(change_records(section, {"text": (before, text)}, user=user, channel=channel, zone=zone))
    return 1


@transaction.atomic
def start_from_previous_year(zone, year: int, *, user, channel: str) -> int:
    """Copy last year's narrative into `year` wherever this year's is still empty.

    The outline (order, hidden sections, inserted record sentences, the staff's own sections) is
    copied when this year has none of its own; a section is copied when this year's has neither
    lead nor text; problems and plans are copied as a list when this year has none of that kind.
    Returns the number of fields changed.
    """
    require_rights(user, Action.EDIT, [zone.pk])
    structure = copy_structure(zone, year, user=user, channel=channel)
    save_change_records(structure)
    previous = {
        s.key: s for s in NarrativeSection.objects.filter(zone=zone, year=year - 1) if not s.key.startswith((OWN_PREFIX, NEXT_STEPS_PREFIX))
    }
    current = {s.key: s for s in NarrativeSection.objects.filter(zone=zone, year=year)}
    sections = {
        key: SectionText(section.lead, section.text)
        for key, section in previous.items()
        if not section.is_empty and (key not in current or current[key].is_empty)
    }
    lists = {}
    for kind in NarrativeItem.Kind:
        if not NarrativeItem.objects.filter(zone=zone, year=year, kind=kind).exists():
            earlier = NarrativeItem.objects.filter(zone=zone, year=year - 1, kind=kind).order_by("position")
            if earlier:
                lists[kind] = [ItemText(item.title, item.text) for item in earlier]
    return len(structure) + save_narrative(
        zone,
        year,
        sections=sections,
        problems=lists.get(NarrativeItem.Kind.PROBLEM),
        plans=lists.get(NarrativeItem.Kind.PLAN),
        user=user,
        channel=channel,
    )


def copy_structure(zone, year: int, *, user, channel: str) -> list:
    """Last year's outline (order, hidden sections, inserted sentences, the staff's own sections
    with their title and text) for a year that has none of its own yet. Unsaved history rows;
    called inside start_from_previous_year's transaction."""
    current = NarrativeSection.objects.filter(zone=zone, year=year)
    if current.filter(position__isnull=False).exists() or current.filter(key__startswith=OWN_PREFIX).exists():
        return []
    records = []
    existing = {s.key: s for s in current}
    for earlier in NarrativeSection.objects.filter(zone=zone, year=year - 1, position__isnull=False):
        section = existing.get(earlier.key)
        before = _values(section)
        if section is None:
            section = NarrativeSection(zone=zone, year=year, key=earlier.key)
        if earlier.key.startswith(OWN_PREFIX):
            section.lead, section.text = earlier.lead, earlier.text
        section.position, section.inserts, section.hidden = earlier.position, list(earlier.inserts), earlier.hidden
        section.save()
        records += _history(section, before, user=user, channel=channel)
    return records
