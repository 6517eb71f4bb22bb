from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    """A message to one user about one event (a due day near, reached or passed; a month waiting
    past its approval deadline; a leader's weekly digest). The event key is unique per user: a
    rerun of the reminder job creates nothing twice and sends no second email.

    Its email is sent on its own (notifications.services.send_email): a failure is recorded here
    and retried by the next runs, up to MAX_EMAIL_ATTEMPTS, and administrators see it."""

    class Email(models.TextChoices):
        NONE = "", _("不发送")
        PENDING = "pending", _("待发送")
        SENT = "sent", _("已发送")
        FAILED = "failed", _("发送失败")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications", verbose_name=_("用户"))
    event_key = models.CharField(_("事件"), max_length=200)
    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("内容"), blank=True)
    url = models.CharField(_("链接"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)
    read_at = models.DateTimeField(_("已读时间"), null=True, blank=True)
    email = models.CharField(_("邮件"), max_length=8, choices=Email.choices, blank=True, default=Email.NONE)
    email_attempts = models.PositiveSmallIntegerField(_("邮件发送次数"), default=0)
    email_error = models.CharField(_("邮件发送错误"), max_length=300, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("提醒")
        verbose_name_plural = _("提醒")
        constraints = [models.UniqueConstraint(fields=["user", "event_key"], name="notification_once_per_event")]
        indexes = [models.Index(fields=["user", "read_at"], name="notification_unread")]

    def __str__(self):
        return f"{self.user} {self.title}"


class Preference(models.Model):
    """A user's choice of channels: in-app notifications always, email unless turned off; a
    leader's weekly digest unless turned off."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, primary_key=True, on_delete=models.CASCADE,
                                related_name="notification_preference", verbose_name=_("用户"))
    email_enabled = models.BooleanField(_("接收邮件提醒"), default=True)
    digest_enabled = models.BooleanField(_("接收每周摘要"), default=True, help_text=_("领导：每周一份需要关注的开发区摘要"))

    class Meta:
        verbose_name = _("提醒设置")
        verbose_name_plural = _("提醒设置")
