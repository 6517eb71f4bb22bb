"""Writing notifications: each event at most once per user, email after the commit."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import Notification, Preference

logger = logging.getLogger(__name__)


def wants_email(user) -> bool:
    if not user.email:
        return False
    preference = Preference.objects.filter(user=user).first()
    return preference is None or preference.email_enabled


def notify(user, event_key: str, title: str, body: str = "", url: str = "") -> Notification | None:
    """The notification of `event_key` for `user`, emailed when they take email; None when the event
    was notified before (the unique constraint decides, so concurrent runs agree)."""
    try:
        with transaction.atomic():
            notification = Notification.objects.create(user=user, event_key=event_key, title=title, body=body, url=url)
    except IntegrityError:
        return None
    if wants_email(user):
        transaction.on_commit(lambda: _email(notification))
    return notification


def _email(notification: Notification) -> None:
    link = settings.SITE_URL.rstrip("/") + notification.url if notification.url else ""
    try:
        send_mail(
            f"[DevZone] {notification.title}", "\n\n".join(p for p in (notification.body, link) if p),
            None, [notification.user.email],
        )
    except OSError:
        # The in-app notification stands; the mail server's outage is logged, not retried.
        logger.warning("Reminder email to %s not sent", notification.user.email, exc_info=True)
        return
    Notification.objects.filter(pk=notification.pk).update(emailed=True)


def mark_read(user, ids=None) -> int:
    """Mark the user's notifications of `ids` (all unread when None) read; how many changed."""
    unread = Notification.objects.filter(user=user, read_at__isnull=True)
    if ids is not None:
        unread = unread.filter(pk__in=ids)
    return unread.update(read_at=timezone.now())


def set_email(user, enabled: bool) -> Preference:
    preference, _created = Preference.objects.update_or_create(user=user, defaults={"email_enabled": enabled})
    return preference
