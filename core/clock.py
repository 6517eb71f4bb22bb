"""Today's date as the application sees it.

settings.DEVZONE_TODAY (ISO date, from the environment or a test's settings) freezes the day for
demonstrations and browser tests: the server thread reads it like any setting, so nothing has to
patch datetime. Unset, it is the local date in settings.TIME_ZONE.
"""

import datetime

from django.conf import settings
from django.utils import timezone


def today() -> datetime.date:
    frozen = getattr(settings, "DEVZONE_TODAY", "")
    if frozen:
        return frozen if isinstance(frozen, datetime.date) else datetime.date.fromisoformat(frozen)
    return timezone.localdate()
