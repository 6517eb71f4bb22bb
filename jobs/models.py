from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Job(models.Model):
    """Work run by the job queue: who asked, how far it is, how it ended and what it made."""

    class Kind(models.TextChoices):
        REMINDERS = "reminders", _("发送提醒")
        CLEANUP = "cleanup", _("清理过期导入")
        DRAFTS = "drafts", _("批量生成工作总结")
        IMPORT = "import", _("导入数据")

    class Status(models.TextChoices):
        QUEUED = "queued", _("排队中")
        RUNNING = "running", _("进行中")
        DONE = "done", _("已完成")
        FAILED = "failed", _("失败")

    kind = models.CharField(_("类型"), max_length=16, choices=Kind.choices)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE,
                             related_name="jobs", verbose_name=_("发起人"))
    params = models.JSONField(_("参数"), default=dict, blank=True)
    status = models.CharField(_("状态"), max_length=8, choices=Status.choices, default=Status.QUEUED)
    percent = models.PositiveSmallIntegerField(_("进度（%）"), default=0)
    rows_done = models.PositiveIntegerField(_("已处理"), default=0)
    rows_total = models.PositiveIntegerField(_("总数"), null=True, blank=True)
    message = models.TextField(_("结果"), blank=True)
    error = models.TextField(_("错误"), blank=True)
    result = models.BinaryField(_("结果文件"), null=True, blank=True)
    result_name = models.CharField(_("结果文件名"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    started_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    finished_at = models.DateTimeField(_("结束时间"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("后台任务")
        verbose_name_plural = _("后台任务")

    def __str__(self):
        return f"{self.get_kind_display()} #{self.pk}"

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)


class PeriodicRun(models.Model):
    """The lock row of one piece of scheduled work (jobs.periodic): the period it last ran for.
    Claiming a period is one UPDATE that only one process can win, so the work runs once per
    period however many app processes (and a Celery beat) try."""

    name = models.CharField(_("名称"), max_length=32, unique=True)
    period = models.CharField(_("周期"), max_length=32, blank=True)
    started_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    finished_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    outcome = models.TextField(_("结果"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("定时任务")
        verbose_name_plural = _("定时任务")

    def __str__(self):
        return self.name
