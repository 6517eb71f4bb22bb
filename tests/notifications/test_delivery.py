"""Reminders never stop half-way: each notification and each email on its own, failures recorded on
their notification, retried by the next on_commit and shown to administrators; leaders' weekly digest."""

import datetime

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.urls import reverse

from notifications import reminders
from notifications.digest import digest_key, send_digests
from notifications.models import Notification
from notifications.reminders import run_reminders, send_reminders
from notifications.services import MAX_EMAIL_ATTEMPTS, notify, set_preference
from zones.models import User, Zone

D = datetime.date
REFUSED_ADDRESS = "refused@example.org"


class RefusingBackend(EmailBackend):
    """The in-memory outbox, except that the mail server refuses one address."""

    def send_messages(self, messages):
        if any(REFUSED_ADDRESS in message.to for message in messages):
            raise OSError("550 mailbox unavailable")
        return super().send_messages(messages)


@pytest.fixture
def many_staff(zone):
    """Five staff users of the zone, the second one's address refused by the mail server."""
    users = []
    for n in range(5):
        user = User.objects.create_user(f"staff{n}", email=REFUSED_ADDRESS if n == 1 else f"staff{n}@example.org",
                                        role=User.Role.STAFF)
        user.zones.set([zone])
        users.append(user)
    return users


def test_a_refused_email_is_recorded_retried_and_the_others_still_go(zone, many_staff, settings, on_commit, client_for,
                                                                     administrator):
    settings.EMAIL_BACKEND = "tests.notifications.test_delivery.RefusingBackend"
    assert on_commit(send_reminders, D(2026, 3, 6)) == 5  # overdue February for each of the five
    assert sorted(m.to[0] for m in mail.outbox) == ["staff0@example.org", "staff2@example.org", "staff3@example.org",
                                                    "staff4@example.org"]
    refused = Notification.objects.get(user=many_staff[1])
    assert refused.email == Notification.Email.PENDING and refused.email_attempts == 1
    assert "550 mailbox unavailable" in refused.email_error
    # The next runs retry it, and only it, until it is given up as failed.
    for attempt in range(2, MAX_EMAIL_ATTEMPTS + 1):
        outcome = on_commit(run_reminders, D(2026, 3, 7))
        assert (outcome.reminders, outcome.emails_sent, outcome.emails_failed) == (0, 0, 1)
        refused.refresh_from_db()
        assert refused.email_attempts == attempt
    assert refused.email == Notification.Email.FAILED
    assert on_commit(run_reminders, D(2026, 3, 8)).emails_failed == 0
    assert len(mail.outbox) == 4
    # Administrators see it, and why.
    page = client_for(administrator).get(reverse("admin:notifications_notification_changelist") + "?email=failed")
    assert "550 mailbox unavailable" in page.content.decode() and "staff1" in page.content.decode()


def test_the_mail_server_away_for_a_run_delays_the_emails_only(zone, many_staff, settings, on_commit):
    settings.EMAIL_BACKEND = "tests.notifications.test_delivery.DownBackend"
    outcome = on_commit(run_reminders, D(2026, 3, 6))
    assert outcome.reminders == 5 and not mail.outbox
    assert Notification.objects.filter(email=Notification.Email.PENDING, email_attempts=2).count() == 5
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    outcome = on_commit(run_reminders, D(2026, 3, 7))
    assert (outcome.reminders, outcome.emails_sent) == (0, 5)
    assert len(mail.outbox) == 5 and Notification.objects.filter(email=Notification.Email.SENT).count() == 5


class DownBackend(EmailBackend):
    def send_messages(self, messages):
        raise ConnectionRefusedError("mail server down")


def test_a_newline_in_a_zone_name_reaches_nobody_as_a_broken_header(zone, many_staff, on_commit):
    # A name stored before the text rule: a newline would make Django refuse the subject.
    Zone.objects.filter(pk=zone.pk).update(name="西部经济\n技术开发区")
    assert on_commit(send_reminders, D(2026, 3, 6)) == 5
    assert len(mail.outbox) == 5 and all("\n" not in m.subject for m in mail.outbox)
    assert "西部经济 技术开发区" in mail.outbox[0].subject
    assert not Notification.objects.exclude(title__contains="西部经济 技术开发区").exists()


def test_one_notification_that_cannot_be_made_leaves_the_others(zone, many_staff, on_commit, monkeypatch):
    made = reminders.notify

    def failing_for_the_third(user, *args, **kwargs):
        if user == many_staff[2]:
            raise RuntimeError("cannot write")
        return made(user, *args, **kwargs)

    monkeypatch.setattr(reminders, "notify", failing_for_the_third)
    assert on_commit(send_reminders, D(2026, 3, 6)) == 4
    assert not Notification.objects.filter(user=many_staff[2]).exists()
    assert Notification.objects.filter(user=many_staff[4]).exists()


def test_a_title_longer_than_its_column_is_cut_not_fatal(staff, on_commit):
    notification = on_commit(notify, staff, "long", "项" * 500)
    assert len(notification.title) == Notification._meta.get_field("title").max_length


# --- leaders' weekly digest -----------------------------------------------------------------------


def test_leaders_get_one_digest_a_week_naming_what_needs_them(zone, leader, staff, submit_on, on_commit):
    leader.email = "leader@example.org"
    leader.save()
    submit_on(zone, 2026, 1, staff, "2026-02-04")  # waiting for approval
    assert on_commit(send_digests, D(2026, 3, 9)) == 1  # a Monday: February is late, January waits
    digest = Notification.objects.get(user=leader, event_key=digest_key(D(2026, 3, 9)))
    assert digest.title == "每周摘要：1个开发区需要关注"
    assert "XX经济技术开发区：2026年2月数据未按期报送（已逾期4天）；1个月待审核。" == digest.body
    assert mail.outbox[-1].to == ["leader@example.org"] and "1个月待审核" in mail.outbox[-1].body
    assert on_commit(send_digests, D(2026, 3, 13)) == 0  # the same week
    assert on_commit(send_digests, D(2026, 3, 16)) == 1  # the next


def test_a_leader_can_turn_the_digest_off_and_staff_get_none(zone, leader, staff, client_for, on_commit):
    response = client_for(leader).post(reverse("notifications:preference"), {"email_enabled": "on"})
    assert response.status_code == 302
    assert on_commit(send_digests, D(2026, 3, 9)) == 0
    assert not Notification.objects.filter(event_key__startswith="digest:").exists()
    set_preference(leader, email=True, digest=True)
    assert on_commit(send_digests, D(2026, 3, 9)) == 1
    assert not Notification.objects.filter(user=staff, event_key__startswith="digest:").exists()


def test_the_digest_option_is_on_the_leaders_page(leader, staff, client_for):
    assert "接收每周摘要" in client_for(leader).get(reverse("notifications:list")).content.decode()
    assert "接收每周摘要" not in client_for(staff).get(reverse("notifications:list")).content.decode()


def test_a_zone_with_nothing_to_say_sends_no_digest(zone, leader, on_commit):
    assert on_commit(send_digests, D(2026, 3, 2)) == 0  # February not due yet, nothing waits, no figures
