"""One day for the whole application: core.clock.today(), which settings.DEVZONE_TODAY freezes."""

import re
from pathlib import Path

from django.conf import settings
from django.urls import reverse

BASE_DIR = Path(settings.BASE_DIR)
# The real date is read only by the clock itself, and by the API tokens, whose expiry is a real moment.
READS_THE_REAL_DATE = {"core/clock.py", "api/forms.py"}


def test_no_module_reads_the_date_but_the_clock():
    readers = sorted(
        str(path.relative_to(BASE_DIR))
        for path in BASE_DIR.glob("*/**/*.py")
        if path.parts[len(BASE_DIR.parts)] not in {".venv", "tests"}
        and "timezone.localdate()" in path.read_text(encoding="utf-8")
    )
    assert set(readers) <= READS_THE_REAL_DATE, readers


def test_a_page_follows_a_frozen_day(zone, reviewer, client_for, today):
    today("2030-05-10")
    review = client_for(reviewer).get(reverse("indicators:completeness")).content.decode()
    assert re.findall(r'<option value="(\d+)" selected>', review) == ["2030"]
    assert 'data-month="5"' in review and 'data-month="6"' not in review  # the months up to the day's
