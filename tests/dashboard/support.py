"""What the dashboard tests share: the page of seed 004's October and its cards."""

import re

from indicators.models import ZoneMonth

URL = "/dashboard/?zone=HX&year=2025&month=10"


def cell(html: str, code: str, name: str) -> str:
    card = re.search(rf'data-code="{code}">(.*?)</article>', html, re.S).group(1)
    return re.search(rf'data-cell="{name}">(.*?)</', card, re.S).group(1).strip()


def approve(zone, year, months):
    """Mark months approved, as the review would (the dashboard reads only the status)."""
    for month in months:
        ZoneMonth.objects.update_or_create(zone=zone, year=year, month=month, defaults={"status": ZoneMonth.Status.APPROVED})
