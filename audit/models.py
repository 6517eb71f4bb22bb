from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models.functions import Now
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    FORM = "form", _("表单")
    IMPORT = "import", _("导入")
    ADMIN = "admin", _("后台")
    API = "api", _("接口")
    SYSTEM = "system", _("系统")


class ChangeRecord(models.Model):
    """One field of one record changed: who, when, old, new, and through which channel.

    Written by the service that makes the change (never by signals, which bulk writes and
    imports bypass), so every channel leaves the same trace.
    """

    # Indexed by audit_record_idx (which leads with it); its own index would only slow the
    # writes, which come 100,000 at a time from an import.
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, db_index=False)
    object_id = models.PositiveBigIntegerField()
    record = GenericForeignKey("content_type", "object_id")
    zone = models.ForeignKey("zones.Zone", null=True, blank=True, on_delete=models.CASCADE, verbose_name=_("开发区"))
    object_repr = models.CharField(_("对象"), max_length=200)
    field = models.CharField(_("字段"), max_length=64)
    old_value = models.TextField(_("原值"), blank=True)
    new_value = models.TextField(_("新值"), blank=True)
    # Not indexed: history is never looked up by user except when a user is deleted (rare, and
    # then a scan is fine), while every imported value pays an index's upkeep.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, db_index=False, verbose_name=_("修改人")
    )
    channel = models.CharField(_("渠道"), max_length=16, choices=Channel.choices)
    # Stamped by the database for the rows COPY inserts (bulk.insert), by the ORM otherwise.
    created_at = models.DateTimeField(_("时间"), auto_now_add=True, db_default=Now())

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id", "-created_at"], name="audit_record_idx")]
        verbose_name = _("修改记录")
        verbose_name_plural = _("修改记录")

    def __str__(self):
        return f"{self.object_repr}.{self.field}: {self.old_value} → {self.new_value}"
