import datetime

import pytest
from django.utils import timezone

from indicators import workflow
from indicators.models import MonthTransition, ZoneMonth


@pytest.fixture
def today(settings):
    """today("2026-03-04"): freeze the application's day (core.clock) for the test."""

    def freeze(iso: str) -> datetime.date:
        settings.DEVZONE_TODAY = iso
        return datetime.date.fromisoformat(iso)

    return freeze


@pytest.fixture
def submit_on():
    """submit_on(zone, year, month, user, "2026-03-05"): submit the month through the workflow,
    dated (the transition's time) at noon on that day."""

    def submit(zone, year, month, user, iso):
        zone_month = ZoneMonth(zone=zone, year=year, month=month)
        workflow.submit(zone_month, user)
        at = timezone.make_aware(datetime.datetime.fromisoformat(iso + "T12:00"))
        latest = MonthTransition.objects.filter(
            zone_month__zone=zone, zone_month__year=year, zone_month__month=month, to_status=ZoneMonth.Status.SUBMITTED
        ).latest("id")
        MonthTransition.objects.filter(pk=latest.pk).update(created_at=at)
        return ZoneMonth.objects.get(zone=zone, year=year, month=month)

    return submit
