import enum

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from core.text import LineField


class Action(models.TextChoices):
    """What a user wants to do with a zone's data; roles grant actions per zone."""

    VIEW = "view", _("查看")
    EDIT = "edit", _("填报")
    REVIEW = "review", _("审核")


class ZoneScope(enum.Enum):
    """Which zones an access rule grants: none, every zone, or the zones the user is a member of."""

    NONE = "none"
    ALL = "all"
    MEMBERS = "members"


def zone_scope(user, action: str = Action.VIEW) -> ZoneScope:
    """The zones `user` may perform `action` on. The single place zone access is decided."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return ZoneScope.NONE
    if user.is_administrator:
        return ZoneScope.ALL
    if action == Action.VIEW:
        if user.role == User.Role.LEADER and user.sees_all_zones:
            return ZoneScope.ALL
        return ZoneScope.MEMBERS
    if action == Action.EDIT and user.role == User.Role.STAFF:
        return ZoneScope.MEMBERS
    if action == Action.REVIEW and user.role == User.Role.REVIEWER:
        return ZoneScope.MEMBERS
    return ZoneScope.NONE


class ZoneQuerySet(models.QuerySet):
    def for_user(self, user, action: str = Action.VIEW):
        """The zones `user` may perform `action` on (zone_scope)."""
        return self.in_scope(zone_scope(user, action), getattr(user, "pk", None))

    def in_scope(self, scope: ZoneScope, user_id):
        """The zones `scope` grants; MEMBERS grants those of the user `user_id`."""
        if scope is ZoneScope.ALL:
            return self
        if scope is ZoneScope.MEMBERS:
            return self.filter(members=user_id)
        return self.none()

    def with_data_version(self):
        """Each zone's data version (ZoneDataVersion; 0 before the zone's first write) as
        `data_version_number`, read in the same query: the cached pages' key needs it with the zones."""
        return self.annotate(data_version_number=Coalesce("data_version__version", Value(0)))


class ZoneScopedQuerySet(models.QuerySet):
    """Querysets of zone-owned records: `Model.objects.for_user(user, action)`."""

    zone_lookup = "zone"

    def for_user(self, user, action: str = Action.VIEW):
        return self.filter(**{f"{self.zone_lookup}__in": Zone.objects.for_user(user, action)})


# The official short forms of a zone's kind, longest first: 西部经济技术开发区 is 西部经开区.
SHORT_FORMS = (
    ("高新技术产业开发区", "高新区"),
    ("经济技术开发区", "经开区"),
    ("经济开发区", "经开区"),
    ("高新技术开发区", "高新区"),
)


class Zone(models.Model):
    code = models.CharField(
        _("代码"),
        max_length=16,
        unique=True,
        validators=[RegexValidator(r"^[A-Z][A-Z0-9_]{0,15}$", _("代码须为大写字母开头的字母、数字或下划线，最长16位"))],
        help_text=_("简短的唯一代码，如 HX"),
    )
    name = LineField(_("名称"), max_length=100, unique=True)

    objects = ZoneQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("开发区")
        verbose_name_plural = _("开发区")

    def __str__(self):
        return self.name

    @property
    def short_name(self) -> str:
        """The name as offices shorten it (西部经开区), for pickers on a phone; the name itself when
        it ends in no kind with a short form."""
        for full, short in SHORT_FORMS:
            if self.name.endswith(full) and len(self.name) > len(full):
                return self.name[: -len(full)] + short
        return self.name


class PeerGroup(models.Model):
    """Zones that rank among one another (增速居全市第N位), declared by administrators with the word
    their rank sentence uses. A zone may belong to several; its 报告格式 (reports.ReportStyle)
    names the one its drafts rank in, so a draft ranks alike whoever downloads it."""

    class Scope(models.TextChoices):
        CITY = "city", _("全市")
        PROVINCE = "province", _("全省")
        REGION = "region", _("全区")

    # The word in the document, Chinese whatever the page's language.
    WORDS = {Scope.CITY: "全市", Scope.PROVINCE: "全省", Scope.REGION: "全区"}

    name = LineField(_("名称"), max_length=100, unique=True, help_text=_("如“全市开发区”"))
    scope = models.CharField(
        _("范围"), max_length=16, choices=Scope.choices, default=Scope.CITY, help_text=_("排名句的用语，如“增速居全市第2位”"),
    )
    members = models.ManyToManyField(Zone, related_name="peer_groups", verbose_name=_("开发区"))

    class Meta:
        ordering = ["name"]
        verbose_name = _("排名分组")
        verbose_name_plural = _("排名分组")

    def __str__(self):
        return self.name

    @property
    def word(self) -> str:
        return self.WORDS[self.scope]


class Park(models.Model):
    zone = models.ForeignKey(Zone, on_delete=models.PROTECT, related_name="parks", verbose_name=_("开发区"))
    name = LineField(_("名称"), max_length=100)

    objects = ZoneScopedQuerySet.as_manager()

    class Meta:
        ordering = ["zone__code", "name"]
        verbose_name = _("园区")
        verbose_name_plural = _("园区")
        constraints = [models.UniqueConstraint(fields=["zone", "name"], name="park_unique_name_per_zone")]

    def __str__(self):
        return self.name


class User(AbstractUser):
    class Role(models.TextChoices):
        STAFF = "staff", _("填报员")
        REVIEWER = "reviewer", _("审核员")
        LEADER = "leader", _("领导")
        ADMIN = "admin", _("管理员")

    # Names print in the drafts' checklists: AbstractUser's fields under the text rule.
    first_name = LineField(_("first name"), max_length=150, blank=True)
    last_name = LineField(_("last name"), max_length=150, blank=True)
    role = models.CharField(_("角色"), max_length=16, choices=Role.choices, default=Role.STAFF)
    zones = models.ManyToManyField(Zone, blank=True, related_name="members", verbose_name=_("负责的开发区"))
    sees_all_zones = models.BooleanField(
        _("可查看全部开发区"), default=False, help_text=_("仅对领导有效：查看全部开发区而非指定的开发区")
    )

    objects = UserManager()

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")

    @property
    def is_administrator(self) -> bool:
        return self.is_superuser or self.role == self.Role.ADMIN

    def can(self, action: str, zone: Zone) -> bool:
        return Zone.objects.for_user(self, action).filter(pk=zone.pk).exists()

    def default_zone(self) -> Zone | None:
        return Zone.objects.for_user(self).first()


class ZoneDataVersion(models.Model):
    """A zone's data version, changed by every write to its data in the writing transaction
    (zones.services.mark_changed: a random number, so one version names one state of the data).

    Pages that are costly to compute (the dashboards) are cached under it, so a saved figure
    shows at once: the next request looks for a key that does not exist yet.
    """

    zone = models.OneToOneField(Zone, primary_key=True, on_delete=models.CASCADE, related_name="data_version")
    version = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = _("数据版本")
        verbose_name_plural = _("数据版本")
