"""The admin cannot bypass the review chain: review statuses, their transitions and the confirmed
warnings are read-only there, and values and targets cannot be deleted, one row or in bulk."""

import pytest

from indicators import selectors, workflow
from indicators.models import AnnualTarget, ConfirmedWarning, MonthlyValue, MonthTransition, ZoneMonth
from tests.conftest import BLANKS_EXPLAINED

YEAR, MONTH = 2025, 1  # January: its own figure needs no month before it


@pytest.fixture
def approved(zone, staff, reviewer, enter):
    enter(zone, YEAR - 1, MONTH, {"tax_revenue": 100}, user=staff)
    enter(zone, YEAR, MONTH, {"tax_revenue": 1000}, user=staff)  # a 3x jump, confirmed
    workflow.submit(selectors.zone_month(zone, YEAR, MONTH), staff, BLANKS_EXPLAINED)
    workflow.approve(selectors.zone_month(zone, YEAR, MONTH), reviewer)
    return selectors.zone_month(zone, YEAR, MONTH)


def rows(approved):
    return {
        "zonemonth": approved,
        "monthtransition": MonthTransition.objects.filter(zone_month=approved).first(),
        "confirmedwarning": ConfirmedWarning.objects.get(zone_month=approved),
    }


def counts():
    return ZoneMonth.objects.count(), MonthTransition.objects.count(), ConfirmedWarning.objects.count()


@pytest.mark.parametrize("model", ["zonemonth", "monthtransition", "confirmedwarning"])
def test_review_rows_cannot_be_added_changed_or_deleted(administrator, client_for, approved, model):
    client = client_for(administrator)
    row = rows(approved)[model]
    before = counts()
    base = f"/admin/indicators/{model}/"
    assert client.get(base).status_code == 200  # read, yes
    assert client.get(f"{base}{row.pk}/change/").status_code == 200
    assert client.get(f"{base}add/").status_code == 403
    assert client.post(f"{base}add/", {}).status_code == 403
    assert client.post(f"{base}{row.pk}/change/", {"status": "draft", "reason": "x", "message": "x"}).status_code == 403
    assert client.post(f"{base}{row.pk}/delete/", {"post": "yes"}).status_code == 403
    changelist = client.get(base).content.decode()
    assert "delete_selected" not in changelist
    client.post(base, {"action": "delete_selected", "_selected_action": [row.pk], "post": "yes"})
    assert counts() == before
    assert selectors.zone_month(approved.zone, YEAR, MONTH).status == ZoneMonth.Status.APPROVED


def test_a_month_with_transitions_cannot_be_deleted_at_all(approved):
    from django.db.models import ProtectedError

    with pytest.raises(ProtectedError):
        approved.delete()
    assert MonthTransition.objects.filter(zone_month=approved).count() == 2


@pytest.mark.parametrize("model", ["monthlyvalue", "annualtarget"])
def test_values_and_targets_cannot_be_deleted(zone, administrator, client_for, enter, set_target, model):
    enter(zone, YEAR, MONTH, {"tax_revenue": 26362})
    set_target(zone, YEAR, "tax_revenue", 30000)
    row = (MonthlyValue if model == "monthlyvalue" else AnnualTarget).objects.get()
    client = client_for(administrator)
    assert client.post(f"/admin/indicators/{model}/{row.pk}/delete/", {"post": "yes"}).status_code == 403
    assert "delete_selected" not in client.get(f"/admin/indicators/{model}/").content.decode()
    client.post(f"/admin/indicators/{model}/", {"action": "delete_selected", "_selected_action": [row.pk], "post": "yes"})
    assert type(row).objects.filter(pk=row.pk).exists()
