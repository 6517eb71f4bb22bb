"""Reminders: before, on and after the due day, to reviewers past the approval deadline, once per
event whatever the reruns, email unless the user turned it off; the bell, the list, mark read."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from notifications.models import Notification
from notifications.reminders import send_reminders
from notifications.services import notify, set_preference
from tests.queries import assert_queries, page_queries

D = datetime.date


@pytest.fixture
def staff_with_email(staff):
    staff.email = "staff@example.org"
    staff.save()
    return staff


def keys(user):
    return sorted(Notification.objects.filter(user=user).values_list("event_key", flat=True))


def test_reminders_before_on_and_after_the_due_day_each_once(zone, staff_with_email, settings, on_commit):
    staff = staff_with_email
    assert on_commit(send_reminders, D(2026, 3, 1)) == 0  # due 5 March, 4 days ahead: more than the 3 of the rule
    assert on_commit(send_reminders, D(2026, 3, 2)) == 1
    assert keys(staff) == ["due-soon:indicators:HX:2026-2"]
    assert on_commit(send_reminders, D(2026, 3, 3)) == 0  # the same event: not again
    assert on_commit(send_reminders, D(2026, 3, 5)) == 1
    assert on_commit(send_reminders, D(2026, 3, 6)) == 1
    assert on_commit(send_reminders, D(2026, 3, 9)) == 0
    assert keys(staff) == ["due-soon:indicators:HX:2026-2", "due-today:indicators:HX:2026-2", "overdue:indicators:HX:2026-2"]
    assert len(mail.outbox) == 3 and mail.outbox[0].to == ["staff@example.org"]
    assert "2026年2月月度指标将于2026-03-05截止（还剩3天）" in mail.outbox[0].subject
    assert settings.SITE_URL + reverse("indicators:entry", args=["HX", 2026, 2]) in mail.outbox[0].body


def test_a_rerun_sends_nothing_twice(zone, staff_with_email, on_commit):
    assert on_commit(send_reminders, D(2026, 3, 6)) == 1
    before = list(Notification.objects.values_list("pk", "event_key"))
    for _ in range(3):
        assert on_commit(send_reminders, D(2026, 3, 6)) == 0
    on_commit(call_command, "send_reminders", stdout=open("/dev/null", "w"))  # the real day: other events, none repeated
    assert len(mail.outbox) == Notification.objects.count()
    assert set(before) <= set(Notification.objects.values_list("pk", "event_key"))
    assert Notification.objects.values("user", "event_key").distinct().count() == Notification.objects.count()


def test_submitted_months_are_not_reminded(zone, staff, submit_on, on_commit):
    submit_on(zone, 2026, 2, staff, "2026-03-02")
    assert on_commit(send_reminders, D(2026, 3, 6)) == 0


def test_reviewers_are_told_of_months_waiting_past_the_deadline(zone, staff, reviewer, submit_on, on_commit):
    submit_on(zone, 2026, 2, staff, "2026-03-05")
    assert on_commit(send_reminders, D(2026, 3, 10)) == 0  # deadline Tuesday 10 March
    assert on_commit(send_reminders, D(2026, 3, 11)) == 1
    assert on_commit(send_reminders, D(2026, 3, 12)) == 0
    assert keys(reviewer) == ["approval-overdue:HX:2026-2:2026-03-05"]
    assert reviewer.email == "" and not mail.outbox  # no address: in-app only


def test_email_can_be_turned_off(zone, staff_with_email, client_for, on_commit):
    response = client_for(staff_with_email).post(reverse("notifications:preference"), {})
    assert response.status_code == 302
    on_commit(send_reminders, D(2026, 3, 6))
    assert Notification.objects.filter(user=staff_with_email).count() == 1 and not mail.outbox
    set_preference(staff_with_email, email=True, digest=True)
    on_commit(notify, staff_with_email, "test:1", "测试")
    assert len(mail.outbox) == 1


def test_bell_count_list_and_mark_read(zone, staff, client_for):
    client = client_for(staff)
    first = notify(staff, "a", "第一条", url=reverse("deadlines:todo"))
    notify(staff, "b", "第二条")
    assert notify(staff, "a", "again") is None
    html = client.get(reverse("home"), follow=True).content.decode()
    assert 'data-unread-url="/notifications/unread.json"' in html
    assert client.get(reverse("notifications:unread")).json() == {"unread": 2}
    two = page_queries(client, reverse("notifications:list"))
    for n in range(30):
        notify(staff, f"more-{n}", f"提醒{n}")
    thirty_two = page_queries(client, reverse("notifications:list"))
    assert_queries(6, notifications_2=two, notifications_32=thirty_two)
    html = client.get(reverse("notifications:list")).content.decode()
    assert "第二条" not in html or "第一条" not in html  # 30 a page
    response = client.post(reverse("notifications:mark_read"), {"id": first.pk, "next": first.url})
    assert response["Location"] == reverse("deadlines:todo")
    assert client.get(reverse("notifications:unread")).json() == {"unread": 31}
    client.post(reverse("notifications:mark_read"), {"next": "https://evil.example/"})
    assert client.get(reverse("notifications:unread")).json() == {"unread": 0}


def test_others_notifications_cannot_be_marked(zone, staff, reviewer, client_for):
    theirs = notify(reviewer, "x", "审核员的提醒")
    client_for(staff).post(reverse("notifications:mark_read"), {"id": theirs.pk})
    theirs.refresh_from_db()
    assert theirs.read_at is None
