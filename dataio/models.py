from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class PendingUpload(models.Model):
    """A previewed upload waiting for its confirm, kept in the database so that the confirm may
    reach any application server. One per user and kind; found by its random token and its user."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("导入内容"), max_length=50)
    token = models.CharField(max_length=64, unique=True)
    filename = models.CharField(_("文件名"), max_length=255)
    data = models.BinaryField()
    size = models.PositiveIntegerField(_("大小（字节）"))
    # The versions of the stored records the preview read (Report.versions), checked by the confirm.
    versions = models.JSONField(_("预览时的记录版本"), default=dict)
    created_at = models.DateTimeField(_("上传时间"), default=timezone.now)

    class Meta:
        verbose_name = _("待确认的导入")
        verbose_name_plural = _("待确认的导入")
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="pending_upload_one_per_user_and_kind")]
        indexes = [models.Index(fields=["created_at"], name="pending_upload_created_idx")]

    def __str__(self):
        return f"{self.kind}: {self.filename}"
