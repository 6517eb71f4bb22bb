"""The admin changes values only through the services: same checks, same history."""

from audit.models import ChangeRecord
from indicators.models import AnnualTarget, MonthlyValue
from zones.models import User


def value_form(zone, indicators, **extra):
    data = {"zone": zone.pk, "indicator": indicators["tax_revenue"].pk, "year": 2025, "month": 3, "entered": "1200",
            "published_yoy": "", "comment": ""}
    data.update(extra)
    return data


def test_admin_add_value_goes_through_the_service(zone, administrator, client_for, indicators):
    client = client_for(administrator)
    response = client.post("/admin/indicators/monthlyvalue/add/", value_form(zone, indicators))
    assert response.status_code == 302
    value = MonthlyValue.objects.get()
    assert (value.ytd_value, value.month_value) == (1200, 1200)
    assert (value.created_channel, value.created_by) == ("admin", administrator)
    page = client.get(f"/admin/indicators/monthlyvalue/{value.pk}/change/").content.decode()
    assert "1200" in page and "（后台）首次录入" in page
    response = client.post(f"/admin/indicators/monthlyvalue/{value.pk}/change/", value_form(zone, indicators, entered="1300"))
    assert response.status_code == 302
    record = ChangeRecord.objects.get(field="value")
    assert (record.channel, record.user, record.old_value, record.new_value) == ("admin", administrator, "1200", "1300")
    page = client.get(f"/admin/indicators/monthlyvalue/{value.pk}/change/").content.decode()
    assert page.index("1200 → 1300") < page.index("首次录入")  # newest first


def test_admin_refuses_what_the_form_refuses(zone, administrator, client_for, indicators):
    response = client_for(administrator).post("/admin/indicators/monthlyvalue/add/", value_form(zone, indicators, entered="-3"))
    assert response.status_code == 200 and "不能为负数" in response.content.decode()
    assert not MonthlyValue.objects.exists()


def test_admin_target_is_saved_with_history(zone, administrator, client_for, indicators):
    response = client_for(administrator).post(
        "/admin/indicators/annualtarget/add/",
        {"zone": zone.pk, "indicator": indicators["total_output"].pk, "year": 2025, "target_value": "260", "version": "-1"},
    )
    assert response.status_code == 302
    assert AnnualTarget.objects.get().target_value == 260
    assert ChangeRecord.objects.get(field="target_value").channel == "admin"


def test_only_administrators_reach_the_admin_site_under_its_title(administrator, client_for):
    clerk = User.objects.create_user("clerk", password="x-Very-long-pass-1", role=User.Role.STAFF, is_staff=True)
    refused = client_for(clerk).get("/admin/")
    assert refused.status_code == 302 and refused["Location"].startswith("/admin/login/")
    page = client_for(administrator).get("/admin/").content.decode()
    assert "<title>" in page and "DevZone 开发区运行监测" in page
