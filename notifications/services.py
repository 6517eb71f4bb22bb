"""Writing notifications: each event at most once per user; each email sent on its own.

An email that fails (the mail server away, an address refused) never stops anything: the failure
is recorded on its notification, which the next reminder run sends again (send_pending_emails),
up to MAX_EMAIL_ATTEMPTS; administrators find the failed ones in the admin (邮件: 发送失败).
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from core.text import one_line, printable

from .models import Notification, Preference

logger = logging.getLogger(__name__)

MAX_EMAIL_ATTEMPTS = 5
TITLE_MAX = Notification._meta.get_field("title").max_length
ERROR_MAX = Notification._meta.get_field("email_error").max_length


def wants_email(user) -> bool:
    if not user.email:
        return False
    preference = Preference.objects.filter(user=user).first()
    return preference is None or preference.email_enabled


def wants_digest(user) -> bool:
    preference = Preference.objects.filter(user=user).first()
    return preference is None or preference.digest_enabled


def notify(user, event_key: str, title: str, body: str = "", url: str = "") -> Notification | None:
    """The notification of `event_key` for `user`, emailed after the commit when they take email;
    None when the event was notified before (the unique constraint decides, so concurrent runs
    agree). Titles and bodies come from names people typed: one line, printable, within size."""
    email = Notification.Email.PENDING if wants_email(user) else Notification.Email.NONE
    try:
        with transaction.atomic():
            notification = Notification.objects.create(
                user=user, event_key=event_key, title=one_line(title)[:TITLE_MAX], body=printable(body), url=url, email=email,
            )
    except IntegrityError:
        return None
    if email == Notification.Email.PENDING:
        transaction.on_commit(lambda: send_email(notification))
    return notification


def send_email(notification: Notification) -> bool:
    """Send the notification's email once; whatever goes wrong is recorded on it, not raised."""
    if not Notification.objects.filter(pk=notification.pk, email=Notification.Email.PENDING).exists():
        return True  # sent meanwhile (a retry of the run, the commit's own send)
    link = settings.SITE_URL.rstrip("/") + notification.url if notification.url else ""
    try:
        send_mail(
            one_line(f"[DevZone] {notification.title}"), printable("\n\n".join(p for p in (notification.body, link) if p)),
            None, [notification.user.email],
        )
    except Exception as exc:  # noqa: BLE001 - an SMTP error, a refused header or address: recorded, retried
        logger.warning("Email of notification %s to %s not sent", notification.pk, notification.user.email, exc_info=True)
        attempts = notification.email_attempts + 1
        state = Notification.Email.FAILED if attempts >= MAX_EMAIL_ATTEMPTS else Notification.Email.PENDING
        Notification.objects.filter(pk=notification.pk).update(
            email=state, email_attempts=F("email_attempts") + 1, email_error=f"{type(exc).__name__}: {exc}"[:ERROR_MAX],
        )
        return False
    Notification.objects.filter(pk=notification.pk).update(
        email=Notification.Email.SENT, email_attempts=F("email_attempts") + 1, email_error="",
    )
    return True


def send_pending_emails() -> tuple[int, int]:
    """Emails still to send (failed before, or left by a run that stopped): (sent, failed)."""
    sent = failed = 0
    for notification in Notification.objects.filter(email=Notification.Email.PENDING).select_related("user").order_by("pk"):
        if send_email(notification):
            sent += 1
        else:
            failed += 1
    return sent, failed


def mark_read(user, ids=None) -> int:
    """Mark the user's notifications of `ids` (all unread when None) read; how many changed."""
    unread = Notification.objects.filter(user=user, read_at__isnull=True)
    if ids is not None:
        unread = unread.filter(pk__in=ids)
    return unread.update(read_at=timezone.now())


def set_preference(user, *, email: bool, digest: bool) -> Preference:
    preference, _created = Preference.objects.update_or_create(user=user, defaults={"email_enabled": email, "digest_enabled": digest})
    return preference
