"""亩均效益综合评价: each industrial enterprise's annual inputs, the zone's scheme for the year,
the graded result with its 公示 and objections.

Amounts in 万元, land in 亩, energy in 吨标准煤, emissions in 吨, electricity in 万千瓦时, like
the records of projects. A Grading moves draft → 公示 (published) → 定稿 (final); once final its
results, the inputs of that zone and year and the scheme are locked (writes refused), like an
approved month.
"""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.periods import FIRST_YEAR, LAST_YEAR
from core.text import LineField, ProseField
from zones.models import ZoneScopedQuerySet

from . import scoring

AMOUNT = {"max_digits": 16, "decimal_places": 4}
YEAR = [MinValueValidator(FIRST_YEAR), MaxValueValidator(LAST_YEAR)]
PERCENT = [MinValueValidator(0), MaxValueValidator(100)]


def _non_negative(field, message):
    return models.CheckConstraint(condition=Q(**{f"{field}__gte": 0}), name=f"enterprise_year_{field}_non_negative",
                                  violation_error_message=message)


class EnterpriseYearQuerySet(ZoneScopedQuerySet):
    zone_lookup = "enterprise__zone"


class EnterpriseYear(models.Model):
    """One enterprise's inputs for a year's evaluation. Land defaults to the parcels it holds
    (projects.land_statistics.held_areas); an override needs its reason."""

    class Exemption(models.TextChoices):
        NONE = "", _("参评")
        NEW = "new", _("投产不满一年")
        OUTSIDE = "outside", _("不在评价范围")

    enterprise = models.ForeignKey("projects.Enterprise", on_delete=models.CASCADE, related_name="grading_years", verbose_name=_("企业"))
    year = models.PositiveSmallIntegerField(_("年度"), validators=YEAR)
    is_above_scale = models.BooleanField(_("规上企业"), default=False)
    land_mu_override = models.DecimalField(_("用地面积（亩，手工指定）"), max_digits=12, decimal_places=2, null=True, blank=True,
                                           help_text=_("留空则取企业使用宗地的面积之和"))
    land_override_reason = LineField(_("指定用地面积的原因"), max_length=200, blank=True)
    tax = models.DecimalField(_("税收（万元）"), null=True, blank=True, **AMOUNT)
    value_added = models.DecimalField(_("工业增加值（万元）"), null=True, blank=True, **AMOUNT)
    output = models.DecimalField(_("工业总产值（万元）"), null=True, blank=True, **AMOUNT)
    revenue = models.DecimalField(_("营业收入（万元）"), null=True, blank=True, **AMOUNT)
    energy = models.DecimalField(_("综合能耗（吨标准煤）"), null=True, blank=True, **AMOUNT)
    electricity = models.DecimalField(_("用电量（万千瓦时）"), null=True, blank=True, **AMOUNT)
    emissions = models.JSONField(_("主要污染物排放（吨）"), default=dict, blank=True,
                                 help_text=_("按评价办法列出的污染物，如 COD=1.2；NOx=0.5"))
    employees = models.PositiveIntegerField(_("年平均职工人数"), null=True, blank=True)
    rd = models.DecimalField(_("研发经费（万元）"), null=True, blank=True, **AMOUNT)
    exemption = models.CharField(_("参评情况"), max_length=16, choices=Exemption.choices, blank=True, default="")
    note = LineField(_("备注"), max_length=200, blank=True)

    version = models.PositiveIntegerField(_("版本"), default=0, editable=False)

    objects = EnterpriseYearQuerySet.as_manager()

    class Meta:
        ordering = ["enterprise__zone__code", "-year", "enterprise__name"]
        verbose_name = _("企业年度评价数据")
        verbose_name_plural = _("企业年度评价数据")
        constraints = [
            models.UniqueConstraint(fields=["enterprise", "year"], name="enterprise_year_unique",
                                    violation_error_message=_("该企业本年度评价数据已存在")),
            models.CheckConstraint(condition=Q(land_mu_override__isnull=True) | Q(land_mu_override__gt=0),
                                   name="enterprise_year_land_positive", violation_error_message=_("用地面积须大于0")),
            models.CheckConstraint(condition=Q(land_mu_override__isnull=True) | ~Q(land_override_reason=""),
                                   name="enterprise_year_land_reason", violation_error_message=_("手工指定用地面积须说明原因")),
            _non_negative("tax", _("税收不能为负数")),
            _non_negative("value_added", _("增加值不能为负数")),
            _non_negative("output", _("产值不能为负数")),
            _non_negative("revenue", _("营业收入不能为负数")),
            _non_negative("energy", _("能耗不能为负数")),
            _non_negative("electricity", _("用电量不能为负数")),
            _non_negative("rd", _("研发经费不能为负数")),
        ]

    def __str__(self):
        return f"{self.enterprise} {self.year}"

    def clean(self):
        for name, amount in (self.emissions or {}).items():
            if not isinstance(amount, (int, float)) or amount < 0:
                raise ValidationError({"emissions": _("污染物“%(name)s”的排放量须为非负数") % {"name": name}})


class Scheme(models.Model):
    """A zone's evaluation rules for a year (评价办法), edited by administrators."""

    class Method(models.TextChoices):
        PERCENTILE = "percentile", _("按比例分档")
        THRESHOLD = "threshold", _("按分数线分档")

    zone = models.ForeignKey("zones.Zone", on_delete=models.PROTECT, related_name="grading_schemes", verbose_name=_("开发区"))
    year = models.PositiveSmallIntegerField(_("年度"), validators=YEAR)
    name = LineField(_("名称"), max_length=100)
    is_example = models.BooleanField(_("示例（请按本地办法修改）"), default=False)
    method = models.CharField(_("分档方式"), max_length=16, choices=Method.choices, default=Method.PERCENTILE)
    band_a = models.DecimalField(_("A类比例（%）"), max_digits=5, decimal_places=2, default=25, validators=PERCENT)
    band_b = models.DecimalField(_("B类比例（%）"), max_digits=5, decimal_places=2, default=45, validators=PERCENT)
    band_c = models.DecimalField(_("C类比例（%）"), max_digits=5, decimal_places=2, default=25, validators=PERCENT)
    score_a = models.DecimalField(_("A类最低分"), max_digits=8, decimal_places=2, null=True, blank=True)
    score_b = models.DecimalField(_("B类最低分"), max_digits=8, decimal_places=2, null=True, blank=True)
    score_c = models.DecimalField(_("C类最低分"), max_digits=8, decimal_places=2, null=True, blank=True)
    min_land_mu = models.DecimalField(_("参评最小用地（亩）"), max_digits=8, decimal_places=2, default=0,
                                      help_text=_("用地少于此面积的企业不定等级"))
    emission_names = LineField(_("计入的污染物"), max_length=100, blank=True, help_text=_("以逗号分隔，如 COD,NOx"))
    note = ProseField(_("说明"), blank=True)

    objects = ZoneScopedQuerySet.as_manager()

    class Meta:
        ordering = ["zone__code", "-year"]
        verbose_name = _("评价办法")
        verbose_name_plural = _("评价办法")
        constraints = [models.UniqueConstraint(fields=["zone", "year"], name="grading_scheme_unique_year",
                                               violation_error_message=_("本开发区该年度已有评价办法"))]

    def __str__(self):
        return f"{self.zone} {self.year} {self.name}"

    def clean(self):
        if self.method == self.Method.PERCENTILE:
            if (self.band_a or 0) + (self.band_b or 0) + (self.band_c or 0) > 100:
                raise ValidationError({"band_c": _("A、B、C类比例之和不能超过100%")})
        else:
            cuts = [self.score_a, self.score_b, self.score_c]
            if None in cuts:
                raise ValidationError({"score_c": _("按分数线分档须填写A、B、C类最低分")})
            if not cuts[0] > cuts[1] > cuts[2]:
                raise ValidationError({"score_b": _("分数线须依次降低：A类 > B类 > C类")})

    @property
    def emission_list(self) -> list[str]:
        return [name.strip() for name in self.emission_names.replace("，", ",").split(",") if name.strip()]


class SchemeIndicator(models.Model):
    class Code(models.TextChoices):
        TAX_PER_MU = "tax_per_mu", _("亩均税收（万元/亩）")
        VALUE_ADDED_PER_MU = "value_added_per_mu", _("亩均增加值（万元/亩）")
        OUTPUT_PER_MU = "output_per_mu", _("亩均产值（万元/亩）")
        REVENUE_PER_MU = "revenue_per_mu", _("亩均营业收入（万元/亩）")
        VALUE_ADDED_PER_ENERGY = "value_added_per_energy", _("单位能耗增加值（万元/吨标准煤）")
        VALUE_ADDED_PER_EMISSION = "value_added_per_emission", _("单位排放增加值（万元/吨）")
        LABOUR_PRODUCTIVITY = "labour_productivity", _("全员劳动生产率（万元/人）")
        RD_INTENSITY = "rd_intensity", _("R&D经费占营业收入比重（%）")
        TAX_PER_KWH = "tax_per_kwh", _("单位用电税收（万元/万千瓦时）")

    class Scale(models.TextChoices):
        ABOVE = scoring.ABOVE, _("规上")
        BELOW = scoring.BELOW, _("规下")

    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="indicators", verbose_name=_("评价办法"))
    scale = models.CharField(_("适用企业"), max_length=8, choices=Scale.choices)
    code = models.CharField(_("指标"), max_length=32, choices=Code.choices)
    weight = models.DecimalField(_("权重（分）"), max_digits=6, decimal_places=2, validators=[MinValueValidator(0)])
    benchmark = models.DecimalField(_("基准值"), max_digits=14, decimal_places=4, validators=[MinValueValidator(0.0001)])
    cap_multiple = models.DecimalField(_("封顶倍数"), max_digits=5, decimal_places=2, default=2, validators=[MinValueValidator(0)],
                                       help_text=_("得分最多为权重的几倍"))
    order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        ordering = ["scheme", "scale", "order", "id"]
        verbose_name = _("评价指标")
        verbose_name_plural = _("评价指标")
        constraints = [models.UniqueConstraint(fields=["scheme", "scale", "code"], name="scheme_indicator_unique",
                                               violation_error_message=_("该指标已在本办法中"))]

    def __str__(self):
        return f"{self.get_scale_display()} {self.get_code_display()}"


class Grading(models.Model):
    """A zone's evaluation of a year: its status, and the results of its latest scoring run."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        PUBLISHED = "published", _("公示中")
        FINAL = "final", _("已定稿")

    zone = models.ForeignKey("zones.Zone", on_delete=models.PROTECT, related_name="gradings", verbose_name=_("开发区"))
    year = models.PositiveSmallIntegerField(_("年度"), validators=YEAR)
    scheme = models.ForeignKey(Scheme, on_delete=models.PROTECT, related_name="gradings", verbose_name=_("评价办法"))
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    objection_until = models.DateField(_("公示截止日期"), null=True, blank=True)
    scored_at = models.DateTimeField(_("评分时间"), null=True, blank=True)
    runs = models.PositiveIntegerField(_("评分次数"), default=0)

    version = models.PositiveIntegerField(_("版本"), default=0, editable=False)

    objects = ZoneScopedQuerySet.as_manager()

    class Meta:
        ordering = ["zone__code", "-year"]
        verbose_name = _("亩均效益评价")
        verbose_name_plural = _("亩均效益评价")
        constraints = [models.UniqueConstraint(fields=["zone", "year"], name="grading_unique_year",
                                               violation_error_message=_("本开发区该年度已有评价"))]

    def __str__(self):
        return f"{self.zone} {self.year}年亩均效益评价"

    @property
    def is_final(self) -> bool:
        return self.status == self.Status.FINAL


class GradeResultQuerySet(ZoneScopedQuerySet):
    zone_lookup = "grading__zone"


class GradeResult(models.Model):
    class Grade(models.TextChoices):
        A = "A", _("A类")
        B = "B", _("B类")
        C = "C", _("C类")
        D = "D", _("D类")
        UNDETERMINED = scoring.UNDETERMINED, _("不定等级")

    class Reason(models.TextChoices):
        NONE = "", ""
        NEW = scoring.REASON_NEW, _("投产不满一年")
        OUTSIDE = scoring.REASON_OUTSIDE, _("不在评价范围")
        MISSING = scoring.REASON_MISSING, _("缺少评价数据")

    grading = models.ForeignKey(Grading, on_delete=models.CASCADE, related_name="results", verbose_name=_("评价"))
    enterprise = models.ForeignKey("projects.Enterprise", on_delete=models.CASCADE, related_name="grade_results", verbose_name=_("企业"))
    is_above_scale = models.BooleanField(_("规上企业"))
    land_mu = models.DecimalField(_("用地面积（亩）"), max_digits=12, decimal_places=2, null=True)
    total = models.DecimalField(_("总分"), max_digits=12, decimal_places=4, null=True)
    grade = models.CharField(_("等级"), max_length=1, choices=Grade.choices)
    reason = models.CharField(_("不定等级原因"), max_length=16, choices=Reason.choices, blank=True)
    rank = models.PositiveIntegerField(_("排名"), null=True)
    group_size = models.PositiveIntegerField(_("同组参评企业数"), default=0)
    breakdown = models.JSONField(_("分项得分"), default=dict)  # {"value_<code>": float|None, "score_<code>": float|None}
    consecutive_d = models.PositiveSmallIntegerField(_("连续D类年数"), default=0)

    objects = GradeResultQuerySet.as_manager()

    class Meta:
        ordering = ["grading", "-is_above_scale", "rank", "enterprise__name"]
        verbose_name = _("评价结果")
        verbose_name_plural = _("评价结果")
        constraints = [models.UniqueConstraint(fields=["grading", "enterprise"], name="grade_result_unique")]
        indexes = [models.Index(fields=["enterprise", "grading"], name="grade_result_enterprise_idx")]

    def __str__(self):
        return f"{self.enterprise} {self.grade}"


class ObjectionQuerySet(ZoneScopedQuerySet):
    zone_lookup = "grading__zone"


class Objection(models.Model):
    """A firm's objection to its published grade (异议), recorded by staff with its evidence."""

    class Decision(models.TextChoices):
        PENDING = "pending", _("待处理")
        UPHELD = "upheld", _("异议成立")
        REJECTED = "rejected", _("异议不成立")

    grading = models.ForeignKey(Grading, on_delete=models.CASCADE, related_name="objections", verbose_name=_("评价"))
    enterprise = models.ForeignKey("projects.Enterprise", on_delete=models.CASCADE, related_name="grade_objections", verbose_name=_("企业"))
    received_on = models.DateField(_("收到日期"))
    claim = ProseField(_("异议内容"))
    evidence_name = LineField(_("证明材料文件名"), max_length=120, blank=True)
    evidence = models.BinaryField(_("证明材料"), blank=True, default=b"")
    evidence_size = models.PositiveIntegerField(_("大小（字节）"), default=0)
    decision = models.CharField(_("处理结果"), max_length=16, choices=Decision.choices, default=Decision.PENDING)
    decision_note = ProseField(_("处理意见"), blank=True)

    version = models.PositiveIntegerField(_("版本"), default=0, editable=False)

    objects = ObjectionQuerySet.as_manager()

    class Meta:
        ordering = ["grading", "-received_on", "-id"]
        verbose_name = _("异议")
        verbose_name_plural = _("异议")

    def __str__(self):
        return f"{self.enterprise} {self.received_on}"
