"""The sections of 一、工作总结 of one zone and year, in order: one per indicator category (unless
staff hid it for the year) and those staff added, each with the record sentences it carries.

The preview, the .docx and `annual_report` all build the draft from this one outline.
"""

from __future__ import annotations

from dataclasses import dataclass

from .models import OWN_PREFIX, NarrativeSection, RecordInsert

# The record sentences a category's section carries unless staff inserted them in another one.
DEFAULT_INSERTS = {
    "promotion": [RecordInsert.PROMOTION],
    "projects": [RecordInsert.PROJECTS],
    "land": [RecordInsert.LAND, RecordInsert.RELOCATION],
}
# Where a category section without a position goes: after every placed one, in category order.
UNPLACED = 1000


@dataclass
class Entry:
    key: str
    category: object | None  # indicators.Category; None for a section staff added
    section: NarrativeSection | None

    @property
    def is_own(self) -> bool:
        return self.category is None

    @property
    def hidden(self) -> bool:
        return bool(self.section and self.section.hidden)

    @property
    def title(self) -> str:
        """The heading after （一）: the staff's lead, else the category's name."""
        lead = self.section.lead.strip() if self.section else ""
        return lead or (self.category.name_zh if self.category else "")

    @property
    def inserts(self) -> list[str]:
        return list(self.section.inserts) if self.section else []


def entries(categories, sections: dict[str, NarrativeSection]) -> list[Entry]:
    """Every section of 一、 (hidden ones included) in report order."""
    found = [Entry(category.code, category, sections.get(category.code)) for category in categories]
    found += [Entry(key, None, section) for key, section in sections.items() if key.startswith(OWN_PREFIX)]
    default = {category.code: index for index, category in enumerate(categories)}

    def place(entry: Entry):
        position = entry.section.position if entry.section else None
        return (UNPLACED + default.get(entry.key, 0) if position is None else position, entry.key)

    return sorted(found, key=place)


def record_kinds(outline: list[Entry]) -> dict[str, list[str]]:
    """The record sentences of each shown section, each kind said once: where staff inserted it,
    else in its category's section."""
    shown = [entry for entry in outline if not entry.hidden]
    inserted = {kind for entry in shown for kind in entry.inserts}
    kinds = {}
    for entry in shown:
        defaults = [kind for kind in DEFAULT_INSERTS.get(entry.key, []) if kind not in inserted] if not entry.is_own else []
        kinds[entry.key] = list(dict.fromkeys([*defaults, *entry.inserts]))
    return kinds
