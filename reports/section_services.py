"""Writes of the outline of 一、工作总结 (reports.outline): add, edit, move, remove and restore a
section. Each checks the user may edit the zone, validates, saves and writes its history rows in
one transaction, whatever channel calls it."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from audit.services import change_records, save_change_records
from core.text import field_text
from indicators.models import Category
from zones.access import require_rights
from zones.models import Action

from . import outline
from .models import OWN_PREFIX, NarrativeSection, RecordInsert
from .services import LEAD_MAX, OUTLINE_FIELDS, _history, _values

def _lock_outline(zone, year: int, *, user, channel: str) -> list[outline.Entry]:
    """The outline with its rows locked, each entry holding a row (created for categories that
    had none) and every position set, with history: the order staff see is the order stored."""
    type(zone).objects.select_for_update().filter(pk=zone.pk).first()
    sections = {s.key: s for s in NarrativeSection.objects.select_for_update().filter(zone=zone, year=year)}
    entries = outline.entries(list(Category.objects.all()), sections)
    records = []
    for position, entry in enumerate(entries, start=1):
        before = _values(entry.section)
        if entry.section is None:
            entry.section = NarrativeSection.objects.create(zone=zone, year=year, key=entry.key, position=position)
        elif entry.section.position != position:
            entry.section.position = position
            entry.section.save(update_fields=["position", "updated_at"])
        else:
            continue
        records += _history(entry.section, before, user=user, channel=channel)
    save_change_records(records)
    return entries


def _entry(entries: list[outline.Entry], key: str) -> outline.Entry:
    found = next((entry for entry in entries if entry.key == key), None)
    if found is None:
        raise ValidationError({"key": _("没有这个章节")})
    return found


def _validate(title: str, text: str, inserts, *, own: bool) -> tuple[str, str, list[str]]:
    errors = {}
    try:
        title = field_text(NarrativeSection, "lead", title)
    except ValidationError as error:
        errors["title"], title = error.messages, ""
    try:
        text = field_text(NarrativeSection, "text", text)
    except ValidationError as error:
        errors["text"] = error.messages
    if "title" in errors:
        pass
    elif own and not title:
        errors["title"] = _("请填写章节标题")
    elif len(title) > LEAD_MAX:
        errors["title"] = _("标题不能超过%(max)s个字") % {"max": LEAD_MAX}
    unknown = [kind for kind in inserts if kind not in RecordInsert.values]
    if unknown:
        errors["inserts"] = _("未知的台账语句：%(kinds)s") % {"kinds": "、".join(unknown)}
    if errors:
        raise ValidationError(errors)
    return title, text, list(dict.fromkeys(inserts))


@transaction.atomic
def add_section(zone, year: int, *, title: str, text: str = "", inserts=(), user, channel: str) -> NarrativeSection:
    """A section of the staff's own at the end of 一、 (its title is its lead)."""
    require_rights(user, Action.EDIT, [zone.pk])
    title, text, inserts = _validate(title, text, inserts, own=True)
    entries = _lock_outline(zone, year, user=user, channel=channel)
    numbers = [int(e.key.removeprefix(OWN_PREFIX)) for e in entries if e.is_own and e.key.removeprefix(OWN_PREFIX).isdigit()]
    section = NarrativeSection.objects.create(
        zone=zone, year=year, key=f"{OWN_PREFIX}{max(numbers, default=0) + 1}", lead=title, text=text,
        position=len(entries) + 1, inserts=inserts,
    )
    save_change_records(_history(section, _values(None), user=user, channel=channel))
    return section


@transaction.atomic
def update_section(zone, year: int, key: str, *, title: str, text: str, inserts=(), user, channel: str) -> int:
    """Rename a section (a category's may go back to its name with an empty title), change its
    text and the record sentences it carries. Returns the number of fields changed."""
    require_rights(user, Action.EDIT, [zone.pk])
    entry = _entry(_lock_outline(zone, year, user=user, channel=channel), key)
    title, text, inserts = _validate(title, text, inserts, own=entry.is_own)
    section = entry.section
    before = _values(section)
    section.lead, section.text, section.inserts = title, text, inserts
    section.save()
    records = _history(section, before, user=user, channel=channel)
    save_change_records(records)
    return len(records)


@transaction.atomic
def move_section(zone, year: int, key: str, offset: int, *, user, channel: str) -> bool:
    """Move a section `offset` places up (negative) or down among the shown ones; False at an end."""
    require_rights(user, Action.EDIT, [zone.pk])
    entries = _lock_outline(zone, year, user=user, channel=channel)
    entry = _entry(entries, key)
    shown = [e for e in entries if not e.hidden]
    if entry not in shown:
        return False
    index = shown.index(entry) + offset
    if not 0 <= index < len(shown):
        return False
    target = shown[index]
    entries.remove(entry)
    entries.insert(entries.index(target) + (1 if offset > 0 else 0), entry)
    records = []
    for position, moved in enumerate(entries, start=1):
        if moved.section.position != position:
            before = _values(moved.section)
            moved.section.position = position
            moved.section.save(update_fields=["position", "updated_at"])
            records += _history(moved.section, before, user=user, channel=channel)
    save_change_records(records)
    return True


@transaction.atomic
def remove_section(zone, year: int, key: str, *, user, channel: str) -> None:
    """A section staff added is deleted (its history keeps the text); a category's is hidden for
    the year, its figures staying in the appendix, and can be restored."""
    require_rights(user, Action.EDIT, [zone.pk])
    section = _entry(_lock_outline(zone, year, user=user, channel=channel), key).section
    before = _values(section)
    if key.startswith(OWN_PREFIX):
        records = change_records(section, {f: (before[f], _values(None)[f]) for f in OUTLINE_FIELDS}, user=user, channel=channel, zone=zone)
        save_change_records(records)
        section.delete()
        return
    section.hidden = True
    section.save(update_fields=["hidden", "updated_at"])
    save_change_records(_history(section, before, user=user, channel=channel))


@transaction.atomic
def restore_section(zone, year: int, key: str, *, user, channel: str) -> None:
    require_rights(user, Action.EDIT, [zone.pk])
    section = _entry(_lock_outline(zone, year, user=user, channel=channel), key).section
    before = _values(section)
    section.hidden = False
    section.save(update_fields=["hidden", "updated_at"])
    save_change_records(_history(section, before, user=user, channel=channel))
